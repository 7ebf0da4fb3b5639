# What is specific to prod. Run with environments/prod/terraform.tfvars (AppInfraPolicyTest).

mock_provider "aws" {
  source = "./tests/mocks"
}

run "prod_is_protected_against_deletion" {
  assert {
    condition     = module.database.protection.deletion_protection == true
    error_message = "prod's database must have deletion protection."
  }
  assert {
    condition     = module.load_balancer.load_balancer.enable_deletion_protection == true
    error_message = "prod's load balancer must have deletion protection."
  }
  assert {
    condition     = module.database.protection.skip_final_snapshot == false && module.database.protection.final_snapshot_identifier == "finpipe-prod-final"
    error_message = "prod's database must take a final snapshot named finpipe-prod-final."
  }
}

run "prod_survives_an_availability_zone_outage" {
  assert {
    condition     = length(module.network.availability_zones) == 3 && length(module.network.nat_gateway_ids) == 3
    error_message = "prod must span 3 AZs with one NAT gateway per AZ."
  }
  assert {
    condition     = module.database.protection.multi_az == true && module.database.protection.backup_retention_period == 30
    error_message = "prod's database must be Multi-AZ with 30 days of backups."
  }
  assert {
    condition     = module.service.autoscaling_policy_names == ["finpipe-prod-cpu", "finpipe-prod-requests"]
    error_message = "prod must autoscale on CPU and on ALB requests per target."
  }
}

run "prod_serves_https_with_tls13" {
  assert {
    condition     = module.load_balancer.listeners.https.port == 443 && can(regex("^ELBSecurityPolicy-TLS13-1-[23]-", module.load_balancer.listeners.https.ssl_policy))
    error_message = "prod must have an HTTPS listener on 443 with a TLS 1.3 policy that refuses TLS 1.0 and 1.1."
  }
  assert {
    condition = (module.load_balancer.listeners.http.default_action[0].type == "redirect"
      && module.load_balancer.listeners.http.default_action[0].redirect[0].protocol == "HTTPS"
    && module.load_balancer.listeners.http.default_action[0].redirect[0].status_code == "HTTP_301")
    error_message = "prod's HTTP listener must redirect to HTTPS (301)."
  }
  assert {
    condition     = output.service_url == "https://${var.host_name}"
    error_message = "prod's service_url must be https://<host_name>, the name its certificate covers, not the ALB's."
  }
  assert {
    condition     = contains([for rule in aws_security_group_rule.this : rule.from_port if rule.type == "ingress" && rule.security_group_id == aws_security_group.alb.id], 443)
    error_message = "prod's ALB security group must accept 443."
  }
}
