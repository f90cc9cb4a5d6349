module "network" {
  source   = "./modules/network"
  location = var.location
  rg       = var.rg
  prefix   = "aks"
}
