/**
 * Azure resource ids: building them the way Azure Resource Manager does, and taking them apart.
 *
 *   /subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}…]
 *   /subscriptions/{sub}/providers/…                 (subscription scope)
 *   /providers/…                                     (tenant scope)
 *   {any id}/providers/{Namespace}/{type}/{name}     (extension resources such as role assignments)
 */

export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** e.g. `Microsoft.Network/virtualNetworks/subnets` */
  type: string;
  /** one name per type segment: ['vnet1', 'subnet1'] */
  names: string[];
  /** The id of the scope an extension resource is attached to, or of the resource group/subscription. */
  scope: string;
}

export interface IdScope {
  subscriptionId?: string;
  resourceGroup?: string;
}

/** The id Azure assigns to a resource of `type` (full type, one name per segment) in a scope. */
export function buildResourceId(scope: IdScope, type: string, names: readonly string[]): string {
  const segments = type.split('/');
  const namespace = segments[0];
  const types = segments.slice(1);
  let id = '';
  if (scope.subscriptionId !== undefined) id += `/subscriptions/${scope.subscriptionId}`;
  if (scope.resourceGroup !== undefined) id += `/resourceGroups/${scope.resourceGroup}`;
  id += `/providers/${namespace}`;
  types.forEach((t, i) => {
    id += `/${t}/${names[i] ?? ''}`;
  });
  return id;
}

/** The id of an extension resource (e.g. a role assignment) attached to another resource. */
export function buildExtensionResourceId(scopeId: string, type: string, names: readonly string[]): string {
  return trimSlash(scopeId) + buildResourceId({}, type, names);
}

export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = trimSlash(id.trim()).split('/');
  if (parts[0] !== '' || parts.length < 3) return undefined;
  const lower = parts.map((p) => p.toLowerCase());
  const lastProviders = lower.lastIndexOf('providers');
  if (lastProviders < 0) return undefined;
  const rest = parts.slice(lastProviders + 1);
  if (rest.length < 3 || rest.length % 2 === 0) return undefined;
  const namespace = rest[0];
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 1; i < rest.length; i += 2) {
    types.push(rest[i]);
    names.push(rest[i + 1]);
  }
  const scope = parts.slice(0, lastProviders).join('/');
  const sub = lower.indexOf('subscriptions');
  const rg = lower.indexOf('resourcegroups');
  return {
    subscriptionId: sub >= 0 && sub < lastProviders ? parts[sub + 1] : undefined,
    resourceGroup: rg >= 0 && rg < lastProviders ? parts[rg + 1] : undefined,
    type: [namespace, ...types].join('/'),
    names,
    scope,
  };
}

/** Ids compare case-insensitively in Azure. */
export function normalizeId(id: string): string {
  return trimSlash(id.trim()).toLowerCase();
}

export function sameId(a: string, b: string): boolean {
  return normalizeId(a) === normalizeId(b);
}

/** `/…/virtualNetworks/v/subnets/s` → `/…/virtualNetworks/v`; undefined for a top-level resource. */
export function parentResourceId(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (!parsed || parsed.names.length < 2) return undefined;
  const typeSegments = parsed.type.split('/');
  const parentType = typeSegments.slice(0, -1).join('/');
  const prefix = parsed.scope === '' ? '' : parsed.scope;
  return prefix + buildResourceId({}, parentType, parsed.names.slice(0, -1));
}

/** The resource group id that contains a resource id, when it names one. */
export function resourceGroupIdOf(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (!parsed?.subscriptionId || !parsed.resourceGroup) return undefined;
  return `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`;
}

export function subscriptionIdOf(id: string): string | undefined {
  const parsed = parseResourceId(id);
  return parsed?.subscriptionId ? `/subscriptions/${parsed.subscriptionId}` : undefined;
}

/** The last name segment: what a user calls the resource. */
export function lastName(id: string): string | undefined {
  const parsed = parseResourceId(id);
  return parsed?.names[parsed.names.length - 1];
}

function trimSlash(s: string): string {
  return s.length > 1 && s.endsWith('/') ? s.slice(0, -1) : s;
}
