import { buildGraph } from '../../../server/src/graph/build';
import type { ResourceGraph } from '../../../server/src/graph/graph';
import type { Resource } from '../../../server/src/graph/resource';
import { buildResourceId, normalizeId } from '../../../server/src/graph/resource-id';
import type { SourceSpan } from '../../../server/src/graph/span';
import { zonesForGroup } from '../../../server/src/graph/tables/dns-zones';
import { T } from '../../../server/src/graph/types';
import type { ObjectValue, Value } from '../../../server/src/graph/value';
import { arr, fromPlain, obj, unknown } from '../../../server/src/graph/value';

/**
 * Graphs built directly from `Resource` objects, without any front end. Every value and member
 * gets a span of its own (one line each, in a file named after the resource), so tests can tell
 * exactly which property a finding points at.
 */

export const SUB = '00000000-0000-0000-0000-000000000000';
export const RG = 'rg';

/** A value marker for tests: an unknown with an optional symbol. */
export interface Unknown {
  unknown: string;
  symbol?: string;
}

export function unknownOf(reason: string, symbol?: string): Unknown {
  return { unknown: reason, symbol };
}

export function id(type: string, ...names: string[]): string {
  return buildResourceId({ subscriptionId: SUB, resourceGroup: RG }, type, names);
}

export interface ResourceOptions {
  origin?: Resource['origin'];
  presence?: Resource['presence'];
  /** Override the id (e.g. one built from symbols); `idKnown` becomes false when it contains `{`. */
  id?: string;
}

let line = 0;

/** One declared resource; `names` are the name segments (`['vnet', 'aks']` for a subnet). */
export function resource(
  type: string,
  names: string[],
  body: Record<string, unknown>,
  opts: ResourceOptions = {},
): Resource {
  const file = `/hand-built/${names.join('-')}.json`;
  const rid = opts.id ?? id(type, ...names);
  return {
    id: rid,
    key: normalizeId(rid),
    idKnown: !rid.includes('{'),
    type,
    name: names.join('/'),
    body: toValue(body, file) as ObjectValue,
    origin: opts.origin ?? 'declared',
    presence: opts.presence ?? 'always',
    language: 'arm',
    file,
    span: spanIn(file),
    nameSpan: spanIn(file),
    symbol: names.join('_'),
  };
}

export function graphOf(...resources: Resource[]): ResourceGraph {
  return buildGraph(resources);
}

function spanIn(file: string): SourceSpan {
  const l = line++;
  return { file, start: { line: l, character: 0 }, end: { line: l, character: 10 } };
}

/**
 * Scalars as the library builds them; arrays and objects are walked here because, unlike `fromPlain`,
 * every node and member gets a span of its own and `{ unknown }` markers become unknowns.
 */
function toValue(x: unknown, file: string): Value {
  const span = spanIn(file);
  if (x === null || typeof x !== 'object') return fromPlain(x, span);
  if (Array.isArray(x))
    return arr(
      x.map((i) => toValue(i, file)),
      span,
    );
  const o = x as Record<string, unknown>;
  if (typeof o.unknown === 'string')
    return unknown(o.unknown, span, typeof o.symbol === 'string' ? o.symbol : undefined);
  return obj(
    Object.entries(o).map(([key, value]) => ({
      key,
      value: toValue(value, file),
      span: spanIn(file),
      keySpan: spanIn(file),
    })),
    span,
  );
}

/** The standard pieces of an AKS inferencing deployment, each replaceable by a test. */
export const ids = {
  vnet: id(T.virtualNetwork, 'vnet'),
  aksSubnet: id(T.subnet, 'vnet', 'aks'),
  peSubnet: id(T.subnet, 'vnet', 'pe'),
  otherVnet: id(T.virtualNetwork, 'other'),
  otherSubnet: id(T.subnet, 'other', 'pe'),
  workspace: id(T.workspace, 'ws'),
  storage: id(T.storageAccount, 'st'),
  vault: id(T.keyVault, 'kv'),
  registry: id(T.containerRegistry, 'acr'),
  insights: id(T.applicationInsights, 'ai'),
  cluster: id(T.managedCluster, 'aks'),
};

export function vnet(
  name: string,
  subnets: Record<string, Record<string, unknown>>,
  extra: Record<string, unknown> = {},
) {
  return resource(T.virtualNetwork, [name], {
    location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: Object.entries(subnets).map(([n, properties]) => ({ name: n, properties })),
      ...extra,
    },
  });
}

export function cluster(
  subnetId: unknown = ids.aksSubnet,
  props: Record<string, unknown> = {},
  location: unknown = 'westeurope',
) {
  return resource(T.managedCluster, ['aks'], {
    location,
    properties: { agentPoolProfiles: [{ name: 'system', vnetSubnetID: subnetId }], ...props },
  });
}

