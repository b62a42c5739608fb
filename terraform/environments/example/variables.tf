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
  description = "Per-function size overrides keyed by service name (agents, chat, run-agent, tick)."
  default     = {}
}

variable "tasks_queue_name" {
  type        = string
  description = "Queue name override; needed only to re-create the platform within 7 days of a destroy."
  default     = null
}
