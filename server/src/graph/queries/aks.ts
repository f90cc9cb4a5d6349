import type { Cidr } from '../cidr';
import { parseAddress, parseCidr } from '../cidr';
import type { IpAddress } from '../cidr';
import type { Ref, ResourceGraph } from '../graph';
import type { AksCluster } from '../relations';
import type { Tri } from '../relations';
import type { Resource } from '../resource';
import { describe, settled } from '../resource';
import { normalizeId } from '../resource-id';
import { AKS_DEFAULT_SERVICE_CIDR } from '../tables/aks-defaults';
import type { Value } from '../value';
import { at, isUnknown, knownString, member } from '../value';

/** One network setting of a cluster, where it is written (ARM body path) and what it holds. */
export interface NetworkSetting<T> {
  /** The resource whose body holds it (the managed cluster, or the AML compute that creates one). */
  resource: Resource;
  /** ARM body path, for spans (`propertySpan`), names (`ctx.propertyName`) and fixes. */
  path: string;
  state: 'absent' | 'unknown' | 'known';
  value?: Value;
  /** Parsed value when known. */
  parsed?: T;
  /** Why it is unknown (also when the text does not parse). */
  reason?: string;
}

/**
 * The AKS network profile of a cluster, from `managedClusters` `properties.networkProfile` or, for an
 * AKS cluster that Azure ML creates, the compute's `properties.properties.aksNetworkingConfiguration`
 * (its load balancer is the compute's: `computeLoadBalancer`). Ranges hold one entry or, dual-stack, several.
 */
export interface AksNetworkProfile {
  cluster: AksCluster;
  serviceCidrs: NetworkSetting<Cidr[]>;
  dnsServiceIP: NetworkSetting<IpAddress>;
  /** Deprecated; only where it is set. */
  dockerBridgeCidr: NetworkSetting<Cidr[]>;
  podCidrs: NetworkSetting<Cidr[]>;
  networkPlugin: NetworkSetting<string>;
}

const MANAGED = 'properties.networkProfile';
const AML = 'properties.properties.aksNetworkingConfiguration';

export function aksNetworkProfile(cluster: AksCluster): AksNetworkProfile {
  const r = cluster.resource;
  if (cluster.createdByWorkspace) {
    return {
      cluster,
      serviceCidrs: ranges(r, `${AML}.serviceCidr`),
      dnsServiceIP: address(r, `${AML}.dnsServiceIP`),
      dockerBridgeCidr: ranges(r, `${AML}.dockerBridgeCidr`),
      podCidrs: { resource: r, path: `${AML}.podCidr`, state: 'absent' },
      networkPlugin: { resource: r, path: `${AML}.networkPlugin`, state: 'absent' },
    };
  }
  return {
    cluster,
    serviceCidrs: ranges(r, `${MANAGED}.serviceCidr`, `${MANAGED}.serviceCidrs`),
    dnsServiceIP: address(r, `${MANAGED}.dnsServiceIP`),
    dockerBridgeCidr: ranges(r, `${MANAGED}.dockerBridgeCidr`),
    podCidrs: ranges(r, `${MANAGED}.podCidr`, `${MANAGED}.podCidrs`),
    networkPlugin: textSetting(r, `${MANAGED}.networkPlugin`),
  };
}

/** A range setting: the list form (`serviceCidrs[]`) when written, else the single one. */
function ranges(r: Resource, single: string, list?: string): NetworkSetting<Cidr[]> {
  const listValue = list ? at(r.body, list) : undefined;
  // An empty list sets nothing: the single property (or the API default) applies.
  const listWritten =
    listValue !== undefined &&
    listValue.kind !== 'null' &&
    !(listValue.kind === 'array' && listValue.items.length === 0);
  const path = listWritten && list ? list : single;
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  if (isUnknown(value)) return { resource: r, path, state: 'unknown', value, reason: value.reason };
  const texts = value.kind === 'array' ? value.items : [value];
  // An empty list where one range is expected (a wrong type): no range to judge an address by.
  if (texts.length === 0)
    return { resource: r, path, state: 'unknown', value, reason: unreadable(value, 'an address range') };
  const parsed: Cidr[] = [];
  for (const t of texts) {
    const c = t.kind === 'string' ? parseCidr(t.value) : undefined;
    if (!c) return { resource: r, path, state: 'unknown', value, reason: unreadable(t, 'an address range') };
    parsed.push(c);
  }
  return { resource: r, path, state: 'known', value, parsed };
}

/** The service ranges a cluster gets: the ones written, else AKS's default for a managed cluster. */
export type ServiceRanges =
  | { state: 'known'; cidrs: Cidr[]; defaulted: boolean; setting: NetworkSetting<Cidr[]> }
  | { state: 'unknown'; reason: string; setting: NetworkSetting<Cidr[]> };

export function serviceRangesInEffect(profile: AksNetworkProfile): ServiceRanges {
  const setting = profile.serviceCidrs;
  if (setting.state === 'known' && setting.parsed)
    return { state: 'known', cidrs: setting.parsed, defaulted: false, setting };
  if (setting.state === 'unknown') return { state: 'unknown', reason: setting.reason ?? 'not known', setting };
  if (profile.cluster.createdByWorkspace)
    return {
      state: 'unknown',
      reason: `${describe(setting.resource)} sets no serviceCidr, and the range Azure Machine Learning then picks is not documented`,
      setting,
    };
  return { state: 'known', cidrs: [AKS_DEFAULT_SERVICE_CIDR], defaulted: true, setting };
}

