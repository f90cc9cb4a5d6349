# Azure Machine Learning with an attached AKS inferencing cluster, following "Secure Azure
# Kubernetes Service inferencing environment": the workspace and every dependency reachable from
# the cluster's VNet through private endpoints registered in private DNS, one region, a private
# cluster without a public FQDN.

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "ml" {
  name     = var.resource_group_name
  location = var.location
}
