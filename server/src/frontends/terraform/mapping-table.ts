import { T } from '../../graph/types';
import type { Convert } from './mapping-convert';
import {
  bypassList,
  datastoreAccount,
  each,
  enabledDisabled,
  idKeys,
  idObjects,
  manual,
  roleByName,
  storageSku,
  wrapEach,
} from './mapping-convert';

/**
 * How azurerm resources become ARM-shaped graph resources. Attribute names of azurerm 3.x and
 * 4.x are both listed; where two map to one ARM property, the first one present wins.
 */

/** How the resource's ARM id is built from its attributes. */
export interface IdSpec {
  /** Attributes holding one name per ARM type segment (`['virtual_network_name', 'name']`). */
  names: string[];
  /** Attribute holding the parent's id: the id is that id plus the last type segment and name. */
  parentId?: string;
  /** Attribute holding the scope an extension resource (a role assignment) is attached to. */
  scope?: string;
}

/** `tf` is an attribute path through nested blocks (`network_profile.service_cidr`); `arm` a body path. */
export interface Prop {
  tf: string;
  arm: string;
  convert?: Convert;
}

/** A nested block that is its own ARM child resource (a private endpoint's DNS zone group). */
export interface ChildMapping {
  block: string;
  type: string;
  nameAttr: string;
  props: Prop[];
}

/**
 * How a resource names the one of `type` it changes: by id (`storage_account_id`), or by name
 * within its `resource_group_name` (`storage_account_name`, azurerm 2.x and 3.x).
 */
export type TargetRef = { type: string } & ({ id: string } | { name: string });

/** A resource that changes another one (an NSG association sets the subnet's NSG). */
export interface PatchMapping {
  /** Each azurerm major's way of naming the target; the first one present wins. */
  target: TargetRef[];
  props: Prop[];
}

export interface TypeMapping {
  type: string;
  id: IdSpec;
  props: Prop[];
  /** Properties every instance has (`computeType: 'AKS'` for an inference cluster). */
  constants?: [string, string][];
  children?: ChildMapping[];
  /** Nested blocks whose items get an `id` attribute (inline VNet subnets). */
  blockIds?: { block: string; segment: string }[];
}

const NAME_RG: IdSpec = { names: ['name'] };

const SUBNET_ITEM: Prop[] = [
  { tf: 'name', arm: 'name' },
  { tf: 'address_prefix', arm: 'properties.addressPrefix' },
  { tf: 'address_prefixes', arm: 'properties.addressPrefixes' },
  { tf: 'security_group', arm: 'properties.networkSecurityGroup.id' },
  { tf: 'service_endpoints', arm: 'properties.serviceEndpoints', convert: wrapEach('service') },
];

const SECURITY_RULE: Prop[] = [
  { tf: 'name', arm: 'name' },
  { tf: 'priority', arm: 'properties.priority' },
  { tf: 'direction', arm: 'properties.direction' },
  { tf: 'access', arm: 'properties.access' },
  { tf: 'protocol', arm: 'properties.protocol' },
  { tf: 'source_port_range', arm: 'properties.sourcePortRange' },
  { tf: 'source_port_ranges', arm: 'properties.sourcePortRanges' },
  { tf: 'destination_port_range', arm: 'properties.destinationPortRange' },
  { tf: 'destination_port_ranges', arm: 'properties.destinationPortRanges' },
  { tf: 'source_address_prefix', arm: 'properties.sourceAddressPrefix' },
  { tf: 'source_address_prefixes', arm: 'properties.sourceAddressPrefixes' },
  { tf: 'destination_address_prefix', arm: 'properties.destinationAddressPrefix' },
  { tf: 'destination_address_prefixes', arm: 'properties.destinationAddressPrefixes' },
  {
    tf: 'source_application_security_group_ids',
    arm: 'properties.sourceApplicationSecurityGroups',
    convert: idObjects,
  },
  {
    tf: 'destination_application_security_group_ids',
    arm: 'properties.destinationApplicationSecurityGroups',
    convert: idObjects,
  },
];

