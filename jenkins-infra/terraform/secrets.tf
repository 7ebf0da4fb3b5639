# Secret containers only: no value ever passes through Terraform (state, plan or logs).
# The controller fills the generated ones on its first boot; the operator puts the GitHub token.
# Tagged secrets become Jenkins credentials through aws-secrets-manager-credentials-provider (ID = name);
# the others are read by JCasC through aws-secrets-manager-secret-source (${name} in jenkins.yaml).

resource "aws_secretsmanager_secret" "admin_password" {
  name                    = local.secret_names.admin_password
  description             = "Password of the Jenkins 'admin' user (generated on the controller's first boot)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret" "agent_password" {
  name                    = local.secret_names.agent_password
  description             = "Password of the Jenkins 'swarm-agent' user agents connect with (generated on first boot)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret" "webhook_secret" {
  name                    = local.secret_names.webhook_secret
  description             = "HMAC secret of the GitHub webhook (generated on first boot; paste it into GitHub)"
  recovery_window_in_days = 7

  tags = {
    "jenkins:credentials:type" = "string"
  }
}

resource "aws_secretsmanager_secret" "github_token" {
  name                    = local.secret_names.github_token
  description             = "GitHub token of ${var.github_username} (repo scope), put by the operator"
  recovery_window_in_days = 7

  tags = {
    "jenkins:credentials:type"     = "usernamePassword"
    "jenkins:credentials:username" = var.github_username
  }
}
