variable "project" {
  description = "Project name; prefixes every resource name and is the `project` tag."
  type        = string
  default     = "finpipe"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}[a-z0-9]$", var.project))
    error_message = "project must be 3-16 characters of lowercase letters, digits and hyphens, starting with a letter (it becomes part of ALB and target group names, which are limited to 32 characters)."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod. prod turns on deletion protection and final snapshots."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "region" {
  description = "AWS region to deploy into, e.g. eu-west-1."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1."
  }
}

variable "git_commit" {
  description = "Git commit SHA the infrastructure was applied from; becomes the `git-commit` tag. Empty to omit the tag."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([0-9a-f]{7,40})?$", var.git_commit))
    error_message = "git_commit must be empty or a 7-40 character lowercase hexadecimal commit SHA."
  }
}

# --- network ---------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC, /16 to /22; public and private subnets are carved out of it (16 equal blocks)."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    # cidrnetmask() accepts IPv4 only (cidrhost() also takes IPv6, which the VPC's cidr_block refuses later).
    condition     = can(cidrnetmask(var.vpc_cidr)) && try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 22, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix length between /16 and /22, e.g. 10.0.0.0/16."
  }
}

variable "availability_zone_count" {
  description = "Number of availability zones to spread subnets over: 2 or 3."
  type        = number
  default     = 2

  validation {
    condition     = contains([2, 3], var.availability_zone_count)
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway per availability zone (true, survives an AZ outage) or a single shared one (false, cheaper)."
  type        = bool
  default     = false
}

# --- load balancer -----------------------------------------------------------------------------

variable "certificate_arn" {
  description = "ACM certificate ARN for the HTTPS listener. When set, HTTP redirects to HTTPS; when null, the ALB serves plain HTTP only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }

  validation {
    condition     = var.environment != "prod" || var.certificate_arn != null
    error_message = "certificate_arn is required when environment is prod: production traffic must be HTTPS."
  }
}

variable "ssl_policy" {
  description = "ALB security policy for the HTTPS listener: a TLS 1.3 policy with TLS 1.2 or 1.3 as its minimum (ELBSecurityPolicy-TLS13-1-2-* or -1-3-*)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    # ELBSecurityPolicy-TLS13-1-0-*/1-1-* support TLS 1.3 but still accept TLS 1.0/1.1.
    condition     = can(regex("^ELBSecurityPolicy-TLS13-1-[23]-", var.ssl_policy))
    error_message = "ssl_policy must be a TLS 1.3 policy that refuses TLS 1.0 and 1.1 (ELBSecurityPolicy-TLS13-1-2-... or -1-3-...), e.g. ELBSecurityPolicy-TLS13-1-2-2021-06."
  }
}

variable "host_name" {
  description = "DNS name clients use for the service, e.g. bank.example.com: the name certificate_arn's certificate covers (the ALB's own *.elb.amazonaws.com name is covered by none). Required with certificate_arn. Point it (alias or CNAME) at the alb_dns_name output; the pipeline's smoke check reaches it through the ALB even before DNS does."
  type        = string
  default     = null

  validation {
    condition     = var.host_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$", var.host_name))
    error_message = "host_name must be a lowercase DNS name such as bank.example.com, without scheme, port, path or wildcard."
  }

  validation {
    condition     = var.certificate_arn == null || var.host_name != null
    error_message = "host_name is required when certificate_arn is set: it is the name the certificate covers, and the service_url clients and the smoke check use (https://<host_name>). Set it in the environment's terraform.tfvars, e.g. host_name = \"bank.example.com\"."
  }
}

# --- database ----------------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class, e.g. db.t4g.micro."
  type        = string
  default     = "db.t4g.micro"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class such as db.t4g.micro."
  }
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS storage in GiB, 20-59578 (storage autoscaling may grow it up to 5x, at most to 65536)."
  type        = number
  default     = 20

  validation {
    # RDS refuses a max_allocated_storage less than 10 % above allocated_storage, and gp3 stops at 65536 GiB.
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 59578
    error_message = "db_allocated_storage_gb must be between 20 and 59578: RDS MySQL gp3 needs at least 20 GiB, and storage autoscaling needs a maximum at least 10 % above it within gp3's 65536 GiB."
  }
}

