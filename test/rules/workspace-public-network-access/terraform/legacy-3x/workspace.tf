resource "azurerm_machine_learning_workspace" "ml" {
  name                                         = "mlw-prod"
  location                                     = var.location
  resource_group_name           = var.rg
  application_insights_id       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Insights/components/appi-ml"
  key_vault_id                  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml-001"
  storage_account_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml001"
  public_access_behind_virtual_network_enabled = true

  identity {
    type = "SystemAssigned"
  }
}
