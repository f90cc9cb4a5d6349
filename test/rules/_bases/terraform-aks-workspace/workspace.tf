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

resource "azurerm_machine_learning_workspace" "ml" {
  name                    = "mlw-prod"
  location                = var.location
  resource_group_name     = var.rg
  application_insights_id = azurerm_application_insights.ml.id
  key_vault_id            = azurerm_key_vault.ml.id
  storage_account_id      = azurerm_storage_account.ml.id
  container_registry_id   = azurerm_container_registry.ml.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_inference_cluster" "aks" {
  name                          = "aks-compute"
  location                      = var.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ml.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.aks.id
  cluster_purpose               = "FastProd"
}
