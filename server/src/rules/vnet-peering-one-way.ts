import type { VnetRef } from '../graph/networks';
import { mayBeAnyVnet } from '../graph/networks';
import { clusterNetwork, propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, settled, unsettledReason } from '../graph/resource';
import { T, sameType } from '../graph/types';
import { at } from '../graph/value';
import { addReversePeeringFix } from '../rulekit/peering-fixes';
import type { RuleContext } from '../rulekit/rule';
import { defineRule } from '../rulekit/rule';

const REMOTE = 'properties.remoteVirtualNetwork';

/**
 * A VNet peering carries traffic only once both networks declare it: Azure shows a one-way peering
 * as "Initiated" and routes nothing over it. A peering between a cluster's network and an endpoint's
 * is left to `private-endpoint-unreachable-vnet` (one defect, one finding: `leftToEndpointRules`).
 */
export const vnetPeeringOneWay = defineRule({
  meta: {
    id: 'vnet-peering-one-way',
    defaultSeverity: 'warning',
    title: 'A peering between two VNets of the deployment has its reverse peering',
    category: 'network',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'vnet-peering-one-way',
    fixable: true,
    messages: {
      oneWay:
        '{{peering}} peers {{from}} with {{to}}, but {{to}} declares no peering back to {{from}}, so no traffic flows between them: a peering works only once both networks declare it. Add a peering from {{to}} to {{from}}.',
    },
    source: { document: 'review', quote: '' },
  },
  check(ctx) {
    const endpoints = endpointVnets(ctx);
    const clusters = clusterVnets(ctx);
    for (const peering of ctx.graph.ofType(T.peering)) {
      const from = ctx.graph.parent(peering);
      if (!from || !settled(from) || !sameType(from.type, T.virtualNetwork)) continue;
      const span = propertySpan(peering, REMOTE);
      if (!settled(peering)) {
        ctx.notEvaluated(span, unsettledReason(peering));
        continue;
      }
      const remote = ctx.graph.resolve(at(peering.body, REMOTE));
      if (!remote || remote.state === 'external') continue;
      if (remote.state === 'unknown') {
        ctx.notEvaluated(span, `the remote network of ${describe(peering)} is not known: ${remote.reason}`);
        continue;
      }
      const to = remote.resource;
      if (to === from || !sameType(to.type, T.virtualNetwork)) continue;
      if (!settled(to)) {
        ctx.notEvaluated(span, `the peerings of ${describe(to)} are not known: ${unsettledReason(to)}`);
        continue;
      }
      const back = ctx.query.declaresPeeringTo(to, from);
      if (back.state === 'yes') continue;
      if (back.state === 'unknown') {
        ctx.notEvaluated(
          span,
          `whether ${describe(to)} peers back with ${describe(from)} is not known: ${back.reason}`,
        );
        continue;
      }
      if (leftToEndpointRules(endpoints, clusters, from, to)) continue;
      const names = { from: describe(from), to: describe(to) };
      const fix = addReversePeeringFix(ctx, from, to);
      ctx.report({
        resource: peering,
        span,
        messageId: 'oneWay',
        data: { peering: describe(peering), ...names },
        related: [{ span: to.nameSpan ?? to.span, message: `${names.to} declares no peering to ${names.from}` }],
        fixes: fix ? [fix] : [],
      });
    }
  },
});

/** The VNets that hold, or may hold, something; `any` when one may be in a network that cannot be told. */
interface VnetSet {
  any: boolean;
  keys: Set<string>;
}

function add(ctx: RuleContext, set: VnetSet, vnet: VnetRef): void {
  if (vnet.state === 'unknown' || mayBeAnyVnet(vnet)) {
    set.any = true;
    return;
  }
  set.keys.add(vnet.key);
  // A network known only by id may be a declared one whose id is not known.
  if (!vnet.resource && ctx.graph.ofType(T.virtualNetwork).some((v) => !v.idKnown)) set.any = true;
}

function endpointVnets(ctx: RuleContext): VnetSet {
  const set: VnetSet = { any: false, keys: new Set() };
  for (const pe of ctx.query.privateEndpoints().all) add(ctx, set, pe.vnet);
  return set;
}

function clusterVnets(ctx: RuleContext): VnetSet {
  const set: VnetSet = { any: ctx.query.attachments().some((a) => a.cluster.state === 'unknown'), keys: new Set() };
  for (const cluster of ctx.query.clusters()) {
    const network = clusterNetwork(ctx.graph, cluster);
    if (network.state === 'unknown') set.any = true;
    if (network.state === 'known') for (const use of network.subnets) add(ctx, set, use.vnet);
  }
  return set;
}

/**
 * A peering between a network with a private endpoint and a network with an AKS cluster is a path
 * from the cluster to the endpoint: when it is one-way and the endpoint is the workspace's or a
 * dependency's, private-endpoint-unreachable-vnet reports it on the endpoint. The pair is left to it
 * whenever that may be so (also when an endpoint's or a cluster's network is unknown), so that an
 * unknown value never turns its finding into this one.
 */
function leftToEndpointRules(endpoints: VnetSet, clusters: VnetSet, a: Resource, b: Resource): boolean {
  const holds = (set: VnetSet, v: Resource) => set.any || set.keys.has(v.key);
  return (holds(endpoints, a) && holds(clusters, b)) || (holds(endpoints, b) && holds(clusters, a));
}
