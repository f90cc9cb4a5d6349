import { aciVnetPrivateWorkspace } from '../rules/aci-vnet-private-workspace';
import { acrPremiumTrustedServices } from '../rules/acr-premium-trusted-services';
import { aksDnsServiceIp } from '../rules/aks-dns-service-ip';
import { aksDockerBridgeCidr } from '../rules/aks-docker-bridge-cidr';
import { aksNetworkContributorRole } from '../rules/aks-network-contributor-role';
import { aksNetworkIsolation } from '../rules/aks-network-isolation';
import { aksServiceCidrOverlap } from '../rules/aks-service-cidr-overlap';
import { aksVnetDependencyPrivateEndpoint } from '../rules/aks-vnet-dependency-private-endpoint';
import { aksVnetWorkspacePrivateEndpoint } from '../rules/aks-vnet-workspace-private-endpoint';
import { aksWorkspaceRegionMismatch } from '../rules/aks-workspace-region-mismatch';
import { hbiAksIdentityRoles } from '../rules/hbi-aks-identity-roles';
import { internalLoadBalancerSubnet } from '../rules/internal-load-balancer-subnet';
import { nsgOutboundContainerRegistry } from '../rules/nsg-outbound-container-registry';
import { nsgScoringInbound } from '../rules/nsg-scoring-inbound';
import { onlineEndpointManagedNetwork } from '../rules/online-endpoint-managed-network';
import { privateDnsZoneName } from '../rules/private-dns-zone-name';
import { privateDnsZoneVnetLink } from '../rules/private-dns-zone-vnet-link';
import { privateClusterPublicFqdn } from '../rules/private-cluster-public-fqdn';
import { privateEndpointDnsZoneGroup } from '../rules/private-endpoint-dns-zone-group';
import { privateEndpointUnreachableVnet } from '../rules/private-endpoint-unreachable-vnet';
import { storagePrivateEndpointSubresources } from '../rules/storage-private-endpoint-subresources';
import { storageTrustedServicesBypass } from '../rules/storage-trusted-services-bypass';
import { vnetPeeringOneWay } from '../rules/vnet-peering-one-way';
import { workspacePublicNetworkAccess } from '../rules/workspace-public-network-access';
import type { Rule } from './rule';

/**
 * Every rule, in catalogue order (rules.md). Adding a rule: its file in `rules/`, a line here, its page
 * in `docs/rules/` and the docs index, then `npm run rules:schema` for the settings schema.
 */
export const ALL_RULES: readonly Rule[] = [
  aksVnetDependencyPrivateEndpoint,
  aksVnetWorkspacePrivateEndpoint,
  privateEndpointUnreachableVnet,
  privateEndpointDnsZoneGroup,
  aksWorkspaceRegionMismatch,
  privateClusterPublicFqdn,
  storageTrustedServicesBypass,
  hbiAksIdentityRoles,
  acrPremiumTrustedServices,
  aksNetworkContributorRole,
  aksServiceCidrOverlap,
  aksDnsServiceIp,
  aksDockerBridgeCidr,
  aksNetworkIsolation,
  internalLoadBalancerSubnet,
  nsgOutboundContainerRegistry,
  nsgScoringInbound,
  aciVnetPrivateWorkspace,
  onlineEndpointManagedNetwork,
  privateDnsZoneName,
  privateDnsZoneVnetLink,
  storagePrivateEndpointSubresources,
  vnetPeeringOneWay,
  workspacePublicNetworkAccess,
];