function address(r: Resource, path: string): NetworkSetting<IpAddress> {
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  const parsed = value.kind === 'string' ? parseAddress(value.value) : undefined;
  if (!parsed) return { resource: r, path, state: 'unknown', value, reason: unreadable(value, 'an IP address') };
  return { resource: r, path, state: 'known', value, parsed };
}

/** A string setting at an ARM body path. */
export function textSetting(r: Resource, path: string): NetworkSetting<string> {
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  const parsed = knownString(value);
  if (parsed === undefined)
    return { resource: r, path, state: 'unknown', value, reason: unreadable(value, 'a string') };
  return { resource: r, path, state: 'known', value, parsed };
}

function unreadable(v: Value, what: string): string {
  if (isUnknown(v)) return v.reason;
  return v.kind === 'string' ? `'${v.value}' is not ${what}` : `expected ${what}, found ${v.kind}`;
}

/** The identity a cluster acts as (its control plane: `identity`, or a service principal) and how to recognise its principal. */
export interface ClusterIdentity {
  cluster: AksCluster;
  /**
   * `SystemAssigned`, `UserAssigned`, `ServicePrincipal` (no managed identity, `servicePrincipalProfile`
   * names an application), `None` (`identity.type: None` without a service principal), or `unknown`.
   */
  type: 'SystemAssigned' | 'UserAssigned' | 'ServicePrincipal' | 'None' | 'unknown';
  reason?: string;
  /** The user-assigned identities (keys of `identity.userAssignedIdentities`), resolved. */
  userAssigned: Ref[];
  /**
   * Whether the principal exists only once this deployment runs: a system-assigned identity of a
   * cluster declared here, or user-assigned identities all declared here. Only then can no role
   * assignment made before the deployment hold it, and a literal principal id not be it.
   */
  createdHere: boolean;
}

export function clusterIdentity(graph: ResourceGraph, cluster: AksCluster): ClusterIdentity {
  const r = cluster.resource;
  const identity = member(r.body, 'identity');
  const typeValue = member(identity, 'type');
  const base = { cluster, userAssigned: [] as Ref[], createdHere: false };
  if (cluster.createdByWorkspace)
    return {
      ...base,
      type: 'unknown',
      reason: `Azure Machine Learning chooses the identity of the cluster it creates`,
    };
  if (!settled(r)) return { ...base, type: 'unknown', reason: `${describe(r)} may not be deployed as written here` };
  if (isUnknown(identity) || isUnknown(typeValue)) {
    const u = isUnknown(identity) ? identity : typeValue;
    return { ...base, type: 'unknown', reason: isUnknown(u) ? u.reason : undefined };
  }
  const type = knownString(typeValue)
    ?.toLowerCase()
    .replace(/[\s,]+/g, '');
  const ua = member(identity, 'userAssignedIdentities');
  if (isUnknown(ua)) return { ...base, type: 'unknown', reason: ua.reason };
  const userAssigned: Ref[] = [];
  if (ua?.kind === 'object')
    for (const e of ua.entries) {
      const ref = graph.resolve({ kind: 'string', value: e.key, span: e.keySpan });
      if (ref) userAssigned.push(ref);
    }
  if (type === 'systemassigned') return { ...base, type: 'SystemAssigned', createdHere: true };
  if (type === 'userassigned') {
    const createdHere =
      userAssigned.length > 0 && userAssigned.every((u) => u.state === 'resolved' && settled(u.resource));
    return { ...base, type: 'UserAssigned', userAssigned, createdHere };
  }
  if (type !== undefined && type !== 'none')
    return { ...base, type: 'unknown', reason: `identity type '${knownString(typeValue)}' is not known` };
  // Without a managed identity the cluster acts as the application its servicePrincipalProfile names.
  const clientId = at(r.body, 'properties.servicePrincipalProfile.clientId');
  if (isUnknown(clientId) || (clientId?.kind === 'string' && clientId.value.toLowerCase() !== 'msi'))
    return { ...base, type: 'ServicePrincipal' };
  if (type === 'none') return { ...base, type: 'None' };
  return {
    ...base,
    type: 'unknown',
    reason: `${describe(r)} names neither a managed identity nor a service principal`,
  };
}

/**
 * Whether a role assignment's `principalId` is the identity of the cluster (its control plane, not
 * its kubelet): `yes` when it is read from the cluster's system identity or from one of its
 * user-assigned identities (`principalOf`, marked by the front ends), `no` when it is read from
 * another identity, `unknown` otherwise (a parameter may hold the cluster's principal id). A literal
 * id is not the cluster's principal when that principal is created by this deployment.
 */
export function principalMatches(principal: Value | undefined, identity: ClusterIdentity): Tri {
  if (principal === undefined || principal.kind === 'null') return 'no';
  if (!isUnknown(principal)) return identity.createdHere ? 'no' : 'unknown';
  const of = principal.principalOf;
  if (!of) return 'unknown';
  if (of.identity === 'kubelet') return 'no';
  if (of.identity === 'system') {
    if (of.resource !== identity.cluster.resource.key) return 'no';
    return identity.type === 'SystemAssigned' ? 'yes' : identity.type === 'unknown' ? 'unknown' : 'no';
  }
  if (identity.type === 'unknown') return 'unknown';
  if (identity.type !== 'UserAssigned') return 'no';
  const holds = identity.userAssigned.map((u): Tri => {
    if (u.state === 'resolved') return u.resource.key === of.resource ? 'yes' : 'no';
    if (u.state === 'external') return normalizeId(u.id) === of.resource ? 'yes' : 'no';
    return 'unknown';
  });
  return holds.includes('yes') ? 'yes' : holds.includes('unknown') ? 'unknown' : 'no';
}
