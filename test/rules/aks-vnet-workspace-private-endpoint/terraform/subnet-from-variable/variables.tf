variable "location" {
  type    = string
  default = "westeurope"
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

variable "aks_subnet_id" {
  type = string
}
