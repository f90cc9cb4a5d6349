locals {
  private_dns_zones = toset([
    "privatelink.api.azureml.ms",
    "privatelink.notebooks.azure.net",
    "privatelink.blob.core.windows.net",
    "privatelink.file.core.windows.net",
    "privatelink.vaultcore.azure.net",
    "privatelink.azurecr.io",
  ])
}

resource "azurerm_private_dns_zone" "zones" {
  for_each            = local.private_dns_zones
  name                = each.key
  resource_group_name = azurerm_resource_group.ml.name
}

resource "azurerm_private_dns_zone_virtual_network_link" "zones" {
  for_each              = azurerm_private_dns_zone.zones
  name                  = "link-to-aks-vnet"
  resource_group_name   = azurerm_resource_group.ml.name
  private_dns_zone_name = each.value.name
  virtual_network_id    = azurerm_virtual_network.ml.id
  registration_enabled  = false
}
