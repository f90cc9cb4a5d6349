import { describeVnet } from '../graph/networks';
import { lacksAccess, roleNoun, subnetSpanIn, undecidedReason } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { T, sameType } from '../graph/types';
import { addPrivateEndpointFix } from '../rulekit/private-link-fixes';
import { defineRule } from '../rulekit/rule';

/**
 * The workspace's storage, key vault and registry, and any datastore storage, must be reachable
 * from the attached cluster's VNet through a private endpoint (or a service endpoint for storage
 * and key vault). An endpoint that exists in the wrong VNet is `private-endpoint-unreachable-vnet`'s job.
 */
export const aksVnetDependencyPrivateEndpoint = defineRule({
  meta: {
    id: 'aks-vnet-dependency-private-endpoint',
    defaultSeverity: 'error',
    title:
      "The workspace's storage, key vault and container registry need private endpoints reachable from the AKS VNet",
    category: 'private-link',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-vnet-dependency-private-endpoint',
    fixable: true,
    messages: {
      missing:
        '{{target}}, the {{role}} of {{workspace}}, has no private endpoint reachable from {{vnet}}, where {{cluster}} runs. Add a private endpoint for it in that virtual network or one peered with it both ways.',
      missingOrServiceEndpoint:
        '{{target}}, the {{role}} of {{workspace}}, has no private endpoint reachable from {{vnet}}, where {{cluster}} runs. Add a private endpoint for it in that virtual network or one peered with it both ways (or enable its service endpoint on the AKS subnet and allow that subnet in its network rules).',
    },
    source: {
      document: 'EN',
      quote:
        "If your AKS cluster is behind a virtual network, your workspace and its associated resources (storage, key vault, Azure Container Registry) must have private endpoints or service endpoints in the same or peered virtual network as the AKS cluster's virtual network.",
    },
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const v of ctx.query.dependencyEndpointVerdicts()) {
      const why = undecidedReason(v);
      if (why) ctx.notEvaluated(v.target.nameSpan ?? v.target.span, why);
      if (!lacksAccess(v) || v.reach.unreachable.length > 0 || !v.dependency || reported.has(v.target.key)) continue;
      reported.add(v.target.key);
      const { target, dependency, setting, vnet } = v;
      const cluster = describe(setting.cluster.resource);
      const serviceEndpoints = sameType(target.type, T.storageAccount) || sameType(target.type, T.keyVault);
      const fix = addPrivateEndpointFix(ctx, target, setting, vnet);
      ctx.report({
        resource: target,
        messageId: serviceEndpoints ? 'missingOrServiceEndpoint' : 'missing',
        data: {
          target: describe(target),
          role: roleNoun(dependency.role),
          workspace: describe(setting.workspace),
          vnet: describeVnet(vnet),
          cluster,
        },
        related: [
          { span: subnetSpanIn(setting, vnet), message: `${cluster} is in ${describeVnet(vnet)}` },
          {
            span: propertySpan(dependency.holder, dependency.path),
            message: `${describe(dependency.holder)} uses ${describe(target)}`,
          },
        ],
        fixes: fix ? [fix] : [],
      });
    }
  },
});
