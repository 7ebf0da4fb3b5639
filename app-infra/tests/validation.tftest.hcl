# Bad input is rejected at plan time with a message naming the variable and how to fix it.
# Runs without any environment tfvars; the file-level variables are a valid baseline.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  environment = "dev"
  autoscaling = { enabled = false }
  host_name   = "bank.example.com" # so that runs setting a certificate test only what they mean to
}

run "baseline_is_valid" {
  command = plan
}

run "rejects_unknown_environment" {
  command = plan
  variables { environment = "production" }
  expect_failures = [var.environment]
}

run "rejects_malformed_vpc_cidr" {
  command = plan
  variables { vpc_cidr = "10.0.0.0/33" }
  expect_failures = [var.vpc_cidr]
}

run "rejects_vpc_cidr_too_large" {
  command = plan
  variables { vpc_cidr = "10.0.0.0/8" }
  expect_failures = [var.vpc_cidr]
}

run "rejects_vpc_cidr_too_small" {
  command = plan
  variables { vpc_cidr = "10.0.0.0/24" }
  expect_failures = [var.vpc_cidr]
}

run "rejects_cpu_size_fargate_does_not_offer" {
  command = plan
  variables { task_cpu = 384 }
  expect_failures = [var.task_cpu]
}

run "rejects_memory_too_large_for_cpu" {
  command = plan
  variables {
    task_cpu    = 256
    task_memory = 4096
  }
  expect_failures = [var.task_memory]
}

run "rejects_memory_too_small_for_cpu" {
  command = plan
  variables {
    task_cpu    = 4096
    task_memory = 4096
  }
  expect_failures = [var.task_memory]
}

run "accepts_largest_fargate_pair" {
  command = plan
  variables {
    task_cpu    = 16384
    task_memory = 122880
  }
}

run "rejects_four_availability_zones" {
  command = plan
  variables { availability_zone_count = 4 }
  expect_failures = [var.availability_zone_count]
}

run "rejects_prod_without_certificate" {
  command = plan
  variables {
    environment     = "prod"
    certificate_arn = null
  }
  expect_failures = [var.certificate_arn]
}

run "rejects_non_acm_certificate_arn" {
  command = plan
  variables { certificate_arn = "arn:aws:iam::111122223333:server-certificate/finpipe" }
  expect_failures = [var.certificate_arn]
}

run "rejects_pre_tls13_ssl_policy" {
  command = plan
  variables { ssl_policy = "ELBSecurityPolicy-2016-08" }
  expect_failures = [var.ssl_policy]
}

run "rejects_log_retention_cloudwatch_does_not_offer" {
  command = plan
  variables { log_retention_days = 10 }
  expect_failures = [var.log_retention_days]
}

run "rejects_git_commit_that_is_not_a_sha" {
  command = plan
  variables { git_commit = "main" }
  expect_failures = [var.git_commit]
}

run "rejects_image_without_tag_or_digest" {
  command = plan
  variables { initial_image = "busybox" }
  expect_failures = [var.initial_image]
}

run "rejects_autoscaling_min_above_max" {
  command = plan
  variables { autoscaling = { enabled = true, min_count = 5, max_count = 2 } }
  expect_failures = [var.autoscaling]
}

run "rejects_backup_retention_out_of_range" {
  command = plan
  variables { db_backup_retention_days = 0 }
  expect_failures = [var.db_backup_retention_days]
}

run "rejects_certificate_without_host_name" {
  command = plan
  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/5ca1ab1e-0000-4000-8000-000000000001"
    host_name       = null
  }
  expect_failures = [var.host_name]
}

run "rejects_host_name_with_scheme" {
  command = plan
  variables { host_name = "https://bank.example.com" }
  expect_failures = [var.host_name]
}

run "rejects_wildcard_host_name" {
  command = plan
  variables { host_name = "*.bank.example.com" }
  expect_failures = [var.host_name]
}
