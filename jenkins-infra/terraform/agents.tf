# Agents: a launch template and an autoscaling group of a fixed size. Each agent joins the controller by
# itself as an inbound WebSocket agent (Swarm client), so agents need no inbound port, the controller holds
# no SSH key, and the group can replace or add instances without touching the controller's configuration.

# The agents' AMI: agent_ami_id, or the current Debian 12 AMI at the time this is created. Kept when Debian
# publishes a newer one (ignore_changes), so a routine apply never changes the agents; replaced, and with it the
# AMI, when agent_ami_id changes or by `terraform apply -replace=terraform_data.agent_ami`.
resource "terraform_data" "agent_ami" {
  input            = coalesce(var.agent_ami_id, data.aws_ami.debian.id)
  triggers_replace = [var.agent_ami_id]

  lifecycle {
    ignore_changes = [input]
  }
}

# The chosen AMI's root device; the lookup also fails unless the image is Debian's.
data "aws_ami" "agent" {
  owners = [local.debian_owner]

  filter {
    name   = "image-id"
    values = [terraform_data.agent_ami.output]
  }
}

resource "aws_launch_template" "agent" {
  name_prefix            = "${var.name}-agent-"
  image_id               = terraform_data.agent_ami.output
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
    device_name = data.aws_ami.agent.root_device_name
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

  # No instance_refresh: a rolling refresh terminates agents whatever they run (a prod apply too, leaving its
  # state lock). A changed launch template reaches new instances only; roll the running ones when Jenkins is
  # idle (README, jenkins-infra step 7).

  tag {
    key                 = "Name"
    value               = "${var.name}-agent"
    propagate_at_launch = true
  }
}
