import { propertySpan } from '../graph/relations';
import type { Resource } from '../graph/resource';
import { describe, unsettledReason } from '../graph/resource';
import { T } from '../graph/types';
import type { Value } from '../graph/value';
import { at, isUnknown, knownBoolean, knownString } from '../graph/value';
import { setPropertyFix } from '../rulekit/fixes';
import { defineRule } from '../rulekit/rule';

const ACCESS = 'properties.publicNetworkAccess';
/** The property older API versions (and azurerm 3.x `public_access_behind_virtual_network_enabled`) use. */
const LEGACY = 'properties.allowPublicAccessWhenBehindVnet';

/**
 * A workspace secured with a private endpoint that still accepts public traffic: the endpoint
 * protects nothing while the public one stays open. Only an explicit setting is reported: absent,
 * the service (ARM) or the provider version (azurerm 3.x computes it, later versions default to
 * true) decides, and the template does not say which.
 */
export const workspacePublicNetworkAccess = defineRule({
  meta: {
    id: 'workspace-public-network-access',
    defaultSeverity: 'info',
    title: 'A workspace with a private endpoint should not also accept public network traffic',
    category: 'workspace',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'workspace-public-network-access',
    fixable: true,
    messages: {
      enabled:
        '{{workspace}} has a private endpoint ({{endpoint}}) but {{property}} is {{value}}, so it still accepts traffic from the public internet. Set {{property}} to {{fixed}} unless public access is intended.',
    },
    source: { document: 'review', quote: '' },
  },
  check(ctx) {
    for (const ws of ctx.graph.ofType(T.workspace)) {
      if (ws.origin !== 'declared') continue;
      const presence = ctx.query.privateEndpointPresence(ws);
      if (presence.state === 'no') continue;
      const open = publicAccess(ws);
      if (open.state === 'no') continue;
      const where = propertySpan(ws, open.path);
      if (open.state === 'unknown') {
        ctx.notEvaluated(where, `whether ${describe(ws)} accepts public network traffic is not known`, [open.value]);
        continue;
      }
      if (ws.presence !== 'always') {
        ctx.notEvaluated(where, unsettledReason(ws));
        continue;
      }
      if (presence.state === 'unknown' || !presence.endpoint) {
        ctx.notEvaluated(
          where,
          `whether ${describe(ws)} has a private endpoint is not known: ${presence.reason ?? ''}`,
        );
        continue;
      }
      const endpoint = presence.endpoint;
      const fixed = open.path === ACCESS ? 'Disabled' : false;
      ctx.report({
        resource: ws,
        span: where,
        messageId: 'enabled',
        data: {
          workspace: describe(ws),
          endpoint: describe(endpoint),
          property: ctx.propertyName(ws, open.path),
          value: ctx.propertyValue(ws, open.path, open.path === ACCESS ? 'Enabled' : true),
          fixed: ctx.propertyValue(ws, open.path, fixed),
        },
        related: [
          {
            span: endpoint.nameSpan ?? endpoint.span,
            message: `${describe(endpoint)} connects privately to ${describe(ws)}`,
          },
        ],
        fixes: [setPropertyFix(ctx, ws, open.path, fixed)],
      });
    }
  },
});

type PublicAccess =
  { state: 'yes' | 'no'; path: string } | { state: 'unknown'; path: string; value: Value | undefined };

/**
 * What the workspace says about public access: `publicNetworkAccess` when it is set (it supersedes
 * the legacy flag), else `allowPublicAccessWhenBehindVnet`; `no` when neither is set.
 */
function publicAccess(ws: Resource): PublicAccess {
  const access = at(ws.body, ACCESS);
  if (isUnknown(access)) return { state: 'unknown', path: ACCESS, value: access };
  if (access !== undefined && access.kind !== 'null') {
    const text = knownString(access)?.toLowerCase();
    return { state: text === 'enabled' ? 'yes' : 'no', path: ACCESS };
  }
  const legacy = at(ws.body, LEGACY);
  if (isUnknown(legacy)) return { state: 'unknown', path: LEGACY, value: legacy };
  return { state: knownBoolean(legacy) === true ? 'yes' : 'no', path: LEGACY };
}
