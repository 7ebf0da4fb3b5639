# Security policy of the stack, checked against the real AWS provider schema with a mocked AWS API: `apply`
# here only runs the mock, so computed values (IDs, ARNs) are known to the assertions. Nothing reaches AWS.
# Every run block is reported as one JUnit test by TerraformTestsTest.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Inputs: tests/terraform.tfvars.

run "imdsv2_is_required_everywhere" {
  command = apply

  assert {
    condition     = aws_instance.controller.metadata_options[0].http_tokens == "required"
    error_message = "The controller must require IMDSv2 (metadata_options.http_tokens = required)."
  }
  assert {
    condition     = aws_launch_template.agent.metadata_options[0].http_tokens == "required"
    error_message = "Agents must require IMDSv2 (launch template metadata_options.http_tokens = required)."
  }
}

run "controller_and_agents_run_current_debian_12_amd64_from_debian" {
  command = apply

  assert {
    condition     = join(",", data.aws_ami.debian.owners) == "136693071363"
    error_message = "The AMI must come from Debian's own AWS account (136693071363), not any owner's image named like it."
  }
  assert {
    condition = (
      join(",", flatten([for filter in data.aws_ami.debian.filter : tolist(filter.values) if filter.name == "name"])) == "debian-12-amd64-*"
      && join(",", flatten([for filter in data.aws_ami.debian.filter : tolist(filter.values) if filter.name == "architecture"])) == "x86_64"
      && data.aws_ami.debian.most_recent
    )
    error_message = "The AMI must be the most recent debian-12-amd64-* image (x86_64): scripts/test's apt package names are Debian 12's."
  }
  assert {
    condition     = aws_instance.controller.ami == data.aws_ami.debian.id && aws_launch_template.agent.image_id == data.aws_ami.debian.id
    error_message = "The controller and the agents must both boot the Debian 12 AMI."
  }
  assert {
    condition     = aws_launch_template.agent.block_device_mappings[0].device_name == "/dev/xvda"
    error_message = "The agents' encrypted volume must replace the AMI's root device (its root_device_name), not add a second disk."
  }
}

run "every_volume_is_encrypted" {
  command = apply

  assert {
    condition     = aws_instance.controller.root_block_device[0].encrypted
    error_message = "The controller's root volume must be encrypted."
  }
  assert {
    condition     = aws_ebs_volume.jenkins_home.encrypted
    error_message = "The JENKINS_HOME volume must be encrypted."
  }
  assert {
    condition     = alltrue([for device in aws_launch_template.agent.block_device_mappings : device.ebs[0].encrypted == "true"])
    error_message = "Every agent volume must be encrypted."
  }
}

run "jenkins_home_is_snapshotted_daily" {
  command = apply

  assert {
    condition     = aws_dlm_lifecycle_policy.jenkins_home[0].policy_details[0].target_tags["Snapshot"] == aws_ebs_volume.jenkins_home.tags["Snapshot"]
    error_message = "The DLM policy must target the JENKINS_HOME volume's Snapshot tag."
  }
  assert {
    condition     = aws_dlm_lifecycle_policy.jenkins_home[0].policy_details[0].schedule[0].retain_rule[0].count == 14
    error_message = "The DLM policy must keep snapshot_retain_count snapshots."
  }
}

run "no_world_ingress_to_ssh_or_jenkins_behind_alb" {
  command = apply

  assert {
    condition = alltrue([
      for rule in concat(values(aws_security_group_rule.alb_in), aws_security_group_rule.controller_from_alb, [aws_security_group_rule.controller_from_agents]) :
      !(contains(coalesce(rule.cidr_blocks, []), "0.0.0.0/0") && rule.from_port <= 8080 && rule.to_port >= 22)
    ])
    error_message = "No ingress rule may open 22 or 8080 to 0.0.0.0/0."
  }
  assert {
    condition     = length(aws_security_group_rule.controller_direct) == 0 && aws_security_group_rule.controller_from_alb[0].source_security_group_id != null
    error_message = "Behind the ALB, only the ALB and the agents may reach the controller's 8080."
  }
  assert {
    condition     = alltrue([for rule in values(aws_security_group_rule.alb_in) : !contains(rule.cidr_blocks, "0.0.0.0/0")])
    error_message = "The ALB must admit only admin_cidrs and GitHub's webhook ranges."
  }
}

