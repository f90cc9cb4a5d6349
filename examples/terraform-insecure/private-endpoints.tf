locals {
  private_endpoints = {
    "pe-mlw-inference" = {
      target_id   = azurerm_machine_learning_workspace.ml.id
      subresource = "amlworkspace"
      subnet_id   = azurerm_subnet.private_endpoints.id
      location    = azurerm_virtual_network.ml.location
      zones       = ["privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"]
    }
    "pe-st-file" = {
      target_id   = azurerm_storage_account.ml.id
      subresource = "file"
      subnet_id   = azurerm_subnet.private_endpoints.id
      location    = azurerm_virtual_network.ml.location
      zones       = ["privatelink.file.core.windows.net"]
    }
    # The key vault has no endpoint at all; the registry's only one is in the unpeered hub.
    "pe-acr" = {
      target_id   = azurerm_container_registry.ml.id
      subresource = "registry"
      subnet_id   = azurerm_subnet.shared_endpoints.id
      location    = azurerm_virtual_network.hub.location
      zones       = ["privatelink.azurecr.io"]
    }
  }
}

module "private_endpoint" {
  source   = "./modules/private-endpoint"
  for_each = local.private_endpoints

  name                 = each.key
  location             = each.value.location
  resource_group_name  = azurerm_resource_group.ml.name
  subnet_id            = each.value.subnet_id
  target_id            = each.value.target_id
  subresource_name     = each.value.subresource
  private_dns_zone_ids = [for zone in each.value.zones : azurerm_private_dns_zone.zones[zone].id]
}

# Written by hand beside the module, and without the zone group the module gives every endpoint:
# the blob endpoint's address is never registered in DNS.
resource "azurerm_private_endpoint" "blob" {
  name                = "pe-st-blob"
  location            = azurerm_virtual_network.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  subnet_id           = azurerm_subnet.private_endpoints.id

  private_service_connection {
    name                           = "pe-st-blob"
    private_connection_resource_id = azurerm_storage_account.ml.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}

output "workspace_private_endpoint_id" {
  value = module.private_endpoint["pe-mlw-inference"].id
}
