terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100.0"
    }
  }

  # Partial configuration: bucket, key, region and lock table come from environments/<env>.backend.hcl
  # (terraform init -backend-config=environments/prod.backend.hcl), so one tree serves every account.
  backend "s3" {}
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
