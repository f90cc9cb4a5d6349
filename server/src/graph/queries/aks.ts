import type { Cidr } from '../cidr';
import { parseAddress, parseCidr } from '../cidr';
import type { IpAddress } from '../cidr';
import type { Ref, ResourceGraph } from '../graph';
import type { AksCluster } from '../relations';
import type { Tri } from '../relations';
import type { Resource } from '../resource';
import { normalizeId } from '../resource-id';
import type { Value } from '../value';
import { at, isUnknown, knownString, member } from '../value';

/** One network setting of a cluster, where it is written (ARM body path) and what it holds. */
export interface NetworkSetting<T> {
  /** The resource whose body holds it (the managed cluster, or the AML compute that creates one). */
  resource: Resource;
  /** ARM body path, for spans (`propertySpan`), names (`ctx.propertyName`) and fixes. */
  path: string;
  state: 'absent' | 'unknown' | 'known';
  value?: Value;
  /** Parsed value when known. */
  parsed?: T;
  /** Why it is unknown (also when the text does not parse). */
  reason?: string;
}

/**
 * The AKS network profile of a cluster, from `managedClusters` `properties.networkProfile` or, for an
 * AKS cluster that Azure ML creates, the compute's `properties.properties.aksNetworkingConfiguration`
 * (and its load balancer settings). Ranges hold one entry or, dual-stack, several.
 */
export interface AksNetworkProfile {
  cluster: AksCluster;
  serviceCidrs: NetworkSetting<Cidr[]>;
  dnsServiceIP: NetworkSetting<IpAddress>;
  /** Deprecated; only where it is set. */
  dockerBridgeCidr: NetworkSetting<Cidr[]>;
  podCidrs: NetworkSetting<Cidr[]>;
  networkPlugin: NetworkSetting<string>;
  /** AML compute only: `InternalLoadBalancer` or `PublicIp`. */
  loadBalancerType: NetworkSetting<string>;
  /** AML compute only: the subnet name of the internal load balancer. */
  loadBalancerSubnet: NetworkSetting<string>;
}

const MANAGED = 'properties.networkProfile';
const AML = 'properties.properties.aksNetworkingConfiguration';

export function aksNetworkProfile(cluster: AksCluster): AksNetworkProfile {
  const r = cluster.resource;
  if (cluster.createdByWorkspace) {
    return {
      cluster,
      serviceCidrs: ranges(r, `${AML}.serviceCidr`),
      dnsServiceIP: address(r, `${AML}.dnsServiceIP`),
      dockerBridgeCidr: ranges(r, `${AML}.dockerBridgeCidr`),
      podCidrs: { resource: r, path: `${AML}.podCidr`, state: 'absent' },
      networkPlugin: { resource: r, path: `${AML}.networkPlugin`, state: 'absent' },
      loadBalancerType: text(r, 'properties.properties.loadBalancerType'),
      loadBalancerSubnet: text(r, 'properties.properties.loadBalancerSubnet'),
    };
  }
  return {
    cluster,
    serviceCidrs: ranges(r, `${MANAGED}.serviceCidr`, `${MANAGED}.serviceCidrs`),
    dnsServiceIP: address(r, `${MANAGED}.dnsServiceIP`),
    dockerBridgeCidr: ranges(r, `${MANAGED}.dockerBridgeCidr`),
    podCidrs: ranges(r, `${MANAGED}.podCidr`, `${MANAGED}.podCidrs`),
    networkPlugin: text(r, `${MANAGED}.networkPlugin`),
    loadBalancerType: { resource: r, path: 'properties.properties.loadBalancerType', state: 'absent' },
    loadBalancerSubnet: { resource: r, path: 'properties.properties.loadBalancerSubnet', state: 'absent' },
  };
}

/** A range setting: the list form (`serviceCidrs[]`) when written, else the single one. */
function ranges(r: Resource, single: string, list?: string): NetworkSetting<Cidr[]> {
  const listValue = list ? at(r.body, list) : undefined;
  const path = listValue !== undefined && listValue.kind !== 'null' && list ? list : single;
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  if (isUnknown(value)) return { resource: r, path, state: 'unknown', value, reason: value.reason };
  const texts = value.kind === 'array' ? value.items : [value];
  const parsed: Cidr[] = [];
  for (const t of texts) {
    const c = t.kind === 'string' ? parseCidr(t.value) : undefined;
    if (!c) return { resource: r, path, state: 'unknown', value, reason: unreadable(t, 'an address range') };
    parsed.push(c);
  }
  return { resource: r, path, state: 'known', value, parsed };
}

function address(r: Resource, path: string): NetworkSetting<IpAddress> {
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  const parsed = value.kind === 'string' ? parseAddress(value.value) : undefined;
  if (!parsed) return { resource: r, path, state: 'unknown', value, reason: unreadable(value, 'an IP address') };
  return { resource: r, path, state: 'known', value, parsed };
}

function text(r: Resource, path: string): NetworkSetting<string> {
  const value = at(r.body, path);
  if (value === undefined || value.kind === 'null') return { resource: r, path, state: 'absent' };
  const parsed = knownString(value);
  if (parsed === undefined)
    return { resource: r, path, state: 'unknown', value, reason: unreadable(value, 'a string') };
  return { resource: r, path, state: 'known', value, parsed };
}