run "no_world_ingress_in_direct_mode" {
  command = apply

  variables {
    ingress_mode = "direct"
  }

  assert {
    condition     = length(aws_lb.jenkins) == 0 && length(aws_security_group_rule.controller_direct) == 1 && aws_eip_association.controller[0].instance_id == aws_instance.controller.id
    error_message = "Direct mode must have no ALB, one ingress rule on the controller and its public address."
  }
  assert {
    condition     = !contains(aws_security_group_rule.controller_direct[0].cidr_blocks, "0.0.0.0/0")
    error_message = "Direct mode must not open 8080 to 0.0.0.0/0."
  }
  assert {
    condition     = toset(aws_security_group_rule.controller_direct[0].cidr_blocks) == toset(concat(["203.0.113.0/24"], var.github_hook_cidrs))
    error_message = "Direct mode must admit exactly admin_cidrs and GitHub's webhook ranges on 8080."
  }
}

run "webhook_path_is_the_only_thing_open_to_github" {
  command = apply

  assert {
    condition     = aws_lb_listener.jenkins[0].default_action[0].type == "fixed-response" && aws_lb_listener.jenkins[0].default_action[0].fixed_response[0].status_code == "403"
    error_message = "The listener must answer 403 unless a rule forwards."
  }
  assert {
    condition     = contains(flatten([for c in aws_lb_listener_rule.webhook[0].condition : [for p in c.path_pattern : p.values]]), "/github-webhook/")
    error_message = "The webhook rule must forward /github-webhook/."
  }
  assert {
    condition     = toset(flatten([for c in aws_lb_listener_rule.admins[0].condition : [for s in c.source_ip : s.values]])) == toset(["203.0.113.0/24"])
    error_message = "Everything else must be forwarded only for admin_cidrs."
  }
}

run "https_when_a_certificate_is_given" {
  command = apply

  variables {
    certificate_arn  = "arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-0b0a-0908-0706-050403020100"
    jenkins_hostname = "jenkins.example.com"
  }

  assert {
    condition     = aws_lb_listener.jenkins[0].protocol == "HTTPS" && aws_lb_listener.jenkins[0].port == 443
    error_message = "With a certificate the listener must be HTTPS on 443."
  }
  assert {
    condition     = aws_lb_listener.http_redirect[0].default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "With a certificate HTTP must redirect to HTTPS."
  }
  assert {
    condition     = output.jenkins_url == "https://jenkins.example.com/" && output.webhook_url == "https://jenkins.example.com/github-webhook/"
    error_message = "jenkins_url and webhook_url must use the hostname over HTTPS."
  }
}

run "no_iam_user_or_access_key" {
  command = apply

  # There is no aws_iam_user/aws_iam_access_key resource in the configuration (JenkinsInfraTerraformTest
  # also greps the sources); here the instances must get their credentials from instance profiles.
  assert {
    condition     = aws_instance.controller.iam_instance_profile == aws_iam_instance_profile.controller.name
    error_message = "The controller must use its instance profile."
  }
  assert {
    condition     = aws_launch_template.agent.iam_instance_profile[0].arn == aws_iam_instance_profile.agent.arn
    error_message = "Agents must use their instance profile."
  }
}

run "agent_policies_grant_no_wildcard_action_on_wildcard_resource" {
  command = apply

  assert {
    condition = alltrue(flatten([
      for policy in [aws_iam_policy.agent_deploy.policy, aws_iam_policy.agent_app_infra.policy, aws_iam_policy.agent_app_infra_changes.policy, aws_iam_role_policy.agent_self.policy, aws_iam_role_policy.controller.policy] : [
        for statement in jsondecode(policy).Statement : !(
          contains(flatten([statement.Action]), "*") && contains(flatten([try(statement.Resource, [])]), "*")
        )
      ]
    ]))
    error_message = "No policy may allow action \"*\" on resource \"*\"."
  }
  assert {
    # On resource "*" without a condition only read-only calls and the unscopable ones are allowed.
    condition = alltrue(flatten([
      for policy in [aws_iam_policy.agent_deploy.policy, aws_iam_policy.agent_app_infra.policy, aws_iam_policy.agent_app_infra_changes.policy, aws_iam_role_policy.agent_self.policy] : [
        for statement in jsondecode(policy).Statement : [
          for action in flatten([statement.Action]) :
          can(regex("^[a-z0-9-]+:(Describe|List|Get)[A-Za-z*]*$", action)) || contains([
            "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
          ], action)
        ] if statement.Effect == "Allow" && contains(flatten([try(statement.Resource, [])]), "*") && !can(statement.Condition)
      ]
    ]))
    error_message = "Unconditioned statements on resource \"*\" may hold only read-only actions."
  }
  assert {
    condition = alltrue(flatten([
      for policy in [aws_iam_policy.agent_deploy.policy, aws_iam_policy.agent_app_infra.policy, aws_iam_policy.agent_app_infra_changes.policy, aws_iam_role_policy.agent_self.policy] : [
        for statement in jsondecode(policy).Statement : [
          for action in flatten([statement.Action]) : !endswith(action, ":*")
        ]
      ]
    ]))
    error_message = "Agent policies must not grant a whole service (service:*)."
  }
  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_policy.agent_deploy.policy).Statement :
      statement.Condition.StringEquals["iam:PassedToService"] == "ecs-tasks.amazonaws.com" if contains(flatten([statement.Action]), "iam:PassRole")
    ])
    error_message = "Agents may pass roles only to ECS tasks."
  }
}

