resource "azurerm_virtual_network" "aks" {
  name                = "vnet-aks"
  location            = var.location
  resource_group_name = var.rg
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "aks" {
  name                 = "snet-aks"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.aks.name
  address_prefixes     = [cidrsubnet("10.0.0.0/16", 8, 1)]
}

resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = var.rg
  virtual_network_name = azurerm_virtual_network.aks.name
  address_prefixes     = [cidrsubnet("10.0.0.0/16", 8, 2)]
}
