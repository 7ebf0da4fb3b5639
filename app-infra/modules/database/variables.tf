variable "name" {
  description = "Identifier prefix of the RDS instance and its subnet group."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group (at least two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids needs at least two private subnets in different AZs."
  }
}

variable "security_group_id" {
  description = "Security group of the instance (allows 3306 from the service only)."
  type        = string
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "allocated_storage_gb" {
  description = "Initial storage in GiB (at most 59578: RDS wants the autoscaling maximum, at most 65536 on gp3, 10 % above it); storage autoscaling may grow it to 5x."
  type        = number
}

variable "multi_az" {
  description = "Keep a synchronous standby in another AZ."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups (1-35)."
  type        = number
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
}

variable "master_username" {
  description = "Master user name; its password is generated and rotated by RDS in Secrets Manager."
  type        = string
  default     = "finpipe_admin"
}

variable "deletion_protection" {
  description = "Refuse to delete the instance (prod)."
  type        = bool
}

variable "final_snapshot" {
  description = "Take a final snapshot when the instance is destroyed (prod)."
  type        = bool
}
