import type { ResourceGraph } from '../graph';
import type { Peering } from '../networks';
import { normalizeId } from '../resource-id';
import type { Resource } from '../resource';
import { T } from '../types';
import { at } from '../value';

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
    const key =
      remote?.state === 'resolved' ? remote.resource.key : remote?.state === 'external' ? normalizeId(remote.id) : '';
    if (key === vnet.key) out.push({ peering, remote, from: graph.parent(peering) });
  }
  return out;
}
