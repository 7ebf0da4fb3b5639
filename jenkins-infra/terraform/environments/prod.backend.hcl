# S3 backend of the Jenkins stack: terraform init -backend-config=environments/prod.backend.hcl
# The bucket and lock table are the ones app-infra's bootstrap creates (one state store per account);
# this stack keeps its own key, so it never shares a state file or a lock with app-infra.
bucket         = "finpipe-terraform-state"
key            = "jenkins-infra/prod/terraform.tfstate"
region         = "eu-west-1"
dynamodb_table = "finpipe-terraform-locks"
encrypt        = true
