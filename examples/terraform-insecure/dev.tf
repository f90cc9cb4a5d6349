# A dev workspace with its own storage and key vault and its own cluster in the same VNet, and no
# private endpoints.

resource "azurerm_storage_account" "dev" {
  name                            = "stmlinferencedev001"
  location                        = var.location
  resource_group_name             = azurerm_resource_group.ml.name
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
}

resource "azurerm_key_vault" "dev" {
  name                      = "kv-ml-inference-dev"
  location                  = var.location
  resource_group_name       = azurerm_resource_group.ml.name
  tenant_id                 = data.azurerm_client_config.current.tenant_id
  sku_name                  = "standard"
  enable_rbac_authorization = true
}

resource "azurerm_machine_learning_workspace" "dev" {
  name                    = "${var.workspace_name}-dev"
  friendly_name           = "Inferencing workspace (dev)"
  location                = var.location
  resource_group_name     = azurerm_resource_group.ml.name
  storage_account_id      = azurerm_storage_account.dev.id
  key_vault_id            = azurerm_key_vault.dev.id
  container_registry_id   = azurerm_container_registry.ml.id
  application_insights_id = azurerm_application_insights.ml.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "dev" {
  name                = "${var.cluster_name}-dev"
  location            = var.cluster_location
  resource_group_name = azurerm_resource_group.ml.name
  dns_prefix          = "${var.cluster_name}-dev"

  default_node_pool {
    name           = "system"
    node_count     = 1
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.aks_dev.id
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin    = "azure"
    load_balancer_sku = "standard"
    service_cidr      = "10.11.0.0/16"
    dns_service_ip    = "10.11.0.10"
  }
}

resource "azurerm_machine_learning_inference_cluster" "dev" {
  name                          = "aks-inference-dev"
  location                      = var.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.dev.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.dev.id
  cluster_purpose               = "DevTest"
}
