# Agents: a launch template and an autoscaling group of a fixed size. Each agent joins the controller by
# itself as an inbound WebSocket agent (Swarm client), so agents need no inbound port, the controller holds
# no SSH key, and the group can replace or add instances without touching the controller's configuration.

resource "aws_launch_template" "agent" {
  name_prefix            = "${var.name}-agent-"
  image_id               = data.aws_ami.debian.id
  instance_type          = var.agent_instance_type
  user_data              = base64gzip(module.jenkins_config.agent_user_data)
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.agents.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.agent.arn
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = data.aws_ami.debian.root_device_name
    ebs {
      volume_type           = "gp3"
      volume_size           = var.agent_volume_size_gib
      encrypted             = true
      kms_key_id            = var.kms_key_arn
      delete_on_termination = true
    }
  }

  dynamic "instance_market_options" {
    for_each = var.agent_spot ? [1] : []
    content {
      market_type = "spot"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, { Name = "${var.name}-agent" })
  }
  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = "${var.name}-agent" })
  }
}

resource "aws_autoscaling_group" "agents" {
  name                = "${var.name}-agents"
  min_size            = var.agent_count
  max_size            = var.agent_count
  desired_capacity    = var.agent_count
  vpc_zone_identifier = local.private_subnet_ids
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.agent.id
    version = aws_launch_template.agent.latest_version
  }

  # A new AMI or provisioning script rolls the agents one half at a time.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  tag {
    key                 = "Name"
    value               = "${var.name}-agent"
    propagate_at_launch = true
  }
}
