# dev: smallest footprint; moto-compatible (no Application Auto Scaling), destroyable.
environment             = "dev"
region                  = "eu-west-1"
vpc_cidr                = "10.10.0.0/16"
availability_zone_count = 2
nat_gateway_per_az      = false

db_instance_class        = "db.t4g.micro"
db_allocated_storage_gb  = 20
db_multi_az              = false
db_backup_retention_days = 1

ecr_keep_images    = 10
task_cpu           = 256
task_memory        = 512
desired_count      = 1
log_retention_days = 7

autoscaling = { enabled = false }
