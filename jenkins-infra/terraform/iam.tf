# Instance roles. No IAM users, no access keys: the controller and agents get temporary credentials from
# their instance profiles (IMDSv2). Shell access is SSM Session Manager, not SSH.

locals {
  ec2_assume_role = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  # What the SSM agent needs for Session Manager shells, instead of AmazonSSMManagedInstanceCore, whose
  # ssm:GetParameter(s) on "*" would let every build read every SSM parameter. None of these calls can be
  # scoped to a resource.
  session_manager = {
    Sid    = "OfferSessionManagerShells"
    Effect = "Allow"
    Action = [
      "ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
    ]
    Resource = ["*"]
  }

  write_logs = {
    Sid      = "ShipLogsToTheJenkinsLogGroup"
    Effect   = "Allow"
    Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    Resource = ["${aws_cloudwatch_log_group.jenkins.arn}:*"]
  }
}

# ---------------------------------------------------------------------------------------------------------
# Controller
# ---------------------------------------------------------------------------------------------------------
resource "aws_iam_role" "controller" {
  name               = "${var.name}-controller"
  assume_role_policy = local.ec2_assume_role
}

resource "aws_iam_role_policy" "controller" {
  name = "jenkins-controller"
  role = aws_iam_role.controller.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ReadJenkinsSecrets"
        Effect = "Allow"
        Action = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = [
          aws_secretsmanager_secret.admin_password.arn,
          aws_secretsmanager_secret.agent_password.arn,
          aws_secretsmanager_secret.webhook_secret.arn,
          aws_secretsmanager_secret.github_token.arn,
        ]
      },
      {
        Sid    = "GenerateJenkinsSecretsOnFirstBoot"
        Effect = "Allow"
        Action = ["secretsmanager:PutSecretValue"]
        Resource = [
          aws_secretsmanager_secret.admin_password.arn,
          aws_secretsmanager_secret.agent_password.arn,
          aws_secretsmanager_secret.webhook_secret.arn,
        ]
      },
      {
        # The credentials provider lists secrets to find tagged ones; ListSecrets has no resource-level scope.
        Sid      = "ListSecretsForTheCredentialsProvider"
        Effect   = "Allow"
        Action   = ["secretsmanager:ListSecrets"]
        Resource = ["*"]
      },
      local.write_logs,
      local.session_manager,
    ]
  })
}

resource "aws_iam_instance_profile" "controller" {
  name = "${var.name}-controller"
  role = aws_iam_role.controller.name
}

# ---------------------------------------------------------------------------------------------------------
# Agents: what the pipeline does, and no more
# ---------------------------------------------------------------------------------------------------------
locals {
  app_arns = {
    state_bucket  = "arn:${local.partition}:s3:::${var.app_state_bucket}"
    state_objects = "arn:${local.partition}:s3:::${var.app_state_bucket}/${var.app_state_key_prefix}*"
    lock_table    = "arn:${local.partition}:dynamodb:${var.region}:${local.account_id}:table/${var.app_lock_table}"
    repositories  = "arn:${local.partition}:ecr:${var.region}:${local.account_id}:repository/${var.app_name_prefix}*"
    services      = "arn:${local.partition}:ecs:${var.region}:${local.account_id}:service/${var.app_name_prefix}*/${var.app_name_prefix}*"
    # app-infra's modules/service names its roles <project>-<environment>-task(-execution): only those, so
    # Jenkins' own roles (<name>-controller, -agent, ...; name defaults to finpipe-jenkins) never match.
    roles         = [for suffix in ["task", "task-execution"] : "arn:${local.partition}:iam::${local.account_id}:role/${var.app_name_prefix}-*-${suffix}"]
    log_groups    = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/ecs/${var.app_name_prefix}-*"
    rds_resources = "arn:${local.partition}:rds:${var.region}:${local.account_id}:*:${var.app_name_prefix}-*"
    rds_secrets   = "arn:${local.partition}:secretsmanager:${var.region}:${local.account_id}:secret:rds!*"
    # RDS tags the secret it manages with its database's ARN (a tag under aws:, which no one else can set).
    app_databases = "arn:${local.partition}:rds:${var.region}:${local.account_id}:db:${var.app_name_prefix}-*"
    # app-infra sets this boundary on its roles by this name (README: "The app roles' permissions boundary").
    boundary = "arn:${local.partition}:iam::${local.account_id}:policy/${var.app_name_prefix}-app-boundary"
  }

  # Services whose resources app-infra's Terraform creates and changes. Agents may create them only with the
  # project tag set, and change or delete only resources that carry it (attribute-based access control).
  app_services   = ["ec2", "elasticloadbalancing", "rds", "ecs", "ecr", "logs", "secretsmanager", "application-autoscaling"]
  tag_verbs      = ["Tag*", "Add*"]
  change_verbs   = ["Delete*", "Modify*", "Update*", "Put*", "Untag*", "Authorize*", "Revoke*", "Associate*", "Disassociate*", "Attach*", "Detach*", "Register*", "Deregister*", "Remove*", "Set*", "Replace*", "Allocate*", "Release*", "Enable*", "Disable*"]
  create_actions = [for service in local.app_services : "${service}:Create*"]
  tag_actions    = concat(["ec2:CreateTags"], [for pair in setproduct(local.app_services, local.tag_verbs) : "${pair[0]}:${pair[1]}"])
  change_actions = [for pair in setproduct(local.app_services, concat(["Create*"], local.tag_verbs, local.change_verbs)) : "${pair[0]}:${pair[1]}"]
}

