locals {
  plugins_txt = file("${path.module}/files/plugins.txt")

  # Who approves deploys and destroys: ops, or the admin alone while no ops user is named.
  deploy_approvers = length(var.ops_users) > 0 ? var.ops_users : ["admin"]
  github_repo_url  = "https://github.com/${var.github_owner}/${var.github_repository}"

  jenkins_yaml = templatefile("${path.module}/templates/jenkins.yaml.tftpl", {
    jenkins_url             = var.jenkins_url
    secret_names            = var.secret_names
    library_name            = var.library_name
    library_default_version = var.library_default_version
    github_owner            = var.github_owner
    github_repository       = var.github_repository
    github_repo_url         = local.github_repo_url
    developer_users         = var.developer_users
    ops_users               = var.ops_users
    deploy_approvers        = join(",", local.deploy_approvers)
    base_image              = var.base_image
    name                    = var.name
  })

  seed_job = templatefile("${path.module}/templates/seed-job.groovy.tftpl", {
    job_name          = var.github_repository
    github_owner      = var.github_owner
    github_repository = var.github_repository
    github_repo_url   = local.github_repo_url
    credentials_id    = var.secret_names.github_token
  })

  # Helpers every script shares (logging, instance metadata, verified downloads).
  functions = file("${path.module}/templates/functions.sh")

  cloudwatch_config = { for role, files in {
    controller = {
      provisioning = "/var/log/finpipe-provisioning.log"
      jenkins      = "/var/log/jenkins/jenkins.log"
    }
    agent = {
      provisioning = "/var/log/finpipe-provisioning.log"
      agent        = "/var/log/jenkins-agent/agent.log"
    }
    } : role => jsonencode({
      agent = { run_as_user = "root" }
      logs = { logs_collected = { files = { collect_list = [
        for stream, path in files : {
          file_path       = path
          log_group_name  = var.log_group_name
          log_stream_name = "${role}/{instance_id}/${stream}"
        }
      ] } } }
  }) }

  controller_user_data = templatefile("${path.module}/templates/controller-user-data.sh.tftpl", {
    functions                    = local.functions
    region                       = var.region
    cloudwatch_config            = local.cloudwatch_config.controller
    home_device                  = "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${replace(var.jenkins_home_volume_id, "-", "")}"
    jenkins_version              = var.jenkins_version
    jenkins_repo_key_fingerprint = var.jenkins_repo_key_fingerprint
    plugin_manager_version       = var.plugin_manager_version
    plugin_manager_sha256        = var.plugin_manager_sha256
    plugins_txt                  = local.plugins_txt
    jenkins_yaml                 = local.jenkins_yaml
    seed_job                     = local.seed_job
    generated_secrets            = [var.secret_names.admin_password, var.secret_names.agent_password, var.secret_names.webhook_secret]
  })

  agent_connect_script = templatefile("${path.module}/templates/agent-connect.sh.tftpl", {
    functions      = local.functions
    region         = var.region
    controller_url = var.controller_internal_url
    agent_secret   = var.secret_names.agent_password
    labels         = join(" ", var.agent_labels)
    executors      = var.agent_executors
  })

  agent_user_data = templatefile("${path.module}/templates/agent-user-data.sh.tftpl", {
    functions            = local.functions
    region               = var.region
    cloudwatch_config    = local.cloudwatch_config.agent
    terraform_version    = var.terraform_version
    terraform_sha256     = var.terraform_sha256
    agent_connect_script = local.agent_connect_script
  })
}
