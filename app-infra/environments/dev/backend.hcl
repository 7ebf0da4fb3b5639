# S3 state for the dev environment: its own key, shared bucket and lock table (see bootstrap/).
bucket         = "finpipe-terraform-state"
key            = "app-infra/dev/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "finpipe-terraform-locks"
encrypt        = true
