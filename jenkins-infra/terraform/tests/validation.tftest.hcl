# Bad input is refused at plan time with a message naming the variable and how to fix it.
# Each run block is one JUnit test (TerraformTestsTest).

mock_provider "aws" {
  source = "./tests/mocks"
}

# Inputs: tests/terraform.tfvars.

run "admin_cidrs_refuses_the_world" {
  command = plan
  variables {
    admin_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.admin_cidrs]
}

run "admin_cidrs_refuses_garbage" {
  command = plan
  variables {
    admin_cidrs = ["office"]
  }
  expect_failures = [var.admin_cidrs]
}

run "admin_cidrs_refuses_ipv6" {
  command = plan
  variables {
    admin_cidrs = ["2001:db8::/32"]
  }
  expect_failures = [var.admin_cidrs]
}

run "admin_cidrs_refuses_an_address_without_prefix" {
  command = plan
  variables {
    admin_cidrs = ["203.0.113.7"]
  }
  expect_failures = [var.admin_cidrs]
}

run "admin_cidrs_refuses_more_than_four" {
  command = plan
  variables {
    admin_cidrs = ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24"]
  }
  expect_failures = [var.admin_cidrs]
}

run "github_hook_cidrs_refuses_the_world" {
  command = plan
  variables {
    github_hook_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.github_hook_cidrs]
}

run "github_hook_cidrs_refuses_ipv6" {
  command = plan
  variables {
    github_hook_cidrs = ["2a0a:a440::/29"]
  }
  expect_failures = [var.github_hook_cidrs]
}

run "ingress_mode_must_be_alb_or_direct" {
  command = plan
  variables {
    ingress_mode = "public"
  }
  expect_failures = [var.ingress_mode]
}

run "existing_vpc_needs_private_subnets" {
  command = plan
  variables {
    vpc_id            = "vpc-0123456789abcdef0"
    public_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
  }
  expect_failures = [var.private_subnet_ids]
}

run "existing_vpc_needs_two_public_subnets" {
  command = plan
  variables {
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
    public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1"]
  }
  expect_failures = [var.public_subnet_ids]
}

run "vpc_id_must_be_a_vpc_id" {
  command = plan
  variables {
    vpc_id = "my-vpc"
  }
  expect_failures = [var.vpc_id]
}

run "vpc_cidr_must_be_16_to_24" {
  command = plan
  variables {
    vpc_cidr = "10.0.0.0/8"
  }
  expect_failures = [var.vpc_cidr]
}

run "vpc_cidr_needs_a_prefix_length" {
  command = plan
  variables {
    vpc_cidr = "10.40.0.0"
  }
  expect_failures = [var.vpc_cidr]
}

run "vpc_cidr_must_be_ipv4" {
  command = plan
  variables {
    vpc_cidr = "fd00:40::/56"
  }
  expect_failures = [var.vpc_cidr]
}

run "certificate_arn_must_be_an_acm_arn" {
  command = plan
  variables {
    certificate_arn = "arn:aws:iam::123456789012:server-certificate/jenkins"
  }
  expect_failures = [var.certificate_arn]
}

run "jenkins_hostname_is_a_bare_dns_name" {
  command = plan
  variables {
    jenkins_hostname = "https://jenkins.example.com/"
  }
  expect_failures = [var.jenkins_hostname]
}

run "name_must_be_lowercase" {
  command = plan
  variables {
    name = "Finpipe_Jenkins"
  }
  expect_failures = [var.name]
}

run "region_must_be_a_region" {
  command = plan
  variables {
    region = "europe"
  }
  expect_failures = [var.region]
}

run "agent_count_is_bounded" {
  command = plan
  variables {
    agent_count = 50
  }
  expect_failures = [var.agent_count]
}

run "agent_executors_is_a_whole_number" {
  command = plan
  variables {
    agent_executors = 1.5
  }
  expect_failures = [var.agent_executors]
}

run "agent_labels_have_no_spaces" {
  command = plan
  variables {
    agent_labels = ["linux deploy"]
  }
  expect_failures = [var.agent_labels]
}