run "controller_runs_no_builds_and_has_no_ssh" {
  command = apply

  assert {
    condition     = strcontains(module.jenkins_config.jenkins_yaml, "numExecutors: 0")
    error_message = "The controller must have 0 executors."
  }
  assert {
    condition = alltrue([
      for rule in concat(values(aws_security_group_rule.alb_in), aws_security_group_rule.controller_from_alb, aws_security_group_rule.controller_direct, [aws_security_group_rule.controller_from_agents]) :
      !(rule.from_port <= 22 && rule.to_port >= 22)
    ])
    error_message = "No ingress rule may open port 22: shell access is SSM Session Manager."
  }
}

run "own_vpc_places_controller_and_agents_in_private_subnets" {
  command = apply

  assert {
    condition     = length(aws_vpc.this) == 1 && length(aws_subnet.private) == 2 && length(aws_nat_gateway.this) == 1
    error_message = "Without vpc_id a VPC with two private subnets and a NAT gateway must be created."
  }
  assert {
    condition     = aws_instance.controller.subnet_id == aws_subnet.private[0].id
    error_message = "Behind the ALB the controller must sit in a private subnet."
  }
}

run "existing_vpc_is_used_as_given" {
  command = apply

  variables {
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && aws_security_group.controller.vpc_id == "vpc-0123456789abcdef0"
    error_message = "With vpc_id no VPC may be created and the security groups must go into it."
  }
  assert {
    condition     = aws_instance.controller.subnet_id == "subnet-0aaaaaaaaaaaaaaa1" && toset(aws_autoscaling_group.agents.vpc_zone_identifier) == toset(var.private_subnet_ids)
    error_message = "Controller and agents must go into the given private subnets."
  }
}

run "agents_follow_the_variables" {
  command = apply

  variables {
    agent_count         = 3
    agent_instance_type = "m7i.large"
    agent_spot          = true
  }

  assert {
    condition     = aws_autoscaling_group.agents.desired_capacity == 3 && aws_autoscaling_group.agents.max_size == 3
    error_message = "agent_count must size the autoscaling group."
  }
  assert {
    condition     = aws_launch_template.agent.instance_type == "m7i.large" && aws_launch_template.agent.instance_market_options[0].market_type == "spot"
    error_message = "agent_instance_type and agent_spot must reach the launch template."
  }
}

run "agents_reach_the_controller_at_its_fixed_private_address" {
  command = apply

  assert {
    condition     = aws_instance.controller.private_ip == "10.40.128.10"
    error_message = "The controller must get host number controller_host_number (10) of its subnet."
  }
  assert {
    condition     = strcontains(module.jenkins_config.agent_connect_script, "readonly controller_url='http://10.40.128.10:8080/'")
    error_message = "Agents must connect to the controller's fixed private address on 8080."
  }
}

run "managed_policies_fit_iams_size_limit" {
  command = apply

  # IAM refuses a managed policy over 6,144 characters (whitespace not counted); the mocked API does not.
  assert {
    condition = alltrue([
      for policy in [aws_iam_policy.agent_deploy, aws_iam_policy.agent_app_infra, aws_iam_policy.agent_app_infra_changes, aws_iam_policy.app_boundary] :
      length(replace(policy.policy, "/\\s/", "")) <= 6144
    ])
    error_message = "Managed policies over 6,144 characters: ${join(", ", [for policy in [aws_iam_policy.agent_deploy, aws_iam_policy.agent_app_infra, aws_iam_policy.agent_app_infra_changes, aws_iam_policy.app_boundary] : "${policy.name} (${length(replace(policy.policy, "/\\s/", ""))})" if length(replace(policy.policy, "/\\s/", "")) > 6144])}. Split them."
  }
}

