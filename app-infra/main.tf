data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name    = "${var.project}-${var.environment}"
  is_prod = var.environment == "prod"

  # Created by jenkins-infra (README: "The app roles' permissions boundary"); the Jenkins agents may create
  # and write only roles that carry it.
  permissions_boundary_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy/${var.project}-app-boundary"

  tags = merge(
    {
      project     = var.project
      environment = var.environment
      managed-by  = "terraform"
    },
    var.git_commit == "" ? {} : { git-commit = var.git_commit },
  )
}

module "network" {
  source = "./modules/network"

  name                    = local.name
  cidr_block              = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
  nat_gateway_per_az      = var.nat_gateway_per_az
}

module "load_balancer" {
  source = "./modules/load-balancer"

  name                = local.name
  vpc_id              = module.network.vpc_id
  subnet_ids          = module.network.public_subnet_ids
  security_group_id   = aws_security_group.alb.id
  target_port         = var.container_port
  certificate_arn     = var.certificate_arn
  ssl_policy          = var.ssl_policy
  deletion_protection = local.is_prod
}

module "database" {
  source = "./modules/database"

  name                  = local.name
  subnet_ids            = module.network.private_subnet_ids
  security_group_id     = aws_security_group.database.id
  instance_class        = var.db_instance_class
  allocated_storage_gb  = var.db_allocated_storage_gb
  multi_az              = var.db_multi_az
  backup_retention_days = var.db_backup_retention_days
  database_name         = var.db_name
  deletion_protection   = local.is_prod
  final_snapshot        = local.is_prod
}

module "registry" {
  source = "./modules/registry"

  name        = local.name
  keep_images = var.ecr_keep_images
  # Non-prod repositories may be destroyed with their images; prod keeps them.
  force_delete = !local.is_prod
}

module "service" {
  source = "./modules/service"

  name                              = local.name
  region                            = var.region
  subnet_ids                        = module.network.private_subnet_ids
  security_group_id                 = aws_security_group.service.id
  target_group_arn                  = module.load_balancer.target_group_arn
  image                             = var.initial_image
  repository_arn                    = module.registry.repository_arn
  container_port                    = var.container_port
  cpu                               = var.task_cpu
  memory                            = var.task_memory
  desired_count                     = var.desired_count
  health_check_grace_period_seconds = var.health_check_grace_period_seconds
  log_retention_days                = var.log_retention_days
  permissions_boundary_arn          = local.permissions_boundary_arn

  database = {
    host       = module.database.address
    port       = module.database.port
    name       = module.database.database_name
    secret_arn = module.database.master_user_secret_arn
  }

  autoscaling = merge(var.autoscaling, {
    # ALBRequestCountPerTarget's resource label: app/<alb>/<id>/targetgroup/<tg>/<id>
    request_count_resource_label = "${module.load_balancer.arn_suffix}/${module.load_balancer.target_group_arn_suffix}"
  })
}
