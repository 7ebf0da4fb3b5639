# ---------------------------------------------------------------------------------------------------------
# General
# ---------------------------------------------------------------------------------------------------------
variable "region" {
  description = "AWS region for the Jenkins controller and agents, e.g. eu-west-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "name" {
  description = "Name prefix for every resource of this stack (lowercase letters, digits, hyphens; 3-24 characters)."
  type        = string
  default     = "finpipe-jenkins"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,22}[a-z0-9]$", var.name))
    error_message = "name must be 3-24 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags for every resource (merged over Project and ManagedBy)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------
# Network placement
# ---------------------------------------------------------------------------------------------------------
variable "vpc_id" {
  description = "Existing VPC to place Jenkins in. Null creates a small VPC of its own (vpc_cidr, two AZs, one NAT gateway)."
  type        = string
  default     = null

  validation {
    condition     = var.vpc_id == null || can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0, or be null to create a VPC."
  }
}

variable "private_subnet_ids" {
  description = "With vpc_id: private subnets (with a NAT route) for the controller and agents. Ignored without vpc_id."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "private_subnet_ids must hold subnet IDs such as subnet-0123456789abcdef0."
  }
  validation {
    condition     = var.vpc_id == null || length(var.private_subnet_ids) >= 1
    error_message = "private_subnet_ids needs at least one subnet when vpc_id is set."
  }
}

variable "public_subnet_ids" {
  description = "With vpc_id: public subnets in two or more AZs for the ALB (ingress_mode = \"alb\") or the controller (\"direct\")."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "public_subnet_ids must hold subnet IDs such as subnet-0123456789abcdef0."
  }
  validation {
    condition     = var.vpc_id == null || length(var.public_subnet_ids) >= 2
    error_message = "public_subnet_ids needs subnets in at least two AZs when vpc_id is set (an ALB requires two)."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the VPC created when vpc_id is null (a /16 to /24)."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    # try(): && does not short-circuit, so without a "/" the index would fail instead of this message.
    condition     = can(cidrnetmask(var.vpc_cidr)) && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24, false)
    error_message = "vpc_cidr must be an IPv4 CIDR between /16 and /24, e.g. 10.40.0.0/16."
  }
}

variable "ingress_mode" {
  description = "\"alb\": controller in a private subnet behind an ALB. \"direct\": small setups, controller in a public subnet reachable on 8080 only from admin_cidrs and GitHub's webhook ranges."
  type        = string
  default     = "alb"

  validation {
    condition     = contains(["alb", "direct"], var.ingress_mode)
    error_message = "ingress_mode must be \"alb\" or \"direct\"."
  }
}

variable "admin_cidrs" {
  description = "IPv4 CIDRs allowed to reach the Jenkins UI (1-4 entries; the world, 0.0.0.0/0, is refused)."
  type        = list(string)

  validation {
    condition     = length(var.admin_cidrs) >= 1 && length(var.admin_cidrs) <= 4
    error_message = "admin_cidrs needs 1 to 4 CIDRs (an ALB rule matches at most 5 source-ip values, one is kept for the path)."
  }
  validation {
    # cidrnetmask() accepts IPv4 only: the ALB and security groups take these as IPv4 ranges.
    condition     = alltrue([for cidr in var.admin_cidrs : can(cidrnetmask(cidr))])
    error_message = "admin_cidrs must hold IPv4 CIDRs such as 203.0.113.0/24."
  }
  validation {
    condition     = alltrue([for cidr in var.admin_cidrs : cidr != "0.0.0.0/0"])
    error_message = "admin_cidrs must not contain 0.0.0.0/0: the Jenkins UI is never open to the world. Use your office or VPN range."
  }
}

