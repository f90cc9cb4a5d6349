import { propertySpan } from '../graph/relations';
import { describe, settled } from '../graph/resource';
import { T } from '../graph/types';
import { at, isUnknown, knownString } from '../graph/value';
import { defineRule } from '../rulekit/rule';

const ISOLATION = 'properties.managedNetwork.isolationMode';

/**
 * A workspace that serves managed online endpoints and is secured with network resources made by
 * hand — a private endpoint in a VNet of the template's own — while its managed network is off.
 * Microsoft's advice for online endpoints is the workspace's managed network isolation instead of
 * hand-configured VNets. A workspace that also attaches an AKS cluster needs the hand-made VNet for
 * AKS inferencing, so it is left alone.
 */
export const onlineEndpointManagedNetwork = defineRule({
  meta: {
    id: 'online-endpoint-managed-network',
    defaultSeverity: 'info',
    title: 'Secure managed online endpoints with the workspace managed network, not hand-made VNet resources',
    category: 'workspace',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'online-endpoint-managed-network',
    fixable: false,
    messages: {
      handMade:
        '{{workspace}} serves {{endpoint}} and is secured by {{privateEndpoint}} in a virtual network configured by hand, while its managed network is off ({{property}} {{setting}}). To secure managed online endpoints, use managed network isolation instead: set {{property}} to {{allowInternet}} or {{approvedOnly}}.',
    },
    source: {
      document: 'EN',
      quote:
        "If you're securing managed online endpoints rather than AKS-based inferencing, use workspace managed network isolation instead of manually configuring VNets.",
    },
  },
  check(ctx) {
    for (const ws of ctx.graph.ofType(T.workspace)) {
      if (!settled(ws)) continue;
      const endpoints = ctx.graph.children(ws, T.workspaceOnlineEndpoint).filter((e) => e.origin === 'declared');
      const endpoint = endpoints.find(settled);
      if (!endpoint) {
        if (endpoints.length > 0)
          ctx.notEvaluated(
            endpoints[0].nameSpan ?? endpoints[0].span,
            `${describe(endpoints[0])} is deployed only under a condition`,
          );
        continue;
      }
      // AKS-based inferencing is what hand-made VNets are for.
      if (ctx.query.attachments(ws).length > 0) continue;
      const mode = at(ws.body, ISOLATION);
      if (isUnknown(mode)) {
        ctx.notEvaluated(
          propertySpan(ws, ISOLATION),
          `the managed network isolation mode of ${describe(ws)} is not known`,
        );
        continue;
      }
      // Absent, isolationMode is Disabled (the API default): no managed network.
      const absent = mode === undefined || mode.kind === 'null';
      const text = absent ? 'Disabled' : knownString(mode);
      if (text?.toLowerCase() !== 'disabled') continue;
      const pe = ctx.query.privateEndpointPresence(ws);
      if (pe.state === 'unknown') {
        ctx.notEvaluated(
          ws.nameSpan ?? ws.span,
          pe.reason ?? `whether ${describe(ws)} has a private endpoint is not known`,
        );
        continue;
      }
      if (pe.state === 'no' || !pe.endpoint) continue;
      ctx.report({
        resource: ws,
        span: propertySpan(ws, ISOLATION),
        messageId: 'handMade',
        data: {
          workspace: describe(ws),
          endpoint: describe(endpoint),
          privateEndpoint: describe(pe.endpoint),
          property: ctx.propertyName(ws, ISOLATION),
          setting: `${absent ? 'is not set, so it is' : 'is'} ${ctx.propertyValue(ws, ISOLATION, 'Disabled')}`,
          allowInternet: ctx.propertyValue(ws, ISOLATION, 'AllowInternetOutbound'),
          approvedOnly: ctx.propertyValue(ws, ISOLATION, 'AllowOnlyApprovedOutbound'),
        },
        related: [
          ...endpoints.map((e) => ({ span: e.nameSpan ?? e.span, message: `${describe(e)} of ${describe(ws)}` })),
          {
            span: pe.endpoint.nameSpan ?? pe.endpoint.span,
            message: `${describe(pe.endpoint)} secures ${describe(ws)}`,
          },
        ],
      });
    }
  },
});
