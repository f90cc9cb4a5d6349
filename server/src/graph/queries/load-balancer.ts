import type { AksCluster, Tri } from '../relations';
import type { Resource } from '../resource';
import { describe, settled, unsettledReason } from '../resource';
import { at, isUnknown, knownBoolean, knownString } from '../value';
import type { NetworkSetting } from './aks';
import { textSetting } from './aks';

/** Where an AKS compute says how Azure ML exposes the deployments on its cluster (AKSSchema properties). */
export const LOAD_BALANCER_TYPE = 'properties.properties.loadBalancerType';
export const LOAD_BALANCER_SUBNET = 'properties.properties.loadBalancerSubnet';
export const INTERNAL_LOAD_BALANCER = 'InternalLoadBalancer';
export const PRIVATE_CLUSTER = 'properties.apiServerAccessProfile.enablePrivateCluster';

/** A yes / no / cannot-tell answer, with why it cannot tell. */
export interface Verdict {
  state: Tri;
  reason?: string;
}

/**
 * The load balancer an AML compute gives the deployments on its cluster. `internal` is `yes` for
 * `InternalLoadBalancer`; `no` for `PublicIp`, which is also the API default when the compute sets
 * nothing (azurerm_machine_learning_inference_cluster has no argument for it, so it always gets the
 * default); `unknown` for a value that cannot be read and for a Kubernetes compute, whose load balancer
 * is set by the Azure ML extension on the cluster (`internalLoadBalancerProvider`), not by the compute.
 */
export interface ComputeLoadBalancer {
  compute: Resource;
  /** False for a compute that cannot state a load balancer type (the azurerm inference cluster). */
  settable: boolean;
  type: NetworkSetting<string>;
  subnet: NetworkSetting<string>;
  internal: Verdict;
}

const INFERENCE_CLUSTER = 'azurerm_machine_learning_inference_cluster';

export function computeLoadBalancer(compute: Resource): ComputeLoadBalancer {
  const type = textSetting(compute, LOAD_BALANCER_TYPE);
  const subnet = textSetting(compute, LOAD_BALANCER_SUBNET);
  const settable = compute.sourceType !== INFERENCE_CLUSTER;
  const base = { compute, settable, type, subnet };
  const computeType = knownString(at(compute.body, 'properties.computeType'))?.toLowerCase();
  if (computeType === 'kubernetes')
    return {
      ...base,
      internal: {
        state: 'unknown',
        reason: `the load balancer of ${describe(compute)} is set by the Azure Machine Learning extension on the cluster (internalLoadBalancerProvider), which is not analysed`,
      },
    };
  if (type.state === 'unknown')
    return { ...base, internal: { state: 'unknown', reason: type.reason ?? 'the load balancer type is not known' } };
  const internal = type.state === 'known' && type.parsed?.toLowerCase() === INTERNAL_LOAD_BALANCER.toLowerCase();
  return { ...base, internal: { state: internal ? 'yes' : 'no' } };
}

/**
 * Whether a cluster's API server is private. A cluster Azure ML creates from an AKS compute never is:
 * the compute has no such setting (the documents create the private cluster first, then attach it).
 */
export function privateCluster(cluster: AksCluster): Verdict {
  if (cluster.createdByWorkspace) return { state: 'no' };
  const r = cluster.resource;
  if (!settled(r)) return { state: 'unknown', reason: unsettledReason(r) };
  const flag = at(r.body, PRIVATE_CLUSTER);
  if (isUnknown(flag)) return { state: 'unknown', reason: flag.reason };
  // Absent means the API default, a public API server.
  if (flag === undefined || flag.kind === 'null') return { state: 'no' };
  const value = knownBoolean(flag);
  if (value === undefined)
    return { state: 'unknown', reason: `enablePrivateCluster of ${describe(r)} is not a boolean` };
  return { state: value ? 'yes' : 'no' };
}
