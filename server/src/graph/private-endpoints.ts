import type { Ref, ResourceGraph } from './graph';
import type { Resource } from './resource';
import { describe } from './resource';
import { normalizeId, parseResourceId } from './resource-id';
import { T, sameType, typeNoun } from './types';
import type { Value } from './value';
import { at, isUnknown, items, knownString, member } from './value';
import type { Tri } from './relations';
import type { VnetRef } from './networks';
import { vnetOfSubnet } from './networks';

/**
 * Private endpoints: their subnet, VNet, targets and group ids, zone groups, and an index that
 * answers "which endpoints serve this resource" without scanning them all.
 */

export interface PrivateLinkConnection {
  /** Undefined when the connection names no target. */
  target: Ref | undefined;
  /** Undefined when the group ids are unknown. */
  groupIds: string[] | undefined;
}

export interface PrivateEndpointInfo {
  resource: Resource;
  subnet: Value | undefined;
  vnet: VnetRef;
  connections: PrivateLinkConnection[];
  /** Set when the connection list itself cannot be read: the endpoint may target anything. */
  connectionsUnknown?: string;
  /** `privateDnsZoneGroups` children. */
  zoneGroups: Resource[];
}

const CONNECTION_LISTS = ['privateLinkServiceConnections', 'manualPrivateLinkServiceConnections'];

export function privateEndpoints(graph: ResourceGraph): PrivateEndpointInfo[] {
  return graph.ofType(T.privateEndpoint).map((pe) => privateEndpointInfo(graph, pe));
}

export function privateEndpointInfo(graph: ResourceGraph, pe: Resource): PrivateEndpointInfo {
  const props = member(pe.body, 'properties');
  const subnet = member(props, 'subnet');
  const connections: PrivateLinkConnection[] = [];
  let connectionsUnknown: string | undefined;
  if (isUnknown(props)) connectionsUnknown = props.reason;
  if (pe.origin === 'existing') connectionsUnknown = `${describe(pe, typeNoun)} is declared elsewhere`;
  for (const listName of CONNECTION_LISTS) {
    const list = member(props, listName);
    if (isUnknown(list)) connectionsUnknown = list.reason;
    for (const item of items(list)) {
      if (isUnknown(item)) {
        connectionsUnknown = item.reason;
        continue;
      }
      const cprops = member(item, 'properties');
      if (isUnknown(cprops)) connectionsUnknown = cprops.reason;
      const target = graph.resolve(member(cprops, 'privateLinkServiceId'));
      connections.push({ target, groupIds: groupIdsOf(member(cprops, 'groupIds')) });
    }
  }
  return {
    resource: pe,
    subnet,
    vnet: vnetOfSubnet(graph, subnet),
    connections,
    connectionsUnknown,
    zoneGroups: graph.children(pe, T.privateDnsZoneGroup),
  };
}

