# The secure example with the mistakes "Secure Azure Kubernetes Service inferencing environment"
# warns about (see ../README.md for what fires where, and why). Do not deploy.

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "ml" {
  name     = var.resource_group_name
  location = var.location
}
