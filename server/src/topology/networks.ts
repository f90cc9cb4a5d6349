import { formatCidr } from '../graph/cidr';
import type { VnetRef } from '../graph/networks';
import { describeVnet } from '../graph/networks';
import type { PrivateEndpointInfo } from '../graph/private-endpoints';
import type { AddressPrefixes } from '../graph/queries';
import { clusterNetwork } from '../graph/relations';
import type { AksCluster } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { lastName, normalizeId } from '../graph/resource-id';
import { T } from '../graph/types';
import type { Value } from '../graph/value';
import { at, isUnknown, items, knownString, member } from '../graph/value';
import type { NodeFactory } from './nodes';
import { labelOf } from './nodes';
import type { TopologyNode } from '../protocol';

/**
 * VNets → subnets → what sits in them (clusters and their node pools, private endpoints and their
 * targets, the subnet's NSG), and each VNet's peerings. What cannot be placed in a known subnet
 * goes under one "unplaced" node that says why.
 */

/** Something that sits in a subnet, built once its subnet node id is known. */
type Member = (subnetId: string) => TopologyNode;

interface SubnetSlot {
  subnet?: Resource;
  /** The subnet's id (or expression) when it is not declared here. */
  id: string;
  members: Member[];
}

interface VnetSlot {
  vnet?: Resource;
  ref: Extract<VnetRef, { state: 'known' }>;
  subnets: Map<string, SubnetSlot>;
}

export function networkNodes(f: NodeFactory, root: string): TopologyNode[] {
  const vnets = new Map<string, VnetSlot>();
  const unplaced: TopologyNode[] = [];
  const unplacedId = `${root}/unplaced`;
  const vnetSlot = (ref: Extract<VnetRef, { state: 'known' }>): VnetSlot => {
    let slot = vnets.get(ref.key);
    if (!slot) vnets.set(ref.key, (slot = { vnet: ref.resource, ref, subnets: new Map() }));
    return slot;
  };
  const subnetSlot = (vnet: VnetSlot, key: string, id: string, subnet?: Resource): SubnetSlot => {
    let slot = vnet.subnets.get(key);
    if (!slot) vnet.subnets.set(key, (slot = { subnet, id, members: [] }));
    return slot;
  };
  for (const vnet of f.q.graph.ofType(T.virtualNetwork)) {
    const slot = vnetSlot({ state: 'known', key: vnet.key, id: vnet.id, resource: vnet });
    for (const { subnet } of f.q.subnets(vnet)) subnetSlot(slot, subnet.key, subnet.id, subnet);
  }
  /** Places a member in the subnet `value` names; false when the subnet or its VNet is not known. */
  const place = (value: Value | undefined, member: Member): boolean => {
    const vnet = f.q.vnetOf(value);
    if (vnet.state !== 'known') return false;
    const ref = f.q.graph.resolve(value);
    const slot = vnetSlot(vnet);
    if (ref?.state === 'resolved')
      subnetSlot(slot, ref.resource.key, ref.resource.id, ref.resource).members.push(member);
    else {
      const id = ref?.state === 'external' ? ref.id : (ref?.value.kind === 'unknown' && ref.value.symbol) || '?';
      subnetSlot(slot, normalizeId(id), id).members.push(member);
    }
    return true;
  };

  for (const cluster of clusters(f)) {
    const network = clusterNetwork(f.q.graph, cluster);
    const node = (parentId: string) => clusterNode(f, parentId, cluster);
    if (network.state === 'known') {
      const seen = new Set<string>();
      for (const use of network.subnets) {
        const key = JSON.stringify(use.value);
        if (!seen.has(key) && !place(use.value, node)) unplaced.push(node(unplacedId));
        seen.add(key);
      }
    } else {
      const why = network.state === 'none' ? 'uses the network AKS creates for it' : network.reason;
      const n = node(unplacedId);
      n.unknowns.push(why);
      unplaced.push(n);
    }
  }
  for (const pe of f.q.privateEndpoints().all) {
    const node = (parentId: string) => endpointNode(f, parentId, pe);
    if (!place(pe.subnet, node)) {
      const n = node(unplacedId);
      if (pe.vnet.state === 'unknown') n.unknowns.push(`subnet: ${pe.vnet.reason}`);
      unplaced.push(n);
    }
  }

  const out = [...vnets.values()].map((slot) => vnetNode(f, root, slot));
  if (unplaced.length > 0)
    out.push({
      id: unplacedId,
      kind: 'unplaced',
      label: 'Not in a known subnet',
      description: `${unplaced.length}`,
      unknowns: [],
      problems: [],
      children: unplaced,
    });
  return out;
}

