import type { Cidr } from '../graph/cidr';
import { formatWritten, overlaps } from '../graph/cidr';
import type { NetworkSetting } from '../graph/queries';
import { describeSubnetRange, describeSubnetRanges, serviceRangesInEffect } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { settledClusters } from '../rulekit/clusters';
import type { SourceSpan } from '../graph/span';
import { defineRule } from '../rulekit/rule';

/** Kubernetes service addresses are virtual: a subnet that uses the same addresses becomes unreachable from the pods. */
export const aksServiceCidrOverlap = defineRule({
  meta: {
    id: 'aks-service-cidr-overlap',
    defaultSeverity: 'error',
    title: "An AKS cluster's service address range overlaps no subnet of its virtual network or of a peered one",
    category: 'addressing',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-service-cidr-overlap',
    fixable: false,
    messages: {
      overlap:
        '{{cluster}} has {{property}} {{range}}, which overlaps {{subnets}}: the Kubernetes service address range must not overlap any subnet. Set {{property}} to a range that no subnet of these virtual networks uses, and {{dnsProperty}} inside it.',
      overlapDefault:
        '{{cluster}} sets no {{property}}, so AKS uses its default service address range {{range}}, which overlaps {{subnets}}. Set {{property}} to a range that no subnet of these virtual networks uses, and {{dnsProperty}} inside it.',
    },
    source: {
      document: 'ES',
      quote: 'No debe superponerse con ningún intervalo IP de subred (por ejemplo, 10.0.0.0/16).',
    },
  },
  check(ctx) {
    for (const cluster of settledClusters(ctx)) {
      const r = cluster.resource;
      const around = ctx.query.clusterSubnetRanges(cluster);
      if (around.state === 'none') continue;
      if (around.state === 'unknown') {
        ctx.notEvaluated(around.span, `the subnets of ${describe(r)} are not known: ${around.reason}`);
        continue;
      }
      const profile = ctx.query.aksNetworkProfile(cluster);
      const service = serviceRangesInEffect(profile);
      const setting = profile.serviceCidrs;
      if (service.state === 'unknown') {
        ctx.notEvaluated(
          propertySpan(setting.resource, setting.path),
          `the service address range of ${describe(r)} is not known: ${service.reason}`,
        );
        continue;
      }
      let reported = false;
      service.cidrs.forEach((range, i) => {
        const hits = around.ranges.filter((s) => overlaps(range, s.cidr));
        if (hits.length === 0) return;
        reported = true;
        const data = {
          cluster: describe(r),
          property: ctx.propertyName(setting.resource, setting.path),
          dnsProperty: ctx.propertyName(profile.dnsServiceIP.resource, profile.dnsServiceIP.path),
          range: formatWritten(range),
          subnets: describeSubnetRanges(hits),
        };
        ctx.report({
          resource: setting.resource,
          span: service.defaulted ? profileSpan(setting) : rangeSpan(setting, i),
          messageId: service.defaulted ? 'overlapDefault' : 'overlap',
          data,
          related: hits.map((s) => ({
            span: s.span,
            message: `${describeSubnetRange(s)} uses addresses of ${data.range}`,
          })),
        });
      });
      if (reported) continue;
      for (const u of around.undecided)
        ctx.notEvaluated(
          u.span,
          `whether the service address range of ${describe(r)} overlaps a subnet is not known: ${u.reason}`,
        );
    }
  },
});

/** Where the `i`th service range is written: its list item, else the property. */
function rangeSpan(setting: NetworkSetting<Cidr[]>, i: number): SourceSpan {
  const item = setting.value?.kind === 'array' ? setting.value.items[i] : undefined;
  return item?.span ?? propertySpan(setting.resource, setting.path);
}

/** Where an unset service range belongs: the network profile when there is one, else the cluster's name. */
function profileSpan(setting: NetworkSetting<Cidr[]>): SourceSpan {
  const profilePath = setting.path.split('.').slice(0, -1).join('.');
  return propertySpan(setting.resource, profilePath);
}
