resource "azurerm_kubernetes_cluster" "ml" {
  name                                = var.cluster_name
  location                            = var.cluster_location
  resource_group_name                 = azurerm_resource_group.ml.name
  dns_prefix                          = var.cluster_name
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = true

  default_node_pool {
    name           = "system"
    node_count     = 3
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = azurerm_subnet.aks.id
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin    = "azure"
    load_balancer_sku = "standard"
    service_cidr      = "10.10.0.0/16"
    dns_service_ip    = "10.10.0.10"
  }
}
