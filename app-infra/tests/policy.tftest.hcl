# The security policy every environment must satisfy. Run once per environment with its tfvars:
#   terraform test -filter=tests/policy.tftest.hcl -var-file=environments/<env>/terraform.tfvars
# (AppInfraPolicyTest does this). The stack is applied against a mocked AWS provider: real schema and
# validation, no AWS account.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "rds_is_private_and_encrypted" {
  assert {
    condition     = module.database.protection.publicly_accessible == false
    error_message = "RDS must not be publicly accessible."
  }
  assert {
    condition     = module.database.protection.storage_encrypted == true
    error_message = "RDS storage must be encrypted."
  }
  assert {
    condition     = module.database.protection.manage_master_password == true
    error_message = "The RDS master password must be managed by RDS in Secrets Manager."
  }
  assert {
    condition     = toset(module.database.protection.subnet_ids) == toset(module.network.private_subnet_ids)
    error_message = "RDS must be placed in the private subnets only."
  }
}

run "service_runs_only_in_private_subnets_without_public_ip" {
  assert {
    condition     = one(module.service.service.network_configuration).assign_public_ip == false
    error_message = "ECS tasks must not get public IPs."
  }
  assert {
    condition     = one(module.service.service.network_configuration).subnets == toset(module.network.private_subnet_ids)
    error_message = "ECS tasks must run in the private subnets only."
  }
  assert {
    condition     = length(setintersection(one(module.service.service.network_configuration).subnets, module.network.public_subnet_ids)) == 0
    error_message = "ECS tasks must not run in a public subnet."
  }
}

run "only_the_alb_accepts_internet_traffic_on_80_and_443" {
  assert {
    condition = alltrue([
      for rule in aws_security_group_rule.this :
      rule.security_group_id == aws_security_group.alb.id && contains([80, 443], rule.from_port) && rule.to_port == rule.from_port
      if rule.type == "ingress" && contains(coalesce(rule.cidr_blocks, []), "0.0.0.0/0")
    ])
    error_message = "Only the ALB security group may allow ingress from 0.0.0.0/0, and only on ports 80 and 443."
  }
  assert {
    condition = alltrue([
      for rule in aws_security_group_rule.this : rule.protocol == "tcp" && rule.from_port == rule.to_port
    ])
    error_message = "Every security group rule must open a single TCP port, never all protocols or port ranges."
  }
  assert {
    condition = length([
      for rule in aws_security_group_rule.this : rule
      if rule.type == "ingress" && rule.security_group_id == aws_security_group.alb.id && rule.from_port == 80
    ]) == 1
    error_message = "The ALB must accept HTTP on port 80."
  }
}

run "database_reachable_only_from_the_service" {
  assert {
    condition     = module.database.protection.vpc_security_group_ids == toset([aws_security_group.database.id])
    error_message = "RDS must use exactly the database security group."
  }
  assert {
    condition = [
      for rule in aws_security_group_rule.this : [rule.from_port, rule.source_security_group_id, length(coalesce(rule.cidr_blocks, []))]
      if rule.type == "ingress" && rule.security_group_id == aws_security_group.database.id
    ] == [[3306, aws_security_group.service.id, 0]]
    error_message = "The database security group must allow exactly one ingress: 3306 from the service security group."
  }
  assert {
    condition     = one(module.service.service.network_configuration).security_groups == toset([aws_security_group.service.id])
    error_message = "The service tasks must use exactly the service security group."
  }
}

run "database_secret_is_injected_never_plain_environment" {
  assert {
    condition     = one(module.service.container_definitions).secrets == [{ name = "DB_SECRET", valueFrom = module.database.master_user_secret_arn }]
    error_message = "DB_SECRET must come from the RDS-managed secret through `secrets` valueFrom."
  }
  assert {
    condition = alltrue([
      for variable in one(module.service.container_definitions).environment :
      !can(regex("(?i)secret|password|passwd|credential", variable.name)) && !startswith(variable.value, "arn:aws:secretsmanager")
    ])
    error_message = "No secret, password or secret ARN may appear in the plain container environment."
  }
  assert {
    condition = {
      for variable in one(module.service.container_definitions).environment : variable.name => variable.value
      } == {
      PORT    = "8080"
      DB_HOST = module.database.address
      DB_PORT = "3306"
      DB_NAME = var.db_name
    }
    error_message = "The container environment must be exactly PORT, DB_HOST, DB_PORT and DB_NAME."
  }
}

run "deployments_roll_back_on_failure" {
  assert {
    condition     = one(module.service.service.deployment_circuit_breaker).enable && one(module.service.service.deployment_circuit_breaker).rollback
    error_message = "The ECS deployment circuit breaker must be on, with rollback."
  }
  assert {
    condition     = module.service.service.deployment_minimum_healthy_percent == 100 && module.service.service.deployment_maximum_percent == 200
    error_message = "Deployments must keep 100% healthy capacity and may surge to 200%."
  }
}

run "execution_role_reads_only_its_own_secret_and_log_group" {
  assert {
    condition = [
      for statement in jsondecode(module.service.execution_role_policy).Statement : statement.Resource
      if statement.Sid == "ReadDatabaseSecret"
    ] == [module.database.master_user_secret_arn]
    error_message = "The execution role may read only the RDS-managed secret."
  }
  assert {
    condition = alltrue([
      for statement in jsondecode(module.service.execution_role_policy).Statement :
      statement.Resource != "*" || statement.Action == "ecr:GetAuthorizationToken"
    ])
    error_message = "Only ecr:GetAuthorizationToken (which has no resource-level permissions) may use Resource \"*\"."
  }
}

run "load_balancer_is_hardened" {
  assert {
    condition     = module.load_balancer.load_balancer.internal == false && module.load_balancer.load_balancer.load_balancer_type == "application"
    error_message = "The ALB must be an internet-facing application load balancer."
  }
  assert {
    condition     = module.load_balancer.load_balancer.drop_invalid_header_fields == true
    error_message = "The ALB must drop invalid header fields (request smuggling)."
  }
  assert {
    condition     = module.load_balancer.target_group.target_type == "ip" && one(module.load_balancer.target_group.health_check).path == "/health/ready"
    error_message = "The target group must be of type ip and probe /health/ready."
  }
  assert {
    condition     = module.load_balancer.target_group.deregistration_delay == "30"
    error_message = "The target group's deregistration delay must be 30 seconds."
  }
}

run "outputs_the_pipeline_reads_are_set" {
  assert {
    condition = alltrue([for value in [
      output.service_url, output.alb_dns_name, output.cluster_name, output.service_name, output.container_name,
      output.ecr_repository_url, output.log_group_name, output.db_endpoint,
    ] : value != null && value != ""])
    error_message = "Every output the pipeline reads must have a value."
  }
  assert {
    condition     = output.cluster_name == "finpipe-${var.environment}" && output.container_name == "app"
    error_message = "Cluster and container names must follow <project>-<environment> and \"app\"."
  }
}

run "roles_carry_the_app_boundary" {
  assert {
    condition = module.service.role_permissions_boundaries == {
      "finpipe-${var.environment}-task-execution" = "arn:aws:iam::111122223333:policy/finpipe-app-boundary"
      "finpipe-${var.environment}-task"           = "arn:aws:iam::111122223333:policy/finpipe-app-boundary"
    }
    error_message = "Every role must carry the permissions boundary <project>-app-boundary: the Jenkins agents may create and write only roles that do."
  }
}
