resource "azurerm_storage_account_network_rules" "ml" {
  storage_account_id         = azurerm_storage_account.ml.id
  default_action             = "Deny"
  virtual_network_subnet_ids = [azurerm_subnet.aks.id]
}
