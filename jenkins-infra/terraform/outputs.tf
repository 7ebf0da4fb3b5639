output "jenkins_url" {
  description = "URL of the Jenkins UI (also JCasC's location URL)."
  value       = local.jenkins_url
}

output "webhook_url" {
  description = "Payload URL for the GitHub webhook (content type application/json)."
  value       = "${local.jenkins_url}github-webhook/"
}

output "agent_asg_name" {
  description = "Autoscaling group of the agents."
  value       = aws_autoscaling_group.agents.name
}

output "controller_instance_id" {
  description = "Controller instance, for SSM Session Manager: aws ssm start-session --target <id>."
  value       = aws_instance.controller.id
}

output "log_group_name" {
  description = "CloudWatch log group with provisioning, Jenkins and agent logs."
  value       = aws_cloudwatch_log_group.jenkins.name
}

output "secret_names" {
  description = "Secrets Manager secrets: admin_password and webhook_secret to read, github_token to fill."
  value       = local.secret_names
}
