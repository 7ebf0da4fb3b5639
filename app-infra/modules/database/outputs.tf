output "address" {
  description = "Host name of the instance (DB_HOST)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the instance (DB_PORT)."
  value       = aws_db_instance.this.port
}

output "endpoint" {
  description = "host:port of the instance."
  value       = aws_db_instance.this.endpoint
}

output "database_name" {
  description = "Name of the application database (DB_NAME)."
  value       = aws_db_instance.this.db_name
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed secret with the master credentials as JSON {\"username\",\"password\"}."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "storage_gb" {
  description = "Initial and autoscaling maximum storage in GiB."
  value       = { allocated = aws_db_instance.this.allocated_storage, max_allocated = aws_db_instance.this.max_allocated_storage }
}

output "protection" {
  description = "The instance's exposure and data-protection settings, for callers and policy tests."
  value = {
    publicly_accessible       = aws_db_instance.this.publicly_accessible
    storage_encrypted         = aws_db_instance.this.storage_encrypted
    deletion_protection       = aws_db_instance.this.deletion_protection
    skip_final_snapshot       = aws_db_instance.this.skip_final_snapshot
    final_snapshot_identifier = aws_db_instance.this.final_snapshot_identifier
    backup_retention_period   = aws_db_instance.this.backup_retention_period
    multi_az                  = aws_db_instance.this.multi_az
    vpc_security_group_ids    = aws_db_instance.this.vpc_security_group_ids
    subnet_ids                = aws_db_subnet_group.this.subnet_ids
    manage_master_password    = aws_db_instance.this.manage_master_user_password
  }
}
