variable "project_id" {
  type        = string
  description = "Google Cloud project to deploy into (billing enabled)."
}

variable "region" {
  type        = string
  description = "Region of functions, queue and Scheduler job. Must match the region in firebase.json rewrites."
  default     = "europe-west1"
}

variable "firestore_location" {
  type        = string
  description = "Firestore location id; fixed once the database exists."
  default     = "europe-west1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every name this deployment gives; two deployments in one project need two prefixes."
  default     = "agp"
}

variable "manage_project_singletons" {
  type        = bool
  description = "Whether this deployment creates the once-per-project pieces (Firebase project, Firestore database, Auth configuration, service agents' roles). False for a second deployment in the same project."
  default     = true
}

variable "hosting_site_id" {
  type        = string
  description = "Hosting site of this deployment; null is the project's default site. A second deployment in the same project needs its own."
  default     = null
}

variable "anthropic_api_key" {
  type        = string
  description = "Anthropic API key, from TF_VAR_anthropic_api_key only. Ephemeral: kept in neither state nor plan."
  sensitive   = true
  ephemeral   = true
  nullable    = false
}

variable "anthropic_api_key_version" {
  type        = number
  description = "Raise by one to store a new Anthropic key (scripts/deploy.sh passes ANTHROPIC_KEY_VERSION)."
  default     = 1
}

variable "tick_schedule" {
  type        = string
  description = "Unix-cron schedule of the sweeper; every minute unless there is a reason."
  default     = "* * * * *"
}

variable "scheduler_time_zone" {
  type        = string
  description = "tz-database time zone of the sweeper's Scheduler job."
  default     = "Etc/UTC"
}

variable "limits" {
  type = object({
    user_monthly_token_budget = optional(number)
    run_timeout_seconds       = optional(number)
    run_max_output_tokens     = optional(number)
    run_lease_seconds         = optional(number)
    chat_turns_per_minute     = optional(number)
    run_now_per_minute        = optional(number)
    tick_lookahead_minutes    = optional(number)
    workspace_timeout_seconds = optional(number)
  })
  description = "Budget and model settings; unset fields take the module's defaults (see modules/platform/variables.tf)."
  default     = {}
}

variable "scaling" {
  type = map(object({
    memory        = optional(string)
    cpu           = optional(string)
    concurrency   = optional(number)
    min_instances = optional(number)
    max_instances = optional(number)
  }))
  description = "Per-function size overrides keyed by service name (agents, chat, chat-turn, run-agent, tick)."
  default     = {}
}

variable "tasks_queue_name" {
  type        = string
  description = "Queue name override; needed only to re-create the platform within 7 days of a destroy."
  default     = null
}

variable "auth_authorized_domains" {
  type        = list(string)
  description = "Extra domains allowed to sign in (a custom Hosting domain, a second deployment's site domains)."
  default     = []
}

variable "allow_localhost_sign_in" {
  type        = bool
  description = "Development only: allow sign-in from pages served on localhost."
  default     = false
}

variable "enforce_app_check" {
  type        = bool
  description = "Make the public functions refuse requests without a valid App Check token (docs/deploy.md, \"App Check\")."
  default     = false
}

variable "public_access" {
  type        = string
  description = "\"allUsers\" (default) or \"invoker_check_disabled\" where an organisation policy refuses allUsers (docs/deploy.md)."
  default     = "allUsers"
}

variable "deliveries" {
  type = object({
    mail_from               = optional(string)
    emails_per_user_per_day = optional(number)
    vapid_public_key        = optional(string)
    vapid_subject           = optional(string)
  })
  description = "Result deliveries: sender, daily e-mail cap, VAPID public key (docs/deploy.md, \"Deliveries\"); unset fields take the module's defaults."
  default     = {}
}

variable "smtp_url" {
  type        = string
  description = "SMTP URL (`smtps://user:password@host:465`), stored only in Secret Manager. Pass it as TF_VAR_smtp_url."
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "vapid_private_key" {
  type        = string
  description = "VAPID private key for web push, stored only in Secret Manager. Pass it as TF_VAR_vapid_private_key."
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "smtp_url_version" {
  type        = number
  description = "Raise by one to store a new smtp_url (TF_VAR_smtp_url)."
  default     = 1
}

variable "vapid_private_key_version" {
  type        = number
  description = "Raise by one to store a new vapid_private_key (TF_VAR_vapid_private_key)."
  default     = 1
}

variable "workspace_image_tag" {
  type        = string
  description = "Tag of the workspace image (scripts/build-workspace-image.sh pushes it)."
  default     = "latest"
}

variable "artifact_retention_days" {
  type        = number
  description = "Days a run's kept files stay before the artifacts bucket's lifecycle rule deletes them."
  default     = 30
}
