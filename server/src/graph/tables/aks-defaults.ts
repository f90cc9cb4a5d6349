import type { Cidr } from '../cidr';
import { parseCidr } from '../cidr';

/**
 * The service range AKS gives a managed cluster whose network profile sets none: the default of the
 * `ContainerServiceNetworkProfile` API schema (Microsoft.ContainerService, e.g. 2024-02-01), whatever
 * the network plugin. Its DNS service IP default, 10.0.0.10, lies inside it. Azure Machine Learning
 * documents no default for the cluster it creates (`aksNetworkingConfiguration`), so none is assumed there.
 */
export const AKS_DEFAULT_SERVICE_CIDR: Cidr = parseCidr('10.0.0.0/16')!;
