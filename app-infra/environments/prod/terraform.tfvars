# prod: three AZs, a NAT gateway per AZ, Multi-AZ database, deletion protection and final snapshot
# (derived from environment = "prod"), long backups and log retention.
environment             = "prod"
region                  = "eu-west-1"
vpc_cidr                = "10.30.0.0/16"
availability_zone_count = 3
nat_gateway_per_az      = true
certificate_arn         = "arn:aws:acm:eu-west-1:111122223333:certificate/5ca1ab1e-0000-4000-8000-000000000002" # the account's ACM certificate for the prod host name
host_name               = "bank.example.com"                                                                    # placeholder: the name that certificate covers

db_instance_class        = "db.m7g.large"
db_allocated_storage_gb  = 100
db_multi_az              = true
db_backup_retention_days = 30

ecr_keep_images    = 100
task_cpu           = 1024
task_memory        = 2048
desired_count      = 3
log_retention_days = 365

autoscaling = { enabled = true, min_count = 3, max_count = 12, cpu_target_percent = 55, requests_per_target = 400 }
