output "id" {
  value = azurerm_private_endpoint.this.id
}
