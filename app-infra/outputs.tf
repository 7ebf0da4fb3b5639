# Names the pipeline reads (terraform output -json): ecsDeploy uses cluster_name, service_name,
# container_name and ecr_repository_url; the smoke stage uses alb_url.

output "alb_url" {
  description = "Base URL of the service behind the load balancer (https:// when a certificate is set)."
  value       = module.load_balancer.url
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = module.service.cluster_name
}

output "service_name" {
  description = "ECS service name."
  value       = module.service.service_name
}

output "container_name" {
  description = "Name of the application container in the task definition (ecsDeploy swaps its image)."
  value       = module.service.container_name
}

output "task_definition_family" {
  description = "Task definition family ecsDeploy registers new revisions in."
  value       = module.service.task_definition_family
}

output "ecr_repository_url" {
  description = "ECR repository URL the pipeline pushes the image to."
  value       = module.registry.repository_url
}

output "log_group_name" {
  description = "CloudWatch log group of the service's containers."
  value       = module.service.log_group_name
}

output "db_endpoint" {
  description = "RDS endpoint (host:port). The password lives only in Secrets Manager."
  value       = module.database.endpoint
}

output "db_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding {\"username\",\"password\"} (the ARN, never the value)."
  value       = module.database.master_user_secret_arn
}
