import type { DependencyRole, WorkspaceDependency } from '../relations';
import type { Resource } from '../resource';
import { describe, settled, unsettledReason } from '../resource';
import { T, sameType } from '../types';
import type { GraphQueries } from './index';
import type { Note } from './note';

/** The dependencies the EN limitation names: storage, key vault, registry, and any other (datastore) storage. */
export const SECURED_ROLES: readonly DependencyRole[] = [
  'storageAccount',
  'keyVault',
  'containerRegistry',
  'datastore',
];

/** A secured dependency this deployment creates, so its private endpoints are all here. */
export interface SecuredDependency {
  target: Resource;
  dependency: WorkspaceDependency;
}

/** The secured dependencies of a workspace; those that are unknown or created elsewhere are noted. */
export function securedDependencies(q: GraphQueries, workspace: Resource, note: Note): SecuredDependency[] {
  const out: SecuredDependency[] = [];
  for (const dependency of q.workspaceDependencies(workspace)) {
    if (!SECURED_ROLES.includes(dependency.role)) continue;
    const target = dependencyResource(dependency, note);
    if (target) out.push({ target, dependency });
  }
  return out;
}

function dependencyResource(dependency: WorkspaceDependency, note: Note): Resource | undefined {
  const { ref, holder } = dependency;
  const where = ref.value.span ?? holder.nameSpan ?? holder.span;
  if (ref.state === 'unknown') {
    note(where, `the ${roleNoun(dependency.role)} of ${describe(holder)} is not known: ${ref.reason}`);
    return undefined;
  }
  if (ref.state === 'external' || !settled(ref.resource)) {
    const what =
      ref.state === 'external' ? `${ref.id} is not created by this deployment` : unsettledReason(ref.resource);
    note(where, `${what}; its private endpoints may exist elsewhere`);
    return undefined;
  }
  if (!sameType(ref.resource.type, ROLE_TYPES[dependency.role])) {
    note(where, `${describe(ref.resource)} is not a ${roleNoun(dependency.role)}`);
    return undefined;
  }
  return ref.resource;
}

const ROLE_TYPES: Record<DependencyRole, string> = {
  storageAccount: T.storageAccount,
  keyVault: T.keyVault,
  containerRegistry: T.containerRegistry,
  applicationInsights: T.applicationInsights,
  datastore: T.storageAccount,
};

/** "key vault", "datastore storage account": how messages name a dependency's role. */
export function roleNoun(role: DependencyRole): string {
  switch (role) {
    case 'storageAccount':
      return 'storage account';
    case 'keyVault':
      return 'key vault';
    case 'containerRegistry':
      return 'container registry';
    case 'applicationInsights':
      return 'Application Insights component';
    case 'datastore':
      return 'datastore storage account';
  }
}
