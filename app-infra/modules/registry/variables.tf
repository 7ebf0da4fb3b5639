variable "name" {
  description = "Repository name."
  type        = string
}

variable "keep_images" {
  description = "Number of most recent images kept; older images expire."
  type        = number

  validation {
    condition     = var.keep_images >= 1
    error_message = "keep_images must be at least 1."
  }
}

variable "force_delete" {
  description = "Allow destroying the repository while it still holds images (non-prod)."
  type        = bool
  default     = false
}
