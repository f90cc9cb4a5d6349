import type { Ref, ResourceGraph } from './graph';
import type { Resource } from './resource';
import { buildResourceId, lastName, normalizeId, parentResourceId, parseResourceId } from './resource-id';
import type { SourceSpan } from './span';
import { T, sameType, typeNoun } from './types';
import type { Value } from './value';
import { at, entry, isUnknown, items, knownString, member, str, unknown } from './value';
import { describe } from './resource';

/**
 * Language-neutral questions about how the resources of one deployment are wired together:
 * which storage a workspace uses, which AKS clusters it attaches, which subnet and VNet a cluster
 * or a private endpoint sits in. Every answer keeps "cannot tell" apart from "no".
 */

export type Tri = 'yes' | 'no' | 'unknown';

export type DependencyRole = 'storageAccount' | 'keyVault' | 'containerRegistry' | 'applicationInsights' | 'datastore';

export interface WorkspaceDependency {
  role: DependencyRole;
  /** The resource that names the dependency: the workspace, or one of its datastores. */
  holder: Resource;
  /** Where the reference is written in the holder's body. */
  path: string;
  ref: Ref;
}

const WORKSPACE_REFERENCES: { role: DependencyRole; path: string }[] = [
  { role: 'storageAccount', path: 'properties.storageAccount' },
  { role: 'keyVault', path: 'properties.keyVault' },
  { role: 'containerRegistry', path: 'properties.containerRegistry' },
  { role: 'applicationInsights', path: 'properties.applicationInsights' },
];

/** The associated resources a workspace names, plus the storage accounts behind its datastores. */
export function workspaceDependencies(graph: ResourceGraph, workspace: Resource): WorkspaceDependency[] {
  const out: WorkspaceDependency[] = [];
  for (const { role, path } of WORKSPACE_REFERENCES) {
    const ref = graph.resolve(at(workspace.body, path));
    if (ref) out.push({ role, holder: workspace, path, ref });
  }
  for (const datastore of graph.children(workspace, T.workspaceDatastore)) {
    const ref = datastoreStorage(graph, workspace, datastore);
    if (ref) out.push({ role: 'datastore', holder: datastore, path: 'properties.accountName', ref });
  }
  return out;
}

/** A datastore names its account by name, in the workspace's subscription and group unless told otherwise. */
function datastoreStorage(graph: ResourceGraph, workspace: Resource, datastore: Resource): Ref | undefined {
  const props = member(datastore.body, 'properties');
  const account = member(props, 'accountName');
  if (!account || account.kind === 'null') return undefined;
  const home = parseResourceId(workspace.id);
  const name = idPart(account, undefined);
  const subscriptionId = idPart(member(props, 'subscriptionId'), home?.subscriptionId);
  const resourceGroup = idPart(member(props, 'resourceGroup'), home?.resourceGroup);
  if (name === undefined || subscriptionId === undefined || resourceGroup === undefined) {
    return graph.resolve(unknown("the datastore's storage account cannot be determined", account.span));
  }
  return graph.resolve(str(buildResourceId({ subscriptionId, resourceGroup }, T.storageAccount, [name]), account.span));
}

/** A piece of an id: the known string, an unknown's symbol, the fallback when absent; undefined if unknowable. */
function idPart(v: Value | undefined, fallback: string | undefined): string | undefined {
  if (!v || v.kind === 'null' || (v.kind === 'string' && v.value === '')) return fallback;
  if (v.kind === 'string') return v.value;
  return isUnknown(v) ? v.symbol : undefined;
}

/** An AKS cluster: a managed cluster, or an AML compute of type AKS that makes AML create the cluster. */
export interface AksCluster {
  resource: Resource;
  /** True for the AML compute without `resourceId`: its own properties describe the cluster. */
  createdByWorkspace: boolean;
}

export type ClusterRef =
  { state: 'resolved'; cluster: AksCluster } | { state: 'external'; id: string } | { state: 'unknown'; reason: string };

/** A workspace compute that attaches (or creates) an AKS cluster. */
export interface Attachment {
  /** Undefined when the compute's workspace is not in the graph. */
  workspace: Resource | undefined;
  compute: Resource;
  cluster: ClusterRef;
}

