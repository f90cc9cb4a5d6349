import { describeVnet } from '../graph/networks';
import { lacksAccess, subnetSpanIn, undecidedReason } from '../graph/queries';
import { describe } from '../graph/resource';
import { addPrivateEndpointFix } from '../rulekit/private-link-fixes';
import { defineRule } from '../rulekit/rule';

/** A workspace with an attached AKS cluster in a VNet needs its own private endpoint reachable from that VNet. */
export const aksVnetWorkspacePrivateEndpoint = defineRule({
  meta: {
    id: 'aks-vnet-workspace-private-endpoint',
    defaultSeverity: 'error',
    title: 'A workspace with an attached AKS cluster in a VNet needs a private endpoint reachable from that VNet',
    category: 'private-link',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-vnet-workspace-private-endpoint',
    fixable: true,
    messages: {
      missing:
        "{{workspace}} has no private endpoint reachable from {{vnet}}, where the attached {{cluster}} runs. Add a private endpoint (group 'amlworkspace') for the workspace in that virtual network or one peered with it both ways, with private DNS zone integration.",
    },
    source: {
      document: 'EN',
      quote:
        'Add a new private endpoint to your workspace. This private endpoint should be in the same or peered virtual network as your AKS cluster and have private DNS zone integration enabled.',
    },
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const v of ctx.query.workspaceEndpointVerdicts()) {
      const why = undecidedReason(v);
      if (why) ctx.notEvaluated(v.target.nameSpan ?? v.target.span, why);
      if (!lacksAccess(v) || v.reach.unreachable.length > 0 || reported.has(v.target.key)) continue;
      reported.add(v.target.key);
      const { target, setting, vnet } = v;
      const cluster = describe(setting.cluster.resource);
      const fix = addPrivateEndpointFix(ctx, target, setting, vnet);
      ctx.report({
        resource: target,
        messageId: 'missing',
        data: { workspace: describe(target), vnet: describeVnet(vnet), cluster },
        related: [{ span: subnetSpanIn(setting, vnet), message: `${cluster} is in ${describeVnet(vnet)}` }],
        fixes: fix ? [fix] : [],
      });
    }
  },
});
