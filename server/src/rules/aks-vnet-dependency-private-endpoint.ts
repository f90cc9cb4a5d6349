import { describeVnet } from '../graph/networks';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { T, sameType, typeNoun } from '../graph/types';
import { subnetSpanIn } from './clusters-in-vnet';
import { endpointVerdicts, lacksAccess, noteUndecided, roleNoun } from './endpoint-verdicts';
import type { Finding, Rule } from './rule';

/**
 * The workspace's storage, key vault and registry, and any datastore storage, must be reachable
 * from the attached cluster's VNet through a private endpoint (or a service endpoint for storage
 * and key vault). An endpoint that exists in the wrong VNet is `private-endpoint-unreachable-vnet`'s job.
 */
export const aksVnetDependencyPrivateEndpoint: Rule = {
  meta: {
    id: 'aks-vnet-dependency-private-endpoint',
    defaultSeverity: 'error',
    title:
      "The workspace's storage, key vault and container registry need private endpoints reachable from the AKS VNet",
    source: {
      document: 'EN',
      quote:
        "If your AKS cluster is behind a virtual network, your workspace and its associated resources (storage, key vault, Azure Container Registry) must have private endpoints or service endpoints in the same or peered virtual network as the AKS cluster's virtual network.",
    },
  },
  check(ctx, severity) {
    const findings = new Map<string, Finding>();
    for (const v of endpointVerdicts(ctx)) {
      if (!v.dependency) continue;
      noteUndecided(ctx, v);
      if (!lacksAccess(v) || v.reach.unreachable.length > 0 || findings.has(v.target.key)) continue;
      const { target, dependency, setting, vnet } = v;
      const cluster = describe(setting.cluster.resource, typeNoun);
      const alternative =
        sameType(target.type, T.storageAccount) || sameType(target.type, T.keyVault)
          ? ' (or enable its service endpoint on the AKS subnet and allow that subnet in its network rules)'
          : '';
      findings.set(target.key, {
        ruleId: 'aks-vnet-dependency-private-endpoint',
        severity,
        message:
          `${describe(target, typeNoun)}, the ${roleNoun(dependency.role)} of ${describe(setting.workspace, typeNoun)}, ` +
          `has no private endpoint reachable from ${describeVnet(vnet)}, where ${cluster} runs. ` +
          `Add a private endpoint for it in that virtual network or one peered with it both ways${alternative}.`,
        resource: target,
        span: target.nameSpan ?? target.span,
        related: [
          { span: subnetSpanIn(setting, vnet), message: `${cluster} is in ${describeVnet(vnet)}` },
          {
            span: propertySpan(dependency.holder, dependency.path),
            message: `${describe(dependency.holder, typeNoun)} uses ${describe(target, typeNoun)}`,
          },
        ],
      });
    }
    return [...findings.values()];
  },
};
