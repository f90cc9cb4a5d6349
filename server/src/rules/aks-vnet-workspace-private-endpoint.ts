import { describeVnet } from '../graph/networks';
import { describe } from '../graph/resource';
import { typeNoun } from '../graph/types';
import { subnetSpanIn } from './clusters-in-vnet';
import { endpointVerdicts, lacksAccess, noteUndecided } from './endpoint-verdicts';
import type { Finding, Rule } from './rule';

/** A workspace with an attached AKS cluster in a VNet needs its own private endpoint reachable from that VNet. */
export const aksVnetWorkspacePrivateEndpoint: Rule = {
  meta: {
    id: 'aks-vnet-workspace-private-endpoint',
    defaultSeverity: 'error',
    title: 'A workspace with an attached AKS cluster in a VNet needs a private endpoint reachable from that VNet',
    source: {
      document: 'EN',
      quote:
        'Add a new private endpoint to your workspace. This private endpoint should be in the same or peered virtual network as your AKS cluster and have private DNS zone integration enabled.',
    },
  },
  check(ctx, severity) {
    const findings = new Map<string, Finding>();
    for (const v of endpointVerdicts(ctx, true)) {
      noteUndecided(ctx, v);
      if (!lacksAccess(v) || v.reach.unreachable.length > 0 || findings.has(v.target.key)) continue;
      const { target, setting, vnet } = v;
      const cluster = describe(setting.cluster.resource, typeNoun);
      findings.set(target.key, {
        ruleId: 'aks-vnet-workspace-private-endpoint',
        severity,
        message:
          `${describe(target, typeNoun)} has no private endpoint reachable from ${describeVnet(vnet)}, where the attached ${cluster} runs. ` +
          `Add a private endpoint (group 'amlworkspace') for the workspace in that virtual network or one peered with it both ways, with private DNS zone integration.`,
        resource: target,
        span: target.nameSpan ?? target.span,
        related: [{ span: subnetSpanIn(setting, vnet), message: `${cluster} is in ${describeVnet(vnet)}` }],
      });
    }
    return [...findings.values()];
  },
};
