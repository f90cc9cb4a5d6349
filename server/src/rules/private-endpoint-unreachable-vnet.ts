import { describeVnet, describeVnets } from '../graph/networks';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { typeNoun } from '../graph/types';
import { subnetSpanIn } from './clusters-in-vnet';
import { endpointVerdicts, lacksAccess } from './endpoint-verdicts';
import type { Finding, Rule } from './rule';

/**
 * The workspace or a dependency has private endpoints, but none in a VNet the cluster can reach.
 * An extra endpoint elsewhere is fine when a reachable one exists, so only the no-way-in case is reported.
 */
export const privateEndpointUnreachableVnet: Rule = {
  meta: {
    id: 'private-endpoint-unreachable-vnet',
    defaultSeverity: 'error',
    title:
      'Private endpoints of the workspace and its resources must be in the AKS VNet or a VNet peered with it both ways',
    source: {
      document: 'EN',
      quote: 'These private endpoints should exist in the same or peered virtual network as AKS cluster.',
    },
  },
  check(ctx, severity) {
    const findings = new Map<string, Finding>();
    for (const v of endpointVerdicts(ctx)) {
      if (!lacksAccess(v)) continue;
      const cluster = describe(v.setting.cluster.resource, typeNoun);
      for (const pe of v.reach.unreachable) {
        if (findings.has(pe.resource.key)) continue;
        const [endpointVnet, clusterVnet] = describeVnets(pe.vnet, v.vnet);
        findings.set(pe.resource.key, {
          ruleId: 'private-endpoint-unreachable-vnet',
          severity,
          message:
            `${describe(pe.resource, typeNoun)} of ${describe(v.target, typeNoun)} is in ${endpointVnet}, ` +
            `which is neither ${clusterVnet} of ${cluster} nor peered with it in both directions. ` +
            `Place the endpoint in the AKS virtual network, or peer the two networks both ways.`,
          resource: pe.resource,
          span: propertySpan(pe.resource, 'properties.subnet'),
          related: [{ span: subnetSpanIn(v.setting, v.vnet), message: `${cluster} is in ${describeVnet(v.vnet)}` }],
        });
      }
    }
    return [...findings.values()];
  },
};
