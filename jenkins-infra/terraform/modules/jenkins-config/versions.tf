terraform {
  # Pure rendering: no provider, so tests can render it with a plain `terraform apply`.
  required_version = ">= 1.9.0"
}
