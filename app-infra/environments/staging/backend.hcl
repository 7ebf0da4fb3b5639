# S3 state for the staging environment: its own key, shared bucket and lock table (see bootstrap/).
bucket         = "finpipe-terraform-state"
key            = "app-infra/staging/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "finpipe-terraform-locks"
encrypt        = true
