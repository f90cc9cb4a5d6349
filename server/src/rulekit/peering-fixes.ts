import type { AddResourcesIntent, NewPeering } from '../fixes/intent';
import type { Resource } from '../graph/resource';
import { settled } from '../graph/resource';
import { T, sameType } from '../graph/types';
import { at } from '../graph/value';
import type { RuleContext } from './rule';

/**
 * "Add a peering from 'vnet-hub' to 'vnet-aks'": the missing half of a one-way peering, declared
 * after the network that lacks it, allowing virtual network access (the forward peering's other
 * options are its own choice).
 */
export function addReversePeeringFix(ctx: RuleContext, from: Resource, to: Resource): AddResourcesIntent | undefined {
  const [fromName, toName] = [plainName(from), plainName(to)];
  if (!fromName || !toName) return undefined;
  return peeringsFix(ctx, [[to, from]], `Add a peering from '${toName}' to '${fromName}'`);
}

/**
 * "Peer 'vnet-hub' and 'vnet-aks' both ways": the peerings of either direction that neither network
 * declares yet, so that each reaches the other. None when whether one is declared is not known.
 */
export function peerBothWaysFix(ctx: RuleContext, a: Resource, b: Resource): AddResourcesIntent | undefined {
  const [aName, bName] = [plainName(a), plainName(b)];
  if (!aName || !bName || !settled(a) || !settled(b)) return undefined;
  const missing: [Resource, Resource][] = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const state = ctx.query.declaresPeeringTo(from, to).state;
    if (state === 'unknown') return undefined;
    if (state === 'no') missing.push([from, to]);
  }
  return missing.length > 0 ? peeringsFix(ctx, missing, `Peer '${aName}' and '${bName}' both ways`) : undefined;
}

/**
 * New peerings, each `[vnet, remote]` declared after the first network, named `<vnet>-to-<remote>`.
 * None when a name is not plain text, or when a network lists its peerings inline: a separate
 * peering resource next to an inline list is overwritten on redeployment.
 */
function peeringsFix(
  ctx: RuleContext,
  peerings: [Resource, Resource][],
  title: string,
): AddResourcesIntent | undefined {
  const add: NewPeering[] = [];
  for (const [vnet, remote] of peerings) {
    const [vnetName, remoteName] = [plainName(vnet), plainName(remote)];
    if (!vnetName || !remoteName || at(vnet.body, 'properties.virtualNetworkPeerings') !== undefined) return undefined;
    const taken = new Set(
      ctx.graph
        .ofType(T.peering)
        .filter((p) => ctx.graph.parent(p) === vnet)
        .map((p) => leafName(p).toLowerCase()),
    );
    const base = `${vnetName}-to-${remoteName}`;
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    add.push({ type: 'virtualNetworkPeering', key: `peering ${add.length}`, name, vnet, remote });
  }
  return {
    kind: 'addResources',
    title,
    resource: peerings[0][0],
    add,
    taken: new Set(ctx.graph.resources.map((r) => r.symbol)),
  };
}

function plainName(r: Resource): string | undefined {
  if (!sameType(r.type, T.virtualNetwork) || !r.idKnown) return undefined;
  const leaf = leafName(r);
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(leaf) ? leaf : undefined;
}

function leafName(r: Resource): string {
  return r.name.split('/').pop() ?? r.name;
}
