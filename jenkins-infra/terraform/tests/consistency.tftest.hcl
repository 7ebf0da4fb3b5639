# The Jenkinsfile at the repository root and this configuration must agree: the library it loads with
# @Library('<name>') is the global library JCasC defines, and every agent label it asks for is one the
# agents carry. Uses the variables' defaults, i.e. what `terraform apply` deploys. A missing Jenkinsfile
# fails this test (file() errors): it is not skipped.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  # shared inputs: tests/terraform.tfvars
  jenkinsfile = file("../../Jenkinsfile")
}

run "jenkinsfile_library_is_the_configured_global_library" {
  command = apply

  assert {
    condition     = length(regexall("@Library\\(\\s*['\"]([^'\"@]+)", var.jenkinsfile)) > 0
    error_message = "The Jenkinsfile loads no library with @Library('...')."
  }
  assert {
    condition     = alltrue([for match in regexall("@Library\\(\\s*['\"]([^'\"@]+)", var.jenkinsfile) : match[0] == var.library_name])
    error_message = "The Jenkinsfile loads a library other than library_name (${var.library_name})."
  }
  assert {
    condition     = strcontains(module.jenkins_config.jenkins_yaml, "- name: \"${var.library_name}\"\n        defaultVersion: \"${var.library_default_version}\"\n        implicit: false")
    error_message = "JCasC must define the global library ${var.library_name} (not implicit) with the default version."
  }
}

run "jenkinsfile_agent_labels_are_carried_by_the_agents" {
  command = apply

  assert {
    condition     = length(regexall("label\\s+['\"]([^'\"]+)['\"]", var.jenkinsfile)) > 0
    error_message = "The Jenkinsfile asks for no agent label (agent { label '...' })."
  }
  assert {
    condition     = alltrue([for match in regexall("label\\s+['\"]([^'\"]+)['\"]", var.jenkinsfile) : contains(var.agent_labels, match[0])])
    error_message = "The Jenkinsfile asks for a label the agents do not carry: ${join(", ", [for match in regexall("label\\s+['\"]([^'\"]+)['\"]", var.jenkinsfile) : match[0] if !contains(var.agent_labels, match[0])])}."
  }
  assert {
    condition     = strcontains(module.jenkins_config.agent_connect_script, "-labels '${join(" ", var.agent_labels)}'")
    error_message = "The agents' Swarm client must register with agent_labels."
  }
}

run "jenkinsfile_approvers_are_the_deploy_approvers_jcasc_sets" {
  command = apply

  assert {
    condition     = strcontains(var.jenkinsfile, "env.DEPLOY_APPROVERS")
    error_message = "The Jenkinsfile must pass env.DEPLOY_APPROVERS to BranchPolicy: JCasC's local user database has no ops group, so input(submitter: 'ops') could only be approved by an admin."
  }
  assert {
    condition     = strcontains(module.jenkins_config.jenkins_yaml, "- key: DEPLOY_APPROVERS\n            value: \"admin\"")
    error_message = "JCasC must set the global variable DEPLOY_APPROVERS the Jenkinsfile reads (admin while ops_users is empty)."
  }
}

# scripts/test runs on the agents (the Test stage): their Terraform must satisfy the minimum scripts/prerequisites
# demands (AgentPrerequisitesTest checks the packages; this checks the version the agents really get).
run "agents_terraform_satisfies_the_prerequisites_minimum" {
  command = apply

  variables {
    terraform_minimum = regex("(?m)^readonly terraform_minimum=([0-9]+)\\.([0-9]+)\\.([0-9]+)", file("../../scripts/prerequisites"))
  }

  assert {
    condition = (
      tonumber(split(".", var.terraform_version)[0]) * 1000000 + tonumber(split(".", var.terraform_version)[1]) * 1000 + tonumber(split(".", var.terraform_version)[2])
      >= tonumber(var.terraform_minimum[0]) * 1000000 + tonumber(var.terraform_minimum[1]) * 1000 + tonumber(var.terraform_minimum[2])
    )
    error_message = "Agents install Terraform ${var.terraform_version}, older than scripts/prerequisites' minimum ${join(".", var.terraform_minimum)}."
  }
  assert {
    condition     = strcontains(module.jenkins_config.agent_user_data, "grep -x 'Terraform v${var.terraform_version}'")
    error_message = "The agent user data must install terraform_version."
  }
}
