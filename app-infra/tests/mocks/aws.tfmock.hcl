# Values the AWS provider would compute, in the formats it validates (ARNs), so that
# `terraform test` can apply the whole stack with mock_provider "aws" and no AWS account.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111122223333"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/finpipe/0123456789abcdef"
    arn_suffix = "app/finpipe/0123456789abcdef"
    dns_name   = "finpipe-123456789.eu-west-1.elb.amazonaws.com"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/finpipe-app/0123456789abcdef"
    arn_suffix = "targetgroup/finpipe-app/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/finpipe/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::111122223333:role/finpipe-mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/finpipe-mock"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-west-1:111122223333:repository/finpipe-mock"
    repository_url = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/finpipe-mock"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:111122223333:cluster/finpipe-mock"
  }
}

mock_resource "aws_ecs_task_definition" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:111122223333:task-definition/finpipe-mock:1"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    address  = "finpipe-mock.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    endpoint = "finpipe-mock.abcdefghijkl.eu-west-1.rds.amazonaws.com:3306"
    port     = 3306
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-mock-AbCdEf"
      kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000000"
      secret_status = "active"
    }]
  }
}
