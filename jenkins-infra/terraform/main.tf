locals {
  tags = merge({ Project = var.name, ManagedBy = "terraform", Component = "jenkins" }, var.tags)

  account_id = data.aws_caller_identity.current.account_id
  # Debian's own AWS account, publisher of its official AMIs.
  debian_owner = "136693071363"
  partition    = data.aws_partition.current.partition

  create_vpc         = var.vpc_id == null
  vpc_id             = local.create_vpc ? aws_vpc.this[0].id : var.vpc_id
  private_subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
  public_subnet_ids  = local.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids

  behind_alb = var.ingress_mode == "alb"
  https      = local.behind_alb && var.certificate_arn != null

  # What users and GitHub type in. Behind the ALB: its DNS name (or jenkins_hostname); direct: the public IP on 8080.
  public_host = coalesce(var.jenkins_hostname, local.behind_alb ? aws_lb.jenkins[0].dns_name : aws_eip.controller[0].public_ip)
  jenkins_url = local.behind_alb ? "${local.https ? "https" : "http"}://${local.public_host}/" : "http://${local.public_host}:8080/"

  # Agents talk to the controller inside the VPC, over WebSocket on 8080, at an address that survives
  # controller replacement (a fixed private IP).
  controller_internal_url = "http://${local.controller_private_ip}:8080/"

  secret_names = {
    admin_password = "${var.name}-admin-password"
    agent_password = "${var.name}-agent-password"
    github_token   = "${var.name}-github-token"
    webhook_secret = "${var.name}-github-webhook-secret"
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

# Current Debian 12 (bookworm, amd64) from Debian's own AWS account: the same distribution scripts/test is
# written for (its apt package names), on the controller too, so one provisioning path serves both. The
# controller keeps the AMI it was created with (see controller.tf), the agents theirs (agents.tf).
data "aws_ami" "debian" {
  most_recent = true
  owners      = [local.debian_owner]

  filter {
    name   = "name"
    values = ["debian-12-amd64-*"]
  }
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

resource "aws_cloudwatch_log_group" "jenkins" {
  name              = "/${var.name}/jenkins"
  retention_in_days = var.log_retention_days
}

module "jenkins_config" {
  source = "./modules/jenkins-config"

  name                    = var.name
  region                  = var.region
  log_group_name          = aws_cloudwatch_log_group.jenkins.name
  jenkins_url             = local.jenkins_url
  controller_internal_url = local.controller_internal_url
  jenkins_home_volume_id  = aws_ebs_volume.jenkins_home.id
  secret_names            = local.secret_names

  jenkins_version              = var.jenkins_version
  jenkins_repo_key_fingerprint = var.jenkins_repo_key_fingerprint
  plugin_manager_version       = var.plugin_manager_version
  plugin_manager_sha256        = var.plugin_manager_sha256
  terraform_version            = var.terraform_version
  terraform_sha256             = var.terraform_sha256
  awscli_version               = var.awscli_version
  awscli_sha256                = var.awscli_sha256
  ssm_agent_version            = var.ssm_agent_version
  ssm_agent_sha256             = var.ssm_agent_sha256
  cloudwatch_agent_version     = var.cloudwatch_agent_version
  cloudwatch_agent_sha256      = var.cloudwatch_agent_sha256

  # The single list of what scripts/test needs (scripts/prerequisites reads it too).
  test_prerequisites = file("${path.module}/../../test-support/prerequisites.list")

  github_owner            = var.github_owner
  github_repository       = var.github_repository
  library_name            = var.library_name
  library_default_version = var.library_default_version
  base_image              = var.base_image
  developer_users         = var.developer_users
  ops_users               = var.ops_users

  agent_labels    = var.agent_labels
  agent_executors = var.agent_executors
}
