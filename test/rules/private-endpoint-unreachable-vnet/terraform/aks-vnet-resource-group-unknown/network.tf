resource "azurerm_virtual_network" "aks" {
  name                = "vnet-aks"
  location            = var.location
  resource_group_name = var.network_rg
  address_space       = ["10.0.0.0/16"]

  subnet {
    name           = "snet-aks"
    address_prefix = "10.0.1.0/24"
  }
}



resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.aks.name
  address_prefixes     = [cidrsubnet("10.0.0.0/16", 8, 2)]
}

resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  location            = var.location
  resource_group_name = var.rg
  address_space       = ["10.10.0.0/16"]
}

resource "azurerm_subnet" "hub_pe" {
  name                 = "snet-hub-pe"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.10.1.0/24"]
}

resource "azurerm_virtual_network_peering" "aks_to_hub" {
  name                         = "aks-to-hub"
  resource_group_name          = var.rg
  virtual_network_name         = azurerm_virtual_network.aks.name
  remote_virtual_network_id    = azurerm_virtual_network.hub.id
  allow_virtual_network_access = true
}

resource "azurerm_virtual_network_peering" "hub_to_aks" {
  name                         = "hub-to-aks"
  resource_group_name          = var.rg
  virtual_network_name         = azurerm_virtual_network.hub.name
  remote_virtual_network_id    = azurerm_virtual_network.aks.id
  allow_virtual_network_access = true
}
