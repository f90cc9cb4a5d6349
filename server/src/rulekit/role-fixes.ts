import type { AddResourcesIntent, RolePrincipal, RoleScope } from '../fixes/intent';
import type { ClusterIdentity } from '../graph/queries';
import { describe } from '../graph/resource';
import type { BuiltInRole } from '../graph/tables/roles';
import type { RuleContext } from './rule';

/**
 * "Assign Storage Blob Data Contributor and Storage Account Contributor to the system-assigned
 * identity of AKS cluster 'aks-ml' on storage account 'stml001'": one role assignment per role, written
 * after the cluster, for an identity this deployment creates (a role for an identity made elsewhere
 * may already exist, and a service principal's object id is not in the template).
 */
export function addRoleAssignmentsFix(
  ctx: RuleContext,
  identity: ClusterIdentity,
  roles: readonly BuiltInRole[],
  scope: RoleScope,
  scopeName: string,
): AddResourcesIntent | undefined {
  const cluster = identity.cluster.resource;
  const principal = principalOf(identity);
  if (!principal || (scope.kind === 'resource' && scope.resource.presence !== 'always') || roles.length === 0)
    return undefined;
  const holder = principal.kind === 'system' ? cluster : principal.identity;
  const add = roles.map((role) => ({
    type: 'roleAssignment' as const,
    key: `role ${role.id}`,
    name: `${holder.name.split('/').pop() ?? 'aks'} ${role.name}`,
    scope,
    role,
    principal,
  }));
  const who = principal.kind === 'system' ? `the system-assigned identity of ${describe(cluster)}` : describe(holder);
  return {
    kind: 'addResources',
    title: `Assign ${roles.map((r) => r.name).join(' and ')} to ${who} on ${scopeName}`,
    resource: cluster,
    add,
    taken: new Set(ctx.graph.resources.map((r) => r.symbol)),
  };
}

function principalOf(identity: ClusterIdentity): RolePrincipal | undefined {
  if (!identity.createdHere) return undefined;
  if (identity.type === 'SystemAssigned') return { kind: 'system', cluster: identity.cluster.resource };
  const [only, ...more] = identity.userAssigned;
  if (identity.type !== 'UserAssigned' || more.length > 0 || only?.state !== 'resolved') return undefined;
  return { kind: 'userAssigned', identity: only.resource };
}
