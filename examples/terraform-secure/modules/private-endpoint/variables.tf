variable "name" {
  description = "Name of the private endpoint."
  type        = string
}

variable "location" {
  description = "Region of the endpoint: that of its virtual network."
  type        = string
}

variable "resource_group_name" {
  type = string
}

variable "subnet_id" {
  description = "Id of the subnet the endpoint is placed in."
  type        = string
}

variable "target_id" {
  description = "Id of the resource the endpoint connects to."
  type        = string
}

variable "subresource_name" {
  description = "The sub-resource (group id): amlworkspace, blob, file, vault, registry…"
  type        = string
}

variable "private_dns_zone_ids" {
  description = "Private DNS zones the endpoint registers its address in."
  type        = list(string)
}
