variable "location" {
  type    = string
  default = "westeurope"
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

variable "vault_id" {
  type = string
}
