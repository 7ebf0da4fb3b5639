# What is specific to dev. Run with environments/dev/terraform.tfvars (AppInfraPolicyTest).

mock_provider "aws" {
  source = "./tests/mocks"
}

run "dev_can_be_torn_down" {
  assert {
    condition     = module.database.protection.deletion_protection == false && module.load_balancer.load_balancer.enable_deletion_protection == false
    error_message = "dev must not have deletion protection on the database or the load balancer."
  }
  assert {
    condition     = module.database.protection.skip_final_snapshot == true && module.database.protection.final_snapshot_identifier == null
    error_message = "dev must not take a final snapshot."
  }
}

run "dev_is_small_and_moto_compatible" {
  assert {
    condition     = length(module.network.availability_zones) == 2 && length(module.network.nat_gateway_ids) == 1
    error_message = "dev must span 2 AZs with a single NAT gateway."
  }
  assert {
    condition     = module.database.protection.multi_az == false && module.database.protection.backup_retention_period == 1
    error_message = "dev must run a single-AZ database with 1 day of backups."
  }
  assert {
    condition     = module.service.autoscaling_policy_names == []
    error_message = "dev must not create autoscaling (moto cannot emulate Application Auto Scaling)."
  }
}

run "dev_serves_plain_http" {
  assert {
    condition     = keys(module.load_balancer.listeners) == ["http"] && module.load_balancer.listeners.http.default_action[0].type == "forward"
    error_message = "Without a certificate the ALB must forward plain HTTP and have no HTTPS listener."
  }
  assert {
    condition     = output.service_url == "http://finpipe-123456789.eu-west-1.elb.amazonaws.com" && output.alb_dns_name == "finpipe-123456789.eu-west-1.elb.amazonaws.com"
    error_message = "Without a certificate or host_name, service_url must be http://<the ALB's DNS name>."
  }
}
