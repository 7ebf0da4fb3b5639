variable "name" {
  description = "Name prefix of the stack (log stream and service names)."
  type        = string
}

variable "region" {
  description = "AWS region the Secrets Manager plugins and the aws CLI talk to."
  type        = string
}

variable "log_group_name" {
  description = "CloudWatch log group the CloudWatch agent ships provisioning, Jenkins and agent logs to."
  type        = string
}

variable "jenkins_url" {
  description = "Public URL of Jenkins, with trailing slash (JCasC location URL, webhook URL)."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+/$", var.jenkins_url))
    error_message = "jenkins_url must be scheme://host[:port]/ with a trailing slash."
  }
}

variable "controller_internal_url" {
  description = "URL agents use to reach the controller inside the VPC, with trailing slash."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+/$", var.controller_internal_url))
    error_message = "controller_internal_url must be scheme://host[:port]/ with a trailing slash."
  }
}

variable "jenkins_home_volume_id" {
  description = "EBS volume holding JENKINS_HOME; the controller finds its NVMe device by this ID."
  type        = string
}

variable "secret_names" {
  description = "Secrets Manager secret names: admin_password, agent_password, github_token, webhook_secret."
  type = object({
    admin_password = string
    agent_password = string
    github_token   = string
    webhook_secret = string
  })
}

variable "jenkins_version" {
  description = "Jenkins LTS version of the pkg.jenkins.io Debian package."
  type        = string
}

variable "jenkins_repo_key_fingerprint" {
  description = "Pinned fingerprint of the pkg.jenkins.io signing key."
  type        = string
}

variable "plugin_manager_version" {
  description = "jenkins-plugin-cli version."
  type        = string
}

variable "plugin_manager_sha256" {
  description = "SHA-256 of the jenkins-plugin-cli jar."
  type        = string
}

variable "terraform_version" {
  description = "Terraform version for the agents."
  type        = string
}

variable "terraform_sha256" {
  description = "SHA-256 of the Terraform linux_amd64 zip."
  type        = string
}

variable "github_owner" {
  description = "Owner of the finpipe repository."
  type        = string
}

variable "github_repository" {
  description = "Name of the finpipe repository (also the name of the seeded multibranch job)."
  type        = string
}

variable "library_name" {
  description = "Global shared library name."
  type        = string
}

variable "library_default_version" {
  description = "Default version of the shared library."
  type        = string
}

variable "base_image" {
  description = "Global BASE_IMAGE for the Jenkinsfile's image stage (pinned by digest)."
  type        = string
}

variable "developer_users" {
  description = "Jenkins users with read and build rights."
  type        = list(string)
}

variable "ops_users" {
  description = "Jenkins users who approve deploys and destroys."
  type        = list(string)
}

variable "agent_labels" {
  description = "Labels of every agent."
  type        = list(string)
}

variable "agent_executors" {
  description = "Executors per agent."
  type        = number
}

variable "test_prerequisites" {
  description = "Contents of test-support/prerequisites.list: `apt <command> <Debian package>` and `pip <command> <requirement==version>` lines (# comments), what scripts/test needs; agents are provisioned with exactly these."
  type        = string

  validation {
    condition = alltrue([
      for line in split("\n", var.test_prerequisites) :
      can(regex(local.prerequisite_line, line))
    ])
    error_message = "test_prerequisites (test-support/prerequisites.list) may hold only `apt <command> <Debian package>` and `pip <command> <requirement pinned with ==>` lines; fix: ${join(" | ", [for line in split("\n", var.test_prerequisites) : trimspace(line) if !can(regex(local.prerequisite_line, line))])}"
  }
}

variable "awscli_version" {
  description = "AWS CLI v2 version installed on every instance."
  type        = string
}

variable "awscli_sha256" {
  description = "SHA-256 of awscli-exe-linux-x86_64-<awscli_version>.zip."
  type        = string
}

variable "ssm_agent_version" {
  description = "Version of AWS's amazon-ssm-agent .deb (Debian AMIs do not ship it)."
  type        = string
}

variable "ssm_agent_sha256" {
  description = "SHA-256 of that amazon-ssm-agent.deb."
  type        = string
}

variable "cloudwatch_agent_version" {
  description = "Version of AWS's amazon-cloudwatch-agent .deb."
  type        = string
}

variable "cloudwatch_agent_sha256" {
  description = "SHA-256 of that amazon-cloudwatch-agent.deb."
  type        = string
}
