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
  ssm_core_policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"

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

resource "aws_iam_role_policy_attachment" "controller_ssm" {
  role       = aws_iam_role.controller.name
  policy_arn = local.ssm_core_policy_arn
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
    roles         = "arn:${local.partition}:iam::${local.account_id}:role/${var.app_name_prefix}-*"
    policies      = "arn:${local.partition}:iam::${local.account_id}:policy/${var.app_name_prefix}-*"
    parameters    = "arn:${local.partition}:ssm:${var.region}:${local.account_id}:parameter/${var.app_name_prefix}*"
  }

  # Services whose resources app-infra's Terraform creates and changes. Agents may create them only with the
  # project tag set, and change or delete only resources that carry it (attribute-based access control).
  app_services   = ["ec2", "elasticloadbalancing", "rds", "ecs", "ecr", "logs", "secretsmanager", "ssm", "application-autoscaling"]
  create_verbs   = ["Create*", "Tag*", "Add*"]
  change_verbs   = ["Delete*", "Modify*", "Update*", "Put*", "Untag*", "Authorize*", "Revoke*", "Associate*", "Disassociate*", "Attach*", "Detach*", "Register*", "Deregister*", "Remove*", "Set*", "Replace*", "Allocate*", "Release*", "Enable*", "Disable*"]
  create_actions = [for pair in setproduct(local.app_services, local.create_verbs) : "${pair[0]}:${pair[1]}"]
  change_actions = [for pair in setproduct(local.app_services, concat(local.create_verbs, local.change_verbs)) : "${pair[0]}:${pair[1]}"]
}

resource "aws_iam_role" "agent" {
  name               = "${var.name}-agent"
  assume_role_policy = local.ec2_assume_role
}

resource "aws_iam_role_policy_attachment" "agent_ssm" {
  role       = aws_iam_role.agent.name
  policy_arn = local.ssm_core_policy_arn
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
        Resource  = [local.app_arns.roles]
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]
  })
}

# Plan, apply and destroy of app-infra: read anything it refreshes, change only what carries its tag.
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
          "ssm:DescribeParameters", "ssm:ListTagsForResource", "application-autoscaling:Describe*",
          "application-autoscaling:ListTagsForResource",
        ]
        Resource = ["*"]
      },
      {
        Sid      = "ReadAppParameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters"]
        Resource = [local.app_arns.parameters]
      },
      {
        Sid       = "CreateOnlyTaggedAppResources"
        Effect    = "Allow"
        Action    = local.create_actions
        Resource  = ["*"]
        Condition = { StringEquals = { "aws:RequestTag/project" = var.app_project_tag } }
      },
      {
        Sid       = "ChangeOnlyTaggedAppResources"
        Effect    = "Allow"
        Action    = local.change_actions
        Resource  = ["*"]
        Condition = { StringEquals = { "aws:ResourceTag/project" = var.app_project_tag } }
      },
      {
        Sid    = "ManageAppRoles"
        Effect = "Allow"
        Action = [
          "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy",
          "iam:TagRole", "iam:UntagRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:GetRolePolicy",
          "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
        ]
        Resource = [local.app_arns.roles]
      },
      {
        Sid    = "ManageAppPolicies"
        Effect = "Allow"
        Action = [
          "iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
          "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy",
        ]
        Resource = [local.app_arns.policies]
      },
      {
        # Attach only the app's own policies and the ECS execution policy: no AdministratorAccess.
        Sid      = "AttachOnlyAppPoliciesToAppRoles"
        Effect   = "Allow"
        Action   = ["iam:AttachRolePolicy", "iam:DetachRolePolicy"]
        Resource = [local.app_arns.roles]
        Condition = {
          ArnLike = {
            "iam:PolicyARN" = [
              local.app_arns.policies,
              "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            ]
          }
        }
      },
      {
        Sid      = "ReadAwsManagedPolicies"
        Effect   = "Allow"
        Action   = ["iam:GetPolicy", "iam:GetPolicyVersion"]
        Resource = ["arn:${local.partition}:iam::aws:policy/*"]
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
