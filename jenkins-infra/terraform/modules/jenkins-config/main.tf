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

  # test-support/prerequisites.list: `<kind> <command> <provider>` lines, what scripts/test needs. Agents get exactly that.
  # An apt line names a Debian package; a pip requirement is pinned with ==. Comments and blank lines pass.
  prerequisite_line    = "^\\s*(apt\\s+\\S+\\s+[a-z0-9][a-z0-9+.-]+|pip\\s+\\S+\\s+[A-Za-z0-9_.-]+(\\[[A-Za-z0-9_,.-]+\\])?==[0-9][A-Za-z0-9.+!-]*)?\\s*(#.*)?$"
  prerequisite_entries = [for line in split("\n", var.test_prerequisites) : trimspace(split("#", line)[0])]
  test_prerequisites = [
    for entry in local.prerequisite_entries : split(" ", replace(entry, "/\\s+/", " ")) if entry != ""
  ]
  agent_apt_packages     = [for entry in local.test_prerequisites : entry[2] if entry[0] == "apt"]
  agent_pip_requirements = [for entry in local.test_prerequisites : entry[2] if entry[0] == "pip"]

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

  # What every instance runs first: the SSM and CloudWatch agents and AWS CLI v2, per role's log files.
  base_provisioning = { for role, config in local.cloudwatch_config : role => templatefile("${path.module}/templates/host-base.sh.tftpl", {
    cloudwatch_config        = config
    ssm_agent_version        = var.ssm_agent_version
    ssm_agent_sha256         = var.ssm_agent_sha256
    cloudwatch_agent_version = var.cloudwatch_agent_version
    cloudwatch_agent_sha256  = var.cloudwatch_agent_sha256
    awscli_version           = var.awscli_version
    awscli_sha256            = var.awscli_sha256
  }) }

  controller_user_data = templatefile("${path.module}/templates/controller-user-data.sh.tftpl", {
    functions                    = local.functions
    region                       = var.region
    base_provisioning            = trimspace(local.base_provisioning.controller)
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
    base_provisioning    = trimspace(local.base_provisioning.agent)
    apt_packages         = join(" ", local.agent_apt_packages)
    pip_requirements     = join(" ", [for requirement in local.agent_pip_requirements : "'${requirement}'"])
    python_env           = "/opt/finpipe-python"
    terraform_version    = var.terraform_version
    terraform_sha256     = var.terraform_sha256
    agent_connect_script = local.agent_connect_script
  })
}
