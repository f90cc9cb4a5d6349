import { normalizeId, parseResourceId } from './resource-id';
import { T, sameType } from './types';
import type { UnknownValue } from './value';

/**
 * Principal ids of managed identities exist only once Azure creates the identity, so a template
 * can only read them from the resource that has the identity. The front ends recognise those reads
 * (`reference(aks, …, 'Full').identity.principalId` in ARM, `aks.identity.principalId` in Bicep,
 * `azurerm_kubernetes_cluster.aks.identity[0].principal_id` in Terraform) and mark the unknown they
 * produce with `principalOf`, so that role assignments say whose identity they grant a role to.
 */

/**
 * - `system`: the resource's system-assigned identity (`identity.principalId`);
 * - `kubelet`: an AKS cluster's kubelet identity (`identityProfile.kubeletidentity.objectId`), the
 *   identity of its nodes, not of the cluster;
 * - `self`: a user-assigned identity resource's own principal (`properties.principalId`).
 */
export type IdentityKind = 'system' | 'kubelet' | 'self';

export interface PrincipalOf {
  /** The resource the identity belongs to, by key (`normalizeId` of its id, symbols and all). */
  resource: string;
  identity: IdentityKind;
}

/**
 * The kind of principal held at `path` (an ARM path into the resource's runtime state, as `reference(…,
 * 'Full')` shows it: `identity.principalId`, `properties.principalId`) of the resource `id`, if any.
 */
export function principalAt(id: string, path: readonly string[]): PrincipalOf | undefined {
  const p = path.map((s) => s.toLowerCase()).join('.');
  const type = parseResourceId(id)?.type;
  const resource = normalizeId(id);
  if (p === 'identity.principalid') return { resource, identity: 'system' };
  if (type === undefined) return undefined;
  if (p === 'properties.identityprofile.kubeletidentity.objectid' && sameType(type, T.managedCluster))
    return { resource, identity: 'kubelet' };
  if (p === 'properties.principalid' && sameType(type, T.userAssignedIdentity)) return { resource, identity: 'self' };
  return undefined;
}

/** The unknown, marked as the principal `of` (unchanged when `of` is undefined). */
export function withPrincipal(u: UnknownValue, of: PrincipalOf | undefined): UnknownValue {
  return of ? { ...u, principalOf: of } : u;
}
