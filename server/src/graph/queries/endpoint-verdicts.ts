import type { PrivateEndpointInfo } from '../private-endpoints';
import type { EndpointReach, Reach } from '../reachability';
import { privateEndpointReach, serviceEndpointAccess } from '../reachability';
import type { WorkspaceDependency } from '../relations';
import type { Resource } from '../resource';
import type { ClusterInVnet, KnownVnet } from './clusters';
import type { GraphQueries } from './index';

/** How one resource (the workspace or a dependency) is reached from one VNet of an attached cluster. */
export interface EndpointVerdict {
  setting: ClusterInVnet;
  target: Resource;
  /** Undefined for the workspace itself. */
  dependency?: WorkspaceDependency;
  vnet: KnownVnet;
  reach: EndpointReach;
  /** The storage / key vault service endpoint alternative (`no` for other types). */
  serviceEndpoint: Reach;
}

/**
 * Every (workspace or secured dependency, cluster VNet) pair with its verdict, shared by the rules that
 * split the work: missing dependency endpoint, missing workspace endpoint, unreachable endpoint.
 */
export function endpointVerdicts(q: GraphQueries, of: 'workspace' | 'dependencies'): EndpointVerdict[] {
  const out: EndpointVerdict[] = [];
  for (const setting of q.clustersInVnet()) {
    const targets: readonly { target: Resource; dependency?: WorkspaceDependency }[] =
      of === 'workspace' ? [{ target: setting.workspace }] : q.securedDependencies(setting.workspace);
    for (const { target, dependency } of targets) {
      for (const vnet of setting.vnets) {
        const reach = privateEndpointReach(q.graph, q.privateEndpoints(), target, vnet);
        const serviceEndpoint =
          reach.state === 'yes' ? { state: 'no' as const } : serviceEndpointAccess(q.graph, target, setting.subnets);
        out.push({ setting, target, dependency, vnet, reach, serviceEndpoint });
      }
    }
  }
  return out;
}

/** True when the resource needs a finding from one of the endpoint rules: no reachable way in is known. */
export function lacksAccess(v: EndpointVerdict): boolean {
  return v.reach.state === 'no' && v.serviceEndpoint.state === 'no';
}

/** Why the verdict could not be reached; undefined when it was (yes, or no way in). */
export function undecidedReason(v: EndpointVerdict): string | undefined {
  if (v.reach.state === 'yes' || v.serviceEndpoint.state === 'yes' || lacksAccess(v)) return undefined;
  const why = v.reach.state === 'unknown' ? v.reach.reason : v.serviceEndpoint.reason;
  return why ?? 'the private endpoints cannot be decided';
}

/** A private endpoint in a VNet the cluster cannot reach, of a resource the cluster has no other way in to. */
export interface UnreachableEndpoint {
  verdict: EndpointVerdict;
  endpoint: PrivateEndpointInfo;
}

/** What `private-endpoint-unreachable-vnet` reports, once per endpoint (its first verdict). */
export function unreachableEndpoints(verdicts: readonly EndpointVerdict[]): UnreachableEndpoint[] {
  const out: UnreachableEndpoint[] = [];
  const seen = new Set<string>();
  for (const verdict of verdicts) {
    if (!lacksAccess(verdict)) continue;
    for (const endpoint of verdict.reach.unreachable) {
      if (seen.has(endpoint.resource.key)) continue;
      seen.add(endpoint.resource.key);
      out.push({ verdict, endpoint });
    }
  }
  return out;
}
