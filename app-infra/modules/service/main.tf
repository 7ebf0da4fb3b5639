locals {
  container_name = "app"
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

locals {
  ecs_tasks_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

# Used by ECS itself to start the task: pull the image, write logs, read the DB secret.
resource "aws_iam_role" "execution" {
  name                 = "${var.name}-task-execution"
  assume_role_policy   = local.ecs_tasks_trust_policy
  permissions_boundary = var.permissions_boundary_arn
}

resource "aws_iam_role_policy" "execution" {
  name = "start-task"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*" # the action has no resource-level permissions
      },
      {
        Sid      = "PullImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = var.repository_arn
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      {
        Sid      = "ReadDatabaseSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.database.secret_arn
      },
    ]
  })
}

# The application's own identity. It needs no AWS API access: the DB secret is injected by ECS at
# start. Attach policies here when the application starts calling AWS.
resource "aws_iam_role" "task" {
  name                 = "${var.name}-task"
  assume_role_policy   = local.ecs_tasks_trust_policy
  permissions_boundary = var.permissions_boundary_arn
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name         = local.container_name
    image        = var.image
    essential    = true
    portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]
    environment = [
      { name = "PORT", value = tostring(var.container_port) },
      { name = "DB_HOST", value = var.database.host },
      { name = "DB_PORT", value = tostring(var.database.port) },
      { name = "DB_NAME", value = var.database.name },
    ]
    # ECS reads the secret at task start and hands it over as an environment variable:
    # it never appears in the task definition.
    secrets = [{ name = "DB_SECRET", valueFrom = var.database.secret_arn }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = local.container_name
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  lifecycle {
    # The pipeline (ecsDeploy) owns the image and so the task definition revision;
    # autoscaling owns the count. Terraform must not roll either back.
    ignore_changes = [task_definition, desired_count]
  }
}

resource "aws_appautoscaling_target" "this" {
  count = var.autoscaling.enabled ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.autoscaling.min_count
  max_capacity       = var.autoscaling.max_count
}

locals {
  # One target-tracking policy per metric; the service scales out on whichever asks for more tasks.
  scaling_policies = var.autoscaling.enabled ? {
    cpu = {
      target_value   = var.autoscaling.cpu_target_percent
      metric_type    = "ECSServiceAverageCPUUtilization"
      resource_label = null
    }
    requests = {
      target_value   = var.autoscaling.requests_per_target
      metric_type    = "ALBRequestCountPerTarget"
      resource_label = var.autoscaling.request_count_resource_label
    }
  } : {}
}

resource "aws_appautoscaling_policy" "this" {
  for_each = local.scaling_policies

  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  resource_id        = aws_appautoscaling_target.this[0].resource_id
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = each.value.target_value
    predefined_metric_specification {
      predefined_metric_type = each.value.metric_type
      resource_label         = each.value.resource_label
    }
  }
}

# Environments applied before the policies shared one resource keep theirs instead of replacing them.
moved {
  from = aws_appautoscaling_policy.cpu[0]
  to   = aws_appautoscaling_policy.this["cpu"]
}

moved {
  from = aws_appautoscaling_policy.requests[0]
  to   = aws_appautoscaling_policy.this["requests"]
}
