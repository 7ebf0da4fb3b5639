# Inputs every test file in this directory shares (terraform test loads this file for them); a run block's
# own variables override these. Checksums are placeholders: nothing is downloaded in tests.
region                  = "eu-west-1"
admin_cidrs             = ["203.0.113.0/24"]
github_owner            = "finpipe-org"
github_username         = "finpipe-bot"
plugin_manager_sha256   = "0000000000000000000000000000000000000000000000000000000000000000"
awscli_sha256           = "1111111111111111111111111111111111111111111111111111111111111111"
ssm_agent_sha256        = "2222222222222222222222222222222222222222222222222222222222222222"
cloudwatch_agent_sha256 = "3333333333333333333333333333333333333333333333333333333333333333"
base_image              = "public.ecr.aws/docker/library/eclipse-temurin:17-jre@sha256:4444444444444444444444444444444444444444444444444444444444444444"
