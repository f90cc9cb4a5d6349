// A private endpoint for one sub-resource of one service, registered in its private DNS zones.

@description('Name of the private endpoint.')
param name string

param location string

@description('Id of the subnet the endpoint is placed in.')
param subnetId string

@description('Id of the resource the endpoint connects to.')
param targetId string

@description('The sub-resource (group id): amlworkspace, blob, file, vault, registry…')
param groupId string

@description('Private DNS zones the endpoint registers its address in. None: it is not registered.')
param zoneNames string[] = []

resource endpoint 'Microsoft.Network/privateEndpoints@2023-09-01' = {
  name: name
  location: location
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-09-01' = if (!empty(zoneNames)) {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      for zone in zoneNames: {
        name: replace(zone, '.', '-')
        properties: {
          privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', zone)
        }
      }
    ]
  }
}

output id string = endpoint.id
