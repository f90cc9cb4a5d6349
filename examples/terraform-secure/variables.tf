variable "resource_group_name" {
  type    = string
  default = "rg-ml-inference"
}

variable "location" {
  description = "Region of every resource."
  type        = string
  default     = "westeurope"
}

variable "workspace_name" {
  type    = string
  default = "mlw-inference"
}

variable "cluster_name" {
  type    = string
  default = "aks-ml-inference"
}
