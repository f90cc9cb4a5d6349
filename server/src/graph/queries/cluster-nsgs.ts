import type { SubnetUse } from '../networks';
import type { Resource } from '../resource';
import { describe } from '../resource';
import type { SourceSpan } from '../span';
import { T, sameType } from '../types';
import type { ClusterInVnet } from './clusters';
import type { GraphQueries } from './index';
import type { Note } from './note';
import type { NsgEvaluation } from './nsg';

/** The NSG on one subnet an attached cluster's nodes use. */
export interface ClusterSubnetNsg {
  setting: ClusterInVnet;
  /** The subnet reference (a node pool's `vnetSubnetID`, the AML compute's `subnetId`). */
  use: SubnetUse;
  subnet: Resource;
  nsg: Resource;
  evaluation: NsgEvaluation;
}

/**
 * The network security groups that filter the traffic of the AKS clusters attached to a workspace:
 * the NSG of each subnet their nodes sit in (each subnet once per cluster). A subnet whose NSG cannot
 * be known (the subnet or the NSG is declared elsewhere, a parameter names it) is noted.
 */
export function clusterSubnetNsgs(q: GraphQueries, note: Note): ClusterSubnetNsg[] {
  const out: ClusterSubnetNsg[] = [];
  for (const setting of q.clustersInVnet()) {
    const seen = new Set<string>();
    for (const use of setting.subnets) {
      const where: SourceSpan | undefined = use.span ?? setting.cluster.resource.nameSpan;
      const ref = q.graph.resolve(use.value);
      if (ref?.state !== 'resolved' || !sameType(ref.resource.type, T.subnet)) {
        if (where)
          note(where, 'the subnet of the cluster is not declared here, so its network security group is not known');
        continue;
      }
      const subnet = ref.resource;
      if (seen.has(subnet.key)) continue;
      seen.add(subnet.key);
      const nsg = q.effectiveNsg(subnet);
      if (nsg.state === 'none') continue;
      if (nsg.state === 'unknown') {
        const span = nsg.span ?? where;
        if (span) note(span, `the network security group of ${describe(subnet)} is not known: ${nsg.reason}`);
        continue;
      }
      out.push({ setting, use, subnet, nsg: nsg.nsg, evaluation: nsg.evaluation });
    }
  }
  return out;
}
