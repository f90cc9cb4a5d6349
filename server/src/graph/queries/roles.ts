import type { ResourceGraph } from '../graph';
import type { Tri } from '../relations';
import type { Resource } from '../resource';
import { describe } from '../resource';
import { normalizeId } from '../resource-id';
import { roleGuid } from '../tables/roles';
import { T } from '../types';
import type { Value } from '../value';
import { at, isUnknown, knownString } from '../value';
import type { ClusterIdentity } from './aks';
import { principalMatches } from './aks';

export interface RoleAssignmentInfo {
  resource: Resource;
  /** The role's GUID (lower case); undefined when not known, with `roleReason`. */
  role: string | undefined;
  roleReason?: string;
  principal: Value | undefined;
  /** The scope (a normalised id: resource, resource group, subscription); undefined when not known. */
  scope: string | undefined;
}

const MARKER = '/providers/microsoft.authorization/roleassignments/';

/** Every role assignment of the graph, with role GUID (from `roleDefinitionId` or Terraform's role name) and scope. */
export function roleAssignments(graph: ResourceGraph): RoleAssignmentInfo[] {
  return graph.ofType(T.roleAssignment).map((resource) => {
    const roleValue = at(resource.body, 'properties.roleDefinitionId');
    // A role id built on an unknown prefix (`${data.azurerm_subscription.x.id}/providers/…/<guid>`) still ends in the GUID.
    const roleText = knownString(roleValue) ?? (isUnknown(roleValue) ? roleValue.symbol : undefined);
    const role = roleText === undefined ? undefined : roleGuid(roleText);
    const roleReason =
      role !== undefined
        ? undefined
        : isUnknown(roleValue)
          ? roleValue.reason
          : `the role of ${describe(resource)} is not a role definition id`;
    // The scope is where the assignment lives: its id up to the roleAssignments segment (ARM `scope`, Terraform `scope`).
    const key = resource.key;
    const cut = key.lastIndexOf(MARKER);
    const scope = cut > 0 ? key.slice(0, cut) : undefined;
    return { resource, role, roleReason, principal: at(resource.body, 'properties.principalId'), scope };
  });
}

export interface RoleCheck {
  state: Tri;
  /** The assignment that grants it (`yes`). */
  assignment?: Resource;
  /** Why it cannot be decided (`unknown`). */
  reason?: string;
}

/**
 * Whether the cluster's identity holds one of `roles` (GUIDs) on `targetId`: an assignment whose scope
 * is the target or contains it (by id prefix: a parent resource, the resource group, the subscription).
 * `unknown` when an assignment whose role, principal or scope is not known could be the one, or when
 * a deployment that is not analysed could create it.
 */
export function hasRole(
  assignments: readonly RoleAssignmentInfo[],
  opaque: readonly Resource[],
  identity: ClusterIdentity,
  roles: readonly string[],
  targetId: string,
): RoleCheck {
  const target = normalizeId(targetId);
  const wanted = roles.map((r) => r.toLowerCase());
  let reason: string | undefined;
  for (const a of assignments) {
    const role: Tri = a.role === undefined ? 'unknown' : wanted.includes(a.role) ? 'yes' : 'no';
    const scope = scopeCovers(a.scope, target);
    const principal = principalMatches(a.principal, identity);
    if (role === 'no' || scope === 'no' || principal === 'no') continue;
    const conditional = a.resource.presence === 'maybe' || a.resource.origin !== 'declared';
    if (role === 'yes' && scope === 'yes' && principal === 'yes' && !conditional)
      return { state: 'yes', assignment: a.resource };
    reason ??=
      role === 'unknown'
        ? (a.roleReason ?? `the role of ${describe(a.resource)} is not known`)
        : scope === 'unknown'
          ? `the scope of ${describe(a.resource)} is not known`
          : principal === 'unknown'
            ? `the principal of ${describe(a.resource)} is not known`
            : `${describe(a.resource)} is deployed only under a condition`;
  }
  if (reason) return { state: 'unknown', reason };
  if (identity.type === 'unknown')
    return {
      state: 'unknown',
      reason: identity.reason ?? `the identity of ${describe(identity.cluster.resource)} is not known`,
    };
  if (opaque.length > 0)
    return { state: 'unknown', reason: `${describe(opaque[0])} is not analysed and may assign the role` };
  return { state: 'no' };
}

/** Whether an assignment scope (normalised id) is the target or one of its ancestors. */
function scopeCovers(scope: string | undefined, target: string): Tri {
  if (scope === undefined) return 'unknown';
  if (target === scope || target.startsWith(`${scope}/`)) return 'yes';
  // Unresolved parts on either side: they may be the same at deployment time.
  return scope.includes('{') || target.includes('{') ? 'unknown' : 'no';
}
