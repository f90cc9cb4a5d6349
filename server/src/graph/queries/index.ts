import type { Ref, ResourceGraph } from '../graph';
import type { Peering, VnetRef, ZoneLink } from '../networks';
import { peeringsOf, vnetOfSubnet, zoneLinks } from '../networks';
import type { PrivateEndpointIndex, TargetEndpoints } from '../private-endpoints';
import { opaqueDeployments, privateEndpointIndex, zoneGroupZones } from '../private-endpoints';
import type { Reach } from '../reachability';
import { vnetReachable } from '../reachability';
import type { AksCluster, Attachment, WorkspaceDependency } from '../relations';
import { T } from '../types';
import { attachments, workspaceDependencies } from '../relations';
import type { Resource } from '../resource';
import type { Value } from '../value';
import type { AksNetworkProfile, ClusterIdentity } from './aks';
import { aksNetworkProfile, clusterIdentity } from './aks';
import type { ClusterSubnetRanges } from './cluster-subnet-ranges';
import { clusterSubnetRanges } from './cluster-subnet-ranges';
import type { ClusterSubnetNsg } from './cluster-nsgs';
import { clusterSubnetNsgs } from './cluster-nsgs';
import type { ClusterInVnet, KnownVnet } from './clusters';
import { clustersInVnet } from './clusters';
import type { SecuredDependency } from './dependencies';
import { securedDependencies } from './dependencies';
import type { DnsResolution, ZoneLinkage } from './dns';
import { dnsResolution, zoneLinkage } from './dns';
import type { EndpointVerdict } from './endpoint-verdicts';
import type { EndpointPresence } from './has-endpoint';
import { endpointPresence } from './has-endpoint';
import { endpointVerdicts } from './endpoint-verdicts';
import type { NoteSink } from './memo';
import { QueryStore } from './memo';
import type { Note } from './note';
import type { EffectiveNsg } from './nsg';
import { effectiveNsg } from './nsg';
import type { ReversePeering } from './peerings';
import { reversePeerings } from './peerings';
import type { RoleAssignmentInfo, RoleCheck } from './roles';
import { hasRole, roleAssignments } from './roles';
import type { AddressPrefixes, SubnetInfo } from './subnets';
import { addressPrefixes, subnetsOf, vnetAddressSpace } from './subnets';

/**
 * The questions rules ask about a graph, each answered once per graph and shared by every rule.
 * Answers are read-only. A question that cannot be fully decided records notes, and every rule
 * that asks it gets them as its own "not evaluated" notes.
 */
export class GraphQueries {
  constructor(
    readonly graph: ResourceGraph,
    private readonly store: QueryStore,
    private readonly sink: NoteSink,
  ) {}

  /** AKS attachments (workspace computes of type AKS or Kubernetes), all or of one workspace. */
  attachments(workspace?: Resource): readonly Attachment[] {
    return this.memo(`attachments ${workspace?.key ?? '*'}`, () => attachments(this.graph, workspace));
  }

  /** Workspaces of this deployment whose attached AKS cluster sits in a VNet (noted when unknown). */
  clustersInVnet(): readonly ClusterInVnet[] {
    return this.memo('clustersInVnet', clustersInVnet);
  }

  /** The associated resources a workspace names, plus the storage accounts behind its datastores. */
  workspaceDependencies(workspace: Resource): readonly WorkspaceDependency[] {
    return this.memo(`workspaceDependencies ${workspace.key}`, () => workspaceDependencies(this.graph, workspace));
  }

  /** The storage, key vault, registry and datastore storage a workspace uses that this deployment creates. */
  securedDependencies(workspace: Resource): readonly SecuredDependency[] {
    return this.memo(`securedDependencies ${workspace.key}`, (q, note) => securedDependencies(q, workspace, note));
  }

  /** The private endpoints of the graph, indexed by what they connect to: `privateEndpoints().of(target)`. */
  privateEndpoints(): PrivateEndpointIndex {
    return privateEndpointIndex(this.graph);
  }

  /** Deployments whose content is not analysed: they may create anything. */
  opaqueDeployments(): readonly Resource[] {
    return this.memo('opaqueDeployments', () => opaqueDeployments(this.graph));
  }

  /** How each workspace with a cluster in a VNet is reached from each of the cluster's VNets. */
  workspaceEndpointVerdicts(): readonly EndpointVerdict[] {
    return this.memo('workspaceEndpointVerdicts', (q) => endpointVerdicts(q, 'workspace'));
  }

