# Who may talk to whom. Port 8080 is never open to the world: behind the ALB only the ALB and the agents reach
# it; in direct mode only admin_cidrs, GitHub's webhook ranges and the agents. Nothing reaches the agents.
# (aws_security_group_rule rather than the vpc_security_group_*_rule resources: the latter show permanent
# diffs against moto, which the end-to-end test uses.)

locals {
  ui_sources       = concat(var.admin_cidrs, var.github_hook_cidrs)
  alb_listen_ports = local.https ? [80, 443] : [80]
}

resource "aws_security_group" "alb" {
  count = local.behind_alb ? 1 : 0

  name        = "${var.name}-alb"
  description = "Jenkins ALB: admin CIDRs and GitHub webhooks in, controller 8080 out"
  vpc_id      = local.vpc_id
}

resource "aws_security_group_rule" "alb_in" {
  for_each = toset(local.behind_alb ? [for port in local.alb_listen_ports : tostring(port)] : [])

  security_group_id = aws_security_group.alb[0].id
  type              = "ingress"
  description       = "HTTP(S) from admin CIDRs and GitHub webhook ranges"
  protocol          = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
  cidr_blocks       = local.ui_sources
}

resource "aws_security_group_rule" "alb_to_controller" {
  count = local.behind_alb ? 1 : 0

  security_group_id        = aws_security_group.alb[0].id
  type                     = "egress"
  description              = "Jenkins HTTP on the controller"
  protocol                 = "tcp"
  from_port                = 8080
  to_port                  = 8080
  source_security_group_id = aws_security_group.controller.id
}

resource "aws_security_group" "controller" {
  name        = "${var.name}-controller"
  description = "Jenkins controller: 8080 from the ALB (or admin CIDRs) and agents"
  vpc_id      = local.vpc_id
}

resource "aws_security_group_rule" "controller_from_alb" {
  count = local.behind_alb ? 1 : 0

  security_group_id        = aws_security_group.controller.id
  type                     = "ingress"
  description              = "Jenkins HTTP from the ALB"
  protocol                 = "tcp"
  from_port                = 8080
  to_port                  = 8080
  source_security_group_id = aws_security_group.alb[0].id
}

resource "aws_security_group_rule" "controller_direct" {
  count = local.behind_alb ? 0 : 1

  security_group_id = aws_security_group.controller.id
  type              = "ingress"
  description       = "Jenkins HTTP from admin CIDRs and GitHub webhook ranges (direct mode)"
  protocol          = "tcp"
  from_port         = 8080
  to_port           = 8080
  cidr_blocks       = local.ui_sources
}

resource "aws_security_group_rule" "controller_from_agents" {
  security_group_id        = aws_security_group.controller.id
  type                     = "ingress"
  description              = "WebSocket agent connections"
  protocol                 = "tcp"
  from_port                = 8080
  to_port                  = 8080
  source_security_group_id = aws_security_group.agents.id
}

resource "aws_security_group" "agents" {
  name        = "${var.name}-agents"
  description = "Jenkins agents: no inbound at all; outbound HTTPS and the controller"
  vpc_id      = local.vpc_id
}

resource "aws_security_group_rule" "agents_to_controller" {
  security_group_id        = aws_security_group.agents.id
  type                     = "egress"
  description              = "WebSocket connection to the controller"
  protocol                 = "tcp"
  from_port                = 8080
  to_port                  = 8080
  source_security_group_id = aws_security_group.controller.id
}

# Outbound web traffic for both: package repositories, GitHub, releases.hashicorp.com, AWS APIs.
resource "aws_security_group_rule" "web_out" {
  for_each = {
    for pair in setproduct(["controller", "agents"], ["80", "443"]) : "${pair[0]}-${pair[1]}" => pair
  }

  security_group_id = each.value[0] == "controller" ? aws_security_group.controller.id : aws_security_group.agents.id
  type              = "egress"
  description       = "Outbound HTTP(S): packages, GitHub, AWS APIs"
  protocol          = "tcp"
  from_port         = tonumber(each.value[1])
  to_port           = tonumber(each.value[1])
  cidr_blocks       = ["0.0.0.0/0"]
}
