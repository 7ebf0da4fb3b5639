variable "name" {
  description = "Name prefix of the load balancer and target group (at most 26 characters)."
  type        = string

  validation {
    condition     = length(var.name) <= 26
    error_message = "name must be at most 26 characters: ALB and target group names are limited to 32 including the suffix."
  }
}

variable "vpc_id" {
  description = "VPC of the target group."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets the load balancer is placed in (at least two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two subnets in different AZs."
  }
}

variable "security_group_id" {
  description = "Security group of the load balancer."
  type        = string
}

variable "target_port" {
  description = "Port the targets (ECS tasks) listen on."
  type        = number
}

variable "health_check_path" {
  description = "Path the target group probes; only ready tasks get traffic."
  type        = string
  default     = "/health/ready"
}

variable "certificate_arn" {
  description = "ACM certificate ARN. When set: HTTPS listener plus HTTP->HTTPS redirect. When null: HTTP only."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "Security policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer (prod)."
  type        = bool
}