  /** How each secured dependency of those workspaces is reached from each of the cluster's VNets. */
  dependencyEndpointVerdicts(): readonly EndpointVerdict[] {
    return this.memo('dependencyEndpointVerdicts', (q) => endpointVerdicts(q, 'dependencies'));
  }

  /** Children of a resource, of one type when given (inline collections are children too). */
  children(resource: Resource, type?: string): readonly Resource[] {
    return this.graph.children(resource, type);
  }

  /** The private endpoints that certainly / possibly connect to a resource. */
  endpointsOf(target: Resource): TargetEndpoints {
    return this.privateEndpoints().of(target);
  }

  /** Whether a resource (a workspace) has a private endpoint: one that always deploys, or maybe one. */
  privateEndpointPresence(target: Resource): EndpointPresence {
    return this.memo(`privateEndpointPresence ${target.key}`, (q) =>
      endpointPresence(q.privateEndpoints(), q.opaqueDeployments(), target),
    );
  }

  /** The zones a private DNS zone group registers its endpoint in. */
  zoneGroupZones(group: Resource): readonly Ref[] {
    return this.memo(`zoneGroupZones ${group.key}`, () => zoneGroupZones(this.graph, group));
  }

  /** The virtual network links of a private DNS zone. */
  zoneLinks(zone: Resource): readonly ZoneLink[] {
    return this.memo(`zoneLinks ${zone.key}`, () => zoneLinks(this.graph, zone));
  }

  /** Whether a zone is linked to a VNet (links of unknown network or zone, and opaque deployments, leave it unknown). */
  zoneLinkage(zone: Resource, vnet: KnownVnet): ZoneLinkage {
    return this.memo(`zoneLinkage ${zone.key} ${vnet.key}`, (q) =>
      zoneLinkage(q.graph, zone, q.zoneLinks(zone), vnet, q.opaqueDeployments()),
    );
  }

  /** Where a VNet's machines resolve names: Azure-provided DNS (the zones linked to it), custom DNS servers, or unknown. */
  dnsResolution(vnet: KnownVnet): DnsResolution {
    return this.memo(`dnsResolution ${vnet.key}`, () => dnsResolution(this.graph, vnet));
  }

  /** The VNet a subnet reference lies in, even when neither is declared here. */
  vnetOf(subnet: Value | undefined): VnetRef {
    return vnetOfSubnet(this.graph, subnet);
  }

  /** The subnets of a VNet with their address ranges. */
  subnets(vnet: Resource): readonly SubnetInfo[] {
    return this.memo(`subnets ${vnet.key}`, () => subnetsOf(this.graph, vnet));
  }

  /** A subnet's address ranges (`addressPrefix` and `addressPrefixes`). */
  addressPrefixes(subnet: Resource): AddressPrefixes {
    return this.memo(`addressPrefixes ${subnet.key}`, () => addressPrefixes(subnet));
  }

  /** A VNet's address space. */
  vnetAddressSpace(vnet: Resource): AddressPrefixes {
    return this.memo(`vnetAddressSpace ${vnet.key}`, () => vnetAddressSpace(vnet));
  }

  /** The peerings a VNet declares. */
  peerings(vnet: Resource): readonly Peering[] {
    return this.memo(`peerings ${vnet.key}`, () => peeringsOf(this.graph, vnet));
  }

  /** The peerings other VNets (or orphan peering resources) declare towards a VNet. */
  reversePeerings(vnet: Resource): readonly ReversePeering[] {
    return this.memo(`reversePeerings ${vnet.key}`, () => reversePeerings(this.graph, vnet));
  }

  /** Whether two VNets can reach each other: the same VNet, or peered both ways with traffic allowed. */
  vnetReachable(a: VnetRef, b: VnetRef): Reach {
    const key = (v: VnetRef) => (v.state === 'known' ? v.key : `?${v.reason}`);
    return this.memo(`vnetReachable ${key(a)} ${key(b)}`, () => vnetReachable(this.graph, a, b));
  }

  /**
   * The NSG of a subnet, with `evaluation.inbound(source, port)` / `evaluation.outbound(destination, port)`
   * in priority order including Azure's default rules.
   */
  effectiveNsg(subnet: Resource): EffectiveNsg {
    return this.memo(`effectiveNsg ${subnet.key}`, (q) => {
      const vnet = this.graph.parent(subnet);
      const space: AddressPrefixes = vnet ? q.vnetAddressSpace(vnet) : { state: 'unknown', reason: 'no VNet' };
      return effectiveNsg(this.graph, subnet, { subnet: q.addressPrefixes(subnet), vnet: space });
    });
  }

