import type { KnownVnet } from '../graph/queries';
import type { GraphQueries } from '../graph/queries';
import { lacksAccess, undecidedReason } from '../graph/queries';
import { describeVnet, describeVnets } from '../graph/networks';
import { lastNameSegment, readableName } from '../graph/readable-name';
import type { Resource } from '../graph/resource';
import { describe } from '../graph/resource';

/**
 * What the checker found between resources, in words, by resource key: which workspace a cluster is
 * attached to, and which cluster reaches which workspace or dependency through which private
 * endpoint and peering. Read from the endpoint verdicts the endpoint rules report from, so a hover
 * never says "reachable" where a diagnostic says it is not.
 */
export function reachRelations(q: GraphQueries): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (r: Resource, text: string): void => {
    const list = out.get(r.key) ?? [];
    if (!list.includes(text)) list.push(text);
    out.set(r.key, list);
  };
  for (const a of q.attachments()) {
    if (a.cluster.state !== 'resolved' || a.cluster.cluster.createdByWorkspace) continue;
    const where = a.workspace ? ` of ${describe(a.workspace)}` : '';
    add(a.cluster.cluster.resource, `attached as ${describe(a.compute)}${where}`);
  }
  for (const v of [...q.workspaceEndpointVerdicts(), ...q.dependencyEndpointVerdicts()]) {
    const cluster = v.setting.cluster.resource;
    const aks = describe(cluster);
    const target = describe(v.target);
    if (v.reach.state === 'yes') {
      for (const pe of v.reach.reachable) {
        const via = pe.vnet.state === 'known' ? route(q, pe.vnet, v.vnet) : undefined;
        const endpoint = describe(pe.resource);
        add(v.target, `reachable from ${aks} through ${endpoint}${via ? ` (${via})` : ''}`);
        add(pe.resource, `reachable from ${aks}${via ? ` ${via}` : ''}`);
        add(cluster, `reaches ${target} through ${endpoint}${via ? ` (${via})` : ''}`);
      }
    } else if (v.serviceEndpoint.state === 'yes') {
      add(v.target, `reachable from ${aks} through a service endpoint of its subnet`);
      add(cluster, `reaches ${target} through a service endpoint of its subnet`);
    } else if (lacksAccess(v)) {
      const vnet = describeVnet(v.vnet);
      add(
        v.target,
        `not reachable from ${aks} in ${vnet}: no private endpoint there or in a VNet peered with it both ways`,
      );
      add(cluster, `cannot reach ${target} from ${vnet}`);
      for (const pe of v.reach.unreachable) {
        const [there, here] = describeVnets(pe.vnet, v.vnet);
        add(pe.resource, `not reachable from ${aks}: ${there} is not peered both ways with ${here}`);
      }
    } else {
      const why = undecidedReason(v);
      add(v.target, `whether ${aks} reaches it is not known: ${why}`);
      add(cluster, `whether it reaches ${target} is not known: ${why}`);
    }
  }
  return out;
}

/** How traffic goes from the cluster's VNet to the endpoint's: the same VNet, or the peerings between them. */
function route(q: GraphQueries, endpointVnet: KnownVnet, clusterVnet: KnownVnet): string {
  if (endpointVnet.key === clusterVnet.key) return 'in the same VNet';
  const a = endpointVnet.resource;
  const b = clusterVnet.resource;
  const names =
    a && b
      ? [...towards(q, b, a), ...towards(q, a, b)].map((p) => `'${readableName(lastNameSegment(p.name), p.language)}'`)
      : [];
  return names.length > 0
    ? `through peering ${names.join(' and ')}`
    : `through the peering with ${describeVnet(endpointVnet)}`;
}

function towards(q: GraphQueries, from: Resource, to: Resource): Resource[] {
  return q
    .peerings(from)
    .filter(({ remote }) => remote?.state === 'resolved' && remote.resource === to)
    .map(({ peering }) => peering);
}