function unreadable(v: Value, what: string): string {
  if (isUnknown(v)) return v.reason;
  return v.kind === 'string' ? `'${v.value}' is not ${what}` : `expected ${what}, found ${v.kind}`;
}

/** The managed identity of a cluster and how to recognise its principal in a role assignment. */
export interface ClusterIdentity {
  cluster: AksCluster;
  /** `SystemAssigned`, `UserAssigned`, `None` (absent), or `unknown`. */
  type: 'SystemAssigned' | 'UserAssigned' | 'None' | 'unknown';
  reason?: string;
  /** The user-assigned identities (keys of `identity.userAssignedIdentities`), resolved. */
  userAssigned: Ref[];
}

export function clusterIdentity(graph: ResourceGraph, cluster: AksCluster): ClusterIdentity {
  const identity = member(cluster.resource.body, 'identity');
  const typeValue = member(identity, 'type');
  if (isUnknown(identity) || isUnknown(typeValue)) {
    const u = isUnknown(identity) ? identity : typeValue;
    return { cluster, type: 'unknown', reason: isUnknown(u) ? u.reason : undefined, userAssigned: [] };
  }
  const type = knownString(typeValue)
    ?.toLowerCase()
    .replace(/[\s,]+/g, '');
  const userAssigned: Ref[] = [];
  const ua = member(identity, 'userAssignedIdentities');
  if (ua?.kind === 'object')
    for (const e of ua.entries) {
      const ref = graph.resolve({ kind: 'string', value: e.key, span: e.keySpan });
      if (ref) userAssigned.push(ref);
    }
  if (type === undefined) return { cluster, type: 'None', userAssigned };
  if (type === 'systemassigned') return { cluster, type: 'SystemAssigned', userAssigned };
  if (type === 'userassigned') return { cluster, type: 'UserAssigned', userAssigned };
  if (type === 'none') return { cluster, type: 'None', userAssigned };
  return { cluster, type: 'unknown', reason: `identity type '${knownString(typeValue)}' is not known`, userAssigned };
}

/** What a principal id read from a resource names: its system identity, an identity resource's own principal, or something else. */
interface PrincipalSource {
  /** Resource key (ARM id) or Terraform address. */
  ref: string;
  by: 'key' | 'address';
  kind: 'system' | 'identity' | 'other';
}

const TF_ADDRESS = /^\{((?:module\.[^.]+\.)*(?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)([.[}].*)$/;

/**
 * Principal ids are only known after deployment, so they are recognised by how they are read:
 * `reference(<id>, …, 'Full').identity.principalId` / `reference(<identity id>).principalId` in ARM
 * (`{<id>}.identity.principalId`, `{<id>}.properties.principalId`), `<address>.identity[0].principal_id`
 * / `<identity address>.principal_id` in Terraform. Anything else read from a resource (a kubelet
 * identity's object id) is another principal.
 */
function principalSource(principal: Value | undefined): PrincipalSource | undefined {
  const symbol = isUnknown(principal) ? principal.symbol?.trim() : undefined;
  if (symbol === undefined) return undefined;
  const arm = /^\{(\/subscriptions\/[^}]+)\}(.*)$/i.exec(symbol);
  if (arm) {
    const rest = arm[2].toLowerCase();
    const kind =
      rest === '.identity.principalid' ? 'system' : rest === '.properties.principalid' ? 'identity' : 'other';
    return { ref: normalizeId(arm[1]), by: 'key', kind };
  }
  const tf = TF_ADDRESS.exec(symbol);
  if (tf && !tf[1].startsWith('var.') && !tf[1].startsWith('local.')) {
    const rest = tf[2];
    const kind = /^\.identity(\[0\]|\.0)?\.principal_id\}$/.test(rest)
      ? 'system'
      : rest === '.principal_id}'
        ? 'identity'
        : 'other';
    return { ref: tf[1], by: 'address', kind };
  }
  return undefined;
}

function isResource(source: PrincipalSource, r: Resource): boolean {
  return source.by === 'key' ? source.ref === r.key : source.ref === r.symbol;
}

/**
 * Whether a role assignment's `principalId` is the identity of the cluster: `yes` when it is read
 * from the cluster's system identity (or from one of its user-assigned identities), `no` when it is
 * read from another resource's identity or is a literal id (a cluster principal is never known
 * before deployment), `unknown` otherwise (a parameter may hold the cluster's principal id).
 */
export function principalMatches(principal: Value | undefined, identity: ClusterIdentity): Tri {
  if (principal === undefined || principal.kind === 'null') return 'no';
  if (!isUnknown(principal)) return 'no';
  const source = principalSource(principal);
  if (!source) return 'unknown';
  const r = identity.cluster.resource;
  if (source.kind === 'other') return 'no';
  if (source.kind === 'system') return isResource(source, r) && identity.type !== 'UserAssigned' ? 'yes' : 'no';
  if (identity.userAssigned.some((u) => u.state === 'resolved' && isResource(source, u.resource))) return 'yes';
  return identity.type === 'UserAssigned' && identity.userAssigned.length === 0 ? 'unknown' : 'no';
}
