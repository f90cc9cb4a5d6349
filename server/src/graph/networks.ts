import type { Ref, ResourceGraph } from './graph';
import type { Resource } from './resource';
import { describe } from './resource';
import { lastName, normalizeId, parentResourceId, parseResourceId } from './resource-id';
import type { SourceSpan } from './span';
import { T, sameType, typeNoun } from './types';
import type { Value } from './value';
import { at, isUnknown, knownString, member } from './value';

/**
 * Virtual networks as the rules see them: which VNet a subnet reference lies in (even when neither
 * is declared here), how messages name it, its peerings, DNS zone links and service endpoints.
 */

/** The virtual network something sits in. `key` may contain symbols: equal keys are the same VNet. */
export type VnetRef =
  { state: 'known'; key: string; id: string; resource?: Resource } | { state: 'unknown'; reason: string };

/** Key prefix of a VNet known only as "the VNet of this unresolved subnet id". */
const VNET_OF = 'vnet-of:';

/** A subnet reference written somewhere (a node pool, a private endpoint), with its VNet. */
export interface SubnetUse {
  value: Value;
  span?: SourceSpan;
  vnet: VnetRef;
}

/** The VNet of a subnet reference: the subnet's parent, even when neither is declared here. */
export function vnetOfSubnet(graph: ResourceGraph, v: Value | undefined): VnetRef {
  const ref = graph.resolve(v);
  if (!ref) return { state: 'unknown', reason: 'no subnet is given' };
  if (ref.state === 'resolved') {
    if (!sameType(ref.resource.type, T.subnet))
      return { state: 'unknown', reason: `${describe(ref.resource, typeNoun)} is not a subnet` };
    const parentKey = ref.resource.parentKey ?? keyOfParent(ref.resource.id);
    return parentKey
      ? vnetFromKey(graph, parentKey, ref.resource.id)
      : { state: 'unknown', reason: 'subnet without VNet' };
  }
  const id = ref.state === 'external' ? ref.id : ref.value.kind === 'string' ? ref.value.value : undefined;
  if (id !== undefined) {
    const parsed = parseResourceId(id);
    const parent = parentResourceId(id);
    if (parsed && parent && sameType(parsed.type, T.subnet)) return vnetFromKey(graph, normalizeId(parent), id);
    return { state: 'unknown', reason: `'${id}' is not a subnet id` };
  }
  if (isUnknown(ref.value) && ref.value.symbol) {
    const symbol = ref.value.symbol;
    // Subnets named under the same unresolved VNet (`resourceId(rg, …, vnetName, 'a')`, `{vnetId}/subnets/a`) share it.
    const vnet = symbolicVnetOf(symbol);
    if (vnet !== undefined) {
      const resource = graph.get(normalizeId(vnet));
      return { state: 'known', key: normalizeId(vnet), id: resource?.id ?? vnet, resource };
    }
    // A whole id from one unset parameter: every use of that parameter is the same subnet, so the same VNet.
    return { state: 'known', key: `${VNET_OF}${normalizeId(symbol)}`, id: `the virtual network of subnet ${symbol}` };
  }
  return { state: 'unknown', reason: ref.state === 'unknown' ? ref.reason : 'the subnet is not known' };
}

/** The VNet part of a subnet id with unresolved parts: a parsed subnet id, or `{expression}/subnets/name`. */
function symbolicVnetOf(symbol: string): string | undefined {
  const parsed = parseResourceId(symbol);
  if (parsed) return sameType(parsed.type, T.subnet) ? parentResourceId(symbol) : undefined;
  const m = /^(\{[^/]*\})\/subnets\/[^/]+$/i.exec(symbol.trim());
  return m?.[1];
}

function vnetFromKey(graph: ResourceGraph, key: string, subnetId: string): VnetRef {
  const resource = graph.get(key);
  return { state: 'known', key, id: resource?.id ?? parentResourceId(subnetId) ?? key, resource };
}

function keyOfParent(id: string): string | undefined {
  const p = parentResourceId(id);
  return p ? normalizeId(p) : undefined;
}

/**
 * Whether a VNet known by key may still be any network of the deployment: one known only as "the VNet
 * of an unresolved subnet id", or whose id has unresolved parts.
 */
export function mayBeAnyVnet(vnet: VnetRef): boolean {
  return vnet.state === 'unknown' || (!vnet.resource && (vnet.key.startsWith(VNET_OF) || vnet.key.includes('{')));
}

/** "virtual network 'vnet-aks'" for messages, declared or not. */
export function describeVnet(vnet: VnetRef): string {
  if (vnet.state === 'unknown') return 'an unknown virtual network';
  if (vnet.key.startsWith(VNET_OF)) return vnet.id;
  if (vnet.resource) return describe(vnet.resource, typeNoun);
  return `virtual network '${lastName(vnet.id) ?? vnet.id}'`;
}

/** Two VNets for one message: by full id when their short descriptions would read the same. */
export function describeVnets(a: VnetRef, b: VnetRef): [string, string] {
  const [da, db] = [describeVnet(a), describeVnet(b)];
  if (da !== db || a.state !== 'known' || b.state !== 'known') return [da, db];
  return [`virtual network '${a.id}'`, `virtual network '${b.id}'`];
}

export interface ZoneLink {
  link: Resource;
  /** Undefined when the link names no network. */
  vnet: Ref | undefined;
}

/** The virtual network links of a private DNS zone. */
export function zoneLinks(graph: ResourceGraph, zone: Resource): ZoneLink[] {
  return graph
    .children(zone, T.privateDnsZoneLink)
    .map((link) => ({ link, vnet: graph.resolve(at(link.body, 'properties.virtualNetwork')) }));
}

export interface Peering {
  peering: Resource;
  /** Undefined when the peering names no remote network. */
  remote: Ref | undefined;
}

/** The peerings a VNet declares (child resources or inline `virtualNetworkPeerings`). */
export function peeringsOf(graph: ResourceGraph, vnet: Resource): Peering[] {
  return graph
    .children(vnet, T.peering)
    .map((peering) => ({ peering, remote: graph.resolve(at(peering.body, 'properties.remoteVirtualNetwork')) }));
}

/** The storage account / key vault entries of `networkAcls.virtualNetworkRules`, for the service endpoint path. */
export function virtualNetworkRules(resource: Resource): Value | undefined {
  return at(resource.body, 'properties.networkAcls.virtualNetworkRules');
}

/** The `serviceEndpoints[].service` names of a subnet; undefined when they cannot be known. */
export function serviceEndpointsOf(subnet: Resource): string[] | undefined {
  if (subnet.origin !== 'declared' || subnet.presence === 'maybe') return undefined;
  const list = at(subnet.body, 'properties.serviceEndpoints');
  if (!list || list.kind === 'null') return [];
  if (list.kind !== 'array') return undefined;
  const out: string[] = [];
  for (const item of list.items) {
    const service = knownString(member(item, 'service'));
    if (service === undefined) return undefined;
    out.push(service);
  }
  return out;
}
