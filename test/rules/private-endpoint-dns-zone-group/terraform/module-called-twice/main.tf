provider "azurerm" {
  features {}
}

resource "azurerm_virtual_network" "ml" {
  name                = "vnet-ml"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg-ml"
  virtual_network_name = azurerm_virtual_network.ml.name
  address_prefixes     = ["10.0.2.0/24"]
}

module "aml_dev" {
  source    = "./modules/aml"
  name      = "dev"
  subnet_id = azurerm_subnet.pe.id
}

module "aml_prod" {
  source    = "./modules/aml"
  name      = "prod"
  subnet_id = azurerm_subnet.pe.id
}
