param location string = resourceGroup().location

var peSubnetId = resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-aks', 'snet-pe')
var storageGroups = [
  'blob'
  'file'
]

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv-ml-001'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: 'stml001'
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' existing = {
  name: 'mlw-prod'
}

resource vaultZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.vaultcore.azure.net'
  location: 'global'
}

resource apiZone 'Microsoft.Network/privateDnsZones@2020-06-01' existing = {
  name: 'privatelink.api.azureml.ms'
  scope: resourceGroup('rg-dns')
}

resource peVault 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'pe-kv'
  location: location
  properties: {
    subnet: {
      id: peSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-kv'
        properties: {
          privateLinkServiceId: keyVault.id
          groupIds: [
            'vault'
          ]
        }
      }
    ]
  }

  resource zones 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: 'vault'
          properties: {
            privateDnsZoneId: vaultZone.id
          }
        }
      ]
    }
  }
}

resource peWorkspace 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'pe-mlw'
  location: location
  properties: {
    subnet: {
      id: peSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-mlw'
        properties: {
          privateLinkServiceId: workspace.id
          groupIds: [
            'amlworkspace'
          ]
        }
      }
    ]
  }
}

resource peWorkspaceZones 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-09-01' = {
  parent: peWorkspace
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'api'
        properties: {
          privateDnsZoneId: apiZone.id
        }
      }
      {
        name: 'notebooks'
        properties: {
          privateDnsZoneId: resourceId('rg-dns', 'Microsoft.Network/privateDnsZones', 'privatelink.notebooks.azure.net')
        }
      }
    ]
  }
}

resource peStorage 'Microsoft.Network/privateEndpoints@2023-09-01' = [
  for group in storageGroups: {
    name: 'pe-st-${group}'
    location: location
    properties: {
      subnet: {
        id: peSubnetId
      }
      privateLinkServiceConnections: [
        {
          name: 'pe-st-${group}'
          properties: {
            privateLinkServiceId: storage.id
            groupIds: [
              group
            ]
          }
        }
      ]
    }
  }
]

resource peStorageZones 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-09-01' = [
  for (group, i) in storageGroups: {
    parent: peStorage[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: group
          properties: {
            privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', 'privatelink.${group}.${environment().suffixes.storage}')
          }
        }
      ]
    }
  }
]
