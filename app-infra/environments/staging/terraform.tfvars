# staging: production-shaped (HTTPS, autoscaling) at smaller size, single NAT gateway.
environment             = "staging"
region                  = "eu-west-1"
vpc_cidr                = "10.20.0.0/16"
availability_zone_count = 2
nat_gateway_per_az      = false
certificate_arn         = "arn:aws:acm:eu-west-1:111122223333:certificate/5ca1ab1e-0000-4000-8000-000000000001" # the account's ACM certificate for the staging host name
host_name               = "staging.bank.example.com"                                                            # placeholder: the name that certificate covers

db_instance_class        = "db.t4g.small"
db_allocated_storage_gb  = 20
db_multi_az              = false
db_backup_retention_days = 7

ecr_keep_images    = 30
task_cpu           = 512
task_memory        = 1024
desired_count      = 2
log_retention_days = 30

autoscaling = { enabled = true, min_count = 2, max_count = 4 }
