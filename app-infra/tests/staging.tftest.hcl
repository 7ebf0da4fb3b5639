# What is specific to staging. Run with environments/staging/terraform.tfvars (AppInfraPolicyTest).

mock_provider "aws" {
  source = "./tests/mocks"
}

run "staging_can_be_torn_down" {
  assert {
    condition     = module.database.protection.deletion_protection == false && module.load_balancer.load_balancer.enable_deletion_protection == false
    error_message = "staging must not have deletion protection."
  }
  assert {
    condition     = module.database.protection.skip_final_snapshot == true
    error_message = "staging must not take a final snapshot."
  }
}

run "staging_is_production_shaped" {
  assert {
    condition     = keys(module.load_balancer.listeners) == ["http", "https"]
    error_message = "staging must serve HTTPS."
  }
  assert {
    condition     = output.service_url == "https://${var.host_name}" && output.alb_dns_name == "finpipe-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "staging's service_url must be https://<host_name>, the name its certificate covers, not the ALB's."
  }
  assert {
    condition     = module.service.autoscaling_policy_names == ["finpipe-staging-cpu", "finpipe-staging-requests"]
    error_message = "staging must autoscale on CPU and on ALB requests per target."
  }
  assert {
    condition     = length(module.network.nat_gateway_ids) == 1 && module.database.protection.backup_retention_period == 7
    error_message = "staging must use one NAT gateway and keep 7 days of backups."
  }
}
