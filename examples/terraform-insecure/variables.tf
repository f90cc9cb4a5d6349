variable "resource_group_name" {
  type    = string
  default = "rg-ml-inference"
}

variable "location" {
  description = "Region of the workspace and its resources."
  type        = string
  default     = "westeurope"
}

variable "cluster_location" {
  description = "Region of the AKS clusters and their network."
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