export function workspace(props: Record<string, unknown> = {}, location: unknown = 'westeurope') {
  return resource(T.workspace, ['ws'], {
    location,
    properties: {
      storageAccount: ids.storage,
      keyVault: ids.vault,
      containerRegistry: ids.registry,
      applicationInsights: ids.insights,
      ...props,
    },
  });
}

export function compute(props: Record<string, unknown> = { computeType: 'AKS', resourceId: ids.cluster }) {
  return resource(T.workspaceCompute, ['ws', 'aks'], { location: 'westeurope', properties: props });
}

export const storage = (props: Record<string, unknown> = {}) =>
  resource(T.storageAccount, ['st'], { location: 'westeurope', properties: props });
export const vault = (props: Record<string, unknown> = {}) =>
  resource(T.keyVault, ['kv'], { location: 'westeurope', properties: props });
export const registry = () => resource(T.containerRegistry, ['acr'], { location: 'westeurope', properties: {} });
export const insights = () => resource(T.applicationInsights, ['ai'], { location: 'westeurope', properties: {} });

export function endpoint(
  name: string,
  target: unknown,
  groupId: string,
  subnetId: unknown = ids.peSubnet,
  opts?: ResourceOptions,
) {
  return resource(
    T.privateEndpoint,
    [name],
    {
      location: 'westeurope',
      properties: {
        subnet: { id: subnetId },
        privateLinkServiceConnections: [{ name, properties: { privateLinkServiceId: target, groupIds: [groupId] } }],
      },
    },
    opts,
  );
}

/** A zone group registering the endpoint in the named zones (none when not given). */
export function zoneGroup(endpointName: string, zones: readonly string[] = []) {
  const privateDnsZoneConfigs = zones.map((zone) => ({
    name: zone,
    properties: { privateDnsZoneId: id(T.privateDnsZone, zone) },
  }));
  return resource(T.privateDnsZoneGroup, [endpointName, 'default'], { properties: { privateDnsZoneConfigs } });
}

export function peering(from: string, to: string, extra: Record<string, unknown> = {}) {
  return resource(T.peering, [from, `${from}-to-${to}`], {
    properties: { remoteVirtualNetwork: { id: id(T.virtualNetwork, to) }, ...extra },
  });
}

/** A deployment that follows the article: every rule of the family is satisfied. */
export function secureDeployment(): Resource[] {
  return [
    vnet('vnet', { aks: { addressPrefix: '10.0.0.0/22' }, pe: { addressPrefix: '10.0.4.0/24' } }),
    // A service range clear of the VNet: AKS's default, 10.0.0.0/16, would overlap its subnets.
    // A private cluster: its traffic stays in the VNet (aks-network-isolation).
    cluster(ids.aksSubnet, {
      networkProfile: { networkPlugin: 'azure', serviceCidr: '10.2.0.0/16', dnsServiceIP: '10.2.0.10' },
      apiServerAccessProfile: { enablePrivateCluster: true },
    }),
    workspace(),
    compute(),
    storage(),
    vault(),
    registry(),
    insights(),
    endpoint('pe-ws', ids.workspace, 'amlworkspace'),
    zoneGroup('pe-ws', zonesForGroup('amlworkspace')),
    endpoint('pe-st', ids.storage, 'blob'),
    zoneGroup('pe-st', zonesForGroup('blob')),
    endpoint('pe-st-file', ids.storage, 'file'),
    zoneGroup('pe-st-file', zonesForGroup('file')),
    endpoint('pe-kv', ids.vault, 'vault'),
    zoneGroup('pe-kv', zonesForGroup('vault')),
    endpoint('pe-acr', ids.registry, 'registry'),
    zoneGroup('pe-acr', zonesForGroup('registry')),
  ];
}

/** The deployment without the resources whose names are given (by last name segment). */
export function without(resources: Resource[], ...names: string[]): Resource[] {
  return resources.filter((r) => !names.includes(r.name.split('/').pop() ?? '') && !names.includes(r.name));
}

/** The deployment with the resource of the same id replaced. */
export function replacing(resources: Resource[], ...replacements: Resource[]): Resource[] {
  const keys = new Set(replacements.map((r) => r.key));
  return [...resources.filter((r) => !keys.has(r.key)), ...replacements];
}

/** `v` with the node at `path` (member or item indexes, from the top) replaced by `by`; spans are kept. */
export function replaceAt(v: Value, path: number[], by: Value): Value {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (v.kind === 'object')
    return obj(
      v.entries.map((e, i) => (i === head ? { ...e, value: replaceAt(e.value, rest, by) } : e)),
      v.span,
    );
  if (v.kind === 'array')
    return arr(
      v.items.map((item, i) => (i === head ? replaceAt(item, rest, by) : item)),
      v.span,
    );
  return v;
}

/** The index path of every node below `v`, outermost first. */
export function paths(v: Value, prefix: number[] = []): number[][] {
  const children = v.kind === 'object' ? v.entries.map((e) => e.value) : v.kind === 'array' ? v.items : [];
  return children.flatMap((c, i) => [[...prefix, i], ...paths(c, [...prefix, i])]);
}
