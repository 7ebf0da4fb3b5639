output "dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "arn_suffix" {
  description = "ARN suffix of the load balancer (CloudWatch dimension, autoscaling resource label)."
  value       = aws_lb.this.arn_suffix
}

output "load_balancer" {
  description = "The aws_lb resource, for callers and policy tests that check its settings."
  value       = aws_lb.this
}

output "target_group_arn" {
  description = "ARN of the target group, available only once a listener forwards to it (ECS requires that)."
  value       = aws_lb_target_group.this.arn
  depends_on  = [aws_lb_listener.http, aws_lb_listener.https]
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group (autoscaling resource label)."
  value       = aws_lb_target_group.this.arn_suffix
}

output "target_group" {
  description = "The aws_lb_target_group resource, for policy tests of its health check and deregistration delay."
  value       = aws_lb_target_group.this
}

output "listeners" {
  description = "The listeners by protocol: http, and https when a certificate is set."
  value       = merge({ http = aws_lb_listener.http }, local.https_enabled ? { https = aws_lb_listener.https[0] } : {})
}