resource "aws_iam_role" "agent" {
  name               = "${var.name}-agent"
  assume_role_policy = local.ec2_assume_role
}

resource "aws_iam_role_policy" "agent_self" {
  name = "jenkins-agent"
  role = aws_iam_role.agent.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTheAgentPassword"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [aws_secretsmanager_secret.agent_password.arn]
      },
      local.write_logs,
      local.session_manager,
    ]
  })
}

# State, images and the ECS rollout: the 'linux' and 'deploy' stages of the Jenkinsfile.
resource "aws_iam_policy" "agent_deploy" {
  name        = "${var.name}-agent-deploy"
  description = "Jenkins agents: app-infra state and lock, ECR push, ECS deploy of ${var.app_name_prefix}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ListAppInfraState"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [local.app_arns.state_bucket]
        Condition = { StringLike = { "s3:prefix" = ["${var.app_state_key_prefix}*"] } }
      },
      {
        Sid      = "ReadWriteAppInfraState"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = [local.app_arns.state_objects]
      },
      {
        Sid      = "LockAppInfraState"
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]
        Resource = [local.app_arns.lock_table]
      },
      {
        # Neither call can be scoped to a resource; the token only opens the repositories allowed below.
        Sid      = "LogInToEcrAndKnowTheAccount"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken", "sts:GetCallerIdentity"]
        Resource = ["*"]
      },
      {
        Sid    = "PushAppImages"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
          "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
          "ecr:DescribeImages", "ecr:DescribeRepositories",
        ]
        Resource = [local.app_arns.repositories]
      },
      {
        Sid      = "DeployAppService"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService", "ecs:DescribeServices"]
        Resource = [local.app_arns.services]
      },
      {
        # Task definitions cannot be scoped by name; what they can do is bounded by the PassRole below.
        Sid      = "RegisterAppTaskDefinitions"
        Effect   = "Allow"
        Action   = ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition"]
        Resource = ["*"]
      },
      {
        Sid       = "PassAppRolesToEcsTasksOnly"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = local.app_arns.roles
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]
  })
}