const NETWORK_ACLS = (prefix: string): Prop[] => [
  { tf: `${prefix}default_action`, arm: 'properties.networkAcls.defaultAction' },
  { tf: `${prefix}bypass`, arm: 'properties.networkAcls.bypass', convert: bypassList },
  { tf: `${prefix}ip_rules`, arm: 'properties.networkAcls.ipRules', convert: wrapEach('value') },
  { tf: `${prefix}virtual_network_subnet_ids`, arm: 'properties.networkAcls.virtualNetworkRules', convert: idObjects },
];

const PRIVATE_LINK_CONNECTION: Prop[] = [
  { tf: 'name', arm: 'name' },
  { tf: 'private_connection_resource_id', arm: 'properties.privateLinkServiceId' },
  { tf: 'private_connection_resource_alias', arm: 'properties.privateLinkServiceId' },
  { tf: 'subresource_names', arm: 'properties.groupIds' },
  { tf: 'request_message', arm: 'properties.requestMessage' },
];

const LOCATION: Prop = { tf: 'location', arm: 'location' };
const IDENTITY: Prop = { tf: 'identity.type', arm: 'identity.type' };
const IDENTITY_IDS: Prop = { tf: 'identity.identity_ids', arm: 'identity.userAssignedIdentities', convert: idKeys };
const PUBLIC_ACCESS: Prop = {
  tf: 'public_network_access_enabled',
  arm: 'properties.publicNetworkAccess',
  convert: enabledDisabled,
};

