resource "azurerm_storage_account_network_rules" "ml" {
  storage_account_name       = azurerm_storage_account.ml.name
  resource_group_name        = var.rg
  default_action             = "Deny"
  virtual_network_subnet_ids = [azurerm_subnet.pe.id]
}
