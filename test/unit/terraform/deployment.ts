/**
 * One Terraform deployment with every mapped kind of resource (VNet with an inline subnet, subnet,
 * NSG with a rule and its association, a private AKS cluster with a public FQDN, storage with network
 * rules, workspace, inference cluster, private endpoint with a zone group, …): tests state what differs.
 */
export const TF_DEPLOYMENT = `
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
  subnet {
    name           = "inline"
    address_prefix = "10.0.9.0/24"
    security_group = azurerm_network_security_group.nsg.id
  }
}
resource "azurerm_subnet" "aks" {
  name                 = "aks"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
  service_endpoints    = ["Microsoft.Storage"]
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  security_rule {
    name                       = "deny-out"
    priority                   = 100
    direction                  = "Outbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "Internet"
  }
}
resource "azurerm_subnet_network_security_group_association" "a" {
  subnet_id                 = azurerm_subnet.aks.id
  network_security_group_id = azurerm_network_security_group.nsg.id
}
resource "azurerm_kubernetes_cluster" "aks" {
  name                                = "aks"
  location                            = "westeurope"
  resource_group_name                 = "rg"
  dns_prefix                          = "aks"
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = true
  default_node_pool {
    name           = "system"
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.aks.id
  }
  identity { type = "SystemAssigned" }
  network_profile {
    network_plugin     = "azure"
    service_cidr       = "10.1.0.0/16"
    dns_service_ip     = "10.1.0.10"
    docker_bridge_cidr = "172.17.0.1/16"
  }
}
resource "azurerm_storage_account" "st" {
  name                     = "stml"
  location                 = "westeurope"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices", "Logging"]
    virtual_network_subnet_ids = [azurerm_subnet.aks.id]
  }
}
resource "azurerm_machine_learning_workspace" "ws" {
  name                          = "ws"
  location                      = "westeurope"
  resource_group_name           = "rg"
  storage_account_id            = azurerm_storage_account.st.id
  key_vault_id                  = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
  application_insights_id       = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/components/ai"
  public_network_access_enabled = false
  high_business_impact          = true
  identity { type = "SystemAssigned" }
}
resource "azurerm_machine_learning_inference_cluster" "inf" {
  name                          = "inf"
  location                      = "westeurope"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  kubernetes_cluster_id         = azurerm_kubernetes_cluster.aks.id
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe-st"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = azurerm_subnet.aks.id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.st.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [azurerm_private_dns_zone.blob.id]
  }
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
}
resource "azapi_resource" "compute" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "k8s"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = {
    properties = { computeType = "Kubernetes", resourceId = azurerm_kubernetes_cluster.aks.id }
  }
}
`;
