resource "azurerm_private_endpoint" "st" {
  name                = "pe-st-blob"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {
    name                           = "pe-st-blob"
    private_connection_resource_id = azurerm_storage_account.ml.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
  }
}

resource "azurerm_private_endpoint" "kv" {
  name                = "pe-kv"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {
    name                           = "pe-kv"
    private_connection_resource_id = azurerm_key_vault.ml.id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.vault.id]
  }
}

resource "azurerm_private_endpoint" "cr" {
  name                = "pe-cr"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {
    name                           = "pe-cr"
    private_connection_resource_id = azurerm_container_registry.ml.id
    subresource_names              = ["registry"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.registry.id]
  }
}

resource "azurerm_private_endpoint" "mlw" {
  name                = "pe-mlw"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {
    name                           = "pe-mlw"
    private_connection_resource_id = azurerm_machine_learning_workspace.ml.id
    subresource_names              = ["amlworkspace"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.api.id, azurerm_private_dns_zone.notebooks.id]
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
