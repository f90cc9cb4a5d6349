import type { IpAddress } from '../cidr';
import { contains, parseAddress } from '../cidr';
import type { Ref, ResourceGraph } from '../graph';
import type { ZoneLink } from '../networks';
import { describeVnet } from '../networks';
import type { Resource } from '../resource';
import { describe, settled, unsettledReason } from '../resource';
import { normalizeId } from '../resource-id';
import { T, typeNoun } from '../types';
import type { Value } from '../value';
import { at, isUnknown, items } from '../value';
import type { KnownVnet } from './clusters';
import type { AddressPrefixes } from './subnets';

/**
 * Which private DNS zones a VNet's machines can resolve. With Azure-provided DNS (no `dnsServers`)
 * a VNet resolves exactly the zones linked to it: a link to a peered VNet does not carry over.
 * Custom DNS servers or a DNS forwarding ruleset send the queries elsewhere, where this deployment
 * cannot follow them.
 */
export type DnsResolution =
  | { state: 'azure' }
  | { state: 'custom'; servers: IpAddress[]; value: Value }
  | { state: 'unknown'; reason: string; value?: Value };

export const DNS_SERVERS = 'properties.dhcpOptions.dnsServers';

export function dnsResolution(graph: ResourceGraph, network: KnownVnet): DnsResolution {
  const vnet = network.resource;
  if (!vnet)
    return {
      state: 'unknown',
      reason: `${describeVnet(network)} is not declared here, so its DNS servers are not known`,
    };
  if (!settled(vnet)) return { state: 'unknown', reason: `its DNS servers are not known: ${unsettledReason(vnet)}` };
  const list = at(vnet.body, DNS_SERVERS);
  if (isUnknown(list)) return { state: 'unknown', reason: list.reason, value: list };
  const servers: IpAddress[] = [];
  for (const item of items(list)) {
    const address = item.kind === 'string' ? parseAddress(item.value.trim()) : undefined;
    if (!address) {
      const reason = isUnknown(item) ? item.reason : `a DNS server of ${describe(vnet)} is not an IP address`;
      return { state: 'unknown', reason, value: item };
    }
    servers.push(address);
  }
  if (list && servers.length > 0) return { state: 'custom', servers, value: list };
  const ruleset = forwardingRulesetLinks(graph).find((link) => mayName(link.vnet, network));
  if (ruleset)
    return {
      state: 'unknown',
      reason: `${describe(ruleset.link, typeNoun)} may forward the queries of ${describe(vnet)} to other DNS servers`,
    };
  return { state: 'azure' };
}

/** Whether one of the custom DNS servers has its address in the given address space. */
export function serverIn(resolution: DnsResolution, space: AddressPrefixes): boolean {
  if (resolution.state !== 'custom' || space.state !== 'known') return false;
  return resolution.servers.some((s) => space.cidrs.some((c) => contains(c, s)));
}

/** Whether a zone is linked to a VNet, and the settled links it has to other networks. */
export interface ZoneLinkage {
  state: 'linked' | 'unlinked' | 'unknown';
  /** Why it is `unknown`. */
  reason?: string;
  because?: Value;
  /** Settled links to VNets declared here that are not `vnet`. */
  elsewhere: { link: ZoneLink; vnet: Resource }[];
}

/**
 * Is `zone` linked to `vnet`? Unknown when a link may not be deployed, names a network that is not
 * known, or when a link declared without a known zone, or a deployment that is not analysed, may add one.
 */
export function zoneLinkage(
  graph: ResourceGraph,
  zone: Resource,
  links: readonly ZoneLink[],
  vnet: KnownVnet,
  opaque: readonly Resource[],
): ZoneLinkage {
  const elsewhere: ZoneLinkage['elsewhere'] = [];
  let undecided: Pick<ZoneLinkage, 'reason' | 'because'> | undefined;
  for (const link of links) {
    const label = describe(link.link, typeNoun);
    if (link.vnet?.state === 'unknown') {
      undecided ??= { reason: `the network of ${label} is not known: ${link.vnet.reason}`, because: link.vnet.value };
      continue;
    }
    const names = mayName(link.vnet, vnet);
    if (names && settled(link.link)) return { state: 'linked', elsewhere };
    if (names) undecided ??= { reason: unsettledReason(link.link) };
    else if (link.vnet?.state === 'resolved' && settled(link.link)) elsewhere.push({ link, vnet: link.vnet.resource });
  }
  const orphan = graph
    .ofType(T.privateDnsZoneLink)
    .find((l) => (!l.idKnown || !zone.idKnown) && !parentKnown(graph, l) && mayName(linkVnet(graph, l), vnet));
  if (orphan) undecided ??= { reason: `${describe(orphan, typeNoun)} may belong to ${describe(zone)}` };
  if (opaque.length > 0)
    undecided ??= { reason: `${describe(opaque[0], typeNoun)} is not analysed and may link ${describe(zone)}` };
  return undecided ? { state: 'unknown', ...undecided, elsewhere } : { state: 'unlinked', elsewhere };
}

/** Links to a VNet of DNS forwarding rulesets (Azure DNS Private Resolver), with the network each names. */
function forwardingRulesetLinks(graph: ResourceGraph): { link: Resource; vnet: Ref | undefined }[] {
  return graph.ofType(T.dnsForwardingRulesetLink).map((link) => ({ link, vnet: linkVnet(graph, link) }));
}

function linkVnet(graph: ResourceGraph, link: Resource): Ref | undefined {
  return graph.resolve(at(link.body, 'properties.virtualNetwork'));
}

/** Whether a network reference may be `vnet`: it is, or it is not known well enough to tell. */
function mayName(ref: Ref | undefined, vnet: KnownVnet): boolean {
  if (!ref) return false;
  if (ref.state === 'resolved') return ref.resource.key === vnet.key;
  if (ref.state === 'external') return normalizeId(ref.id) === vnet.key || vnet.resource?.idKnown === false;
  return true;
}

function parentKnown(graph: ResourceGraph, link: Resource): boolean {
  const parent = graph.parent(link);
  return parent !== undefined && (parent.origin === 'declared' || parent.idKnown);
}
