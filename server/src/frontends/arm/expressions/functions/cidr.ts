import type { Cidr } from '../../../../graph/cidr';
import {
  formatAddress,
  formatCidr,
  lastAddress,
  netmask,
  networkAddress,
  nthAddress,
  parseCidr,
  subnet,
} from '../../../../graph/cidr';
import type { Value } from '../../../../graph/value';
import type { Table } from './util';
import { arity, fail, n, s, strict } from './util';

/**
 * `parseCidr`, `cidrSubnet`, `cidrHost` on the engine's range arithmetic (`graph/cidr.ts`), for IPv4:
 * ARM's IPv6 results are not modelled here, so IPv6 ranges are left unknown.
 */
export const CIDR_FUNCTIONS: Table = {
  parsecidr: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const net = parseNetwork(args[0]);
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    const wide = net.bits >= 31;
    const address = (i: number) => formatAddress(nthAddress(net, i) ?? lastAddress(net));
    return {
      kind: 'object',
      entries: [
        { key: 'network', value: s(formatAddress(networkAddress(net))) },
        { key: 'netmask', value: s(formatAddress(netmask(net))) },
        { key: 'broadcast', value: s(formatAddress(lastAddress(net))) },
        { key: 'firstUsable', value: s(address(wide ? 0 : 1)) },
        { key: 'lastUsable', value: s(address(wide ? -1 : -2)) },
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
    if (!Number.isInteger(newPrefix.value) || newPrefix.value < net.bits || newPrefix.value > 32)
      return fail(site, `cannot split a /${net.bits} into /${newPrefix.value}`);
    const count = 2 ** (newPrefix.value - net.bits);
    const sub = Number.isInteger(index.value) ? subnet(net, newPrefix.value - net.bits, index.value) : undefined;
    if (!sub) return fail(site, `index ${index.value} is outside 0–${count - 1}`);
    return s(formatCidr(sub));
  }),
  cidrhost: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const net = parseNetwork(args[0]);
    const index = args[1];
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    if (index.kind !== 'number') return fail(site, 'expects a host index');
    // ARM counts usable hosts: the network and broadcast addresses are skipped (except in /31 and /32).
    const wide = net.bits >= 31;
    const hosts = wide ? 2 ** (32 - net.bits) : 2 ** (32 - net.bits) - 2;
    if (!Number.isInteger(index.value) || index.value < 0 || index.value >= hosts)
      return fail(site, `host index ${index.value} is outside the range`);
    const host = nthAddress(net, index.value + (wide ? 0 : 1));
    return host ? s(formatAddress(host)) : fail(site, `host index ${index.value} is outside the range`);
  }),
};

function parseNetwork(v: Value): Cidr | undefined {
  const c = v.kind === 'string' ? parseCidr(v.value) : undefined;
  return c?.family === 4 ? c : undefined;
}

function text(v: Value): string {
  return v.kind === 'string' ? v.value : v.kind;
}
