import type { Cidr, IpAddress } from '../graph/cidr';
import { contains, formatAddress, formatWritten, nthAddress } from '../graph/cidr';
import { serviceRangesInEffect } from '../graph/queries';
import { propertySpan } from '../graph/relations';
import { describe } from '../graph/resource';
import { settledClusters } from '../rulekit/clusters';
import { setPropertyFix } from '../rulekit/fixes';
import { defineRule } from '../rulekit/rule';

/** The offset of the address AKS itself picks for the DNS service (10.0.0.10 in 10.0.0.0/16), and that the fix sets. */
const DNS_OFFSET = 10;

/** The Kubernetes DNS service needs an address of the service range that no other service holds. */
export const aksDnsServiceIp = defineRule({
  meta: {
    id: 'aks-dns-service-ip',
    defaultSeverity: 'error',
    title:
      'The Kubernetes DNS service IP of an AKS cluster lies inside its service address range and is neither its network address nor its first address',
    category: 'addressing',
    languages: ['arm', 'bicep', 'terraform'],
    docs: 'aks-dns-service-ip',
    fixable: true,
    messages: {
      outside:
        '{{cluster}} has {{dnsProperty}} {{address}}, which is outside its service address range {{range}} ({{serviceProperty}}): the Kubernetes DNS service needs an address of that range. Set {{dnsProperty}} to an address inside it, such as {{suggestion}}.',
      outsideDefault:
        '{{cluster}} has {{dnsProperty}} {{address}} but sets no {{serviceProperty}}, so AKS uses its default service address range {{range}}, which does not contain it. Set {{serviceProperty}} to the range you meant, or {{dnsProperty}} to an address inside {{range}}, such as {{suggestion}}.',
      network:
        '{{cluster}} has {{dnsProperty}} {{address}}, the network address of its service address range {{range}}, which no service can use. Set {{dnsProperty}} to another address of that range, such as {{suggestion}}.',
      first:
        '{{cluster}} has {{dnsProperty}} {{address}}, the first address of its service address range {{range}}, which Kubernetes gives to its API service (kubernetes.default). Set {{dnsProperty}} to another address of that range, such as {{suggestion}}.',
    },
    source: {
      document: 'ES',
      quote:
        'Esta dirección IP se asigna al servicio DNS de Kubernetes. Debe estar dentro del intervalo de direcciones del servicio Kubernetes (por ejemplo, 10.0.0.10).',
    },
  },
  check(ctx) {
    for (const cluster of settledClusters(ctx)) {
      const r = cluster.resource;
      const profile = ctx.query.aksNetworkProfile(cluster);
      const dns = profile.dnsServiceIP;
      // Unset, AKS picks the address itself (10.0.0.10 with its default range).
      if (dns.state === 'absent') continue;
      const dnsSpan = propertySpan(dns.resource, dns.path);
      if (!dns.parsed) {
        ctx.notEvaluated(dnsSpan, `the DNS service IP of ${describe(r)} is not known: ${dns.reason}`);
        continue;
      }
      const service = serviceRangesInEffect(profile);
      if (service.state === 'unknown') {
        ctx.notEvaluated(dnsSpan, `the service address range of ${describe(r)} is not known: ${service.reason}`);
        continue;
      }
      const verdict = placeInRanges(dns.parsed, service.cidrs);
      if (verdict.place === 'inside') continue;
      const range = verdict.range;
      const suggested = nthAddress(range, DNS_OFFSET);
      const setting = service.setting;
      const dnsProperty = ctx.propertyName(dns.resource, dns.path);
      const common = {
        cluster: describe(r),
        dnsProperty,
        address: formatAddress(dns.parsed),
        range: formatWritten(range),
        suggestion: suggested ? formatAddress(suggested) : `an address from the third one on`,
      };
      const related = service.defaulted
        ? []
        : [
            {
              span: propertySpan(setting.resource, setting.path),
              message: `the service address range of ${describe(r)} is set here`,
            },
          ];
      const fixes = suggested ? [setPropertyFix(ctx, dns.resource, dns.path, formatAddress(suggested))] : [];
      if (verdict.place === 'outside')
        ctx.report({
          resource: dns.resource,
          span: dnsSpan,
          related,
          fixes,
          messageId: service.defaulted ? 'outsideDefault' : 'outside',
          data: { ...common, serviceProperty: ctx.propertyName(setting.resource, setting.path) },
        });
      else
        ctx.report({ resource: dns.resource, span: dnsSpan, related, fixes, messageId: verdict.place, data: common });
    }
  },
});

type Placement = { place: 'inside' } | { place: 'outside' | 'network' | 'first'; range: Cidr };

/**
 * Where an address falls among the service ranges (one per IP family, dual-stack): inside one of
 * its family, on that range's network or first address, or outside them all (then the range it
 * should be in is the first of its family, else the first one).
 */
function placeInRanges(address: IpAddress, ranges: readonly Cidr[]): Placement {
  const sameFamily = ranges.filter((c) => c.family === address.family);
  const range = sameFamily.find((c) => contains(c, address));
  if (!range) return { place: 'outside', range: sameFamily[0] ?? ranges[0] };
  const offset = address.value - range.network;
  if (offset === 0n) return { place: 'network', range };
  if (offset === 1n) return { place: 'first', range };
  return { place: 'inside' };
}
