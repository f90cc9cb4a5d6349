/** Terraform's cidrsubnet, cidrhost and cidrnetmask over IPv4 prefixes. IPv6 is not evaluated. */
import { formatIpv4, ipv4Netmask, parseIpv4Prefix } from '../ipv4';

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
  return p ? formatIpv4(ipv4Netmask(p.bits)) : undefined;
}