export const MAPPINGS: Record<string, TypeMapping> = {
  azurerm_machine_learning_workspace: {
    type: T.workspace,
    id: NAME_RG,
    props: [
      LOCATION,
      IDENTITY,
      { tf: 'sku_name', arm: 'sku.name' },
      { tf: 'storage_account_id', arm: 'properties.storageAccount' },
      { tf: 'key_vault_id', arm: 'properties.keyVault' },
      { tf: 'container_registry_id', arm: 'properties.containerRegistry' },
      { tf: 'application_insights_id', arm: 'properties.applicationInsights' },
      { tf: 'high_business_impact', arm: 'properties.hbiWorkspace' },
      PUBLIC_ACCESS,
      { tf: 'public_access_behind_virtual_network_enabled', arm: 'properties.allowPublicAccessWhenBehindVnet' },
      { tf: 'image_build_compute_name', arm: 'properties.imageBuildCompute' },
      { tf: 'primary_user_assigned_identity', arm: 'properties.primaryUserAssignedIdentity' },
      { tf: 'managed_network.isolation_mode', arm: 'properties.managedNetwork.isolationMode' },
      { tf: 'v1_legacy_mode_enabled', arm: 'properties.v1LegacyMode' },
    ],
  },
  azurerm_machine_learning_inference_cluster: {
    type: T.workspaceCompute,
    id: { names: ['name'], parentId: 'machine_learning_workspace_id' },
    constants: [['properties.computeType', 'AKS']],
    props: [
      LOCATION,
      { tf: 'kubernetes_cluster_id', arm: 'properties.resourceId' },
      { tf: 'cluster_purpose', arm: 'properties.properties.clusterPurpose' },
    ],
  },
  azurerm_machine_learning_compute_cluster: {
    type: T.workspaceCompute,
    id: { names: ['name'], parentId: 'machine_learning_workspace_id' },
    constants: [['properties.computeType', 'AmlCompute']],
    props: [
      LOCATION,
      { tf: 'vm_size', arm: 'properties.properties.vmSize' },
      { tf: 'subnet_resource_id', arm: 'properties.properties.subnet.id' },
    ],
  },
  azurerm_machine_learning_compute_instance: {
    type: T.workspaceCompute,
    id: { names: ['name'], parentId: 'machine_learning_workspace_id' },
    constants: [['properties.computeType', 'ComputeInstance']],
    props: [
      LOCATION,
      { tf: 'virtual_machine_size', arm: 'properties.properties.vmSize' },
      { tf: 'subnet_resource_id', arm: 'properties.properties.subnet.id' },
    ],
  },
  azurerm_machine_learning_datastore_blobstorage: {
    type: T.workspaceDatastore,
    id: { names: ['name'], parentId: 'workspace_id' },
    constants: [['properties.datastoreType', 'AzureBlob']],
    props: [{ tf: 'storage_container_id', arm: 'properties', convert: datastoreAccount }],
  },
  azurerm_machine_learning_datastore_fileshare: {
    type: T.workspaceDatastore,
    id: { names: ['name'], parentId: 'workspace_id' },
    constants: [['properties.datastoreType', 'AzureFile']],
    props: [{ tf: 'storage_fileshare_id', arm: 'properties', convert: datastoreAccount }],
  },
  azurerm_machine_learning_datastore_datalake_gen2: {
    type: T.workspaceDatastore,
    id: { names: ['name'], parentId: 'workspace_id' },
    constants: [['properties.datastoreType', 'AzureDataLakeGen2']],
    props: [{ tf: 'storage_container_id', arm: 'properties', convert: datastoreAccount }],
  },
  azurerm_kubernetes_cluster: {
    type: T.managedCluster,
    id: NAME_RG,
    props: [
      LOCATION,
      IDENTITY,
      IDENTITY_IDS,
      { tf: 'service_principal.client_id', arm: 'properties.servicePrincipalProfile.clientId' },
      { tf: 'dns_prefix', arm: 'properties.dnsPrefix' },
      { tf: 'private_cluster_enabled', arm: 'properties.apiServerAccessProfile.enablePrivateCluster' },
      {
        tf: 'private_cluster_public_fqdn_enabled',
        arm: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
      },
      { tf: 'private_dns_zone_id', arm: 'properties.apiServerAccessProfile.privateDNSZone' },
      {
        tf: 'api_server_access_profile.authorized_ip_ranges',
        arm: 'properties.apiServerAccessProfile.authorizedIPRanges',
      },
      { tf: 'api_server_authorized_ip_ranges', arm: 'properties.apiServerAccessProfile.authorizedIPRanges' },
      { tf: 'default_node_pool.name', arm: 'properties.agentPoolProfiles[0].name' },
      { tf: 'default_node_pool.vnet_subnet_id', arm: 'properties.agentPoolProfiles[0].vnetSubnetID' },
      { tf: 'default_node_pool.vm_size', arm: 'properties.agentPoolProfiles[0].vmSize' },
      { tf: 'network_profile.network_plugin', arm: 'properties.networkProfile.networkPlugin' },
      { tf: 'network_profile.network_policy', arm: 'properties.networkProfile.networkPolicy' },
      { tf: 'network_profile.service_cidr', arm: 'properties.networkProfile.serviceCidr' },
      { tf: 'network_profile.service_cidrs', arm: 'properties.networkProfile.serviceCidrs' },
      { tf: 'network_profile.dns_service_ip', arm: 'properties.networkProfile.dnsServiceIP' },
      { tf: 'network_profile.docker_bridge_cidr', arm: 'properties.networkProfile.dockerBridgeCidr' },
      { tf: 'network_profile.pod_cidr', arm: 'properties.networkProfile.podCidr' },
      { tf: 'network_profile.pod_cidrs', arm: 'properties.networkProfile.podCidrs' },
      { tf: 'network_profile.outbound_type', arm: 'properties.networkProfile.outboundType' },
      { tf: 'network_profile.load_balancer_sku', arm: 'properties.networkProfile.loadBalancerSku' },
    ],
  },
  azurerm_kubernetes_cluster_node_pool: {
    type: T.agentPool,
    id: { names: ['name'], parentId: 'kubernetes_cluster_id' },
    props: [
      { tf: 'vnet_subnet_id', arm: 'properties.vnetSubnetID' },
      { tf: 'vm_size', arm: 'properties.vmSize' },
    ],
  },
  azurerm_virtual_network: {
    type: T.virtualNetwork,
    id: NAME_RG,
    props: [
      LOCATION,
      { tf: 'address_space', arm: 'properties.addressSpace.addressPrefixes' },
      { tf: 'dns_servers', arm: 'properties.dhcpOptions.dnsServers' },
      { tf: 'subnet', arm: 'properties.subnets', convert: each(SUBNET_ITEM) },
    ],
    blockIds: [{ block: 'subnet', segment: 'subnets' }],
  },
  azurerm_subnet: {
    type: T.subnet,
    id: { names: ['virtual_network_name', 'name'] },
    props: SUBNET_ITEM.filter((p) => p.tf !== 'name' && p.tf !== 'security_group'),
  },
  azurerm_virtual_network_peering: {
    type: T.peering,
    id: { names: ['virtual_network_name', 'name'] },
    props: [
      { tf: 'remote_virtual_network_id', arm: 'properties.remoteVirtualNetwork.id' },
      { tf: 'allow_virtual_network_access', arm: 'properties.allowVirtualNetworkAccess' },
      { tf: 'allow_forwarded_traffic', arm: 'properties.allowForwardedTraffic' },
      { tf: 'allow_gateway_transit', arm: 'properties.allowGatewayTransit' },
      { tf: 'use_remote_gateways', arm: 'properties.useRemoteGateways' },
    ],
  },
  azurerm_network_security_group: {
    type: T.networkSecurityGroup,
    id: NAME_RG,
    props: [LOCATION, { tf: 'security_rule', arm: 'properties.securityRules', convert: each(SECURITY_RULE) }],
  },
  azurerm_network_security_rule: {
    type: T.securityRule,
    id: { names: ['network_security_group_name', 'name'] },
    props: SECURITY_RULE.filter((p) => p.tf !== 'name'),
  },
  azurerm_private_endpoint: {
    type: T.privateEndpoint,
    id: NAME_RG,
    props: [
      LOCATION,
      { tf: 'subnet_id', arm: 'properties.subnet.id' },
      { tf: 'custom_network_interface_name', arm: 'properties.customNetworkInterfaceName' },
      {
        tf: 'private_service_connection',
        arm: 'properties.privateLinkServiceConnections',
        convert: each(PRIVATE_LINK_CONNECTION, manual(false)),
      },
      {
        tf: 'private_service_connection',
        arm: 'properties.manualPrivateLinkServiceConnections',
        convert: each(PRIVATE_LINK_CONNECTION, manual(true)),
      },
    ],
    children: [
      {
        block: 'private_dns_zone_group',
        type: T.privateDnsZoneGroup,
        nameAttr: 'name',
        props: [
          {
            tf: 'private_dns_zone_ids',
            arm: 'properties.privateDnsZoneConfigs',
            convert: wrapEach('properties.privateDnsZoneId'),
          },
        ],
      },
    ],
  },
  azurerm_private_dns_zone: { type: T.privateDnsZone, id: NAME_RG, props: [] },
  azurerm_private_dns_zone_virtual_network_link: {
    type: T.privateDnsZoneLink,
    id: { names: ['private_dns_zone_name', 'name'] },
    props: [
      { tf: 'virtual_network_id', arm: 'properties.virtualNetwork.id' },
      { tf: 'registration_enabled', arm: 'properties.registrationEnabled' },
    ],
  },
  azurerm_private_dns_resolver_virtual_network_link: {
    type: T.dnsForwardingRulesetLink,
    id: { names: ['name'], parentId: 'dns_forwarding_ruleset_id' },
    props: [{ tf: 'virtual_network_id', arm: 'properties.virtualNetwork.id' }],
  },
  azurerm_storage_account: {
    type: T.storageAccount,
    id: NAME_RG,
    props: [
      LOCATION,
      IDENTITY,
      { tf: 'account_kind', arm: 'kind' },
      { tf: 'account_tier', arm: 'sku.name', convert: storageSku },
      { tf: 'is_hns_enabled', arm: 'properties.isHnsEnabled' },
      PUBLIC_ACCESS,
      ...NETWORK_ACLS('network_rules.'),
    ],
  },
  azurerm_key_vault: {
    type: T.keyVault,
    id: NAME_RG,
    props: [
      LOCATION,
      { tf: 'sku_name', arm: 'properties.sku.name' },
      { tf: 'tenant_id', arm: 'properties.tenantId' },
      PUBLIC_ACCESS,
      ...NETWORK_ACLS('network_acls.'),
    ],
  },
  azurerm_container_registry: {
    type: T.containerRegistry,
    id: NAME_RG,
    props: [
      LOCATION,
      IDENTITY,
      { tf: 'sku', arm: 'sku.name' },
      { tf: 'admin_enabled', arm: 'properties.adminUserEnabled' },
      { tf: 'network_rule_bypass_option', arm: 'properties.networkRuleBypassOptions' },
      PUBLIC_ACCESS,
      { tf: 'network_rule_set.default_action', arm: 'properties.networkRuleSet.defaultAction' },
    ],
  },
  azurerm_application_insights: {
    type: T.applicationInsights,
    id: NAME_RG,
    props: [LOCATION, { tf: 'application_type', arm: 'kind' }],
  },
  azurerm_role_assignment: {
    type: T.roleAssignment,
    id: { names: ['name'], scope: 'scope' },
    props: [
      { tf: 'scope', arm: 'properties.scope' },
      { tf: 'role_definition_id', arm: 'properties.roleDefinitionId' },
      { tf: 'role_definition_name', arm: 'properties.roleDefinitionId', convert: roleByName },
      { tf: 'principal_id', arm: 'properties.principalId' },
      { tf: 'principal_type', arm: 'properties.principalType' },
    ],
  },
  azurerm_container_group: {
    type: T.containerGroup,
    id: NAME_RG,
    props: [
      LOCATION,
      { tf: 'subnet_ids', arm: 'properties.subnetIds', convert: idObjects },
      // azurerm 3.x: a network profile (API versions before 2021-07-01) puts the group in a subnet.
      { tf: 'network_profile_id', arm: 'properties.networkProfile.id' },
      { tf: 'ip_address_type', arm: 'properties.ipAddress.type' },
    ],
  },
  azurerm_user_assigned_identity: {
    type: T.userAssignedIdentity,
    id: NAME_RG,
    props: [LOCATION],
  },
  azurerm_log_analytics_workspace: {
    type: 'Microsoft.OperationalInsights/workspaces',
    id: NAME_RG,
    props: [LOCATION],
  },
  azurerm_public_ip: { type: 'Microsoft.Network/publicIPAddresses', id: NAME_RG, props: [LOCATION] },
  azurerm_route_table: { type: 'Microsoft.Network/routeTables', id: NAME_RG, props: [LOCATION] },
};

