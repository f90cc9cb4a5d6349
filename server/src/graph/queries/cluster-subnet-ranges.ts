import type { Cidr } from '../cidr';
import { formatWritten } from '../cidr';
import type { Ref, ResourceGraph } from '../graph';
import type { VnetRef } from '../networks';
import { describeVnet } from '../networks';
import type { AksCluster } from '../relations';
import { clusterNetwork, distinctVnets } from '../relations';
import type { Resource } from '../resource';
import { describe, settled, unsettledReason } from '../resource';
import { normalizeId, parentResourceId } from '../resource-id';
import type { SourceSpan } from '../span';
import { T } from '../types';
import type { Value } from '../value';
import { at, isUnknown, knownBoolean } from '../value';
import type { AddressPrefixes } from './subnets';

export type KnownVnetRef = Extract<VnetRef, { state: 'known' }>;

/** One address range of a subnet that a cluster's service and Docker bridge ranges must stay clear of. */
export interface SubnetRange {
  subnet: Resource;
  vnet: KnownVnetRef;
  /** True for a VNet peered with the cluster's VNet, false for the cluster's own VNet. */
  peered: boolean;
  cidr: Cidr;
  /** Where the subnet's prefixes are written. */
  span: SourceSpan;
}

/** Something that may hide a subnet range: a VNet whose subnets are not all declared, a peering that cannot be read. */
export interface Undecided {
  span: SourceSpan;
  reason: string;
}

/**
 * The subnets around a cluster: every subnet of the VNets its nodes use and of the VNets peered
 * with them (a peering declared in either direction, not transitively). `none`: no node pool names
 * a subnet, so AKS creates a VNet of its own.
 */
export type ClusterSubnetRanges =
  | { state: 'none' }
  | { state: 'unknown'; reason: string; span: SourceSpan }
  | { state: 'known'; ranges: SubnetRange[]; undecided: Undecided[] };

/** "subnet 'aks' (10.0.0.0/22) of virtual network 'vnet'", "… of peered virtual network 'hub'", for messages. */
export function describeSubnetRange(r: SubnetRange): string {
  return `${describe(r.subnet)} (${formatWritten(r.cidr)}) of ${r.peered ? 'peered ' : ''}${describeVnet(r.vnet)}`;
}

/** Several of them for one message: the first three, then how many more. */
export function describeSubnetRanges(hits: readonly SubnetRange[]): string {
  const names = hits.slice(0, 3).map(describeSubnetRange);
  return hits.length > 3 ? `${names.join(', ')} and ${hits.length - 3} more` : names.join(' and ');
}

type Prefixes = (subnet: Resource) => AddressPrefixes;

export function clusterSubnetRanges(
  graph: ResourceGraph,
  cluster: AksCluster,
  prefixes: Prefixes,
): ClusterSubnetRanges {
  const network = clusterNetwork(graph, cluster);
  const r = cluster.resource;
  if (network.state === 'none') return network;
  if (network.state === 'unknown')
    return { state: 'unknown', reason: network.reason, span: network.span ?? r.nameSpan ?? r.span };
  const ranges: SubnetRange[] = [];
  const undecided: Undecided[] = [];
  const seen = new Set<string>();
  const useSpan = (v: KnownVnetRef) =>
    network.subnets.find((s) => s.vnet.state === 'known' && s.vnet.key === v.key)?.span ?? r.nameSpan ?? r.span;

  const addVnet = (vnet: KnownVnetRef, peered: boolean, where: SourceSpan) => {
    if (seen.has(vnet.key)) return;
    seen.add(vnet.key);
    if (!vnet.resource || !settled(vnet.resource))
      undecided.push({
        span: where,
        reason: vnet.resource
          ? unsettledReason(vnet.resource)
          : `${describeVnet(vnet)} is not declared here, so its subnets are not all known`,
      });
    const inline = vnet.resource ? at(vnet.resource.body, 'properties.subnets') : undefined;
    if (isUnknown(inline)) undecided.push({ span: inline.span ?? where, reason: inline.reason });
    for (const subnet of subnetsOf(graph, vnet)) {
      const p = prefixes(subnet);
      if (p.state === 'unknown') {
        undecided.push({ span: p.value?.span ?? subnet.nameSpan ?? subnet.span, reason: p.reason });
        continue;
      }
      if (p.state === 'none') continue;
      const span = p.value.span ?? subnet.nameSpan ?? subnet.span;
      for (const cidr of p.cidrs) ranges.push({ subnet, vnet, peered, cidr, span });
    }
  };

  const own = distinctVnets(network.subnets);
  for (const vnet of own) addVnet(vnet, false, useSpan(vnet));
  for (const vnet of own) for (const peer of peersOf(graph, vnet, undecided)) addVnet(peer.vnet, true, peer.span);
  return { state: 'known', ranges, undecided };
}