function groupIdsOf(v: Value | undefined): string[] | undefined {
  if (!v || v.kind === 'null') return [];
  if (v.kind !== 'array') return undefined;
  const out: string[] = [];
  for (const i of v.items) {
    const s = knownString(i);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** A target's endpoints: those that certainly connect to it, and those whose target cannot be ruled out. */
export interface TargetEndpoints {
  certain: PrivateEndpointInfo[];
  possible: PrivateEndpointInfo[];
}

/**
 * The private endpoints of a graph, indexed by the key of what they connect to, so that asking
 * "which endpoints serve X" does not scan every endpoint. Endpoints whose target is unresolved are
 * kept aside and checked against each question.
 */
export class PrivateEndpointIndex {
  private readonly byTarget = new Map<string, PrivateEndpointInfo[]>();
  private readonly undecided: PrivateEndpointInfo[] = [];

  constructor(readonly all: readonly PrivateEndpointInfo[]) {
    for (const pe of all) {
      const keys = new Set<string>();
      let open = pe.connectionsUnknown !== undefined;
      for (const c of pe.connections) {
        if (c.target?.state === 'resolved') keys.add(c.target.resource.key);
        else if (c.target?.state === 'external') keys.add(normalizeId(c.target.id));
        else if (c.target?.state === 'unknown') open = true;
      }
      for (const key of keys) {
        const list = this.byTarget.get(key) ?? [];
        list.push(pe);
        this.byTarget.set(key, list);
      }
      if (open) this.undecided.push(pe);
    }
  }

  of(target: Resource): TargetEndpoints {
    const certain = this.byTarget.get(target.key) ?? [];
    const possible = this.undecided.filter((pe) => !certain.includes(pe) && endpointTargets(pe, target) === 'unknown');
    return { certain, possible };
  }
}

const INDEXES = new WeakMap<ResourceGraph, PrivateEndpointIndex>();

/** The endpoint index of a graph, built once: graphs do not change after construction. */
export function privateEndpointIndex(graph: ResourceGraph): PrivateEndpointIndex {
  let index = INDEXES.get(graph);
  if (!index) {
    index = new PrivateEndpointIndex(privateEndpoints(graph));
    INDEXES.set(graph, index);
  }
  return index;
}

/** Whether an endpoint connects to the target: yes, no, or unknown when some connection is unresolved. */
export function endpointTargets(pe: PrivateEndpointInfo, target: Resource): Tri {
  let result: Tri = pe.connectionsUnknown ? 'unknown' : 'no';
  for (const c of pe.connections) {
    const t = targets(c, target);
    if (t === 'yes') return 'yes';
    if (t === 'unknown') result = 'unknown';
  }
  return result;
}

/** The zones a private DNS zone group registers the endpoint in. */
export function zoneGroupZones(graph: ResourceGraph, group: Resource): Ref[] {
  const out: Ref[] = [];
  for (const config of items(at(group.body, 'properties.privateDnsZoneConfigs'))) {
    const ref = graph.resolve(at(config, 'properties.privateDnsZoneId'));
    if (ref) out.push(ref);
  }
  return out;
}

/** Whether a connection's target is the given resource: yes, no, or unknown when the id is unresolved. */
export function targets(connection: PrivateLinkConnection, target: Resource): Tri {
  const ref = connection.target;
  if (!ref) return 'no';
  if (ref.state === 'resolved') return ref.resource.key === target.key ? 'yes' : 'no';
  if (ref.state === 'external') return normalizeId(ref.id) === target.key ? 'yes' : 'no';
  // A partly known id still tells its type: an unknown storage account id cannot be a key vault.
  const partial = ref.value.kind === 'string' ? parseResourceId(ref.value.value) : undefined;
  if (partial && !sameType(partial.type, target.type)) return 'no';
  return 'unknown';
}

/**
 * Deployments whose content is not analysed (a template linked by URI or template spec, a link path
 * or template that is not known, a Terraform module from a registry): they may create private
 * endpoints and zone groups that this graph does not show, so "there is none" cannot be concluded.
 */
export function opaqueDeployments(graph: ResourceGraph): Resource[] {
  return graph.ofType(T.deployment).filter((d) => {
    if (d.origin !== 'declared') return false;
    const props = member(d.body, 'properties');
    if (isUnknown(props)) return true;
    if (member(props, 'template')?.kind === 'object') return false;
    const link = member(props, 'templateLink');
    return link !== undefined && knownString(member(link, 'relativePath')) === undefined;
  });
}

/** The name of the private DNS zone a reference points at, or why it is not known. */
export type ZoneName = { state: 'known'; name: string; zone?: Resource } | { state: 'unknown'; reason: string };

/**
 * A zone's name: the declared zone's own name, else the last segment of its id when that is
 * literal (a zone of another subscription or resource group still says which zone it is).
 */
export function zoneNameOf(ref: Ref): ZoneName {
  if (ref.state === 'resolved') {
    const zone = ref.resource;
    if (!sameType(zone.type, T.privateDnsZone))
      return { state: 'unknown', reason: `${describe(zone, typeNoun)} is not a private DNS zone` };
    const name = zone.name.split('/').pop() ?? zone.name;
    return literalName(name)
      ? { state: 'known', name, zone }
      : { state: 'unknown', reason: `the name of ${describe(zone)} is not known` };
  }
  const id =
    ref.state === 'external'
      ? ref.id
      : ref.value.kind === 'string'
        ? ref.value.value
        : ref.value.kind === 'unknown'
          ? ref.value.symbol
          : undefined;
  const parsed = id === undefined ? undefined : parseResourceId(id);
  const name = parsed?.names[parsed.names.length - 1];
  if (!parsed || !sameType(parsed.type, T.privateDnsZone) || name === undefined || !literalName(name))
    return {
      state: 'unknown',
      reason: ref.state === 'unknown' ? ref.reason : `'${id ?? ''}' is not a private DNS zone id`,
    };
  return { state: 'known', name };
}

function literalName(name: string): boolean {
  return name !== '' && !/[{}[\]]/.test(name);
}
