# Names the pipeline reads (terraform output -json): ecsDeploy uses cluster_name, service_name and
# container_name; the smoke stage uses service_url and alb_dns_name.

output "service_url" {
  description = "Base URL of the service: https://<host_name> with a certificate (the name it covers), else http://<host_name or the ALB's DNS name>."
  value       = "${var.certificate_arn == null ? "http" : "https"}://${coalesce(var.host_name, module.load_balancer.dns_name)}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer: where host_name must point, and where the smoke check connects."
  value       = module.load_balancer.dns_name
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
