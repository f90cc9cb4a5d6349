/**
 * Canonical ARM resource types the rules care about, spelled as Azure spells them. Types compare
 * case-insensitively; front ends map their own names (Terraform azurerm_*) onto these.
 */
export const T = {
  workspace: 'Microsoft.MachineLearningServices/workspaces',
  workspaceCompute: 'Microsoft.MachineLearningServices/workspaces/computes',
  workspaceDatastore: 'Microsoft.MachineLearningServices/workspaces/datastores',
  workspaceOnlineEndpoint: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
  managedCluster: 'Microsoft.ContainerService/managedClusters',
  agentPool: 'Microsoft.ContainerService/managedClusters/agentPools',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  peering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
  securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  privateDnsZoneGroup: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  privateDnsZone: 'Microsoft.Network/privateDnsZones',
  privateDnsZoneLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  dnsForwardingRulesetLink: 'Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks',
  storageAccount: 'Microsoft.Storage/storageAccounts',
  keyVault: 'Microsoft.KeyVault/vaults',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
  applicationInsights: 'Microsoft.Insights/components',
  roleAssignment: 'Microsoft.Authorization/roleAssignments',
  containerGroup: 'Microsoft.ContainerInstance/containerGroups',
  userAssignedIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  deployment: 'Microsoft.Resources/deployments',
} as const;

export function sameType(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The spelling from the table above when the type is one of ours, else the type as written. */
export function canonicalType(type: string): string {
  const lower = type.toLowerCase();
  for (const t of Object.values(T)) if (t.toLowerCase() === lower) return t;
  return type;
}

/** Human words for messages: "storage account", "AKS cluster", … */
export function typeNoun(type: string): string {
  switch (type.toLowerCase()) {
    case T.workspace.toLowerCase():
      return 'Azure Machine Learning workspace';
    case T.workspaceCompute.toLowerCase():
      return 'workspace compute';
    case T.workspaceDatastore.toLowerCase():
      return 'datastore';
    case T.managedCluster.toLowerCase():
      return 'AKS cluster';
    case T.agentPool.toLowerCase():
      return 'AKS agent pool';
    case T.virtualNetwork.toLowerCase():
      return 'virtual network';
    case T.subnet.toLowerCase():
      return 'subnet';
    case T.peering.toLowerCase():
      return 'virtual network peering';
    case T.networkSecurityGroup.toLowerCase():
      return 'network security group';
    case T.securityRule.toLowerCase():
      return 'security rule';
    case T.privateEndpoint.toLowerCase():
      return 'private endpoint';
    case T.privateDnsZoneGroup.toLowerCase():
      return 'private DNS zone group';
    case T.privateDnsZone.toLowerCase():
      return 'private DNS zone';
    case T.privateDnsZoneLink.toLowerCase():
      return 'private DNS zone virtual network link';
    case T.dnsForwardingRulesetLink.toLowerCase():
      return 'DNS forwarding ruleset virtual network link';
    case T.storageAccount.toLowerCase():
      return 'storage account';
    case T.keyVault.toLowerCase():
      return 'key vault';
    case T.containerRegistry.toLowerCase():
      return 'container registry';
    case T.applicationInsights.toLowerCase():
      return 'Application Insights component';
    case T.roleAssignment.toLowerCase():
      return 'role assignment';
    case T.containerGroup.toLowerCase():
      return 'container group';
    case T.workspaceOnlineEndpoint.toLowerCase():
      return 'online endpoint';
    case T.userAssignedIdentity.toLowerCase():
      return 'user-assigned identity';
    case T.deployment.toLowerCase():
      return 'deployment';
    default:
      return type;
  }
}
