// The secure example with the mistakes "Secure Azure Kubernetes Service inferencing environment"
// warns about (see ../README.md for what fires where, and why).

@description('Region of the workspace and its resources.')
param location string = 'westeurope'

@description('Region of the clusters and their VNet.')
param clusterLocation string = location

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
  location: clusterLocation
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
        name: 'snet-aks-dev'
        properties: {
          addressPrefix: '10.0.8.0/22'
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

// A hub VNet for shared endpoints, never peered with the clusters' VNet.
resource hub 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-hub'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.1.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'snet-shared-endpoints'
        properties: {
          addressPrefix: '10.1.0.0/24'
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
  location: clusterLocation
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
      enablePrivateClusterPublicFQDN: true
    }
  }
}

// A dev workspace with its own storage and key vault and its own cluster in the same VNet, and no private endpoints.
resource devStorage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'stmlinferencedev001'
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
  }
}

resource devKeyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-ml-inference-dev'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
  }
}

resource devWorkspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: '${workspaceName}-dev'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    friendlyName: 'Inferencing workspace (dev)'
    storageAccount: devStorage.id
    keyVault: devKeyVault.id
    containerRegistry: registry.id
    applicationInsights: insights.id
  }
}

resource devCluster 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: '${clusterName}-dev'
  location: clusterLocation
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: '${clusterName}-dev'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 1
        vmSize: 'Standard_D4s_v5'
        osType: 'Linux'
        vnetSubnetID: '${vnet.id}/subnets/snet-aks-dev'
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      loadBalancerSku: 'standard'
      serviceCidr: '10.11.0.0/16'
      dnsServiceIP: '10.11.0.10'
    }
  }
}

resource devInference 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {
  parent: devWorkspace
  name: 'aks-inference-dev'
  location: location
  properties: {
    computeType: 'AKS'
    resourceId: devCluster.id
    properties: {
      clusterPurpose: 'DevTest'
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
  { name: 'pe-st-file', target: storage.id, group: 'file', zones: ['privatelink.file.core.windows.net'] }
  // The key vault has no endpoint at all; the registry's only one is in the unpeered hub.
  { name: 'pe-acr', target: registry.id, group: 'registry', zones: ['privatelink.azurecr.io'], vnet: hub.id, subnet: 'snet-shared-endpoints' }
]

module privateEndpoints 'modules/private-endpoint.bicep' = [
  for ep in endpoints: {
    name: ep.name
    params: {
      name: ep.name
      location: clusterLocation
      subnetId: '${ep.?vnet ?? vnet.id}/subnets/${ep.?subnet ?? 'snet-private-endpoints'}'
      targetId: ep.target
      groupId: ep.group
      zoneNames: ep.zones
    }
  }
]

// Written by hand beside the module, and without the zone group the module gives every endpoint:
// the blob endpoint's address is never registered in DNS.
resource blobEndpoint 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'pe-st-blob'
  location: clusterLocation
  properties: {
    subnet: {
      id: '${vnet.id}/subnets/snet-private-endpoints'
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-st-blob'
        properties: {
          privateLinkServiceId: storage.id
          groupIds: [
            'blob'
          ]
        }
      }
    ]
  }
}

output workspaceEndpointId string = privateEndpoints[0].outputs.id