run "roles_the_agents_write_are_held_by_the_app_boundary" {
  command = apply

  assert {
    condition     = aws_iam_policy.app_boundary.name == "finpipe-app-boundary"
    error_message = "The boundary must be named <app_name_prefix>-app-boundary: app-infra finds it by that name."
  }
  assert {
    # Every IAM action the agents are allowed, and under which boundary condition.
    condition = {
      for statement in flatten([for policy in [aws_iam_policy.agent_deploy, aws_iam_policy.agent_app_infra, aws_iam_policy.agent_app_infra_changes, aws_iam_role_policy.agent_self] : jsondecode(policy.policy).Statement]) :
      join(",", sort([for action in flatten([statement.Action]) : action if startswith(action, "iam:")])) => try(statement.Condition.StringEquals["iam:PermissionsBoundary"], "none")...
      if statement.Effect == "Allow" && anytrue([for action in flatten([statement.Action]) : startswith(action, "iam:")])
      } == {
      "iam:PassRole"                                                                                                    = ["none"]
      "iam:GetRole,iam:GetRolePolicy,iam:ListAttachedRolePolicies,iam:ListInstanceProfilesForRole,iam:ListRolePolicies" = ["none"]
      "iam:CreateRole,iam:DeleteRolePolicy,iam:PutRolePermissionsBoundary,iam:PutRolePolicy"                            = ["arn:aws:iam::123456789012:policy/finpipe-app-boundary"]
      "iam:DeleteRole,iam:TagRole,iam:UntagRole,iam:UpdateRole"                                                         = ["none"]
    }
    error_message = "Agents may create roles and write their policies only with the app boundary, and may not change trust policies, managed policies or attachments."
  }
  assert {
    condition = [
      for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : [statement.Action, statement.Resource, try(statement.Condition, null)]
      if statement.Effect == "Deny" && endswith(statement.Sid, "Boundary")
      ] == [
      [["iam:PutRolePermissionsBoundary"], ["*"], { StringNotEquals = { "iam:PermissionsBoundary" = "arn:aws:iam::123456789012:policy/finpipe-app-boundary" } }],
      [["iam:DeleteRolePermissionsBoundary"], ["*"], null],
    ]
    error_message = "Agents must be denied removing a boundary or setting any other."
  }
  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_policy.app_boundary.policy).Statement :
      statement.Effect == "Allow" && alltrue([for action in statement.Action : can(regex("^(ecr|logs|secretsmanager):", action)) && !endswith(action, "*")])
      && (statement.Action == ["ecr:GetAuthorizationToken"] || !contains(statement.Resource, "*"))
    ])
    error_message = "The app boundary may allow only what an ECS task needs (pull its image, write its logs, read the RDS secret): no IAM, no wildcards."
  }
}

run "agents_tag_only_what_they_create_or_already_own" {
  command = apply

  assert {
    # Each tagging action allowed on the strength of the request's tag (ec2:Create* includes ec2:CreateTags).
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : [
        for action in flatten([statement.Action]) : contains(one([
          for deny in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : deny.Action if deny.Sid == "TagNothingElse"
        ]), action == "ec2:Create*" ? "ec2:CreateTags" : action)
        if can(regex(":(Tag|Add)|^ec2:Create", action))
      ] if statement.Effect == "Allow" && can(statement.Condition.StringEquals["aws:RequestTag/project"])
    ]))
    error_message = "Every tagging action allowed by the request's project tag must also be in the TagNothingElse deny, or a build can tag any resource project=finpipe and then change it."
  }
  assert {
    condition = one([
      for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : statement.Condition if statement.Sid == "TagNothingElse"
      ]) == {
      StringNotEquals         = { "aws:ResourceTag/project" = "finpipe" }
      Null                    = { "ec2:CreateAction" = "true", "ecs:CreateAction" = "true", "elasticloadbalancing:CreateAction" = "true" }
      StringNotEqualsIfExists = { "aws:CalledViaFirst" = "rds.amazonaws.com" }
    }
    error_message = "Tagging must be denied on resources not tagged project=finpipe unless they are being created (by the agents or, for its master user secret, by RDS on their behalf)."
  }
  assert {
    condition = alltrue([
      for arn in one([for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : statement.NotResource if statement.Sid == "TagNothingElse"]) :
      can(regex("^arn:aws:[a-z0-9-]+:eu-west-1:123456789012:((\\*:|repository/|log-group:/ecs/)finpipe|(security-group|scalable-target)/\\*$)", arn))
    ])
    error_message = "Only resources named finpipe*, security groups and scalable targets may be exempt from the tagging deny."
  }
  assert {
    condition = one([
      for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : statement.Condition.ArnEquals["ec2:Vpc"]
      if statement.Sid == "NeverClaimJenkinsSecurityGroups" && statement.Effect == "Deny" && contains(statement.Action, "ec2:CreateTags")
    ]) == "arn:aws:ec2:eu-west-1:123456789012:vpc/${aws_vpc.this[0].id}"
    error_message = "Security groups in Jenkins' VPC must never be taggable by the agents."
  }
}

