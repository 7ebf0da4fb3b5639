variable "name" {
  description = "Name prefix for the VPC and its parts."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC (/16 to /22)."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "availability_zone_count" {
  description = "How many availability zones get a public and a private subnet: 2 or 3."
  type        = number

  validation {
    condition     = contains([2, 3], var.availability_zone_count)
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per AZ (true) or one shared NAT gateway (false)."
  type        = bool
}