run "jenkins_home_has_a_minimum_size" {
  command = plan
  variables {
    jenkins_home_size_gib = 5
  }
  expect_failures = [var.jenkins_home_size_gib]
}

run "snapshot_retention_is_bounded" {
  command = plan
  variables {
    snapshot_retain_count = 5000
  }
  expect_failures = [var.snapshot_retain_count]
}

run "log_retention_is_a_cloudwatch_value" {
  command = plan
  variables {
    log_retention_days = 10
  }
  expect_failures = [var.log_retention_days]
}

run "terraform_sha256_is_a_sha256" {
  command = plan
  variables {
    terraform_sha256 = "not-a-checksum"
  }
  expect_failures = [var.terraform_sha256]
}

run "plugin_manager_sha256_is_a_sha256" {
  command = plan
  variables {
    plugin_manager_sha256 = "ABC"
  }
  expect_failures = [var.plugin_manager_sha256]
}

run "jenkins_version_is_an_lts_version" {
  command = plan
  variables {
    jenkins_version = "latest"
  }
  expect_failures = [var.jenkins_version]
}

run "github_owner_is_a_github_name" {
  command = plan
  variables {
    github_owner = "finpipe org"
  }
  expect_failures = [var.github_owner]
}

run "app_state_bucket_is_a_bucket_name" {
  command = plan
  variables {
    app_state_bucket = "S3://Finpipe"
  }
  expect_failures = [var.app_state_bucket]
}

run "app_state_key_prefix_ends_with_a_slash" {
  command = plan
  variables {
    app_state_key_prefix = "app-infra"
  }
  expect_failures = [var.app_state_key_prefix]
}

run "developer_users_are_user_ids" {
  command = plan
  variables {
    developer_users = ["alice smith"]
  }
  expect_failures = [var.developer_users]
}

run "agent_ami_id_is_an_ami_id" {
  command = plan
  variables {
    agent_ami_id = "debian-12-amd64-20250101"
  }
  expect_failures = [var.agent_ami_id]
}

run "library_default_version_has_no_spaces" {
  command = plan
  variables {
    library_default_version = "main branch"
  }
  expect_failures = [var.library_default_version]
}

run "base_image_must_be_pinned_by_digest" {
  command = plan
  variables {
    base_image = "eclipse-temurin:17-jre"
  }
  expect_failures = [var.base_image]
}

run "base_image_is_required" {
  command = plan
  variables {
    base_image = null
  }
  expect_failures = [var.base_image]
}

run "controller_host_number_skips_reserved_addresses" {
  command = plan
  variables {
    controller_host_number = 2
  }
  expect_failures = [var.controller_host_number]
}

run "agent_instance_type_refuses_graviton" {
  command = plan
  variables {
    agent_instance_type = "m7g.large"
  }
  expect_failures = [var.agent_instance_type]
}

run "controller_instance_type_refuses_graviton" {
  command = plan
  variables {
    controller_instance_type = "t4g.large"
  }
  expect_failures = [var.controller_instance_type]
}

run "awscli_version_must_be_v2" {
  command = plan
  variables {
    awscli_version = "1.40.0"
  }
  expect_failures = [var.awscli_version]
}

run "awscli_sha256_is_a_sha256" {
  command = plan
  variables {
    awscli_sha256 = "sha256:abc"
  }
  expect_failures = [var.awscli_sha256]
}

run "ssm_agent_sha256_is_a_sha256" {
  command = plan
  variables {
    ssm_agent_sha256 = "latest"
  }
  expect_failures = [var.ssm_agent_sha256]
}

run "ssm_agent_version_is_pinned" {
  command = plan
  variables {
    ssm_agent_version = "latest"
  }
  expect_failures = [var.ssm_agent_version]
}

run "cloudwatch_agent_sha256_is_a_sha256" {
  command = plan
  variables {
    cloudwatch_agent_sha256 = "ABCDEF"
  }
  expect_failures = [var.cloudwatch_agent_sha256]
}

run "cloudwatch_agent_version_is_pinned" {
  command = plan
  variables {
    cloudwatch_agent_version = "latest"
  }
  expect_failures = [var.cloudwatch_agent_version]
}
