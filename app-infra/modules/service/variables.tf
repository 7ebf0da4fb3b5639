variable "name" {
  description = "Name of the cluster, service, task family, container, log group and roles."
  type        = string
}

variable "region" {
  description = "Region of the log group (awslogs driver)."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in (no public IPs)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the tasks."
  type        = string
}

variable "target_group_arn" {
  description = "Target group (type ip) the service registers its tasks in."
  type        = string
}

variable "image" {
  description = "Image of the initial task definition; later revisions come from the pipeline (ecsDeploy)."
  type        = string
}

variable "repository_arn" {
  description = "ECR repository the tasks may pull from."
  type        = string
}

variable "container_port" {
  description = "Port the application listens on (PORT)."
  type        = number
}

variable "cpu" {
  description = "Fargate task CPU units."
  type        = number
}

variable "memory" {
  description = "Fargate task memory in MiB."
  type        = number
}

variable "desired_count" {
  description = "Task count at creation; ignored afterwards (autoscaling owns it)."
  type        = number
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ALB health checks are ignored after a task starts."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of the log group in days."
  type        = number
}

variable "permissions_boundary_arn" {
  description = "Managed policy set as the permissions boundary of the task and execution roles."
  type        = string
}

variable "database" {
  description = "Where the application's database is: host, port, name, and the ARN of the secret with {\"username\",\"password\"}."
  type = object({
    host       = string
    port       = number
    name       = string
    secret_arn = string
  })
}

variable "autoscaling" {
  description = "Target tracking on CPU and on ALB requests per target (request_count_resource_label = <alb arn suffix>/<target group arn suffix>)."
  type = object({
    enabled                      = bool
    min_count                    = number
    max_count                    = number
    cpu_target_percent           = number
    requests_per_target          = number
    request_count_resource_label = string
  })
}
