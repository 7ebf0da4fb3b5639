output "controller_user_data" {
  description = "Provisioning script of the controller (cloud-init user data)."
  value       = local.controller_user_data
}

output "agent_user_data" {
  description = "Provisioning script of an agent (launch template user data)."
  value       = local.agent_user_data
}

output "agent_connect_script" {
  description = "Script the agent's systemd service runs to join the controller (embedded in agent_user_data)."
  value       = local.agent_connect_script
}

output "jenkins_yaml" {
  description = "JCasC configuration (embedded in controller_user_data)."
  value       = local.jenkins_yaml
}

output "seed_job" {
  description = "Job DSL script JCasC runs to create the multibranch job (embedded in controller_user_data)."
  value       = local.seed_job
}

output "plugins_txt" {
  description = "Pinned plugins, installed with jenkins-plugin-cli (embedded in controller_user_data)."
  value       = local.plugins_txt
}
