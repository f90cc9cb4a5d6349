import { aksVnetDependencyPrivateEndpoint } from './aks-vnet-dependency-private-endpoint';
import { aksVnetWorkspacePrivateEndpoint } from './aks-vnet-workspace-private-endpoint';
import { aksWorkspaceRegionMismatch } from './aks-workspace-region-mismatch';
import { privateClusterPublicFqdn } from './private-cluster-public-fqdn';
import { privateEndpointDnsZoneGroup } from './private-endpoint-dns-zone-group';
import { privateEndpointUnreachableVnet } from './private-endpoint-unreachable-vnet';
import type { Rule } from './rule';

/** Every rule, in catalogue order. */
export const ALL_RULES: readonly Rule[] = [
  aksVnetDependencyPrivateEndpoint,
  aksVnetWorkspacePrivateEndpoint,
  privateEndpointUnreachableVnet,
  privateEndpointDnsZoneGroup,
  aksWorkspaceRegionMismatch,
  privateClusterPublicFqdn,
];
