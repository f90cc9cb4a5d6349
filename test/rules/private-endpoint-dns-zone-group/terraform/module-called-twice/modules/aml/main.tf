variable "name" {
  type = string
}

variable "subnet_id" {
  type = string
}

resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "mlw-${var.name}"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.Insights/components/appi"
  key_vault_id            = "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv"
  storage_account_id      = "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st"

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_private_endpoint" "ws" {
  name                = "pe-mlw-${var.name}"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  subnet_id           = var.subnet_id

  private_service_connection {
    name                           = "pe-mlw-${var.name}"
    private_connection_resource_id = azurerm_machine_learning_workspace.ws.id
    subresource_names              = ["amlworkspace"]
    is_manual_connection           = false
  }
}
