variable "location" {
  type    = string
  default = "westeurope"
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

variable "kv_zone_ids" {
  type    = list(list(string))
  default = [["/subscriptions/0/resourceGroups/rg-ml/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"]]
}
