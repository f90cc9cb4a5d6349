import type { Cidr } from '../cidr';
import { parseCidr } from '../cidr';
import type { ResourceGraph } from '../graph';
import type { Resource } from '../resource';
import { describe, settled } from '../resource';
import { T } from '../types';
import type { Value } from '../value';
import { at, isUnknown, items } from '../value';

/** The address ranges of a subnet: known, unknown (with why), or none written. */
export type AddressPrefixes =
  | { state: 'known'; cidrs: Cidr[]; value: Value }
  | { state: 'unknown'; reason: string; value?: Value }
  | { state: 'none' };

export interface SubnetInfo {
  subnet: Resource;
  prefixes: AddressPrefixes;
}

/** `addressPrefix` and `addressPrefixes` of a subnet (both may be written; every range counts). */
export function addressPrefixes(subnet: Resource): AddressPrefixes {
  if (!settled(subnet)) return { state: 'unknown', reason: `${describe(subnet)} may not be deployed as written here` };
  const single = at(subnet.body, 'properties.addressPrefix');
  const list = at(subnet.body, 'properties.addressPrefixes');
  const values: Value[] = single && single.kind !== 'null' ? [single] : [];
  if (isUnknown(list)) return { state: 'unknown', reason: list.reason, value: list };
  values.push(...items(list));
  if (values.length === 0) return { state: 'none' };
  const cidrs: Cidr[] = [];
  for (const v of values) {
    if (v.kind !== 'string') {
      const reason = isUnknown(v) ? v.reason : `an address prefix of ${describe(subnet)} is not a string`;
      return { state: 'unknown', reason, value: v };
    }
    const c = parseCidr(v.value);
    if (!c) return { state: 'unknown', reason: `'${v.value}' is not an address range`, value: v };
    cidrs.push(c);
  }
  return { state: 'known', cidrs, value: single && single.kind !== 'null' ? single : (list ?? values[0]) };
}

/** The subnets of a VNet (child resources and inline `subnets[]`), with their ranges. */
export function subnetsOf(graph: ResourceGraph, vnet: Resource): SubnetInfo[] {
  return graph.children(vnet, T.subnet).map((subnet) => ({ subnet, prefixes: addressPrefixes(subnet) }));
}

/** The address space (`addressSpace.addressPrefixes`) of a VNet. */
export function vnetAddressSpace(vnet: Resource): AddressPrefixes {
  if (!settled(vnet)) return { state: 'unknown', reason: `${describe(vnet)} may not be deployed as written here` };
  const list = at(vnet.body, 'properties.addressSpace.addressPrefixes');
  if (isUnknown(list)) return { state: 'unknown', reason: list.reason, value: list };
  if (!list || list.kind !== 'array') return { state: 'none' };
  const cidrs: Cidr[] = [];
  for (const v of list.items) {
    const c = v.kind === 'string' ? parseCidr(v.value) : undefined;
    if (!c)
      return { state: 'unknown', reason: isUnknown(v) ? v.reason : 'an address space entry is not a range', value: v };
    cidrs.push(c);
  }
  return { state: 'known', cidrs, value: list };
}
