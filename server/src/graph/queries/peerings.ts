import type { Ref, ResourceGraph } from '../graph';
import type { Peering } from '../networks';
import { peeringsOf } from '../networks';
import type { Reach } from '../reachability';
import { mayPointAt } from '../reachability';
import { normalizeId } from '../resource-id';
import type { Resource } from '../resource';
import { describe } from '../resource';
import { T } from '../types';
import { at, isUnknown } from '../value';

/** A peering that another VNet declares towards this one (the other half of a two-way peering). */
export interface ReversePeering extends Peering {
  /** The VNet that declares it. */
  from: Resource | undefined;
}

/** The peerings whose remote network is `vnet`, wherever they are declared. */
export function reversePeerings(graph: ResourceGraph, vnet: Resource): ReversePeering[] {
  const out: ReversePeering[] = [];
  for (const peering of graph.ofType(T.peering)) {
    const remote = graph.resolve(at(peering.body, 'properties.remoteVirtualNetwork'));
    if (remote && refKey(remote) === vnet.key) out.push({ peering, remote, from: graph.parent(peering) });
  }
  return out;
}

/**
 * Whether `from` declares a peering whose remote network is `to`, whatever traffic it allows (a
 * peering that allows none is another defect). `unknown` when a peering of `from` names a remote that
 * cannot be resolved, when a peering is conditional, when a peering declared without its VNet
 * (an unresolved parent) may be `from`'s, or when a deployment that is not analysed may declare one.
 */
export function declaresPeeringTo(
  graph: ResourceGraph,
  opaque: readonly Resource[],
  from: Resource,
  to: Resource,
): Reach {
  const inline = at(from.body, 'properties.virtualNetworkPeerings');
  if (isUnknown(inline)) return { state: 'unknown', reason: inline.reason };
  let reason: string | undefined;
  for (const { peering, remote } of peeringsOf(graph, from)) {
    if (!remote || remote.state === 'unknown') {
      reason ??= `the remote network of ${describe(peering)} is not known`;
      continue;
    }
    if (refKey(remote) !== to.key) continue;
    if (peering.presence === 'always') return { state: 'yes' };
    reason ??= `${describe(peering)} is deployed only under a condition`;
  }
  const orphan = graph
    .ofType(T.peering)
    .find((p) => graph.parent(p) === undefined && (!p.idKnown || !from.idKnown) && mayPointAt(graph, p, to));
  if (orphan) reason ??= `${describe(orphan)} may belong to ${describe(from)}`;
  if (opaque.length > 0) reason ??= `${describe(opaque[0])} is not analysed and may declare a peering`;
  return reason ? { state: 'unknown', reason } : { state: 'no' };
}

function refKey(ref: Ref): string {
  return ref.state === 'resolved' ? ref.resource.key : ref.state === 'external' ? normalizeId(ref.id) : '';
}
