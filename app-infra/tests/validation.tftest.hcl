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

run "rejects_ipv6_vpc_cidr" {
  command = plan
  variables { vpc_cidr = "fd00::/16" }
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

run "rejects_tls13_policy_that_still_accepts_tls10" {
  command = plan
  variables { ssl_policy = "ELBSecurityPolicy-TLS13-1-0-2021-06" }
  expect_failures = [var.ssl_policy]
}

run "rejects_tls13_policy_that_still_accepts_tls11" {
  command = plan
  variables { ssl_policy = "ELBSecurityPolicy-TLS13-1-1-2021-06" }
  expect_failures = [var.ssl_policy]
}

run "accepts_tls13_only_policy" {
  command = plan
  variables { ssl_policy = "ELBSecurityPolicy-TLS13-1-3-2021-06" }
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

run "rejects_storage_below_rds_minimum" {
  command = plan
  variables { db_allocated_storage_gb = 19 }
  expect_failures = [var.db_allocated_storage_gb]
}

# RDS wants max_allocated_storage at least 10 % above allocated_storage, and that within 65536 GiB:
# 59579 GiB and more would pass Terraform and fail at apply.
run "rejects_storage_without_room_to_autoscale" {
  command = plan
  variables { db_allocated_storage_gb = 59579 }
  expect_failures = [var.db_allocated_storage_gb]
}

run "largest_storage_still_autoscales_ten_percent" {
  command = plan
  variables { db_allocated_storage_gb = 59578 }
  assert {
    condition     = module.database.storage_gb.max_allocated >= module.database.storage_gb.allocated * 1.1 && module.database.storage_gb.max_allocated <= 65536
    error_message = "max_allocated_storage must be at least 10 % above db_allocated_storage_gb (RDS refuses less) and at most 65536 GiB."
  }
}

run "storage_autoscales_to_five_times" {
  command = plan
  variables { db_allocated_storage_gb = 100 }
  assert {
    condition     = module.database.storage_gb == { allocated = 100, max_allocated = 500 }
    error_message = "RDS storage must autoscale up to 5x db_allocated_storage_gb."
  }
}

run "storage_autoscaling_stops_at_the_gp3_maximum" {
  command = plan
  variables { db_allocated_storage_gb = 20000 }
  assert {
    condition     = module.database.storage_gb == { allocated = 20000, max_allocated = 65536 }
    error_message = "max_allocated_storage must not exceed RDS MySQL's gp3 maximum of 65536 GiB."
  }
}
