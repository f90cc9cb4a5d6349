import * as ipaddr from 'ipaddr.js';

/**
 * IPv4 and IPv6 address ranges, once for the whole engine: the ARM and Terraform CIDR functions and
 * every rule that compares ranges (service CIDR overlaps, DNS service IP, NSG prefixes). Addresses
 * are BigInts so that IPv6 arithmetic is exact. Parsing and formatting are ipaddr.js's; only the
 * forms Azure and Terraform accept are read: four-part decimal IPv4 without leading zeros, and IPv6
 * without a zone. Anything else is undefined, which callers treat as unknown.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** The address as written (`10.1.2.3` in `10.1.2.3/16`). */
  address: bigint;
  /** The network address: the written address with its host bits cleared. */
  network: bigint;
  /** Prefix length. */
  bits: number;
}

const WIDTH: Record<IpFamily, number> = { 4: 32, 6: 128 };

export function addressBits(family: IpFamily): number {
  return WIDTH[family];
}

/** `10.0.0.4`, `2001:db8::1`; undefined for anything else. */
export function parseAddress(text: string): IpAddress | undefined {
  const t = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return fromBytes(4, ipaddr.IPv4.parse(t));
  if (!t.includes('%') && t.includes(':') && ipaddr.IPv6.isValid(t)) return fromBytes(6, ipaddr.IPv6.parse(t));
  return undefined;
}

/** `10.0.0.0/16`, `fd00::/108`; undefined for anything else (a bare address is not a range). */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const addr = parseAddress(m[1]);
  const bits = Number(m[2]);
  if (!addr || bits > WIDTH[addr.family]) return undefined;
  return { family: addr.family, address: addr.value, network: addr.value & mask(addr.family, bits), bits };
}

export function formatAddress(a: IpAddress): string {
  const bytes: number[] = [];
  for (let i = WIDTH[a.family] / 8 - 1; i >= 0; i--) bytes.push(Number((a.value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** The range in canonical form, by its network address: `10.1.0.0/16`. */
export function formatCidr(c: Cidr): string {
  return `${formatAddress({ family: c.family, value: c.network })}/${c.bits}`;
}

/** The range as written, keeping its address: `172.17.0.1/16`. */
export function formatWritten(c: Cidr): string {
  return `${formatAddress({ family: c.family, value: c.address })}/${c.bits}`;
}

/** Number of addresses in the range. */
export function rangeSize(c: Cidr): bigint {
  return 1n << BigInt(WIDTH[c.family] - c.bits);
}

/** The last address of the range (the IPv4 broadcast address). */
export function lastAddress(c: Cidr): IpAddress {
  return { family: c.family, value: c.network + rangeSize(c) - 1n };
}

/** The `n`th address of the range counting from the network address (0), or from the end when negative (-1 is the last). */
export function nthAddress(c: Cidr, n: bigint | number): IpAddress | undefined {
  const size = rangeSize(c);
  const offset = BigInt(n) < 0n ? size + BigInt(n) : BigInt(n);
  if (offset < 0n || offset >= size) return undefined;
  return { family: c.family, value: c.network + offset };
}

/** The network address of the range. */
export function networkAddress(c: Cidr): IpAddress {
  return { family: c.family, value: c.network };
}

/** Whether an address or a whole range lies inside `outer` (families must match). */
export function contains(outer: Cidr, inner: Cidr | IpAddress): boolean {
  if (outer.family !== inner.family) return false;
  const start = 'network' in inner ? inner.network : inner.value;
  const end = 'network' in inner ? lastAddress(inner).value : inner.value;
  return start >= outer.network && end <= lastAddress(outer).value;
}

/** Whether two ranges share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= lastAddress(b).value && b.network <= lastAddress(a).value;
}

/**
 * The `index`th subrange with `newBits` more prefix bits (Terraform's `cidrsubnet`, ARM's `cidrSubnet`
 * with `bits + newBits` as the new length); undefined when it does not exist.
 */
export function subnet(c: Cidr, newBits: number, index: bigint | number): Cidr | undefined {
  const bits = c.bits + newBits;
  if (!Number.isInteger(newBits) || newBits < 0 || bits > WIDTH[c.family]) return undefined;
  const i = BigInt(index);
  if (i < 0n || i >= 1n << BigInt(newBits)) return undefined;
  const network = c.network + (i << BigInt(WIDTH[c.family] - bits));
  return { family: c.family, address: network, network, bits };
}

/** The netmask of the range as an address (`255.255.0.0`, `ffff:ffff::`). */
export function netmask(c: Cidr): IpAddress {
  return { family: c.family, value: mask(c.family, c.bits) };
}

/**
 * A list of ranges from a property that holds one range or several (dual-stack `serviceCidrs[]`,
 * `addressPrefixes[]`): the parsed ranges, or undefined when any entry is not a range.
 */
export function parseCidrs(texts: readonly string[]): Cidr[] | undefined {
  const out: Cidr[] = [];
  for (const t of texts) {
    const c = parseCidr(t);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}

function mask(family: IpFamily, bits: number): bigint {
  const width = BigInt(WIDTH[family]);
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(bits))) - 1n);
}

function fromBytes(family: IpFamily, addr: ipaddr.IPv4 | ipaddr.IPv6): IpAddress {
  return { family, value: addr.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) };
}