run "instances_offer_session_manager_but_read_no_parameters" {
  command = apply

  assert {
    condition = alltrue([
      for policy in [aws_iam_role_policy.controller.policy, aws_iam_role_policy.agent_self.policy] :
      contains([for statement in jsondecode(policy).Statement : statement.Sid], "OfferSessionManagerShells")
    ])
    error_message = "The controller and the agents must be reachable through SSM Session Manager."
  }
  assert {
    condition = alltrue(flatten([
      for policy in [aws_iam_policy.agent_deploy.policy, aws_iam_policy.agent_app_infra.policy, aws_iam_policy.agent_app_infra_changes.policy, aws_iam_role_policy.agent_self.policy, aws_iam_role_policy.controller.policy] : [
        for statement in jsondecode(policy).Statement : [for action in flatten([statement.Action]) : !can(regex("^ssm:(Get|\\*)", action))]
      ]
    ]))
    error_message = "No instance may read SSM parameters (AmazonSSMManagedInstanceCore allows ssm:GetParameter on \"*\")."
  }
}

run "app_roles_are_app_infras_roles_never_jenkins_own" {
  command = apply

  assert {
    # IAM's ARN wildcard '*' matches any characters, '-' included.
    condition = alltrue(flatten([
      for role in [aws_iam_role.controller.name, aws_iam_role.agent.name] : [
        for pattern in local.app_arns.roles : !can(regex("^${replace(pattern, "*", ".*")}$", "arn:aws:iam::123456789012:role/${role}"))
      ]
    ]))
    error_message = "The app role ARNs (${join(", ", local.app_arns.roles)}) must not match Jenkins' own roles: a build could put the app boundary on them or rewrite them."
  }
  assert {
    condition = alltrue(flatten([
      for role in ["finpipe-prod-task", "finpipe-staging-task-execution"] : anytrue([
        for pattern in local.app_arns.roles : can(regex("^${replace(pattern, "*", ".*")}$", "arn:aws:iam::123456789012:role/${role}"))
      ])
    ]))
    error_message = "The app role ARNs must still cover app-infra's task and task execution roles (modules/service)."
  }
  assert {
    condition = one([
      for statement in jsondecode(aws_iam_policy.agent_app_infra.policy).Statement : statement.Resource
      if statement.Sid == "NeverAssumeAppRoles" && statement.Effect == "Deny" && contains(statement.Action, "sts:AssumeRole")
    ]) == local.app_arns.roles
    error_message = "Agents must be denied assuming app roles: CreateRole cannot be limited to a trust policy naming ecs-tasks.amazonaws.com."
  }
}

run "app_boundary_reads_only_the_app_databases_secrets" {
  command = apply

  assert {
    condition = [
      for statement in jsondecode(aws_iam_policy.app_boundary.policy).Statement : statement.Condition
      if contains(statement.Action, "secretsmanager:GetSecretValue")
      ] == [
      { StringLike = { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn" = "arn:aws:rds:eu-west-1:123456789012:db:finpipe-*" } },
    ]
    error_message = "The app boundary may read only the RDS-managed secrets of finpipe-* databases, not every team's database password."
  }
}

run "rds_may_create_the_master_user_secret_for_the_agents" {
  command = apply

  assert {
    condition = one([
      for statement in jsondecode(aws_iam_policy.agent_app_infra_changes.policy).Statement : statement
      if statement.Effect == "Allow" && contains(statement.Action, "secretsmanager:CreateSecret") && contains(statement.Action, "secretsmanager:TagResource")
      ]) == {
      Sid       = "LetRdsManageMasterUserSecrets"
      Effect    = "Allow"
      Action    = ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret", "secretsmanager:GetSecretValue"]
      Resource  = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!*"]
      Condition = { StringEquals = { "aws:CalledViaFirst" = "rds.amazonaws.com" } }
    }
    error_message = "RDS must be able to create and tag the master user secret of manage_master_user_password with the agents' permissions, and only RDS."
  }
}