variable "db_multi_az" {
  description = "Run RDS as Multi-AZ (a synchronous standby in another AZ)."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days RDS keeps automated backups (1-35)."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}

variable "db_name" {
  description = "Name of the application database the service connects to (DB_NAME)."
  type        = string
  default     = "finpipe"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,63}$", var.db_name))
    error_message = "db_name must start with a letter and contain only letters, digits and underscores (max 64)."
  }
}

# --- registry ----------------------------------------------------------------------------------

variable "ecr_keep_images" {
  description = "How many most recent images the ECR lifecycle policy keeps; older ones expire."
  type        = number
  default     = 30

  validation {
    condition     = var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000
    error_message = "ecr_keep_images must be between 1 and 1000."
  }
}

# --- service -----------------------------------------------------------------------------------

variable "initial_image" {
  description = "Image of the first task definition only. The pipeline's ecsDeploy registers later revisions with the real image; Terraform ignores them."
  type        = string
  default     = "public.ecr.aws/docker/library/busybox:stable"

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.initial_image))
    error_message = "initial_image must be a fully qualified image reference with a tag or digest, e.g. public.ecr.aws/docker/library/busybox:stable."
  }
}

variable "container_port" {
  description = "Port the application listens on inside the container (passed as PORT)."
  type        = number
  default     = 8080

  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535
    error_message = "container_port must be an unprivileged port between 1024 and 65535."
  }
}

variable "task_cpu" {
  description = "Fargate task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be one of the Fargate CPU sizes: 256, 512, 1024, 2048, 4096, 8192, 16384."
  }
}

variable "task_memory" {
  description = "Fargate task memory in MiB; must be a combination Fargate allows for task_cpu (e.g. 512 CPU: 1024-4096)."
  type        = number
  default     = 1024

  validation {
    # Fargate's allowed CPU/memory pairs: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
    condition = contains(lookup({
      256   = [512, 1024, 2048]
      512   = [for gb in range(1, 5) : gb * 1024]
      1024  = [for gb in range(2, 9) : gb * 1024]
      2048  = [for gb in range(4, 17) : gb * 1024]
      4096  = [for gb in range(8, 31) : gb * 1024]
      8192  = [for gb in range(16, 61, 4) : gb * 1024]
      16384 = [for gb in range(32, 121, 8) : gb * 1024]
    }, var.task_cpu, []), var.task_memory)
    error_message = "task_memory is not a Fargate-supported size for task_cpu. Allowed: 256 -> 512/1024/2048; 512 -> 1024-4096; 1024 -> 2048-8192; 2048 -> 4096-16384; 4096 -> 8192-30720 (1 GiB steps); 8192 -> 16384-61440 (4 GiB steps); 16384 -> 32768-122880 (8 GiB steps)."
  }
}

variable "desired_count" {
  description = "Number of tasks when the service is created; afterwards autoscaling (or the operator) owns the count."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0 && var.desired_count <= 100
    error_message = "desired_count must be between 0 and 100."
  }
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores failing ALB health checks after a task starts (JVM warm-up)."
  type        = number
  default     = 60

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must be zero or positive."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the service's logs; one of the values CloudWatch Logs accepts."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "autoscaling" {
  description = "Target-tracking autoscaling on average CPU and ALB requests per target. enabled = false leaves the count at desired_count (moto cannot emulate Application Auto Scaling)."
  type = object({
    enabled             = bool
    min_count           = optional(number, 2)
    max_count           = optional(number, 6)
    cpu_target_percent  = optional(number, 60)
    requests_per_target = optional(number, 500)
  })
  default = { enabled = true }

  validation {
    condition     = var.autoscaling.min_count >= 1 && var.autoscaling.min_count <= var.autoscaling.max_count
    error_message = "autoscaling.min_count must be at least 1 and not above autoscaling.max_count."
  }

  validation {
    condition     = var.autoscaling.cpu_target_percent > 0 && var.autoscaling.cpu_target_percent <= 100
    error_message = "autoscaling.cpu_target_percent must be between 1 and 100."
  }

  validation {
    condition     = var.autoscaling.requests_per_target >= 1
    error_message = "autoscaling.requests_per_target must be at least 1."
  }
}
