variable "location" {
  type    = string
  default = "westeurope"
}

variable "rg" {
  type    = string
  default = "rg-ml"
}

variable "pe_subnet_id" {
  type = string
}
