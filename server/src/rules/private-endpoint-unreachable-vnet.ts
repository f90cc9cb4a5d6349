import { describeVnet, describeVnets } from '../graph/networks';
import { subnetSpanIn } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { peerBothWaysFix } from '../rulekit/peering-fixes';
import { defineRule } from '../rulekit/rule';

/**
 * The workspace or a dependency has private endpoints, but none in a VNet the cluster can reach.
 * An extra endpoint elsewhere is fine when a reachable one exists, so only the no-way-in case is reported.
 */
export const privateEndpointUnreachableVnet = defineRule({
  meta: {
    id: 'private-endpoint-unreachable-vnet',
    defaultSeverity: 'error',
    title:
      'Private endpoints of the workspace and its resources must be in the AKS VNet or a VNet peered with it both ways',
    category: 'private-link',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'private-endpoint-unreachable-vnet',
    fixable: true,
    messages: {
      unreachable:
        '{{endpoint}} of {{target}} is in {{endpointVnet}}, which is neither {{clusterVnet}} of {{cluster}} nor peered with it in both directions. Place the endpoint in the AKS virtual network, or peer the two networks both ways.',
    },
    source: {
      document: 'EN',
      quote: 'These private endpoints should exist in the same or peered virtual network as AKS cluster.',
    },
  },
  check(ctx) {
    for (const { verdict: v, endpoint: pe } of ctx.query.unreachableEndpoints()) {
      const cluster = describe(v.setting.cluster.resource);
      const [endpointVnet, clusterVnet] = describeVnets(pe.vnet, v.vnet);
      // Moving the endpoint would change where its module (or its own parameter) puts it, and its
      // region with it; peering reaches it from where it is.
      const fix =
        pe.vnet.state === 'known' && pe.vnet.resource && v.vnet.resource
          ? peerBothWaysFix(ctx, pe.vnet.resource, v.vnet.resource)
          : undefined;
      ctx.report({
        resource: pe.resource,
        span: propertySpan(pe.resource, 'properties.subnet'),
        messageId: 'unreachable',
        data: { endpoint: describe(pe.resource), target: describe(v.target), endpointVnet, clusterVnet, cluster },
        related: [{ span: subnetSpanIn(v.setting, v.vnet), message: `${cluster} is in ${describeVnet(v.vnet)}` }],
        fixes: fix ? [fix] : [],
      });
    }
  },
});
