import type { SubnetUse, VnetRef } from '../networks';
import type { AksCluster } from '../relations';
import { clusterNetwork, distinctVnets } from '../relations';
import type { Resource } from '../resource';
import { settled, unsettledReason } from '../resource';
import type { SourceSpan } from '../span';
import { T } from '../types';
import type { GraphQueries } from './index';
import type { Note } from './note';

export type KnownVnet = Extract<VnetRef, { state: 'known' }>;

/** A workspace of this deployment with an attached AKS cluster whose nodes sit in a VNet. */
export interface ClusterInVnet {
  workspace: Resource;
  compute: Resource;
  cluster: AksCluster;
  subnets: SubnetUse[];
  vnets: KnownVnet[];
}

/**
 * The situation the EN limitations are about: "If your AKS cluster is behind a virtual network".
 * Attachments whose cluster or network cannot be known are noted.
 */
export function clustersInVnet(q: GraphQueries, note: Note): ClusterInVnet[] {
  const out: ClusterInVnet[] = [];
  for (const workspace of q.graph.ofType(T.workspace)) {
    if (!settled(workspace)) continue;
    for (const { compute, cluster: ref } of q.attachments(workspace)) {
      const where = compute.nameSpan ?? compute.span;
      if (ref.state === 'unknown') {
        note(where, ref.reason);
        continue;
      }
      if (ref.state === 'external') {
        note(where, `the attached cluster '${ref.id}' is not declared here, so its network is not known`);
        continue;
      }
      const cluster = ref.cluster;
      if (!settled(cluster.resource)) {
        note(where, unsettledReason(cluster.resource));
        continue;
      }
      const network = clusterNetwork(q.graph, cluster);
      if (network.state === 'unknown') {
        note(network.span ?? cluster.resource.nameSpan ?? cluster.resource.span, network.reason);
        continue;
      }
      if (network.state === 'none') continue;
      out.push({ workspace, compute, cluster, subnets: network.subnets, vnets: distinctVnets(network.subnets) });
    }
  }
  return out;
}

/** Where a cluster's use of a VNet is written: the subnet reference, else the cluster's name. */
export function subnetSpanIn(c: ClusterInVnet, vnet: KnownVnet): SourceSpan {
  const use = c.subnets.find((s) => s.vnet.state === 'known' && s.vnet.key === vnet.key);
  const r = c.cluster.resource;
  return use?.span ?? r.nameSpan ?? r.span;
}