const AKS_COMPUTE_TYPES = new Set(['aks', 'kubernetes']);

/** Every AKS attachment in the graph, or only those of one workspace. */
export function attachments(graph: ResourceGraph, workspace?: Resource): Attachment[] {
  const computes = workspace ? graph.children(workspace, T.workspaceCompute) : graph.ofType(T.workspaceCompute);
  const out: Attachment[] = [];
  for (const compute of computes) {
    const cluster = clusterOfCompute(graph, compute);
    if (cluster) out.push({ workspace: workspace ?? graph.parent(compute), compute, cluster });
  }
  return out;
}

function clusterOfCompute(graph: ResourceGraph, compute: Resource): ClusterRef | undefined {
  const props = member(compute.body, 'properties');
  const typeValue = member(props, 'computeType');
  if (isUnknown(typeValue) || isUnknown(props))
    return { state: 'unknown', reason: `the type of ${name(compute)} is not known` };
  const computeType = knownString(typeValue)?.toLowerCase();
  if (computeType === undefined || !AKS_COMPUTE_TYPES.has(computeType)) return undefined;
  if (compute.presence === 'maybe')
    return { state: 'unknown', reason: `${name(compute)} is deployed only under a condition` };
  const ref = graph.resolve(member(props, 'resourceId'));
  if (!ref) {
    // Without a resourceId AML creates the cluster itself (AKS only; a Kubernetes compute needs one).
    return computeType === 'aks'
      ? { state: 'resolved', cluster: { resource: compute, createdByWorkspace: true } }
      : { state: 'unknown', reason: `${name(compute)} names no cluster` };
  }
  if (ref.state === 'resolved') {
    if (!sameType(ref.resource.type, T.managedCluster))
      return { state: 'unknown', reason: `${name(compute)} points at a ${typeNoun(ref.resource.type)}` };
    return { state: 'resolved', cluster: { resource: ref.resource, createdByWorkspace: false } };
  }
  return ref.state === 'external' ? { state: 'external', id: ref.id } : { state: 'unknown', reason: ref.reason };
}

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

/** Where the cluster's nodes live. `none`: no pool names a subnet (AKS creates its own network). */
export type ClusterNetwork =
  | { state: 'none' }
  | { state: 'unknown'; reason: string; span?: SourceSpan }
  | { state: 'known'; subnets: SubnetUse[] };

export function clusterNetwork(graph: ResourceGraph, cluster: AksCluster): ClusterNetwork {
  const values: Value[] = [];
  const r = cluster.resource;
  if (cluster.createdByWorkspace) {
    const subnet = at(r.body, 'properties.properties.aksNetworkingConfiguration.subnetId');
    if (subnet) values.push(subnet);
  } else {
    const pools = at(r.body, 'properties.agentPoolProfiles');
    if (isUnknown(pools))
      return { state: 'unknown', reason: `the node pools of ${name(r)} are not known`, span: pools.span };
    for (const pool of [...items(pools), ...graph.children(r, T.agentPool).map((p) => member(p.body, 'properties'))]) {
      if (isUnknown(pool))
        return { state: 'unknown', reason: `a node pool of ${name(r)} is not known`, span: pool.span };
      const subnet = member(pool, 'vnetSubnetID');
      if (subnet && subnet.kind !== 'null') values.push(subnet);
    }
  }
  if (values.length === 0) return { state: 'none' };
  const subnets = values.map((value) => ({ value, span: value.span, vnet: vnetOfSubnet(graph, value) }));
  const unknownOne = subnets.find((s) => s.vnet.state === 'unknown');
  if (unknownOne && unknownOne.vnet.state === 'unknown')
    return { state: 'unknown', reason: unknownOne.vnet.reason, span: unknownOne.span };
  return { state: 'known', subnets };
}

/** The distinct VNets of a known cluster network. */
export function distinctVnets(subnets: readonly SubnetUse[]): Extract<VnetRef, { state: 'known' }>[] {
  const byKey = new Map<string, Extract<VnetRef, { state: 'known' }>>();
  for (const s of subnets) if (s.vnet.state === 'known' && !byKey.has(s.vnet.key)) byKey.set(s.vnet.key, s.vnet);
  return [...byKey.values()];
}

