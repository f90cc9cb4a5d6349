resource "azurerm_application_insights" "ml" {
  name                = "appi-ml"
  location            = var.location
  resource_group_name = var.rg
  application_type    = "web"
}

resource "azurerm_key_vault" "ml" {
  name                = "kv-ml-001"
  location            = var.location
  resource_group_name = var.rg
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}

resource "azurerm_storage_account" "ml" {
  name                     = "stml001"
  location                 = var.location
  resource_group_name      = var.rg
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_container_registry" "ml" {
  name                = "acrml001"
  location            = var.location
  resource_group_name = var.rg
  sku                 = "Premium"
}

resource "azurerm_resource_group" "rg" {
  name     = var.rg
  location = var.location
}

resource "azapi_resource" "ws" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "mlw-prod"
  location  = var.location
  parent_id = azurerm_resource_group.rg.id
  identity {
    type = "SystemAssigned"
  }
  body = {
    properties = {
      storageAccount      = azurerm_storage_account.ml.id
      keyVault            = azurerm_key_vault.ml.id
      containerRegistry   = azurerm_container_registry.ml.id
      applicationInsights = azurerm_application_insights.ml.id
    }
  }
}

resource "azapi_resource" "aks_compute" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "aks-compute"
  location  = var.location
  parent_id = azapi_resource.ws.id
  body = {
    properties = {
      computeType = "AKS"
      resourceId  = azurerm_kubernetes_cluster.aks.id
    }
  }
}