  /** The NSG of each subnet of the clusters attached to a workspace (subnets whose NSG is not known are noted). */
  clusterSubnetNsgs(): readonly ClusterSubnetNsg[] {
    return this.memo('clusterSubnetNsgs', clusterSubnetNsgs);
  }

  /** Every role assignment, with role GUID, principal and scope. */
  roleAssignments(): readonly RoleAssignmentInfo[] {
    return this.memo('roleAssignments', () => roleAssignments(this.graph));
  }

  /** Whether the cluster's identity holds one of `roles` (GUIDs, `BUILT_IN_ROLES`) on `targetId` or a scope above it. */
  hasRole(identity: ClusterIdentity, roles: readonly string[], targetId: string): RoleCheck {
    return hasRole(this.roleAssignments(), this.opaqueDeployments(), identity, roles, targetId);
  }

  /** The AKS network profile (service / pod / Docker bridge ranges, DNS service IP, load balancer) of a cluster. */
  aksNetworkProfile(cluster: AksCluster): AksNetworkProfile {
    return this.memo(`aksNetworkProfile ${clusterKey(cluster)}`, () => aksNetworkProfile(cluster));
  }

  /** Every AKS cluster of the graph: the managed clusters, and the computes that make Azure ML create one. */
  clusters(): readonly AksCluster[] {
    return this.memo('clusters', (q) => [
      ...q.graph.ofType(T.managedCluster).map((resource) => ({ resource, createdByWorkspace: false })),
      ...q
        .attachments()
        .flatMap((a) =>
          a.cluster.state === 'resolved' && a.cluster.cluster.createdByWorkspace ? [a.cluster.cluster] : [],
        ),
    ]);
  }

  /** The subnet ranges of a cluster's VNets and of the VNets peered with them (service and bridge ranges must avoid them). */
  clusterSubnetRanges(cluster: AksCluster): ClusterSubnetRanges {
    return this.memo(`clusterSubnetRanges ${clusterKey(cluster)}`, (q) =>
      clusterSubnetRanges(q.graph, cluster, (subnet) => q.addressPrefixes(subnet)),
    );
  }

  /** The managed identity of a cluster (`principalMatches` recognises it in role assignments). */
  clusterIdentity(cluster: AksCluster): ClusterIdentity {
    return this.memo(`clusterIdentity ${clusterKey(cluster)}`, () => clusterIdentity(this.graph, cluster));
  }

  /** Computes once per graph; `compute` asks other questions through `q` and records notes through `note`. */
  private memo<T>(key: string, compute: (q: GraphQueries, note: Note) => T): T {
    return this.store.run(key, this.sink, (inner) =>
      compute(new GraphQueries(this.graph, this.store, inner), (span, message) => inner({ span, message })),
    );
  }
}

function clusterKey(c: AksCluster): string {
  return `${c.resource.key} ${c.createdByWorkspace}`;
}

const STORES = new WeakMap<ResourceGraph, QueryStore>();

/** The queries of a graph as one rule sees them: shared answers, notes to `sink`. */
export function graphQueries(graph: ResourceGraph, sink: NoteSink): GraphQueries {
  let store = STORES.get(graph);
  if (!store) {
    store = new QueryStore();
    STORES.set(graph, store);
  }
  return new GraphQueries(graph, store, sink);
}

export type { ClusterSubnetNsg } from './cluster-nsgs';
export type { ClusterInVnet, KnownVnet } from './clusters';
export { subnetSpanIn } from './clusters';
export type { SecuredDependency } from './dependencies';
export { SECURED_ROLES, roleNoun } from './dependencies';
export type { DnsResolution, ZoneLinkage } from './dns';
export { DNS_SERVERS, serverIn } from './dns';
export type { EndpointVerdict } from './endpoint-verdicts';
export type { EndpointPresence } from './has-endpoint';
export { lacksAccess, undecidedReason } from './endpoint-verdicts';
export type { QueryNote, NoteSink } from './memo';
export type { AksNetworkProfile, ClusterIdentity, NetworkSetting, ServiceRanges } from './aks';
export { principalMatches, serviceRangesInEffect } from './aks';
export type { ClusterSubnetRanges, SubnetRange, Undecided } from './cluster-subnet-ranges';
export { describeSubnetRange, describeSubnetRanges } from './cluster-subnet-ranges';
export type { Access, Direction, EffectiveNsg, Flow, NsgDecision, NsgRule } from './nsg';
export { DEFAULT_NSG_RULES, NsgEvaluation } from './nsg';
export type { ReversePeering } from './peerings';
export type { RoleAssignmentInfo, RoleCheck } from './roles';
export type { AddressPrefixes, SubnetInfo } from './subnets';
