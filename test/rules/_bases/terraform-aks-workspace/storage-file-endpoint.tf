resource "azurerm_private_endpoint" "st_file" {
  name                = "pe-st-file"
  location            = var.location
  resource_group_name = var.rg
  subnet_id           = azurerm_subnet.pe.id

  private_service_connection {
    name                           = "pe-st-file"
    private_connection_resource_id = azurerm_storage_account.ml.id
    subresource_names              = ["file"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.file.id]
  }
}

resource "azurerm_private_dns_zone" "file" {
  name                = "privatelink.file.core.windows.net"
  resource_group_name = var.rg
}

resource "azurerm_private_dns_zone_virtual_network_link" "file" {
  name                  = "link-file"
  resource_group_name   = var.rg
  private_dns_zone_name = azurerm_private_dns_zone.file.name
  virtual_network_id    = azurerm_virtual_network.aks.id
}
