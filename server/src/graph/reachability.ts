import type { ResourceGraph } from './graph';
import { describeVnets, peeringsOf, serviceEndpointsOf, virtualNetworkRules } from './networks';
import type { SubnetUse, VnetRef } from './networks';
import type { PrivateEndpointIndex, PrivateEndpointInfo } from './private-endpoints';
import { opaqueDeployments } from './private-endpoints';
import type { Tri } from './relations';
import type { Resource } from './resource';
import { describe, settled } from './resource';
import { T, typeNoun } from './types';
import type { Value } from './value';
import { at, isUnknown, items, knownBoolean, member } from './value';
import { normalizeId } from './resource-id';
import { serviceEndpointsFor } from './tables/service-endpoints';

/**
 * Network reachability between VNets and to private endpoints. Peering is not transitive in Azure,
 * and a one-way peering carries no traffic, so only a direct peering in both directions counts.
 */

export interface Reach {
  state: Tri;
  /** Why the answer is `unknown`. */
  reason?: string;
}

const YES: Reach = { state: 'yes' };
const NO: Reach = { state: 'no' };

export function vnetReachable(graph: ResourceGraph, a: VnetRef, b: VnetRef): Reach {
  if (a.state === 'unknown') return { state: 'unknown', reason: a.reason };
  if (b.state === 'unknown') return { state: 'unknown', reason: b.reason };
  if (a.key === b.key) return YES;
  const ra = a.resource;
  const rb = b.resource;
  if (!ra || !rb || !settled(ra) || !settled(rb)) {
    const [da, db] = describeVnets(a, b);
    return { state: 'unknown', reason: `whether ${da} and ${db} are peered is decided outside this deployment` };
  }
  const there = peered(graph, ra, rb);
  const back = peered(graph, rb, ra);
  if (there.state === 'yes' && back.state === 'yes') return YES;
  if (there.state === 'no' || back.state === 'no') return NO;
  return there.state === 'unknown' ? there : back;
}

/** Whether `from` has a working peering to `to`. */
function peered(graph: ResourceGraph, from: Resource, to: Resource): Reach {
  let unknownReason: string | undefined;
  // A peering of no VNet declared here could belong to `from` when either id is not known.
  const orphan = graph
    .ofType(T.peering)
    .find((p) => (!p.idKnown || !from.idKnown) && graph.parent(p) === undefined && mayPointAt(graph, p, to));
  if (orphan) unknownReason = `${describe(orphan, typeNoun)} may belong to ${describe(from, typeNoun)}`;
  for (const { peering, remote } of peeringsOf(graph, from)) {
    const label = describe(peering, typeNoun);
    if (!remote || remote.state === 'unknown') {
      unknownReason ??= `the remote network of ${label} is not known`;
      continue;
    }
    const remoteKey = remote.state === 'resolved' ? remote.resource.key : normalizeId(remote.id);
    if (remoteKey !== to.key) continue;
    const access = at(peering.body, 'properties.allowVirtualNetworkAccess');
    if (peering.presence === 'maybe' || isUnknown(access)) {
      unknownReason ??= `${label} may not carry traffic`;
      continue;
    }
    // Absent means the API default, true.
    if (knownBoolean(access) === false) continue;
    return YES;
  }
  return unknownReason ? { state: 'unknown', reason: unknownReason } : NO;
}

/** Whether a peering may have `to` as its remote network (its remote is unknown, or may be `to` under an unknown id). */
export function mayPointAt(graph: ResourceGraph, peering: Resource, to: Resource): boolean {
  const remote = graph.resolve(at(peering.body, 'properties.remoteVirtualNetwork'));
  if (!remote || remote.state === 'unknown') return true;
  // An id of a VNet not declared here may be the one whose id is not known.
  if (remote.state === 'external' && !to.idKnown) return true;
  return (remote.state === 'resolved' ? remote.resource.key : normalizeId(remote.id)) === to.key;
}

