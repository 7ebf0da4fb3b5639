# Who may talk to whom, in one place: the ALB takes HTTP(S) from the internet and talks only to the
# service; the service takes traffic only from the ALB and talks to the database and (via NAT) to AWS
# APIs over HTTPS; the database takes connections only from the service. Rules are separate
# aws_security_group_rule resources so the security groups can reference each other without a cycle.

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Application load balancer: HTTP(S) from the internet"
  vpc_id      = module.network.vpc_id
  tags        = { Name = "${local.name}-alb" }
}

resource "aws_security_group" "service" {
  name        = "${local.name}-service"
  description = "ECS tasks: traffic from the load balancer only"
  vpc_id      = module.network.vpc_id
  tags        = { Name = "${local.name}-service" }
}

resource "aws_security_group" "database" {
  name        = "${local.name}-database"
  description = "RDS MySQL: connections from the service only"
  vpc_id      = module.network.vpc_id
  tags        = { Name = "${local.name}-database" }
}

locals {
  https_enabled = var.certificate_arn != null

  public_listener_ports = local.https_enabled ? { http = 80, https = 443 } : { http = 80 }

  security_group_rules = merge(
    {
      for listener, port in local.public_listener_ports : "alb_ingress_${listener}" => {
        security_group_id = aws_security_group.alb.id, type = "ingress", port = port
        cidr_blocks       = ["0.0.0.0/0"], source_security_group_id = null
        description       = "${upper(listener)} from the internet"
      }
    },
    {
      alb_egress_service = {
        security_group_id = aws_security_group.alb.id, type = "egress", port = var.container_port
        cidr_blocks       = null, source_security_group_id = aws_security_group.service.id
        description       = "To the service tasks"
      }
      service_ingress_alb = {
        security_group_id = aws_security_group.service.id, type = "ingress", port = var.container_port
        cidr_blocks       = null, source_security_group_id = aws_security_group.alb.id
        description       = "From the load balancer"
      }
      service_egress_database = {
        security_group_id = aws_security_group.service.id, type = "egress", port = 3306
        cidr_blocks       = null, source_security_group_id = aws_security_group.database.id
        description       = "To the database"
      }
      service_egress_https = {
        # ECR, Secrets Manager and CloudWatch Logs through the NAT gateway
        security_group_id = aws_security_group.service.id, type = "egress", port = 443
        cidr_blocks       = ["0.0.0.0/0"], source_security_group_id = null
        description       = "HTTPS to AWS APIs"
      }
      database_ingress_service = {
        security_group_id = aws_security_group.database.id, type = "ingress", port = 3306
        cidr_blocks       = null, source_security_group_id = aws_security_group.service.id
        description       = "MySQL from the service"
      }
    },
  )
}

resource "aws_security_group_rule" "this" {
  for_each = local.security_group_rules

  security_group_id        = each.value.security_group_id
  type                     = each.value.type
  protocol                 = "tcp"
  from_port                = each.value.port
  to_port                  = each.value.port
  cidr_blocks              = each.value.cidr_blocks
  source_security_group_id = each.value.source_security_group_id
  description              = each.value.description
}
