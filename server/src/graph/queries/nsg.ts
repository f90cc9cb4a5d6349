import type { Cidr } from '../cidr';
import { contains, overlaps, parseCidr } from '../cidr';
import type { ResourceGraph } from '../graph';
import type { Resource } from '../resource';
import { describe, settled } from '../resource';
import type { SourceSpan } from '../span';
import { isAnyAddress, serviceTagOf, tagCovers } from '../tables/service-tags';
import { T } from '../types';
import type { Value } from '../value';
import { at, isUnknown, items, knownString, member } from '../value';
import type { AddressPrefixes } from './subnets';

/**
 * Network security group evaluation as Azure does it: for one direction, rules in priority order
 * (lowest number first), the first rule that matches decides; after the custom rules come the
 * default rules. Anything that cannot be read (a parameter, an application security group, a
 * conditional rule, a prefix whose addresses are not known) makes the answer `unknown` unless every
 * outcome it could lead to is the same. Modelled on PSRule's NSG rule evaluation, with unknowns.
 */

export type Direction = 'Inbound' | 'Outbound';
export type Access = 'Allow' | 'Deny';

export interface NsgRule {
  name: string;
  /** The rule's resource (inline rules are child resources too); undefined for Azure's default rules. */
  resource?: Resource;
  isDefault: boolean;
  priority: number | undefined;
  direction: Direction | undefined;
  access: Access | undefined;
  protocol: string | undefined;
  sourcePrefixes: string[] | undefined;
  destinationPrefixes: string[] | undefined;
  sourcePorts: string[] | undefined;
  destinationPorts: string[] | undefined;
  /** Application security groups on either side: who they hold is decided by NICs, not by the rule. */
  usesAsgs: boolean;
  /** Set when the rule may not exist as written (conditional, unreadable body). */
  uncertain?: string;
}

/** What a question about one flow gets: the deciding rule, or why no single rule decides. */
export interface NsgDecision {
  access: Access | 'unknown';
  /** The rule that decides (`access` known). */
  rule?: NsgRule;
  reason?: string;
}

/** The NSG of a subnet: none, unknown, or known with its rules. */
export type EffectiveNsg =
  | { state: 'none'; subnet: Resource }
  | { state: 'unknown'; subnet: Resource; reason: string; span?: SourceSpan }
  | { state: 'known'; subnet: Resource; nsg: Resource; evaluation: NsgEvaluation };

const rule = (
  name: string,
  priority: number,
  direction: Direction,
  access: Access,
  source: string,
  destination: string,
): NsgRule => ({
  name,
  isDefault: true,
  priority,
  direction,
  access,
  protocol: '*',
  sourcePrefixes: [source],
  destinationPrefixes: [destination],
  sourcePorts: ['*'],
  destinationPorts: ['*'],
  usesAsgs: false,
});

