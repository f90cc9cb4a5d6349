/** IPv4 prefix arithmetic shared by the template functions that work on CIDR ranges. IPv6 is not evaluated. */

export interface Ipv4Prefix {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  bits: number;
}

/** `10.1.2.3/16` → the network `10.1.0.0` and 16 bits; undefined for anything that is not an IPv4 range. */
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

/** The netmask of a prefix length, as a 32-bit number. */
export function ipv4Netmask(bits: number): number {
  return 2 ** 32 - 2 ** (32 - bits);
}
