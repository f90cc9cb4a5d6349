/** IPv4 prefix arithmetic behind cidrsubnet, cidrhost and cidrnetmask. IPv6 is not evaluated. */

export interface Ipv4Prefix {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  bits: number;
}

export function parseIpv4Prefix(text: string): Ipv4Prefix | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const addr = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base: addr - (addr % 2 ** (32 - bits)), bits };
}

export function formatIpv4(addr: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(addr / 2 ** shift) % 256).join('.');
}

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string | undefined {
  const p = parseIpv4Prefix(prefix);
  if (!p || !Number.isInteger(newbits) || !Number.isInteger(netnum) || newbits < 0) return undefined;
  const bits = p.bits + newbits;
  if (bits > 32 || netnum < 0 || netnum >= 2 ** newbits) return undefined;
  return `${formatIpv4(p.base + netnum * 2 ** (32 - bits))}/${bits}`;
}

export function cidrHost(prefix: string, hostnum: number): string | undefined {
  const p = parseIpv4Prefix(prefix);
  if (!p || !Number.isInteger(hostnum)) return undefined;
  const size = 2 ** (32 - p.bits);
  const offset = hostnum < 0 ? size + hostnum : hostnum;
  if (offset < 0 || offset >= size) return undefined;
  return formatIpv4(p.base + offset);
}

export function cidrNetmask(prefix: string): string | undefined {
  const p = parseIpv4Prefix(prefix);
  return p ? formatIpv4(2 ** 32 - 2 ** (32 - p.bits)) : undefined;
}
