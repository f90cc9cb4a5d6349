import type { Ref, ResourceGraph } from './graph';
import type { SubnetUse, VnetRef } from './networks';
import { vnetOfSubnet } from './networks';
import type { Resource } from './resource';
import { describe } from './resource';
import { buildResourceId, parseResourceId } from './resource-id';
import type { SourceSpan } from './span';
import { T, sameType, typeNoun } from './types';
import type { Value } from './value';
import { at, entry, isUnknown, items, knownString, member, str, unknown } from './value';

/**
 * Language-neutral questions about how the resources of one deployment are wired together:
 * which storage a workspace uses, which AKS clusters it attaches, which subnets a cluster sits in.
 * Networks are in `networks.ts`, private endpoints in `private-endpoints.ts`, reachability in
 * `reachability.ts`. Every answer keeps "cannot tell" apart from "no".
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
