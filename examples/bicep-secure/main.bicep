// Azure Machine Learning with an attached AKS inferencing cluster, following "Secure Azure
// Kubernetes Service inferencing environment": the workspace and every dependency reachable from
// the cluster's VNet through private endpoints registered in private DNS, one region, a private
// cluster without a public FQDN.

@description('Region of every resource.')
param location string = 'westeurope'

param workspaceName string = 'mlw-inference'
param clusterName string = 'aks-ml-inference'

var zoneNames = [
  'privatelink.api.azureml.ms'
  'privatelink.notebooks.azure.net'
  'privatelink.blob.core.windows.net'
  'privatelink.file.core.windows.net'
  'privatelink.vaultcore.azure.net'
  'privatelink.azurecr.io'
]

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-ml-inference'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'snet-aks'
        properties: {
          addressPrefix: '10.0.0.0/22'
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: '10.0.4.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stmlinference001'
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-ml-inference-001'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'acrmlinference001'
  location: location
  sku: {
    name: 'Premium'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-ml-inference'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: workspaceName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    friendlyName: 'Inferencing workspace'
    storageAccount: storage.id
    keyVault: keyVault.id
    containerRegistry: registry.id
    applicationInsights: insights.id
    publicNetworkAccess: 'Disabled'
  }

  resource inference 'computes' = {
    name: 'aks-inference'
    location: location
    properties: {
      computeType: 'AKS'
      resourceId: aks.id
      properties: {
        clusterPurpose: 'FastProd'
      }
    }
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: clusterName
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        osType: 'Linux'
        vnetSubnetID: '${vnet.id}/subnets/snet-aks'
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      loadBalancerSku: 'standard'
      serviceCidr: '10.10.0.0/16'
      dnsServiceIP: '10.10.0.10'
    }
    apiServerAccessProfile: {
      enablePrivateCluster: true
      enablePrivateClusterPublicFQDN: false
    }
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for zone in zoneNames: {
    name: zone
    location: 'global'
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (zone, i) in zoneNames: {
    parent: zones[i]
    name: 'link-to-aks-vnet'
    location: 'global'
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

var endpoints = [
  {
    name: 'pe-mlw-inference'
    target: workspace.id
    group: 'amlworkspace'
    zones: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']
  }
  { name: 'pe-st-blob', target: storage.id, group: 'blob', zones: ['privatelink.blob.core.windows.net'] }
  { name: 'pe-st-file', target: storage.id, group: 'file', zones: ['privatelink.file.core.windows.net'] }
  { name: 'pe-kv', target: keyVault.id, group: 'vault', zones: ['privatelink.vaultcore.azure.net'] }
  { name: 'pe-acr', target: registry.id, group: 'registry', zones: ['privatelink.azurecr.io'] }
]

module privateEndpoints 'modules/private-endpoint.bicep' = [
  for ep in endpoints: {
    name: ep.name
    params: {
      name: ep.name
      location: location
      subnetId: '${vnet.id}/subnets/snet-private-endpoints'
      targetId: ep.target
      groupId: ep.group
      zoneNames: ep.zones
    }
  }
]

output workspaceEndpointId string = privateEndpoints[0].outputs.id
