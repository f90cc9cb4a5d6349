import type { AddResourcesIntent } from '../fixes/intent';
import type { Resource } from '../graph/resource';
import { T, sameType } from '../graph/types';
import { at } from '../graph/value';
import type { RuleContext } from './rule';

/**
 * "Add a peering from 'vnet-hub' to 'vnet-aks'": the missing half of a one-way peering, declared
 * after the network that lacks it, allowing virtual network access (the forward peering's other
 * options are its own choice). None when a name is not plain text, or when that network lists its
 * peerings inline: a separate peering resource next to an inline list is overwritten on redeployment.
 */
export function addReversePeeringFix(ctx: RuleContext, from: Resource, to: Resource): AddResourcesIntent | undefined {
  const [fromName, toName] = [plainName(from), plainName(to)];
  if (!fromName || !toName || at(to.body, 'properties.virtualNetworkPeerings') !== undefined) return undefined;
  const taken = new Set(
    ctx.graph
      .ofType(T.peering)
      .filter((p) => ctx.graph.parent(p) === to)
      .map((p) => leafName(p).toLowerCase()),
  );
  const base = `${toName}-to-${fromName}`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  return {
    kind: 'addResources',
    title: `Add a peering from '${toName}' to '${fromName}'`,
    resource: to,
    add: [{ type: 'virtualNetworkPeering', key: 'reverse peering', name, vnet: to, remote: from }],
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