# Plan, apply and destroy of app-infra: read anything it refreshes, create only what carries its tag.
resource "aws_iam_policy" "agent_app_infra" {
  name        = "${var.name}-agent-app-infra"
  description = "Jenkins agents: Terraform of app-infra, limited to resources tagged project=${var.app_project_tag}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "RefreshAppInfra"
        Effect = "Allow"
        Action = [
          "ec2:Describe*", "elasticloadbalancing:Describe*", "rds:Describe*", "rds:ListTagsForResource",
          "ecs:Describe*", "ecs:List*", "ecr:Describe*", "ecr:List*", "ecr:GetLifecyclePolicy",
          "ecr:GetRepositoryPolicy", "logs:Describe*", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
          "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets",
          "application-autoscaling:Describe*", "application-autoscaling:ListTagsForResource",
        ]
        Resource = ["*"]
      },
      {
        # Creating and tagging both need the project tag in the request; TagNothingElse below narrows tagging.
        Sid       = "CreateAndTagOnlyWithTheAppTag"
        Effect    = "Allow"
        Action    = concat(local.create_actions, local.tag_actions)
        Resource  = ["*"]
        Condition = { StringEquals = { "aws:RequestTag/project" = var.app_project_tag } }
      },
      {
        # Otherwise a build could tag anything project=finpipe and then change or delete it. Tagging is left
        # to a resource being created (the CreateAction keys; by name where a service has no such key) and
        # to resources already tagged. Security groups are exempt: app-infra must tag the default group AWS
        # creates with its VPC before it may empty it; scalable targets have no name in their ARN.
        Sid    = "TagNothingElse"
        Effect = "Deny"
        Action = local.tag_actions
        NotResource = [
          local.app_arns.rds_resources, local.app_arns.repositories, local.app_arns.log_groups, "${local.app_arns.log_groups}:*",
          "arn:${local.partition}:ec2:${var.region}:${local.account_id}:security-group/*",
          "arn:${local.partition}:application-autoscaling:${var.region}:${local.account_id}:scalable-target/*",
        ]
        # RDS creates and tags the secret of manage_master_user_password with the caller's permissions, as a call
        # via rds.amazonaws.com (LetRdsManageMasterUserSecrets): without this exemption no database could be created.
        Condition = {
          StringNotEquals         = { "aws:ResourceTag/project" = var.app_project_tag }
          Null                    = { "ec2:CreateAction" = "true", "elasticloadbalancing:CreateAction" = "true", "ecs:CreateAction" = "true" }
          StringNotEqualsIfExists = { "aws:CalledViaFirst" = "rds.amazonaws.com" }
        }
      },
      {
        # The exemption above must not reach Jenkins' own security groups (opening the controller's 8080).
        Sid       = "NeverClaimJenkinsSecurityGroups"
        Effect    = "Deny"
        Action    = local.tag_actions
        Resource  = ["arn:${local.partition}:ec2:${var.region}:${local.account_id}:security-group/*"]
        Condition = { ArnEquals = { "ec2:Vpc" = "arn:${local.partition}:ec2:${var.region}:${local.account_id}:vpc/${local.vpc_id}" } }
      },
      {
        Sid      = "ReadAppRoles"
        Effect   = "Allow"
        Action   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole"]
        Resource = local.app_arns.roles
      },
      {
        # A role the agents write to is bounded by the app boundary, so no inline policy they put grants more
        # than app tasks need. iam:UpdateAssumeRolePolicy is not granted: IAM cannot condition it on the
        # boundary, and a changed trust policy could hand any app role to anyone. IAM has no condition key on
        # the trust policy CreateRole is given either, so a new role may trust any principal (even outside the
        # account): that principal gets at most the app boundary. NeverAssumeAppRoles keeps the agents out.
        Sid       = "ChangeAppRolesOnlyWithinTheBoundary"
        Effect    = "Allow"
        Action    = ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary"]
        Resource  = local.app_arns.roles
        Condition = { StringEquals = { "iam:PermissionsBoundary" = local.app_arns.boundary } }
      },
      {
        # A role keeps no policy the agents did not put (above), so DeleteRole removes only the app's roles.
        Sid      = "TagAndDeleteAppRoles"
        Effect   = "Allow"
        Action   = ["iam:DeleteRole", "iam:UpdateRole", "iam:TagRole", "iam:UntagRole"]
        Resource = local.app_arns.roles
      },
      {
        Sid       = "NeverAnotherBoundary"
        Effect    = "Deny"
        Action    = ["iam:PutRolePermissionsBoundary"]
        Resource  = ["*"]
        Condition = { StringNotEquals = { "iam:PermissionsBoundary" = local.app_arns.boundary } }
      },
      {
        # A build could create an app role that trusts the agent's own role; an explicit deny wins over any trust.
        Sid      = "NeverAssumeAppRoles"
        Effect   = "Deny"
        Action   = ["sts:AssumeRole", "sts:TagSession"]
        Resource = local.app_arns.roles
      },
      {
        Sid      = "NeverRemoveABoundary"
        Effect   = "Deny"
        Action   = ["iam:DeleteRolePermissionsBoundary"]
        Resource = ["*"]
      },
    ]
  })
}

