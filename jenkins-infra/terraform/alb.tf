# ingress_mode = "alb": an internet-facing ALB in the public subnets. Only the webhook path is forwarded for
# everyone the security group admits (GitHub's ranges); the rest of Jenkins only for admin_cidrs.

resource "aws_lb" "jenkins" {
  count = local.behind_alb ? 1 : 0

  name                       = var.name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = local.public_subnet_ids
  security_groups            = [aws_security_group.alb[0].id]
  drop_invalid_header_fields = true
  idle_timeout               = 120
}

resource "aws_lb_target_group" "jenkins" {
  count = local.behind_alb ? 1 : 0

  name        = var.name
  port        = 8080
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = local.vpc_id

  health_check {
    path    = "/login"
    matcher = "200"
  }
}

resource "aws_lb_target_group_attachment" "controller" {
  count = local.behind_alb ? 1 : 0

  target_group_arn = aws_lb_target_group.jenkins[0].arn
  target_id        = aws_instance.controller.id
  port             = 8080
}

# The listener users reach: HTTPS with a certificate, otherwise HTTP. Default: 403.
resource "aws_lb_listener" "jenkins" {
  count = local.behind_alb ? 1 : 0

  load_balancer_arn = aws_lb.jenkins[0].arn
  port              = local.https ? 443 : 80
  protocol          = local.https ? "HTTPS" : "HTTP"
  certificate_arn   = var.certificate_arn
  ssl_policy        = local.https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
}

resource "aws_lb_listener_rule" "webhook" {
  count = local.behind_alb ? 1 : 0

  listener_arn = aws_lb_listener.jenkins[0].arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/github-webhook/", "/github-webhook/*"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.jenkins[0].arn
  }
}

resource "aws_lb_listener_rule" "admins" {
  count = local.behind_alb ? 1 : 0

  listener_arn = aws_lb_listener.jenkins[0].arn
  priority     = 20

  condition {
    source_ip {
      values = var.admin_cidrs
    }
  }
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.jenkins[0].arn
  }
}

resource "aws_lb_listener" "http_redirect" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.jenkins[0].arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}
