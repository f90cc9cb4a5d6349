locals {
  endpoints = {
    st  = { id = azurerm_storage_account.ml.id, group = "blob", zone = azurerm_private_dns_zone.blob.id, subnet = azurerm_subnet.hub_pe.id }
    kv  = { id = azurerm_key_vault.ml.id, group = "vault", zone = azurerm_private_dns_zone.vault.id, subnet = azurerm_subnet.pe.id }
    cr  = { id = azurerm_container_registry.ml.id, group = "registry", zone = azurerm_private_dns_zone.registry.id, subnet = azurerm_subnet.pe.id }
    mlw = { id = azurerm_machine_learning_workspace.ml.id, group = "amlworkspace", zone = azurerm_private_dns_zone.api.id, subnet = azurerm_subnet.pe.id }
  }
}
resource "azurerm_private_endpoint" "pe" {
  for_each            = local.endpoints
  name                = "pe-${each.key}"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = each.value.subnet
  private_service_connection {
    name                           = "pe-${each.key}"
    private_connection_resource_id = each.value.id
    subresource_names              = [each.value.group]
    is_manual_connection           = false
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value.zone]
  }
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
  name                  = "link-blob"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.blob.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}

resource "azurerm_private_dns_zone" "vault" {
  name                = "privatelink.vaultcore.azure.net"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "vault" {
  name                  = "link-vault"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.vault.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}

resource "azurerm_private_dns_zone" "registry" {
  name                = "privatelink.azurecr.io"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "registry" {
  name                  = "link-registry"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.registry.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}

resource "azurerm_private_dns_zone" "api" {
  name                = "privatelink.api.azureml.ms"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "api" {
  name                  = "link-api"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.api.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}

resource "azurerm_private_dns_zone" "notebooks" {
  name                = "privatelink.notebooks.azure.net"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "notebooks" {
  name                  = "link-notebooks"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.notebooks.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}