/** The VNet of a subnet reference: the subnet's parent, even when neither is declared here. */
export function vnetOfSubnet(graph: ResourceGraph, v: Value | undefined): VnetRef {
  const ref = graph.resolve(v);
  if (!ref) return { state: 'unknown', reason: 'no subnet is given' };
  if (ref.state === 'resolved') {
    if (!sameType(ref.resource.type, T.subnet))
      return { state: 'unknown', reason: `${name(ref.resource)} is not a subnet` };
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
  // A whole id from one unset parameter: every use of that parameter is the same subnet, so the same VNet.
  if (isUnknown(ref.value) && ref.value.symbol) {
    const symbol = ref.value.symbol;
    return { state: 'known', key: `${VNET_OF}${normalizeId(symbol)}`, id: `the virtual network of subnet ${symbol}` };
  }
  return { state: 'unknown', reason: ref.state === 'unknown' ? ref.reason : 'the subnet is not known' };
}

function vnetFromKey(graph: ResourceGraph, key: string, subnetId: string): VnetRef {
  const resource = graph.get(key);
  return { state: 'known', key, id: resource?.id ?? parentResourceId(subnetId) ?? key, resource };
}

function keyOfParent(id: string): string | undefined {
  const p = parentResourceId(id);
  return p ? normalizeId(p) : undefined;
}

/** "virtual network 'vnet-aks'" for messages, declared or not. */
export function describeVnet(vnet: VnetRef): string {
  if (vnet.state === 'unknown') return 'an unknown virtual network';
  if (vnet.key.startsWith(VNET_OF)) return vnet.id;
  if (vnet.resource) return describe(vnet.resource, typeNoun);
  return `virtual network '${lastName(vnet.id) ?? vnet.id}'`;
}

export interface PrivateLinkConnection {
  /** Undefined when the connection names no target. */
  target: Ref | undefined;
  /** Undefined when the group ids are unknown. */
  groupIds: string[] | undefined;
}

export interface PrivateEndpointInfo {
  resource: Resource;
  subnet: Value | undefined;
  vnet: VnetRef;
  connections: PrivateLinkConnection[];
  /** Set when the connection list itself cannot be read: the endpoint may target anything. */
  connectionsUnknown?: string;
  /** `privateDnsZoneGroups` children. */
  zoneGroups: Resource[];
}

const CONNECTION_LISTS = ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'];

export function privateEndpoints(graph: ResourceGraph): PrivateEndpointInfo[] {
  return graph.ofType(T.privateEndpoint).map((pe) => privateEndpointInfo(graph, pe));
}

export function privateEndpointInfo(graph: ResourceGraph, pe: Resource): PrivateEndpointInfo {
  const props = member(pe.body, 'properties');
  const subnet = member(props, 'subnet');
  const connections: PrivateLinkConnection[] = [];
  let connectionsUnknown: string | undefined;
  if (isUnknown(props)) connectionsUnknown = props.reason;
  if (pe.origin === 'existing') connectionsUnknown = `${name(pe)} is declared elsewhere`;
  for (const listName of CONNECTION_LISTS) {
    const list = member(props, listName);
    if (isUnknown(list)) connectionsUnknown = list.reason;
    for (const item of items(list)) {
      if (isUnknown(item)) {
        connectionsUnknown = item.reason;
        continue;
      }
      const cprops = member(item, 'properties');
      if (isUnknown(cprops)) connectionsUnknown = cprops.reason;
      const target = graph.resolve(member(cprops, 'privateLinkServiceId'));
      connections.push({ target, groupIds: groupIdsOf(member(cprops, 'groupIds')) });
    }
  }
  return {
    resource: pe,
    subnet,
    vnet: vnetOfSubnet(graph, subnet),
    connections,
    connectionsUnknown,
    zoneGroups: graph.children(pe, T.privateDnsZoneGroup),
  };
}

function groupIdsOf(v: Value | undefined): string[] | undefined {
  if (!v || v.kind === 'null') return [];
  if (v.kind !== 'array') return undefined;
  const out: string[] = [];
  for (const i of v.items) {
    const s = knownString(i);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** A target's endpoints: those that certainly connect to it, and those whose target cannot be ruled out. */
export interface TargetEndpoints {
  certain: PrivateEndpointInfo[];
  possible: PrivateEndpointInfo[];
}

/**
 * The private endpoints of a graph, indexed by the key of what they connect to, so that asking
 * "which endpoints serve X" does not scan every endpoint. Endpoints whose target is unresolved are
 * kept aside and checked against each question.
 */
export class PrivateEndpointIndex {
  private readonly byTarget = new Map<string, PrivateEndpointInfo[]>();
  private readonly undecided: PrivateEndpointInfo[] = [];

  constructor(readonly all: readonly PrivateEndpointInfo[]) {
    for (const pe of all) {
      const keys = new Set<string>();
      let open = pe.connectionsUnknown !== undefined;
      for (const c of pe.connections) {
        if (c.target?.state === 'resolved') keys.add(c.target.resource.key);
        else if (c.target?.state === 'external') keys.add(normalizeId(c.target.id));
        else if (c.target?.state === 'unknown') open = true;
      }
      for (const key of keys) {
        const list = this.byTarget.get(key) ?? [];
        list.push(pe);
        this.byTarget.set(key, list);
      }
      if (open) this.undecided.push(pe);
    }
  }

  of(target: Resource): TargetEndpoints {
    const certain = this.byTarget.get(target.key) ?? [];
    const possible = this.undecided.filter((pe) => !certain.includes(pe) && endpointTargets(pe, target) === 'unknown');
    return { certain, possible };
  }
}

const INDEXES = new WeakMap<ResourceGraph, PrivateEndpointIndex>();

/** The endpoint index of a graph, built once: graphs do not change after construction. */
export function privateEndpointIndex(graph: ResourceGraph): PrivateEndpointIndex {
  let index = INDEXES.get(graph);
  if (!index) {
    index = new PrivateEndpointIndex(privateEndpoints(graph));
    INDEXES.set(graph, index);
  }
  return index;
}

/** Whether an endpoint connects to the target: yes, no, or unknown when some connection is unresolved. */
export function endpointTargets(pe: PrivateEndpointInfo, target: Resource): Tri {
  let result: Tri = pe.connectionsUnknown ? 'unknown' : 'no';
  for (const c of pe.connections) {
    const t = targets(c, target);
    if (t === 'yes') return 'yes';
    if (t === 'unknown') result = 'unknown';
  }
  return result;
}

/** The zones a private DNS zone group registers the endpoint in. */
export function zoneGroupZones(graph: ResourceGraph, group: Resource): Ref[] {
  const out: Ref[] = [];
  for (const config of items(at(group.body, 'properties.privateDnsZoneConfigs'))) {
    const ref = graph.resolve(at(config, 'properties.privateDnsZoneId'));
    if (ref) out.push(ref);
  }
  return out;
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

/** Whether a connection's target is the given resource: yes, no, or unknown when the id is unresolved. */
export function targets(connection: PrivateLinkConnection, target: Resource): Tri {
  const ref = connection.target;
  if (!ref) return 'no';
  if (ref.state === 'resolved') return ref.resource.key === target.key ? 'yes' : 'no';
  if (ref.state === 'external') return normalizeId(ref.id) === target.key ? 'yes' : 'no';
  // A partly known id still tells its type: an unknown storage account id cannot be a key vault.
  const partial = ref.value.kind === 'string' ? parseResourceId(ref.value.value) : undefined;
  if (partial && !sameType(partial.type, target.type)) return 'no';
  return 'unknown';
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

/** The span of a property, or of the resource's name when the property is absent. */
export function propertySpan(r: Resource, path: string): SourceSpan {
  const steps = path.split('.');
  let cur: Value | undefined = r.body;
  let spanHere: SourceSpan | undefined;
  for (const step of steps) {
    const e = entry(cur, step);
    if (!e) return r.nameSpan ?? r.span;
    spanHere = e.span ?? e.value.span;
    cur = e.value;
  }
  return spanHere ?? r.nameSpan ?? r.span;
}

function name(r: Resource): string {
  return describe(r, typeNoun);
}