variable "github_hook_cidrs" {
  description = "IPv4 source ranges of GitHub webhook deliveries (https://api.github.com/meta, key \"hooks\", its IPv4 entries). Only the webhook path is reachable from them."
  type        = list(string)
  default     = ["192.30.252.0/22", "185.199.108.0/22", "140.82.112.0/20", "143.55.64.0/20"]

  validation {
    condition     = alltrue([for cidr in var.github_hook_cidrs : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "github_hook_cidrs must hold IPv4 CIDRs (not 0.0.0.0/0), as listed under \"hooks\" at https://api.github.com/meta (leave out its IPv6 entries)."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the ALB. Set: HTTPS on 443 and HTTP redirects to it. Null: plain HTTP on 80 (test setups only)."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID) or null."
  }
}

variable "jenkins_hostname" {
  description = "DNS name users and GitHub use for Jenkins (a CNAME to the ALB you manage). Null uses the ALB or public IP address."
  type        = string
  default     = null

  validation {
    condition     = var.jenkins_hostname == null || can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.jenkins_hostname))
    error_message = "jenkins_hostname must be a DNS name such as jenkins.example.com (no scheme, no path)."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Controller
# ---------------------------------------------------------------------------------------------------------
variable "controller_instance_type" {
  description = "EC2 instance type of the controller (x86_64)."
  type        = string
  default     = "t3.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.controller_instance_type))
    error_message = "controller_instance_type must be an EC2 instance type such as t3.large."
  }
  validation {
    # Graviton families carry a "g" after the generation (t4g, m7g, c7gn, ...) or are a1.
    condition     = !can(regex("^([a-z]+[0-9]+g[a-z]*|a1)\\.", var.controller_instance_type))
    error_message = "controller_instance_type must be an x86_64 type such as t3.large: the AMI, JDK, Terraform and AWS CLI installed are amd64 builds, not Graviton (arm64)."
  }
}

variable "controller_host_number" {
  description = "Host number of the controller's fixed private IP in its subnet (agents connect to it); pick a free one in an existing subnet."
  type        = number
  default     = 10

  validation {
    condition     = var.controller_host_number >= 4 && var.controller_host_number <= 250 && floor(var.controller_host_number) == var.controller_host_number
    error_message = "controller_host_number must be a whole number between 4 and 250 (AWS reserves the first four addresses of a subnet)."
  }
}

variable "jenkins_home_size_gib" {
  description = "Size of the encrypted EBS volume holding JENKINS_HOME (GiB, 20-16384)."
  type        = number
  default     = 50

  validation {
    condition     = var.jenkins_home_size_gib >= 20 && var.jenkins_home_size_gib <= 16384 && floor(var.jenkins_home_size_gib) == var.jenkins_home_size_gib
    error_message = "jenkins_home_size_gib must be a whole number between 20 and 16384."
  }
}

variable "snapshot_retain_count" {
  description = "Daily DLM snapshots of JENKINS_HOME to keep (1-1000). 0 disables snapshots (test environments only)."
  type        = number
  default     = 14

  validation {
    condition     = var.snapshot_retain_count >= 0 && var.snapshot_retain_count <= 1000 && floor(var.snapshot_retain_count) == var.snapshot_retain_count
    error_message = "snapshot_retain_count must be a whole number between 0 and 1000."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for EBS volumes. Null uses the account's aws/ebs key (still encrypted)."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or null."
  }
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log group that receives provisioning, Jenkins and agent logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ..."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------------------------------------
variable "agent_instance_type" {
  description = "EC2 instance type of the agents (x86_64)."
  type        = string
  default     = "t3.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.agent_instance_type))
    error_message = "agent_instance_type must be an EC2 instance type such as t3.large."
  }
  validation {
    # Graviton families carry a "g" after the generation (t4g, m7g, c7gn, ...) or are a1.
    condition     = !can(regex("^([a-z]+[0-9]+g[a-z]*|a1)\\.", var.agent_instance_type))
    error_message = "agent_instance_type must be an x86_64 type such as t3.large: the AMI, JDK, Terraform and AWS CLI installed are amd64 builds, not Graviton (arm64)."
  }
}

variable "agent_count" {
  description = "Number of agents the autoscaling group keeps running (0-20)."
  type        = number
  default     = 2

  validation {
    condition     = var.agent_count >= 0 && var.agent_count <= 20 && floor(var.agent_count) == var.agent_count
    error_message = "agent_count must be a whole number between 0 and 20."
  }
}

variable "agent_spot" {
  description = "Run agents on Spot capacity (cheaper; a reclaimed agent aborts its running build)."
  type        = bool
  default     = false
}

variable "agent_executors" {
  description = "Executors per agent (1-8)."
  type        = number
  default     = 2

  validation {
    condition     = var.agent_executors >= 1 && var.agent_executors <= 8 && floor(var.agent_executors) == var.agent_executors
    error_message = "agent_executors must be a whole number between 1 and 8."
  }
}

variable "agent_labels" {
  description = "Labels every agent carries. The Jenkinsfile runs on 'linux' (build, test, image) and 'deploy' (terraform, ECS)."
  type        = list(string)
  default     = ["linux", "deploy"]

  validation {
    condition     = length(var.agent_labels) >= 1 && alltrue([for label in var.agent_labels : can(regex("^[A-Za-z0-9_.-]+$", label))])
    error_message = "agent_labels needs at least one label of letters, digits, '_', '.' or '-' (no spaces)."
  }
}

variable "agent_ami_id" {
  description = "AMI of the agents: a Debian 12 amd64 image of Debian's account (136693071363). Null: the current one when the agents are first created, kept until this changes or you run terraform apply -replace=terraform_data.agent_ami."
  type        = string
  default     = null

  validation {
    condition     = var.agent_ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.agent_ami_id))
    error_message = "agent_ami_id must be an AMI ID such as ami-0123456789abcdef0, or null for the current Debian 12 AMI."
  }
}