/** Azure's default rules, in every NSG below the custom ones. */
export const DEFAULT_NSG_RULES: readonly NsgRule[] = [
  rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

/** What the evaluation knows of the subnet: its ranges, and its VNet's address space (the `VirtualNetwork` tag holds at least that). */
export interface LocalRanges {
  subnet: AddressPrefixes;
  vnet: AddressPrefixes;
}

export function effectiveNsg(graph: ResourceGraph, subnet: Resource, local: LocalRanges): EffectiveNsg {
  if (!settled(subnet))
    return { state: 'unknown', subnet, reason: `${describe(subnet)} may not be deployed as written here` };
  const value = at(subnet.body, 'properties.networkSecurityGroup');
  const ref = graph.resolve(value);
  if (!ref) return { state: 'none', subnet };
  if (ref.state === 'unknown') return { state: 'unknown', subnet, reason: ref.reason, span: ref.value.span };
  if (ref.state === 'external')
    return { state: 'unknown', subnet, reason: `the NSG '${ref.id}' is not declared here`, span: ref.value.span };
  const nsg = ref.resource;
  if (!settled(nsg))
    return { state: 'unknown', subnet, reason: `${describe(nsg)} may not be deployed as written here` };
  const list = at(nsg.body, 'properties.securityRules');
  if (isUnknown(list)) return { state: 'unknown', subnet, reason: list.reason, span: list.span };
  if (items(list).some(isUnknown))
    return { state: 'unknown', subnet, reason: `a security rule of ${describe(nsg)} is not known` };
  // A rule declared for an NSG whose id is not known may belong to this one.
  const orphan = graph.ofType(T.securityRule).find((r) => !r.idKnown && graph.parent(r) === undefined);
  if (orphan) return { state: 'unknown', subnet, reason: `${describe(orphan)} may belong to ${describe(nsg)}` };
  const rules = graph.children(nsg, T.securityRule).map(readRule);
  return { state: 'known', subnet, nsg, evaluation: new NsgEvaluation(rules, local) };
}

function readRule(r: Resource): NsgRule {
  const p = member(r.body, 'properties');
  const text = (key: string): string | undefined => knownString(member(p, key));
  const list = (single: string, many: string): string[] | undefined => {
    const one = member(p, single);
    const more = member(p, many);
    if (isUnknown(one) || isUnknown(more)) return undefined;
    const out: string[] = [];
    // Azure reads an empty single field as absent and uses the list (`destinationPortRange: ""` beside `destinationPortRanges`).
    if (one && one.kind !== 'null' && !(one.kind === 'string' && one.value.trim() === '')) {
      if (one.kind !== 'string' && one.kind !== 'number') return undefined;
      out.push(String(one.value));
    }
    for (const v of items(more)) {
      if (v.kind !== 'string' && v.kind !== 'number') return undefined;
      out.push(String(v.value));
    }
    return out.length > 0 ? out : undefined;
  };
  const priority = member(p, 'priority');
  const direction = text('direction')?.toLowerCase();
  const access = text('access')?.toLowerCase();
  const asgs = ['sourceApplicationSecurityGroups', 'destinationApplicationSecurityGroups'].some(
    (k) => items(member(p, k)).length > 0 || isUnknown(member(p, k)),
  );
  return {
    name: r.name.split('/').pop() ?? r.name,
    resource: r,
    isDefault: false,
    priority: priority?.kind === 'number' ? priority.value : numberText(priority),
    direction: direction === 'inbound' ? 'Inbound' : direction === 'outbound' ? 'Outbound' : undefined,
    access: access === 'allow' ? 'Allow' : access === 'deny' ? 'Deny' : undefined,
    protocol: text('protocol'),
    sourcePrefixes: list('sourceAddressPrefix', 'sourceAddressPrefixes'),
    destinationPrefixes: list('destinationAddressPrefix', 'destinationAddressPrefixes'),
    sourcePorts: list('sourcePortRange', 'sourcePortRanges'),
    destinationPorts: list('destinationPortRange', 'destinationPortRanges'),
    usesAsgs: asgs,
    uncertain: settled(r) ? (isUnknown(p) ? p.reason : undefined) : `${describe(r)} is deployed only under a condition`,
  };
}

function numberText(v: Value | undefined): number | undefined {
  const s = knownString(v);
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
}

type Match = 'yes' | 'no' | 'unknown';

/** One flow between the subnet and a remote party (a service tag, `Internet`, a CIDR or an address). */
export interface Flow {
  direction: Direction;
  /** The other end: a source for inbound flows, a destination for outbound ones. */
  remote: string;
  port: number;
  /** `Tcp` unless said otherwise. */
  protocol?: string;
}

export class NsgEvaluation {
  /** Custom rules in priority order, then the default rules. */
  readonly rules: readonly NsgRule[];

  constructor(
    custom: readonly NsgRule[],
    private readonly local: LocalRanges,
  ) {
    const known = custom.filter((r) => r.priority !== undefined).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    this.rules = [...custom.filter((r) => r.priority === undefined), ...known, ...DEFAULT_NSG_RULES];
  }

  /** The custom rules (not Azure's defaults) of one direction. */
  custom(direction: Direction): NsgRule[] {
    return this.rules.filter((r) => !r.isDefault && (r.direction === direction || r.direction === undefined));
  }

  /** Is traffic from `source` (tag, CIDR) to the subnet on `port` allowed? */
  inbound(source: string, port: number, protocol = 'Tcp'): NsgDecision {
    return this.evaluate({ direction: 'Inbound', remote: source, port, protocol });
  }

  /** Is traffic from the subnet to `destination` (tag such as `AzureContainerRegistry.westeurope`, CIDR) on `port` allowed? */
  outbound(destination: string, port: number, protocol = 'Tcp'): NsgDecision {
    return this.evaluate({ direction: 'Outbound', remote: destination, port, protocol });
  }

  /** What the default rules alone would decide for the flow. */
  byDefault(flow: Flow): NsgDecision {
    return decide(DEFAULT_NSG_RULES, flow, this.local);
  }

  evaluate(flow: Flow): NsgDecision {
    return decide(this.rules, flow, this.local);
  }
}

function decide(rules: readonly NsgRule[], flow: Flow, local: LocalRanges): NsgDecision {
  const possible = new Set<Access>();
  let reason: string | undefined;
  for (const r of rules) {
    const m = matches(r, flow, local);
    if (m.match === 'no') continue;
    const certain = m.match === 'yes' && r.access !== undefined && r.priority !== undefined && !r.uncertain;
    if (certain && r.access) {
      possible.add(r.access);
      if (possible.size === 1) return { access: r.access, rule: r };
      break;
    }
    // This rule may or may not decide: both its outcome and what comes after it are possible.
    if (r.access) possible.add(r.access);
    else possible.add('Allow').add('Deny');
    reason ??= r.uncertain ?? m.reason ?? `rule '${r.name}' cannot be read`;
  }
  return { access: 'unknown', reason: reason ?? 'no rule decides' };
}

function matches(r: NsgRule, flow: Flow, local: LocalRanges): { match: Match; reason?: string } {
  if (r.direction !== undefined && r.direction !== flow.direction) return { match: 'no' };
  const inbound = flow.direction === 'Inbound';
  const remotePrefixes = inbound ? r.sourcePrefixes : r.destinationPrefixes;
  const localPrefixes = inbound ? r.destinationPrefixes : r.sourcePrefixes;
  const checks: [Match, string][] = [
    [protocolMatch(r.protocol, flow.protocol ?? 'Tcp'), `the protocol of rule '${r.name}' is not known`],
    // The port of a flow is its destination port (the service's); source ports are ephemeral, so any limit is partial.
    [portsMatch(r.destinationPorts, flow.port), `the ports of rule '${r.name}' are not known`],
    [anyPort(r.sourcePorts), `rule '${r.name}' limits source ports`],
    [
      remoteMatch(remotePrefixes, flow.remote, local.vnet),
      `whether rule '${r.name}' covers ${flow.remote} is not known`,
    ],
    [localMatch(localPrefixes, local.subnet), `whether rule '${r.name}' covers the subnet is not known`],
    [r.usesAsgs ? 'unknown' : 'yes', `rule '${r.name}' uses application security groups`],
    [r.direction === undefined ? 'unknown' : 'yes', `the direction of rule '${r.name}' is not known`],
  ];
  if (checks.some(([m]) => m === 'no')) return { match: 'no' };
  const open = checks.find(([m]) => m === 'unknown');
  return open ? { match: 'unknown', reason: open[1] } : { match: 'yes' };
}

function protocolMatch(rule: string | undefined, protocol: string): Match {
  if (rule === undefined) return 'unknown';
  const p = rule.toLowerCase();
  return p === '*' || p === 'any' || p === protocol.toLowerCase() ? 'yes' : 'no';
}

function portsMatch(ports: string[] | undefined, port: number): Match {
  if (ports === undefined) return 'unknown';
  let result: Match = 'no';
  for (const text of ports) {
    const t = text.trim();
    if (t === '*') return 'yes';
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
    if (!m) {
      result = 'unknown';
      continue;
    }
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (port >= lo && port <= hi) return 'yes';
  }
  return result;
}

/** Flows use ephemeral source ports: a rule limited to some source ports matches only part of them. */
function anyPort(ports: string[] | undefined): Match {
  if (ports === undefined) return 'unknown';
  return ports.some((p) => p.trim() === '*') ? 'yes' : 'unknown';
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].map(
  (t) => parseCidr(t) as Cidr,
);

function isPrivate(c: Cidr): boolean {
  return PRIVATE.some((p) => contains(p, c));
}

/** Does a rule prefix list cover the remote party? */
function remoteMatch(prefixes: string[] | undefined, remote: string, vnet: AddressPrefixes): Match {
  if (prefixes === undefined) return 'unknown';
  let result: Match = 'no';
  for (const prefix of prefixes) {
    const m = prefixCovers(prefix, remote, vnet);
    if (m === 'yes') return 'yes';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

function asRange(text: string): Cidr | undefined {
  const t = text.trim();
  return parseCidr(t.includes('/') ? t : t.includes(':') ? `${t}/128` : `${t}/32`);
}

function prefixCovers(prefix: string, remote: string, vnet: AddressPrefixes): Match {
  if (isAnyAddress(prefix)) return 'yes';
  const rule = asRange(prefix);
  const query = asRange(remote);
  if (rule && query) return contains(rule, query) ? 'yes' : overlaps(rule, query) ? 'unknown' : 'no';
  // A private range holds none of the public addresses behind Internet and the service tags.
  if (rule && !query) return isPrivate(rule) && remote.toLowerCase() !== 'virtualnetwork' ? 'no' : 'unknown';
  if (!rule && query) {
    const tag = prefix.trim().toLowerCase();
    if ((tag === 'internet' || serviceTagOf(tag) !== undefined) && isPrivate(query)) return 'no';
    // Peered and on-premises ranges are in the tag too, so only the own address space says yes.
    if (tag === 'virtualnetwork' && vnet.state === 'known' && vnet.cidrs.some((c) => contains(c, query))) return 'yes';
    return 'unknown';
  }
  const covers = tagCovers(prefix, remote);
  return covers === 'partial' ? 'unknown' : covers;
}

/** Does a rule prefix list cover the subnet (the local end of every flow)? */
function localMatch(prefixes: string[] | undefined, local: AddressPrefixes): Match {
  if (prefixes === undefined) return 'unknown';
  let result: Match = 'no';
  for (const prefix of prefixes) {
    const m = coversSubnet(prefix, local);
    if (m === 'yes') return 'yes';
    if (m === 'unknown') result = 'unknown';
  }
  return result;
}

const NOT_A_SUBNET = ['internet', 'azureloadbalancer'];

function coversSubnet(prefix: string, local: AddressPrefixes): Match {
  if (isAnyAddress(prefix)) return 'yes';
  const tag = prefix.trim().toLowerCase();
  // The subnet is part of its virtual network's address space.
  if (tag === 'virtualnetwork') return 'yes';
  const rule = asRange(prefix);
  if (!rule) return NOT_A_SUBNET.includes(tag) || serviceTagOf(tag) !== undefined ? 'no' : 'unknown';
  if (local.state !== 'known') return 'unknown';
  if (local.cidrs.every((c) => contains(rule, c))) return 'yes';
  return local.cidrs.some((c) => overlaps(rule, c)) ? 'unknown' : 'no';
}
