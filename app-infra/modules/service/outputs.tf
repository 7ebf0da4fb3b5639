output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "container_name" {
  description = "Name of the application container."
  value       = local.container_name
}

output "task_definition_family" {
  description = "Family of the task definition."
  value       = aws_ecs_task_definition.this.family
}

output "log_group_name" {
  description = "Log group of the containers."
  value       = aws_cloudwatch_log_group.this.name
}

output "service" {
  description = "The aws_ecs_service resource, for callers and policy tests of its network and deployment settings."
  value       = aws_ecs_service.this
}

output "container_definitions" {
  description = "The initial task definition's container definitions, decoded."
  value       = jsondecode(aws_ecs_task_definition.this.container_definitions)
}

output "execution_role_policy" {
  description = "The task execution role's inline policy document (JSON)."
  value       = aws_iam_role_policy.execution.policy
}

output "role_permissions_boundaries" {
  description = "Permissions boundary of each role, by role name."
  value       = { for role in [aws_iam_role.execution, aws_iam_role.task] : role.name => role.permissions_boundary }
}

output "autoscaling_policy_names" {
  description = "Names of the target-tracking policies (empty when autoscaling is disabled)."
  value       = [for policy in values(aws_appautoscaling_policy.this) : policy.name]
}