/** Resources that change another resource instead of declaring one. */
export const PATCHES: Record<string, PatchMapping> = {
  azurerm_subnet_network_security_group_association: {
    target: [{ id: 'subnet_id', type: T.subnet }],
    props: [{ tf: 'network_security_group_id', arm: 'properties.networkSecurityGroup.id' }],
  },
  azurerm_virtual_network_dns_servers: {
    target: [{ id: 'virtual_network_id', type: T.virtualNetwork }],
    props: [{ tf: 'dns_servers', arm: 'properties.dhcpOptions.dnsServers' }],
  },
  azurerm_subnet_route_table_association: {
    target: [{ id: 'subnet_id', type: T.subnet }],
    props: [{ tf: 'route_table_id', arm: 'properties.routeTable.id' }],
  },
  azurerm_storage_account_network_rules: {
    target: [
      { id: 'storage_account_id', type: T.storageAccount },
      { name: 'storage_account_name', type: T.storageAccount },
    ],
    props: NETWORK_ACLS(''),
  },
};

/**
 * Attributes known only after apply that the graph needs to recognise, as the ARM path of the runtime
 * state they come from (`reference(<id>, …, 'Full')`); `type` limits one to a resource type. Paths
 * leave out list indexes: `identity[0].principal_id` is `identity.principal_id`.
 */
const RUNTIME_ATTRIBUTES: { type?: string; tf: string; arm: string[] }[] = [
  { tf: 'identity.principal_id', arm: ['identity', 'principalId'] },
  {
    type: 'azurerm_kubernetes_cluster',
    tf: 'kubelet_identity.object_id',
    arm: ['properties', 'identityProfile', 'kubeletidentity', 'objectId'],
  },
  { type: 'azurerm_user_assigned_identity', tf: 'principal_id', arm: ['properties', 'principalId'] },
];

/** The ARM runtime path of an attribute read from an instance of `type`, if the graph needs it. */
export function runtimePath(type: string, path: readonly string[]): string[] | undefined {
  const tf = path.join('.');
  return RUNTIME_ATTRIBUTES.find((a) => a.tf === tf && (a.type === undefined || a.type === type))?.arm;
}
