resource "azurerm_storage_account" "ml" {
  name                            = "stmlinference001"
  location                        = var.location
  resource_group_name             = azurerm_resource_group.ml.name
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_key_vault" "ml" {
  name                          = "kv-ml-inference-001"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.ml.name
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "standard"
  enable_rbac_authorization     = true
  public_network_access_enabled = false

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

resource "azurerm_container_registry" "ml" {
  name                          = "acrmlinference001"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.ml.name
  sku                           = "Premium"
  admin_enabled                 = false
  public_network_access_enabled = false
  network_rule_bypass_option    = "AzureServices"
}

resource "azurerm_application_insights" "ml" {
  name                = "appi-ml-inference"
  location            = var.location
  resource_group_name = azurerm_resource_group.ml.name
  application_type    = "web"
}

resource "azurerm_machine_learning_workspace" "ml" {
  name                          = var.workspace_name
  friendly_name                 = "Inferencing workspace"
  location                      = var.location
  resource_group_name           = azurerm_resource_group.ml.name
  storage_account_id            = azurerm_storage_account.ml.id
  key_vault_id                  = azurerm_key_vault.ml.id
  container_registry_id         = azurerm_container_registry.ml.id
  application_insights_id       = azurerm_application_insights.ml.id
  public_network_access_enabled = false
  high_business_impact          = false

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_inference_cluster" "inference" {
  name                          = "aks-inference"
  location                      = var.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ml.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.ml.id
  cluster_purpose               = "FastProd"
}