variable "agent_volume_size_gib" {
  description = "Encrypted root volume of each agent (GiB, 30-1000): workspaces, Maven and Terraform caches."
  type        = number
  default     = 60

  validation {
    condition     = var.agent_volume_size_gib >= 30 && var.agent_volume_size_gib <= 1000 && floor(var.agent_volume_size_gib) == var.agent_volume_size_gib
    error_message = "agent_volume_size_gib must be a whole number between 30 and 1000."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Pinned tool versions
# ---------------------------------------------------------------------------------------------------------
variable "jenkins_version" {
  description = "Jenkins LTS version installed from pkg.jenkins.io (its signed Debian repository)."
  type        = string
  default     = "2.492.3"

  validation {
    condition     = can(regex("^2\\.[0-9]{3}\\.[0-9]+$", var.jenkins_version))
    error_message = "jenkins_version must be an LTS version such as 2.492.3."
  }
}

variable "jenkins_repo_key_fingerprint" {
  description = "Fingerprint of the pkg.jenkins.io signing key; the controller refuses the repository if the downloaded key differs."
  type        = string
  default     = "63667EE74BBA1F0A08A698725BA31D57EF5975CA"

  validation {
    condition     = can(regex("^[0-9A-F]{40}$", var.jenkins_repo_key_fingerprint))
    error_message = "jenkins_repo_key_fingerprint must be 40 upper-case hex characters."
  }
}

variable "plugin_manager_version" {
  description = "Version of jenkins-plugin-cli (jenkinsci/plugin-installation-manager-tool) used to install plugins.txt."
  type        = string
  default     = "2.13.2"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.plugin_manager_version))
    error_message = "plugin_manager_version must look like 2.13.2."
  }
}

variable "plugin_manager_sha256" {
  description = "SHA-256 of jenkins-plugin-manager-<plugin_manager_version>.jar. Get it once from a trusted machine: curl -fsSL <release URL> | sha256sum."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.plugin_manager_sha256))
    error_message = "plugin_manager_sha256 must be 64 lower-case hex characters (the output of sha256sum)."
  }
}

variable "terraform_version" {
  description = "Terraform version installed on the agents (must satisfy app-infra's required_version and scripts/prerequisites' minimum; jenkins-infra's tests check the latter)."
  type        = string
  default     = "1.11.4"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9]+$", var.terraform_version))
    error_message = "terraform_version must look like 1.11.4."
  }
}

variable "terraform_sha256" {
  description = "SHA-256 of terraform_<terraform_version>_linux_amd64.zip from releases.hashicorp.com (its SHA256SUMS file)."
  type        = string
  default     = "1ce994251c00281d6845f0f268637ba50c0005657eb3cf096b92f753b42ef4dc"

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.terraform_sha256))
    error_message = "terraform_sha256 must be 64 lower-case hex characters, as listed in terraform_<version>_SHA256SUMS."
  }
}

variable "awscli_version" {
  description = "AWS CLI v2 version installed on the controller and agents (the official bundle; Deliver stages use it)."
  type        = string
  default     = "2.27.0"

  validation {
    condition     = can(regex("^2\\.[0-9]+\\.[0-9]+$", var.awscli_version))
    error_message = "awscli_version must be an AWS CLI v2 version such as 2.27.0."
  }
}

variable "awscli_sha256" {
  description = "SHA-256 of https://awscli.amazonaws.com/awscli-exe-linux-x86_64-<awscli_version>.zip. Get it once from a trusted machine, after checking the zip's PGP signature (.sig) as AWS's install guide shows: sha256sum awscli-exe-linux-x86_64-<version>.zip."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.awscli_sha256))
    error_message = "awscli_sha256 must be 64 lower-case hex characters (the output of sha256sum)."
  }
}

variable "ssm_agent_version" {
  description = "Version of AWS's amazon-ssm-agent .deb installed on every instance: Debian AMIs do not ship the SSM agent, and SSM Session Manager replaces SSH."
  type        = string
  default     = "3.3.3270.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$", var.ssm_agent_version))
    error_message = "ssm_agent_version must look like 3.3.3270.0."
  }
}

variable "ssm_agent_sha256" {
  description = "SHA-256 of https://s3.amazonaws.com/ec2-downloads-windows/SSMAgent/<ssm_agent_version>/debian_amd64/amazon-ssm-agent.deb (curl -fsSL <url> | sha256sum on a trusted machine)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.ssm_agent_sha256))
    error_message = "ssm_agent_sha256 must be 64 lower-case hex characters (the output of sha256sum)."
  }
}

variable "cloudwatch_agent_version" {
  description = "Version of AWS's amazon-cloudwatch-agent .deb, which ships provisioning, Jenkins and agent logs to CloudWatch Logs."
  type        = string
  default     = "1.300064.0"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9a-z]+$", var.cloudwatch_agent_version))
    error_message = "cloudwatch_agent_version must look like 1.300064.0 (a folder under https://amazoncloudwatch-agent.s3.amazonaws.com/debian/amd64/)."
  }
}

