terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.0"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_virtual_network" "aks" {
  name                = "vnet-aks"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  address_space       = ["10.1.0.0/16"]

  subnet {
    name           = "snet-aks"
    address_prefix = "10.1.0.0/22"
  }
}

resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg-ml"
  virtual_network_name = azurerm_virtual_network.aks.name
  address_prefixes     = [cidrsubnet("10.1.0.0/16", 8, 200)]
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks-ml"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  dns_prefix          = "aksml"

  default_node_pool {
    name           = "system"
    node_count     = 3
    vm_size        = "Standard_D4s_v5"
    vnet_subnet_id = "${azurerm_virtual_network.aks.id}/subnets/snet-aks"
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    service_cidr   = "10.1.128.0/17"
    dns_service_ip = "10.1.128.10"
  }
}