# Change and delete app-infra's resources, only those tagged. Its own policy: both together exceed IAM's
# 6,144-character limit for a managed policy.
resource "aws_iam_policy" "agent_app_infra_changes" {
  name        = "${var.name}-agent-app-infra-changes"
  description = "Jenkins agents: change and delete app-infra resources tagged project=${var.app_project_tag}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ChangeOnlyTaggedAppResources"
        Effect    = "Allow"
        Action    = local.change_actions
        Resource  = ["*"]
        Condition = { StringEquals = { "aws:ResourceTag/project" = var.app_project_tag } }
      },
      {
        # manage_master_user_password: RDS creates, tags, rotates and deletes its secret with the caller's
        # permissions (calls via rds.amazonaws.com); the agents cannot make these calls themselves.
        Sid       = "LetRdsManageMasterUserSecrets"
        Effect    = "Allow"
        Action    = ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret", "secretsmanager:GetSecretValue"]
        Resource  = [local.app_arns.rds_secrets]
        Condition = { StringEquals = { "aws:CalledViaFirst" = "rds.amazonaws.com" } }
      },
    ]
  })
}

# The most any role the agents create or write to may do: what app-infra's ECS task and execution roles need
# (start a task: pull the image, write its logs, read the RDS-managed database secret).
resource "aws_iam_policy" "app_boundary" {
  name        = "${var.app_name_prefix}-app-boundary"
  description = "Permissions boundary of app-infra's roles: the most an ${var.app_name_prefix} ECS task may do"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = ["*"]
      },
      {
        Sid      = "PullAppImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = [local.app_arns.repositories]
      },
      {
        Sid      = "WriteAppLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${local.app_arns.log_groups}:*"]
      },
      {
        # Only the secrets of the app's own databases, not every RDS-managed secret in the region.
        Sid       = "ReadAppDatabaseSecrets"
        Effect    = "Allow"
        Action    = ["secretsmanager:GetSecretValue"]
        Resource  = [local.app_arns.rds_secrets]
        Condition = { StringLike = { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn" = local.app_arns.app_databases } }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "agent_deploy" {
  role       = aws_iam_role.agent.name
  policy_arn = aws_iam_policy.agent_deploy.arn
}

resource "aws_iam_role_policy_attachment" "agent_app_infra" {
  role       = aws_iam_role.agent.name
  policy_arn = aws_iam_policy.agent_app_infra.arn
}

resource "aws_iam_role_policy_attachment" "agent_app_infra_changes" {
  role       = aws_iam_role.agent.name
  policy_arn = aws_iam_policy.agent_app_infra_changes.arn
}

resource "aws_iam_instance_profile" "agent" {
  name = "${var.name}-agent"
  role = aws_iam_role.agent.name
}

# ---------------------------------------------------------------------------------------------------------
# Data Lifecycle Manager (JENKINS_HOME snapshots)
# ---------------------------------------------------------------------------------------------------------
resource "aws_iam_role" "dlm" {
  count = var.snapshot_retain_count > 0 ? 1 : 0

  name = "${var.name}-dlm"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "dlm.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "dlm" {
  count = var.snapshot_retain_count > 0 ? 1 : 0

  role       = aws_iam_role.dlm[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole"
}