variable "cloudwatch_agent_sha256" {
  description = "SHA-256 of https://amazoncloudwatch-agent.s3.amazonaws.com/debian/amd64/<cloudwatch_agent_version>/amazon-cloudwatch-agent.deb (curl -fsSL <url> | sha256sum on a trusted machine)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.cloudwatch_agent_sha256))
    error_message = "cloudwatch_agent_sha256 must be 64 lower-case hex characters (the output of sha256sum)."
  }
}

# ---------------------------------------------------------------------------------------------------------
# Jenkins configuration (JCasC)
# ---------------------------------------------------------------------------------------------------------
variable "github_owner" {
  description = "GitHub organisation or user that owns the finpipe repository."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$", var.github_owner))
    error_message = "github_owner must be a GitHub user or organisation name (letters, digits, hyphens)."
  }
}

variable "github_repository" {
  description = "Name of the repository holding the Jenkinsfile and the shared library."
  type        = string
  default     = "finpipe"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,100}$", var.github_repository))
    error_message = "github_repository must be a repository name (letters, digits, '_', '.', '-'), without the owner."
  }
}

variable "github_username" {
  description = "GitHub user (or bot account) the access token in Secrets Manager belongs to."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$", var.github_username))
    error_message = "github_username must be a GitHub user name."
  }
}

variable "library_name" {
  description = "Name of the global shared library; the Jenkinsfile loads it with @Library('<name>')."
  type        = string
  default     = "finpipe"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]+$", var.library_name))
    error_message = "library_name must be letters, digits, '_' or '-'."
  }
}

variable "library_default_version" {
  description = "Branch, tag or commit of the shared library every build loads (Jenkinsfiles may not name a version: the library is trusted code)."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.library_default_version))
    error_message = "library_default_version must be a git branch, tag or commit (no spaces)."
  }
}

variable "base_image" {
  description = "Base image of the app image, pinned by digest. Required: JCasC makes it Jenkins' global property BASE_IMAGE, which the Jenkinsfile's Image stage builds on, and replaces any value set by hand on each restart."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}$", var.base_image))
    error_message = "base_image must be set to a JRE 17 image reference pinned by digest, e.g. public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:<64 hex> (the Jenkinsfile's Image stage builds on it)."
  }
}

variable "developer_users" {
  description = "Jenkins user IDs that may read and build jobs."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for user in var.developer_users : can(regex("^[A-Za-z0-9_.@-]+$", user))])
    error_message = "developer_users must hold Jenkins user IDs (letters, digits, '_', '.', '@', '-')."
  }
}

variable "ops_users" {
  description = "Jenkins user IDs that may approve deploys and destroys (the pipeline's input steps use DEPLOY_APPROVERS)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for user in var.ops_users : can(regex("^[A-Za-z0-9_.@-]+$", user))])
    error_message = "ops_users must hold Jenkins user IDs (letters, digits, '_', '.', '@', '-')."
  }
}

# ---------------------------------------------------------------------------------------------------------
# What the pipeline deploys (scopes the agents' IAM permissions)
# ---------------------------------------------------------------------------------------------------------
variable "app_name_prefix" {
  description = "Name prefix of app-infra's resources (IAM roles, ECS cluster and service, ECR repository, ...)."
  type        = string
  default     = "finpipe"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.app_name_prefix))
    error_message = "app_name_prefix must be 2-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "app_project_tag" {
  description = "Value of the `project` tag app-infra puts on its resources; agents may change only resources carrying it."
  type        = string
  default     = "finpipe"

  validation {
    condition     = length(var.app_project_tag) > 0
    error_message = "app_project_tag must not be empty."
  }
}

variable "app_state_bucket" {
  description = "S3 bucket holding app-infra's Terraform state (app-infra/bootstrap creates it)."
  type        = string
  default     = "finpipe-terraform-state"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.app_state_bucket))
    error_message = "app_state_bucket must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)."
  }
}

variable "app_state_key_prefix" {
  description = "Key prefix of app-infra's state objects in app_state_bucket (agents may touch nothing else)."
  type        = string
  default     = "app-infra/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*/$", var.app_state_key_prefix))
    error_message = "app_state_key_prefix must be a non-empty key prefix ending in '/', e.g. app-infra/."
  }
}

variable "app_lock_table" {
  description = "DynamoDB table app-infra's S3 backend locks with (app-infra/bootstrap creates it)."
  type        = string
  default     = "finpipe-terraform-locks"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.app_lock_table))
    error_message = "app_lock_table must be a DynamoDB table name (3-255 letters, digits, '_', '.', '-')."
  }
}
