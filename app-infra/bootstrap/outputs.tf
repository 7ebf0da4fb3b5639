output "state_bucket_name" {
  description = "S3 bucket for `bucket` in environments/<env>/backend.hcl."
  value       = aws_s3_bucket.state.id
}

output "lock_table_name" {
  description = "DynamoDB table for `dynamodb_table` in environments/<env>/backend.hcl."
  value       = aws_dynamodb_table.locks.name
}

output "state_bucket_arn" {
  description = "ARN of the state bucket (for the pipeline role's policy)."
  value       = aws_s3_bucket.state.arn
}

output "lock_table_arn" {
  description = "ARN of the lock table (for the pipeline role's policy)."
  value       = aws_dynamodb_table.locks.arn
}