function vnetNode(f: NodeFactory, parentId: string, slot: VnetSlot): TopologyNode {
  const node = slot.vnet
    ? f.resource(parentId, 'vnet', slot.vnet, prefixesText(f.q.vnetAddressSpace(slot.vnet)))
    : f.external(parentId, 'vnet', slot.ref.id, 'not declared in this deployment');
  if (!slot.vnet)
    node.label = describeVnet(slot.ref)
      .replace(/^virtual network /, '')
      .replace(/^'(.*)'$/, '$1');
  for (const s of slot.subnets.values()) {
    const sub = s.subnet
      ? f.resource(node.id, 'subnet', s.subnet, prefixesText(f.q.addressPrefixes(s.subnet)))
      : f.external(node.id, 'subnet', s.id, 'not declared in this deployment');
    if (s.subnet) {
      const nsg = f.q.graph.resolve(at(s.subnet.body, 'properties.networkSecurityGroup'));
      if (nsg?.state === 'resolved') sub.children.push(nsgNode(f, sub.id, nsg.resource));
      else if (nsg?.state === 'external')
        sub.children.push(f.external(sub.id, 'nsg', nsg.id, 'network security group'));
    }
    for (const m of s.members) sub.children.push(m(sub.id));
    node.children.push(sub);
  }
  if (slot.vnet) for (const p of peeringNodes(f, node.id, slot.vnet)) node.children.push(p);
  return node;
}

function nsgNode(f: NodeFactory, parentId: string, nsg: Resource): TopologyNode {
  const inline = items(at(nsg.body, 'properties.securityRules')).length;
  const rules = inline + f.q.graph.children(nsg, T.securityRule).filter((r) => !r.inline).length;
  return f.resource(parentId, 'nsg', nsg, `${rules} rule${rules === 1 ? '' : 's'}`);
}

/**
 * Each peering the VNet declares, towards its remote network, and each peering towards it that it
 * does not answer: a one-way peering carries no traffic, so it is marked on both sides.
 */
function peeringNodes(f: NodeFactory, parentId: string, vnet: Resource): TopologyNode[] {
  const outgoing = f.q.peerings(vnet).map(({ peering, remote }) => {
    let description: string;
    if (!remote || remote.state === 'unknown') description = '→ unknown network';
    else if (remote.state === 'external')
      description = `→ ${lastName(remote.id) ?? remote.id} (its side is not in this deployment)`;
    else {
      const back = f.q
        .peerings(remote.resource)
        .some(({ remote: r }) => r?.state === 'resolved' && r.resource === vnet);
      description = `→ ${labelOf(remote.resource)}${back ? '' : ' (one-way: no peering back)'}`;
    }
    const node = f.resource(parentId, 'peering', peering, description);
    if (remote?.state === 'unknown') node.unknowns.push(`remote network: ${remote.reason}`);
    return node;
  });
  const answered = (from: Resource) =>
    f.q.peerings(vnet).some(({ remote }) => remote?.state === 'resolved' && remote.resource === from);
  const incoming = f.q
    .reversePeerings(vnet)
    .filter(({ from }) => from !== undefined && from !== vnet && !answered(from))
    .map(({ peering, from }) =>
      f.resource(parentId, 'peering', peering, `← ${from ? labelOf(from) : '?'} (one-way: no peering back)`),
    );
  return [...outgoing, ...incoming];
}