export interface EndpointReach extends Reach {
  /** Endpoints of the target whose VNet is reachable. */
  reachable: PrivateEndpointInfo[];
  /** Endpoints of the target whose VNet is certainly not reachable. */
  unreachable: PrivateEndpointInfo[];
}

/**
 * Does `target` have a private endpoint reachable from `from`? `unknown` whenever an endpoint that
 * could be the target's (unresolved target, conditional deployment, undecidable VNet) might change the answer.
 */
export function privateEndpointReach(
  graph: ResourceGraph,
  endpoints: PrivateEndpointIndex,
  target: Resource,
  from: VnetRef,
): EndpointReach {
  const reachable: PrivateEndpointInfo[] = [];
  const unreachable: PrivateEndpointInfo[] = [];
  const { certain, possible } = endpoints.of(target);
  let unknownReason =
    possible.length > 0 ? `the target of ${describe(possible[0].resource, typeNoun)} is not known` : undefined;
  for (const pe of certain) {
    if (pe.resource.presence === 'maybe') {
      unknownReason ??= `${describe(pe.resource, typeNoun)} is deployed only under a condition`;
      continue;
    }
    const reach = vnetReachable(graph, pe.vnet, from);
    if (reach.state === 'yes') reachable.push(pe);
    else if (reach.state === 'no') unreachable.push(pe);
    else unknownReason ??= reach.reason;
  }
  if (reachable.length > 0) return { state: 'yes', reachable, unreachable };
  const opaque = opaqueDeployments(graph)[0];
  unknownReason ??= opaque && `${describe(opaque, typeNoun)} is not analysed and may create a private endpoint`;
  if (unknownReason) return { state: 'unknown', reason: unknownReason, reachable, unreachable };
  return { state: 'no', reachable, unreachable };
}

/**
 * The service endpoint alternative for storage and key vault: every AKS subnet has the service
 * endpoint and the resource's `networkAcls.virtualNetworkRules` lists that subnet.
 */
export function serviceEndpointAccess(graph: ResourceGraph, target: Resource, subnets: readonly SubnetUse[]): Reach {
  const services = serviceEndpointsFor(target.type);
  if (!services) return NO;
  if (!settled(target))
    return { state: 'unknown', reason: `the network rules of ${describe(target, typeNoun)} are not known` };
  const rules = virtualNetworkRules(target);
  if (isUnknown(rules)) return { state: 'unknown', reason: rules.reason };
  let result: Reach = YES;
  for (const use of subnets) {
    const subnetRef = graph.resolve(use.value);
    if (subnetRef?.state !== 'resolved') {
      return { state: 'unknown', reason: 'the service endpoints of the cluster subnet are not known' };
    }
    const subnet = subnetRef.resource;
    const enabled = serviceEndpointsOf(subnet);
    if (enabled === undefined)
      return { state: 'unknown', reason: `the service endpoints of ${describe(subnet, typeNoun)} are not known` };
    if (!enabled.some((s) => services.includes(s.toLowerCase()))) return NO;
    const listed = listsSubnet(graph, items(rules), subnet);
    if (listed.state === 'no') return NO;
    if (listed.state === 'unknown') result = listed;
  }
  return result;
}

function listsSubnet(graph: ResourceGraph, rules: readonly Value[], subnet: Resource): Reach {
  let result: Reach = NO;
  for (const rule of rules) {
    if (isUnknown(rule)) {
      result = { state: 'unknown', reason: rule.reason };
      continue;
    }
    const ref = graph.resolve(member(rule, 'id'));
    if (!ref) continue;
    if (ref.state === 'resolved' && ref.resource.key === subnet.key) return YES;
    if (ref.state === 'external' && normalizeId(ref.id) === subnet.key) return YES;
    if (ref.state === 'unknown') result = { state: 'unknown', reason: ref.reason };
  }
  return result;
}
