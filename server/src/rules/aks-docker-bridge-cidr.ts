import { formatWritten, overlaps } from '../graph/cidr';
import { describeSubnetRange, describeSubnetRanges, serviceRangesInEffect } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import type { RelatedLocation } from '../rulekit/rule';
import { describe } from '../graph/resource';
import { settledClusters } from '../rulekit/clusters';
import { defineRule } from '../rulekit/rule';

/**
 * The Docker bridge range (deprecated, checked only where it is set) is local to each node: traffic
 * to a subnet or a service that uses the same addresses stays on the node.
 */
export const aksDockerBridgeCidr = defineRule({
  meta: {
    id: 'aks-docker-bridge-cidr',
    defaultSeverity: 'error',
    title:
      "An AKS cluster's Docker bridge range overlaps neither a subnet of its virtual network (or a peered one) nor its service address range",
    category: 'addressing',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-docker-bridge-cidr',
    fixable: false,
    messages: {
      overlap:
        '{{cluster}} has {{property}} {{range}}, which overlaps {{overlapped}}: the Docker bridge range must not be in any subnet or in the service address range. Set {{property}} to a range used by neither, or remove it, since it is deprecated.',
    },
    source: {
      document: 'ES',
      quote:
        'No debe estar en ningún intervalo IP de subred o en el intervalo de direcciones del servicio Kubernetes (por ejemplo, 172.18.0.1/16).',
    },
  },
  check(ctx) {
    for (const cluster of settledClusters(ctx)) {
      const r = cluster.resource;
      const profile = ctx.query.aksNetworkProfile(cluster);
      const bridge = profile.dockerBridgeCidr;
      if (bridge.state === 'absent') continue;
      const bridgeSpan = propertySpan(bridge.resource, bridge.path);
      if (!bridge.parsed) {
        ctx.notEvaluated(bridgeSpan, `the Docker bridge range of ${describe(r)} is not known: ${bridge.reason}`);
        continue;
      }
      const around = ctx.query.clusterSubnetRanges(cluster);
      const service = serviceRangesInEffect(profile);
      const setting = service.setting;
      for (const range of bridge.parsed) {
        const hits = around.state === 'known' ? around.ranges.filter((s) => overlaps(range, s.cidr)) : [];
        const services = service.state === 'known' ? service.cidrs.filter((c) => overlaps(range, c)) : [];
        const overlapped: string[] = hits.length > 0 ? [describeSubnetRanges(hits)] : [];
        const related: RelatedLocation[] = hits.map((s) => ({
          span: s.span,
          message: `${describeSubnetRange(s)} uses addresses of ${formatWritten(range)}`,
        }));
        if (service.state === 'known' && services.length > 0) {
          const named = services.map(formatWritten).join(' and ');
          overlapped.push(
            service.defaulted
              ? `AKS's default service address range ${named} (${ctx.propertyName(setting.resource, setting.path)} is not set)`
              : `the service address range ${named}`,
          );
          if (!service.defaulted)
            related.push({
              span: propertySpan(setting.resource, setting.path),
              message: `the service address range of ${describe(r)} is set here`,
            });
        }
        if (overlapped.length > 0) {
          ctx.report({
            resource: bridge.resource,
            span: bridgeSpan,
            messageId: 'overlap',
            data: {
              cluster: describe(r),
              property: ctx.propertyName(bridge.resource, bridge.path),
              range: formatWritten(range),
              overlapped: overlapped.join(' and '),
            },
            related,
          });
          continue;
        }
        const why = `whether the Docker bridge range of ${describe(r)} overlaps another range is not known`;
        if (around.state === 'unknown') ctx.notEvaluated(around.span, `${why}: ${around.reason}`);
        if (around.state === 'known') for (const u of around.undecided) ctx.notEvaluated(u.span, `${why}: ${u.reason}`);
        if (service.state === 'unknown') ctx.notEvaluated(bridgeSpan, `${why}: ${service.reason}`);
      }
    }
  },
});
