param location string = 'westeurope'

var subnetId = resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-ml', 'snet-pe')

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {
  name: 'mlw-prod'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    storageAccount: resourceId('Microsoft.Storage/storageAccounts', 'stml001')
    keyVault: resourceId('Microsoft.KeyVault/vaults', 'kv-ml-001')
    applicationInsights: resourceId('Microsoft.Insights/components', 'appi-ml')
    containerRegistry: resourceId('Microsoft.ContainerRegistry/registries', 'acrml001')
    publicNetworkAccess: 'Enabled'
  }
}

resource peWorkspace 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: 'pe-mlw'
  location: location
  properties: {
    subnet: {
      id: subnetId
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

  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: 'api'
          properties: {
            privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', 'privatelink.api.azureml.ms')
          }
        }
        {
          name: 'notebooks'
          properties: {
            privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', 'privatelink.notebooks.azure.net')
          }
        }
      ]
    }
  }
}
