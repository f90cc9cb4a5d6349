import type { Value } from '../../../../graph/value';
import type { Ipv4Prefix } from '../../../ipv4';
import { formatIpv4, ipv4Netmask, parseIpv4Prefix } from '../../../ipv4';
import type { Table } from './util';
import { arity, fail, n, s, strict } from './util';

/** `parseCidr`, `cidrSubnet`, `cidrHost` for IPv4 (IPv6 ranges are left unknown). */
export const CIDR_FUNCTIONS: Table = {
  parsecidr: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const net = parseNetwork(args[0]);
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    const size = 2 ** (32 - net.bits);
    const broadcast = net.base + size - 1;
    const usable = net.bits >= 31 ? [net.base, broadcast] : [net.base + 1, broadcast - 1];
    return {
      kind: 'object',
      entries: [
        { key: 'network', value: s(formatIpv4(net.base)) },
        { key: 'netmask', value: s(formatIpv4(ipv4Netmask(net.bits))) },
        { key: 'broadcast', value: s(formatIpv4(broadcast)) },
        { key: 'firstUsable', value: s(formatIpv4(usable[0])) },
        { key: 'lastUsable', value: s(formatIpv4(usable[1])) },
        { key: 'cidr', value: n(net.bits) },
      ],
    };
  }),
  cidrsubnet: strict((args, site) => {
    const a = arity(site, args, 3);
    if (a) return a;
    const net = parseNetwork(args[0]);
    const [, newPrefix, index] = args;
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    if (newPrefix.kind !== 'number' || index.kind !== 'number')
      return fail(site, 'expects a prefix length and an index');
    if (newPrefix.value < net.bits || newPrefix.value > 32)
      return fail(site, `cannot split a /${net.bits} into /${newPrefix.value}`);
    const count = 2 ** (newPrefix.value - net.bits);
    if (index.value < 0 || index.value >= count) return fail(site, `index ${index.value} is outside 0–${count - 1}`);
    return s(`${formatIpv4(net.base + index.value * 2 ** (32 - newPrefix.value))}/${newPrefix.value}`);
  }),
  cidrhost: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const net = parseNetwork(args[0]);
    const index = args[1];
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    if (index.kind !== 'number') return fail(site, 'expects a host index');
    const hosts = net.bits >= 31 ? 2 ** (32 - net.bits) : 2 ** (32 - net.bits) - 2;
    if (index.value < 0 || index.value >= hosts) return fail(site, `host index ${index.value} is outside the range`);
    return s(formatIpv4(net.base + (net.bits >= 31 ? 0 : 1) + index.value));
  }),
};

function parseNetwork(v: Value): Ipv4Prefix | undefined {
  return v.kind === 'string' ? parseIpv4Prefix(v.value) : undefined;
}

function text(v: Value): string {
  return v.kind === 'string' ? v.value : v.kind;
}
