# The controller: one EC2 instance in a private subnet (public in direct mode), 0 executors, IMDSv2 only,
# no SSH (SSM Session Manager instead). JENKINS_HOME lives on its own encrypted volume with daily DLM
# snapshots, so the instance itself is disposable: a change to its provisioning replaces it, and the new
# instance mounts the same volume and keeps the same private address (a fixed host number in its subnet).

locals {
  controller_subnet_id  = local.behind_alb ? local.private_subnet_ids[0] : local.public_subnet_ids[0]
  controller_private_ip = cidrhost(data.aws_subnet.controller.cidr_block, var.controller_host_number)
}

data "aws_subnet" "controller" {
  id = local.controller_subnet_id
}

# Direct mode: a public address allocated before the instance exists, so it can go into JCasC's URL.
resource "aws_eip" "controller" {
  count = local.behind_alb ? 0 : 1

  domain = "vpc"
  tags   = { Name = "${var.name}-controller" }

  depends_on = [aws_internet_gateway.this]
}

resource "aws_eip_association" "controller" {
  count = local.behind_alb ? 0 : 1

  allocation_id = aws_eip.controller[0].id
  instance_id   = aws_instance.controller.id
}

resource "aws_ebs_volume" "jenkins_home" {
  availability_zone = data.aws_subnet.controller.availability_zone
  size              = var.jenkins_home_size_gib
  type              = "gp3"
  encrypted         = true
  kms_key_id        = var.kms_key_arn

  tags = {
    Name     = "${var.name}-jenkins-home"
    Snapshot = "${var.name}-jenkins-home"
  }
}

resource "aws_instance" "controller" {
  ami                  = data.aws_ami.debian.id
  instance_type        = var.controller_instance_type
  iam_instance_profile = aws_iam_instance_profile.controller.name

  user_data_base64            = base64gzip(module.jenkins_config.controller_user_data)
  user_data_replace_on_change = true

  subnet_id              = local.controller_subnet_id
  private_ip             = local.controller_private_ip
  vpc_security_group_ids = [aws_security_group.controller.id]

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    volume_size = 30
    encrypted   = true
    kms_key_id  = var.kms_key_arn
  }

  tags = { Name = "${var.name}-controller" }

  lifecycle {
    # A new AMI release must not replace the controller behind anyone's back:
    # roll it deliberately with terraform apply -replace=aws_instance.controller.
    ignore_changes = [ami]
  }
}

resource "aws_volume_attachment" "jenkins_home" {
  device_name                    = "/dev/sdf"
  volume_id                      = aws_ebs_volume.jenkins_home.id
  instance_id                    = aws_instance.controller.id
  stop_instance_before_detaching = true
}

# Daily snapshots of every volume tagged Snapshot = <name>-jenkins-home.
resource "aws_dlm_lifecycle_policy" "jenkins_home" {
  count = var.snapshot_retain_count > 0 ? 1 : 0

  description        = "Daily snapshots of ${var.name} JENKINS_HOME"
  execution_role_arn = aws_iam_role.dlm[0].arn
  state              = "ENABLED"

  policy_details {
    resource_types = ["VOLUME"]
    target_tags    = { Snapshot = "${var.name}-jenkins-home" }

    schedule {
      name      = "daily"
      copy_tags = true

      create_rule {
        interval      = 24
        interval_unit = "HOURS"
        times         = ["03:00"]
      }
      retain_rule {
        count = var.snapshot_retain_count
      }
    }
  }
}
