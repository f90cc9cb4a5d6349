import type { SubnetUse, VnetRef } from '../graph/networks';
import type { AksCluster } from '../graph/relations';
import { attachments, clusterNetwork, distinctVnets } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { unsettledReason } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { T, typeNoun } from '../graph/types';
import type { RuleContext } from './rule';

export type KnownVnet = Extract<VnetRef, { state: 'known' }>;

/** A workspace of this deployment with an attached AKS cluster whose nodes sit in a VNet. */
export interface ClusterInVnet {
  workspace: Resource;
  compute: Resource;
  cluster: AksCluster;
  subnets: SubnetUse[];
  vnets: KnownVnet[];
}

/** A resource this deployment certainly creates, so what it says about it is all there is. */
export function settled(r: Resource): boolean {
  return r.origin === 'declared' && r.presence === 'always';
}

/**
 * The situation the EN limitations are about: "If your AKS cluster is behind a virtual network".
 * Attachments whose cluster or network cannot be known are recorded as not evaluated.
 */
export function clustersInVnet(ctx: RuleContext): ClusterInVnet[] {
  const out: ClusterInVnet[] = [];
  for (const workspace of ctx.graph.ofType(T.workspace)) {
    if (!settled(workspace)) continue;
    for (const { compute, cluster: ref } of attachments(ctx.graph, workspace)) {
      const where = compute.nameSpan ?? compute.span;
      if (ref.state === 'unknown') {
        ctx.notEvaluated(where, ref.reason);
        continue;
      }
      if (ref.state === 'external') {
        ctx.notEvaluated(where, `the attached cluster '${ref.id}' is not declared here, so its network is not known`);
        continue;
      }
      const cluster = ref.cluster;
      if (!settled(cluster.resource)) {
        ctx.notEvaluated(where, unsettledReason(cluster.resource, typeNoun));
        continue;
      }
      const network = clusterNetwork(ctx.graph, cluster);
      if (network.state === 'unknown') {
        ctx.notEvaluated(network.span ?? cluster.resource.nameSpan ?? cluster.resource.span, network.reason);
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