/** Managed clusters, and the AKS computes the workspace creates itself (their own properties say where). */
function clusters(f: NodeFactory): AksCluster[] {
  const out: AksCluster[] = f.q.graph
    .ofType(T.managedCluster)
    .map((resource) => ({ resource, createdByWorkspace: false }));
  for (const a of f.q.attachments())
    if (a.cluster.state === 'resolved' && a.cluster.cluster.createdByWorkspace) out.push(a.cluster.cluster);
  return out;
}

function clusterNode(f: NodeFactory, parentId: string, cluster: AksCluster): TopologyNode {
  const r = cluster.resource;
  if (cluster.createdByWorkspace) return f.resource(parentId, 'compute', r, 'AKS created by the workspace');
  const node = f.resource(parentId, 'cluster', r, privateClusterText(r));
  const pools = [
    ...items(at(r.body, 'properties.agentPoolProfiles')).map((p) => ({ pool: p, resource: undefined })),
    ...f.q.graph.children(r, T.agentPool).map((resource) => ({ pool: member(resource.body, 'properties'), resource })),
  ];
  for (const [i, { pool, resource }] of pools.entries()) {
    const size = knownString(member(pool, 'vmSize'));
    const mode = knownString(member(pool, 'mode'));
    const description = [mode, size].filter((x) => x).join(' · ') || undefined;
    if (resource) node.children.push(f.resource(node.id, 'nodePool', resource, description));
    else {
      const name = knownString(member(pool, 'name')) ?? `pool ${i + 1}`;
      node.children.push({
        id: `${node.id}/nodePool:${name}`,
        kind: 'nodePool',
        label: name,
        description,
        unknowns: isUnknown(member(pool, 'vnetSubnetID')) ? ['its subnet is not known'] : [],
        problems: [],
        children: [],
      });
    }
  }
  return node;
}

function privateClusterText(r: Resource): string | undefined {
  const flag = at(r.body, 'properties.apiServerAccessProfile.enablePrivateCluster');
  return flag?.kind === 'boolean' ? (flag.value ? 'private cluster' : 'public API server') : undefined;
}

/** A private endpoint with its group ids, and under it what it connects to and the zones it registers in. */
function endpointNode(f: NodeFactory, parentId: string, pe: PrivateEndpointInfo): TopologyNode {
  const groups = pe.connections.flatMap((c) => c.groupIds ?? []);
  const node = f.resource(parentId, 'privateEndpoint', pe.resource, groups.join(', ') || undefined);
  if (pe.connectionsUnknown) node.unknowns.push(`connections: ${pe.connectionsUnknown}`);
  for (const c of pe.connections) {
    const ids = c.groupIds === undefined ? '?' : c.groupIds.join(', ');
    if (c.target?.state === 'resolved') node.children.push(f.resource(node.id, 'target', c.target.resource, ids));
    else if (c.target?.state === 'external')
      node.children.push(f.external(node.id, 'target', c.target.id, `${ids} · not declared in this deployment`));
    else if (c.target?.state === 'unknown')
      node.children.push(f.external(node.id, 'target', '?', ids, [`target: ${c.target.reason}`]));
  }
  for (const group of pe.zoneGroups)
    for (const zone of f.q.zoneGroupZones(group)) {
      if (zone.state === 'resolved') node.children.push(f.resource(node.id, 'dnsZone', zone.resource, 'zone group'));
      else if (zone.state === 'external') node.children.push(f.external(node.id, 'dnsZone', zone.id, 'zone group'));
    }
  return node;
}

function prefixesText(p: AddressPrefixes): string | undefined {
  if (p.state === 'known') return p.cidrs.map(formatCidr).join(', ');
  return p.state === 'unknown' ? '?' : undefined;
}
