terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

resource "azurerm_virtual_network" "aks" {
  name                = "vnet-aks"
  location            = "westeurope"
  resource_group_name = var.rg
  address_space       = ["10.1.0.0/16"]
}

resource "azurerm_subnet" "aks" {
  name                 = "snet-aks"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.aks.name
  address_prefixes     = ["10.1.0.0/22"]
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-ml"
  location            = "westeurope"
  resource_group_name = var.rg
  dns_prefix          = "aksml"

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
    network_plugin = "azure"
    ip_versions    = ["IPv4", "IPv6"]
    service_cidrs  = ["10.1.0.0/16", "fd00:10::/108"]
    dns_service_ip = "10.1.0.10"
  }
}
