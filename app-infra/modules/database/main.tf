resource "aws_db_subnet_group" "this" {
  name        = var.name
  description = "Private subnets of ${var.name}"
  subnet_ids  = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "mysql"
  engine_version = "8.0"
  instance_class = var.instance_class
  db_name        = var.database_name
  username       = var.master_username

  # RDS generates the password and keeps it in Secrets Manager as {"username","password"};
  # it never appears in Terraform state, variables or the task definition.
  manage_master_user_password = true

  allocated_storage = var.allocated_storage_gb
  # Autoscaling up to 5x, capped at RDS MySQL's gp3 maximum, which RDS would refuse to exceed.
  max_allocated_storage = min(var.allocated_storage_gb * 5, 65536)
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period    = var.backup_retention_days
  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = true
  deletion_protection        = var.deletion_protection
  skip_final_snapshot        = !var.final_snapshot
  final_snapshot_identifier  = var.final_snapshot ? "${var.name}-final" : null
}
