import type { EndpointReach, Reach } from '../graph/reachability';
import { privateEndpointReach, serviceEndpointAccess } from '../graph/reachability';
import { privateEndpointIndex } from '../graph/private-endpoints';
import { workspaceDependencies } from '../graph/relations';
import type { DependencyRole, WorkspaceDependency } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, unsettledReason } from '../graph/resource';
import { T, sameType, typeNoun } from '../graph/types';
import type { ClusterInVnet, KnownVnet } from './clusters-in-vnet';
import { clustersInVnet, settled } from './clusters-in-vnet';
import type { RuleContext } from './rule';

/** The dependencies the EN limitation names: storage, key vault, registry, and any other (datastore) storage. */
export const SECURED_ROLES: readonly DependencyRole[] = [
  'storageAccount',
  'keyVault',
  'containerRegistry',
  'datastore',
];

/** How one resource (the workspace or a dependency) is reached from one VNet of an attached cluster. */
export interface EndpointVerdict {
  setting: ClusterInVnet;
  target: Resource;
  /** Undefined for the workspace itself. */
  dependency?: WorkspaceDependency;
  vnet: KnownVnet;
  reach: EndpointReach;
  /** The storage / key vault service endpoint alternative (`no` for other types). */
  serviceEndpoint: Reach;
}

/**
 * Every (workspace or dependency, cluster VNet) pair of the deployment with its verdict. Shared by
 * the three rules that split the work: missing endpoint, workspace endpoint, unreachable endpoint.
 * `workspacesOnly` skips the dependencies, so a rule about the workspace itself records no notes about them.
 */
export function endpointVerdicts(ctx: RuleContext, workspacesOnly = false): EndpointVerdict[] {
  const endpoints = privateEndpointIndex(ctx.graph);
  const out: EndpointVerdict[] = [];
  for (const setting of clustersInVnet(ctx)) {
    const targets: { target: Resource; dependency?: WorkspaceDependency }[] = [{ target: setting.workspace }];
    const dependencies = workspacesOnly ? [] : workspaceDependencies(ctx.graph, setting.workspace);
    for (const dependency of dependencies) {
      if (!SECURED_ROLES.includes(dependency.role)) continue;
      const target = dependencyResource(ctx, dependency);
      if (target) targets.push({ target, dependency });
    }
    for (const { target, dependency } of targets) {
      for (const vnet of setting.vnets) {
        const reach = privateEndpointReach(ctx.graph, endpoints, target, vnet);
        const serviceEndpoint =
          reach.state === 'yes' ? { state: 'no' as const } : serviceEndpointAccess(ctx.graph, target, setting.subnets);
        out.push({ setting, target, dependency, vnet, reach, serviceEndpoint });
      }
    }
  }
  return out;
}

/** The dependency when this deployment creates it; otherwise records why it is not evaluated. */
function dependencyResource(ctx: RuleContext, dependency: WorkspaceDependency): Resource | undefined {
  const { ref, holder } = dependency;
  const where = ref.value.span ?? holder.nameSpan ?? holder.span;
  if (ref.state === 'unknown') {
    ctx.notEvaluated(
      where,
      `the ${roleNoun(dependency.role)} of ${describe(holder, typeNoun)} is not known: ${ref.reason}`,
    );
    return undefined;
  }
  if (ref.state === 'external' || !settled(ref.resource)) {
    const what =
      ref.state === 'external'
        ? `${ref.id} is not created by this deployment`
        : unsettledReason(ref.resource, typeNoun);
    ctx.notEvaluated(where, `${what}; its private endpoints may exist elsewhere`);
    return undefined;
  }
  if (!sameType(ref.resource.type, ROLE_TYPES[dependency.role])) {
    ctx.notEvaluated(where, `${describe(ref.resource, typeNoun)} is not a ${roleNoun(dependency.role)}`);
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

/** True when the resource needs a finding from one of the endpoint rules: no reachable way in is known. */
export function lacksAccess(v: EndpointVerdict): boolean {
  return v.reach.state === 'no' && v.serviceEndpoint.state === 'no';
}

/** Records a not-evaluated note when the verdict could not be reached. */
export function noteUndecided(ctx: RuleContext, v: EndpointVerdict): void {
  if (v.reach.state === 'yes' || v.serviceEndpoint.state === 'yes' || lacksAccess(v)) return;
  const why = v.reach.state === 'unknown' ? v.reach.reason : v.serviceEndpoint.reason;

  ctx.notEvaluated(v.target.nameSpan ?? v.target.span, why ?? 'the private endpoints cannot be decided');
}
