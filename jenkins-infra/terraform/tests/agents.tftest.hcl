# The agents' AMI and rollout: a routine apply must never replace agents under running builds. Runs in this
# file share one state, in order, like successive applies of one stack.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Inputs: tests/terraform.tfvars.

run "agents_start_on_the_current_debian_ami_and_are_never_refreshed_by_an_apply" {
  command = apply

  assert {
    condition     = aws_launch_template.agent.image_id == data.aws_ami.debian.id
    error_message = "Without agent_ami_id the agents must boot the current Debian 12 AMI."
  }
  assert {
    condition     = length(aws_autoscaling_group.agents.instance_refresh) == 0
    error_message = "The agent group must not refresh instances on apply: a rolling refresh terminates running builds."
  }
}

run "a_newer_debian_ami_leaves_the_agents_alone" {
  command = apply

  override_data {
    target = data.aws_ami.debian
    values = {
      id               = "ami-0fffffffffffffff0"
      root_device_name = "/dev/xvda"
    }
  }

  assert {
    # ami-0123456789abcdef0: the mocked current AMI of the first run (tests/mocks)
    condition     = data.aws_ami.debian.id == "ami-0fffffffffffffff0" && aws_launch_template.agent.image_id == "ami-0123456789abcdef0"
    error_message = "A new Debian AMI release must not change the agents' launch template (it would replace them mid-build)."
  }
}

run "agent_ami_id_pins_the_agents" {
  command = apply

  variables {
    agent_ami_id = "ami-0aaaaaaaaaaaaaaa1"
  }

  assert {
    condition     = aws_launch_template.agent.image_id == "ami-0aaaaaaaaaaaaaaa1"
    error_message = "agent_ami_id must become the agents' AMI."
  }
}
