variable "pe_subnet_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-pe"
}

variable "key_vault_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml-001"
}

variable "storage_account_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stml001"
}

variable "workspace_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod"
}

resource "azurerm_private_dns_zone" "vault" {
  name                = "privatelink.vault.azure.net"
  resource_group_name = "rg-ml"
}

resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg-ml"
}

data "azurerm_private_dns_zone" "api" {
  name                = "privatelink.api.azureml.ms"
  resource_group_name = "rg-dns"
}

resource "azurerm_private_endpoint" "kv" {
  name                = "pe-kv"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  subnet_id           = var.pe_subnet_id

  private_service_connection {
    name                           = "pe-kv"
    private_connection_resource_id = var.key_vault_id
    subresource_names              = ["vault"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.vault.id]
  }
}

resource "azurerm_private_endpoint" "mlw" {
  name                = "pe-mlw"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  subnet_id           = var.pe_subnet_id

  private_service_connection {
    name                           = "pe-mlw"
    private_connection_resource_id = var.workspace_id
    subresource_names              = ["amlworkspace"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [data.azurerm_private_dns_zone.api.id]
  }
}

resource "azurerm_private_endpoint" "st" {
  for_each            = toset(["blob", "file"])
  name                = "pe-st-${each.key}"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  subnet_id           = var.pe_subnet_id

  private_service_connection {
    name                           = "pe-st-${each.key}"
    private_connection_resource_id = var.storage_account_id
    subresource_names              = [each.key]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
  }
}
