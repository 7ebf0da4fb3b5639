# Creates what the S3 backend of app-infra needs. Its own state is local (the bucket cannot hold the
# state of its own creation): apply it once per account, keep terraform.tfstate safe or import later.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project    = var.project
      managed-by = "terraform"
      component  = "terraform-state"
    }
  }
}