/** The subnets declared under a VNet, whether or not the VNet itself is declared here. */
function subnetsOf(graph: ResourceGraph, vnet: KnownVnetRef): Resource[] {
  if (vnet.resource) return graph.children(vnet.resource, T.subnet);
  return graph.ofType(T.subnet).filter((s) => parentKey(s) === vnet.key);
}

/** The VNets a peering connects `vnet` with, declared on either side; peerings that cannot be read are undecided. */
function peersOf(
  graph: ResourceGraph,
  vnet: KnownVnetRef,
  undecided: Undecided[],
): { vnet: KnownVnetRef; span: SourceSpan }[] {
  const out: { vnet: KnownVnetRef; span: SourceSpan }[] = [];
  const index = peeringsOf(graph);
  // Only the peerings with an end at this VNet, and those whose remote end is not known, in declaration order.
  const candidates = [...new Set([...(index.byEnd.get(vnet.key) ?? []), ...index.unknownRemote])].sort(
    (a, b) => a.order - b.order,
  );
  for (const { peering, from, remoteValue, remote, remoteKey, span } of candidates) {
    if (from !== vnet.key && remoteKey !== vnet.key) {
      undecided.push({
        span,
        reason: `the remote network of ${describe(peering)} is not known${because(remoteValue)}`,
      });
      continue;
    }
    const access = at(peering.body, 'properties.allowVirtualNetworkAccess');
    if (!settled(peering) || isUnknown(access) || (from === vnet.key && remoteKey === '')) {
      undecided.push({
        span,
        reason: `whether ${describe(peering)} connects ${describeVnet(vnet)} is not known${because(access)}`,
      });
      continue;
    }
    // No traffic crosses a peering that disallows it, so its VNet's ranges cannot collide with the cluster's.
    if (knownBoolean(access) === false) continue;
    const otherKey = from === vnet.key ? remoteKey : from;
    if (otherKey === undefined) continue;
    const resource = graph.get(otherKey);
    const id = resource?.id ?? (remote?.state === 'external' && from === vnet.key ? remote.id : otherKey);
    out.push({ vnet: { state: 'known', key: otherKey, id, resource }, span });
  }
  return out;
}

/** A peering with its two ends read once. */
interface PeeringEnds {
  order: number;
  peering: Resource;
  from: string | undefined;
  remoteValue: Value | undefined;
  remote: Ref | undefined;
  /** '' when the remote network is not known. */
  remoteKey: string;
  span: SourceSpan;
}

interface PeeringIndex {
  byEnd: Map<string, PeeringEnds[]>;
  unknownRemote: PeeringEnds[];
}

// Read once per graph: every cluster's VNets look up their peerings, and a big template has thousands of both.
const peeringIndexes = new WeakMap<ResourceGraph, PeeringIndex>();

function peeringsOf(graph: ResourceGraph): PeeringIndex {
  const known = peeringIndexes.get(graph);
  if (known) return known;
  const index: PeeringIndex = { byEnd: new Map(), unknownRemote: [] };
  graph.ofType(T.peering).forEach((peering, order) => {
    const remoteValue = at(peering.body, 'properties.remoteVirtualNetwork');
    const remote = graph.resolve(remoteValue);
    const remoteKey =
      remote?.state === 'resolved' ? remote.resource.key : remote?.state === 'external' ? normalizeId(remote.id) : '';
    const span = remoteValue?.span ?? peering.nameSpan ?? peering.span;
    const ends: PeeringEnds = { order, peering, from: parentKey(peering), remoteValue, remote, remoteKey, span };
    if (remoteKey === '') index.unknownRemote.push(ends);
    for (const key of new Set([ends.from, remoteKey])) {
      if (!key) continue;
      const list = index.byEnd.get(key);
      if (list) list.push(ends);
      else index.byEnd.set(key, [ends]);
    }
  });
  peeringIndexes.set(graph, index);
  return index;
}

function parentKey(r: Resource): string | undefined {
  if (r.parentKey) return r.parentKey;
  const p = parentResourceId(r.id);
  return p ? normalizeId(p) : undefined;
}

/** `: why` for an unknown value, nothing otherwise. */
function because(v: Value | undefined): string {
  return isUnknown(v) ? `: ${v.reason}` : '';
}
