import type { Value } from '../../../../graph/value';
import type { Table } from './util';
import { arity, fail, n, s, strict } from './util';

/** `parseCidr`, `cidrSubnet`, `cidrHost` for IPv4 (IPv6 ranges are left unknown). */
export const CIDR_FUNCTIONS: Table = {
  parsecidr: strict((args, site) => {
    const a = arity(site, args, 1);
    if (a) return a;
    const net = parseNetwork(args[0]);
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    const size = 2 ** (32 - net.prefix);
    const broadcast = net.base + size - 1;
    const usable = net.prefix >= 31 ? [net.base, broadcast] : [net.base + 1, broadcast - 1];
    return {
      kind: 'object',
      entries: [
        { key: 'network', value: s(ip(net.base)) },
        { key: 'netmask', value: s(ip(mask(net.prefix))) },
        { key: 'broadcast', value: s(ip(broadcast)) },
        { key: 'firstUsable', value: s(ip(usable[0])) },
        { key: 'lastUsable', value: s(ip(usable[1])) },
        { key: 'cidr', value: n(net.prefix) },
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
    if (newPrefix.value < net.prefix || newPrefix.value > 32)
      return fail(site, `cannot split a /${net.prefix} into /${newPrefix.value}`);
    const count = 2 ** (newPrefix.value - net.prefix);
    if (index.value < 0 || index.value >= count) return fail(site, `index ${index.value} is outside 0–${count - 1}`);
    return s(`${ip(net.base + index.value * 2 ** (32 - newPrefix.value))}/${newPrefix.value}`);
  }),
  cidrhost: strict((args, site) => {
    const a = arity(site, args, 2);
    if (a) return a;
    const net = parseNetwork(args[0]);
    const index = args[1];
    if (!net) return fail(site, `'${text(args[0])}' is not an IPv4 CIDR range`);
    if (index.kind !== 'number') return fail(site, 'expects a host index');
    const hosts = net.prefix >= 31 ? 2 ** (32 - net.prefix) : 2 ** (32 - net.prefix) - 2;
    if (index.value < 0 || index.value >= hosts) return fail(site, `host index ${index.value} is outside the range`);
    return s(ip(net.base + (net.prefix >= 31 ? 0 : 1) + index.value));
  }),
};

interface Network {
  base: number;
  prefix: number;
}

function parseNetwork(v: Value): Network | undefined {
  if (v.kind !== 'string') return undefined;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v.value.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(address / size) * size, prefix };
}

function mask(prefix: number): number {
  return 2 ** 32 - 2 ** (32 - prefix);
}

function ip(x: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(x / 2 ** shift) % 256).join('.');
}

function text(v: Value): string {
  return v.kind === 'string' ? v.value : v.kind;
}
