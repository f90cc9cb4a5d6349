/**
 * Terraform's cidrsubnet, cidrsubnets, cidrhost and cidrnetmask on the engine's range arithmetic
 * (`graph/cidr.ts`), IPv4 and IPv6 as Terraform does (cidrnetmask is IPv4 only).
 */
import type { Cidr } from '../../graph/cidr';
import { addressBits, formatAddress, formatCidr, netmask, nthAddress, parseCidr, subnet } from '../../graph/cidr';

export function cidrSubnet(prefix: string, newbits: number, netnum: number): string | undefined {
  const p = parseCidr(prefix);
  if (!p || !Number.isInteger(newbits) || !Number.isInteger(netnum)) return undefined;
  const s = subnet(p, newbits, netnum);
  return s && formatCidr(s);
}

/** Consecutive subnets of the given sizes, each at the next free position aligned to its size. */
export function cidrSubnets(prefix: string, newbits: readonly number[]): (string | undefined)[] | undefined {
  const p = parseCidr(prefix);
  if (!p || newbits.some((b) => !Number.isInteger(b) || b < 0 || p.bits + b > addressBits(p.family))) return undefined;
  let cursor = 0n;
  return newbits.map((b) => {
    const size = 1n << BigInt(addressBits(p.family) - p.bits - b);
    cursor = ((cursor + size - 1n) / size) * size;
    const s = subnet(p, b, cursor / size);
    cursor += size;
    return s && formatCidr(s);
  });
}

export function cidrHost(prefix: string, hostnum: number): string | undefined {
  const p = parseCidr(prefix);
  if (!p || !Number.isInteger(hostnum)) return undefined;
  const host = nthAddress(p, hostnum);
  return host && formatAddress(host);
}

export function cidrNetmask(prefix: string): string | undefined {
  const p: Cidr | undefined = parseCidr(prefix);
  return p?.family === 4 ? formatAddress(netmask(p)) : undefined;
}
