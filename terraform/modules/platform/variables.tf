variable "project_id" {
  type        = string
  description = "Google Cloud project that receives the platform. It becomes a Firebase project too."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id: 6-30 lowercase letters, digits or hyphens."
  }
}

variable "region" {
  type        = string
  description = "Region of the functions, the Tasks queue and the Scheduler job. firebase.json rewrites name the same region."
  default     = "europe-west1"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "firestore_location" {
  type        = string
  description = "Firestore location id (a region such as europe-west1, or a multi-region such as eur3, about 2x the price). It cannot change after creation."
  default     = "europe-west1"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every name this deployment gives: functions (Cloud Run services), service accounts, the secret, the Pub/Sub topic, the Scheduler job, the Tasks queue, the source bucket and the image repository. Two deployments in one project need two prefixes (docs/deploy.md, \"Two deployments in one project\")."
  default     = "agp"

  validation {
    # Service account ids allow 30 characters: prefix + "-fn-" + the longest function key.
    condition     = can(regex("^[a-z][a-z0-9-]{1,9}$", var.name_prefix)) && !endswith(var.name_prefix, "-")
    error_message = "name_prefix must be 2-10 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "manage_project_singletons" {
  type        = bool
  description = "Whether this deployment creates what exists once per project: the Firebase project, the (default) Firestore database, the Identity Platform (Auth) configuration and the service agents' roles. Exactly one deployment per project sets true; a second deployment in the same project sets false and shares them (and its own Hosting site must then be listed in the first one's auth_authorized_domains)."
  default     = true
}

variable "hosting_site_id" {
  type        = string
  description = "Firebase Hosting site of this deployment; null uses the project's default site (site id = project id). A second deployment in one project needs a site of its own: a globally unique DNS label such as <project>-staging."
  default     = null

  validation {
    condition     = var.hosting_site_id == null ? true : can(regex("^[a-z0-9][a-z0-9-]{4,61}[a-z0-9]$", var.hosting_site_id))
    error_message = "hosting_site_id must be 6-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit."
  }
  validation {
    condition     = var.hosting_site_id != null || var.manage_project_singletons
    error_message = "A deployment that does not manage the project singletons shares the project with another one, which already serves the default Hosting site: give it a hosting_site_id of its own."
  }
}

variable "functions_dist_dir" {
  type        = string
  description = "Directory written by `npm run build`: one folder per entry point registered in functions/src/index.ts, each with index.js and package.json."
}

variable "anthropic_api_key" {
  type        = string
  description = "Anthropic API key. Ephemeral and sent through a write-only argument, so it is stored only in Secret Manager: never in state or plan files. Pass it as TF_VAR_anthropic_api_key, never in a tfvars file."
  sensitive   = true
  ephemeral   = true
  nullable    = false

  validation {
    condition     = length(var.anthropic_api_key) > 0
    error_message = "anthropic_api_key is empty: export TF_VAR_anthropic_api_key (scripts/deploy.sh does it from ANTHROPIC_API_KEY)."
  }
}

variable "anthropic_api_key_version" {
  type        = number
  description = "Raise by one to store a new Anthropic key in Secret Manager; Terraform cannot see a write-only value change by itself. Functions pick up the new version on their next cold start."
  default     = 1

  validation {
    condition     = var.anthropic_api_key_version >= 1 && floor(var.anthropic_api_key_version) == var.anthropic_api_key_version
    error_message = "anthropic_api_key_version must be a whole number >= 1."
  }
}

variable "tick_schedule" {
  type        = string
  description = "Unix-cron schedule of the sweeper. Every minute is the finest Cloud Scheduler allows and what TICK_LOOKAHEAD_MINUTES assumes."
  default     = "* * * * *"

  validation {
    condition     = length(split(" ", trimspace(var.tick_schedule))) == 5
    error_message = "tick_schedule must be a 5-field unix-cron expression."
  }
}

variable "scheduler_time_zone" {
  type        = string
  description = "tz-database time zone of the Scheduler job. The every-minute sweep does not depend on it; agents carry their own time zones."
  default     = "Etc/UTC"

  validation {
    condition     = can(regex("^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$", var.scheduler_time_zone))
    error_message = "scheduler_time_zone must be a tz-database name such as Etc/UTC or Europe/Berlin."
  }
}

variable "limits" {
  type = object({
    user_monthly_budget_usd     = optional(number, 5)
    guest_monthly_budget_usd    = optional(number, 0.5)
    platform_monthly_budget_usd = optional(number)
    user_monthly_token_budget   = optional(number)
    user_max_concurrent_runs    = optional(number, 2)
    user_max_agents             = optional(number, 50)
    run_max_input_tokens        = optional(number, 100000)
    run_timeout_seconds         = optional(number, 300)
    run_max_output_tokens       = optional(number, 16000)
    run_lease_seconds           = optional(number, 60)
    chat_turns_per_minute       = optional(number, 10)
    run_now_per_minute          = optional(number, 20)
    tick_lookahead_minutes      = optional(number, 5)
    workspace_timeout_seconds   = optional(number, 300)
  })
  description = <<-EOT
    Budget and model settings passed to the functions (their config loader, loadConfig in functions/src, reads them
    with the same defaults and limits): dollars a signed-in user and a guest may spend per UTC month, dollars
    all users together may (unset: no platform limit), an optional extra token limit per user, runs a user may
    have going at once, agents a user may keep, input tokens one run attempt may send, seconds one run attempt may take, output-token ceiling of one run, seconds of a run's lease (renewed
    while it runs; a dead run is taken over once it lapses), chat turns per user per minute, runs a user may start by
    hand (run now, test runs) per minute, and how many minutes ahead the
    sweeper enqueues runs, and seconds Claude Code may work in one workspace run (kept within the run's own
    limit). Model ids and prices are in config/models.json.
  EOT
  default     = {}

  validation {
    condition     = var.limits.user_monthly_token_budget == null || try(var.limits.user_monthly_token_budget >= 0 && var.limits.user_monthly_token_budget <= 1e12, false)
    error_message = "limits.user_monthly_token_budget must be unset or between 0 and 1e12 tokens."
  }
  validation {
    condition     = var.limits.user_monthly_budget_usd >= 0 && var.limits.guest_monthly_budget_usd >= 0 && (var.limits.platform_monthly_budget_usd == null || try(var.limits.platform_monthly_budget_usd >= 0, false))
    error_message = "limits: budgets in USD must not be negative."
  }
  validation {
    condition     = var.limits.user_max_concurrent_runs >= 1 && var.limits.user_max_concurrent_runs <= 100 && var.limits.user_max_agents >= 1 && var.limits.user_max_agents <= 10000
    error_message = "limits.user_max_concurrent_runs must be 1-100 and limits.user_max_agents 1-10000."
  }
  validation {
    condition     = var.limits.run_max_input_tokens >= 1000 && var.limits.run_max_input_tokens <= 1000000
    error_message = "limits.run_max_input_tokens must be 1000-1000000."
  }
  validation {
    condition     = var.limits.run_timeout_seconds >= 15 && var.limits.run_timeout_seconds <= 1800
    error_message = "limits.run_timeout_seconds must be 15-1800: Cloud Tasks stops waiting for an HTTP target after 30 minutes."
  }
  validation {
    condition     = var.limits.run_max_output_tokens >= 256 && var.limits.run_max_output_tokens <= 128000
    error_message = "limits.run_max_output_tokens must be 256-128000 (the models' output ceiling)."
  }
  validation {
    condition     = var.limits.run_lease_seconds >= 30 && var.limits.run_lease_seconds <= 3600
    error_message = "limits.run_lease_seconds must be 30-3600."
  }
  validation {
    condition     = var.limits.chat_turns_per_minute >= 1 && var.limits.chat_turns_per_minute <= 1000
    error_message = "limits.chat_turns_per_minute must be 1-1000."
  }
  validation {
    condition     = var.limits.run_now_per_minute >= 1 && var.limits.run_now_per_minute <= 1000
    error_message = "limits.run_now_per_minute must be 1-1000."
  }
  validation {
    condition     = var.limits.tick_lookahead_minutes >= 1 && var.limits.tick_lookahead_minutes <= 60
    error_message = "limits.tick_lookahead_minutes must be 1-60."
  }
  validation {
    condition     = var.limits.workspace_timeout_seconds >= 1 && var.limits.workspace_timeout_seconds <= 3600
    error_message = "limits.workspace_timeout_seconds must be 1-3600."
  }
}

variable "workspace_image_tag" {
  type        = string
  description = "Tag of the workspace image in the workspace repository (scripts/build-workspace-image.sh pushes it)."
  default     = "latest"
  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.workspace_image_tag))
    error_message = "workspace_image_tag must be a Docker tag."
  }
}

variable "artifact_retention_days" {
  type        = number
  description = "Days a run's kept files stay in the artifacts bucket before its lifecycle rule deletes them."
  default     = 30
  validation {
    condition     = var.artifact_retention_days >= 1 && var.artifact_retention_days <= 3650
    error_message = "artifact_retention_days must be 1-3650."
  }
}

variable "scaling" {
  type = map(object({
    memory        = optional(string)
    cpu           = optional(string)
    concurrency   = optional(number)
    min_instances = optional(number)
    max_instances = optional(number)
  }))
  description = "Per-function overrides of the sizes in locals.tf, keyed by service name (agents, chat, chat-turn, deliver, run-agent, tick). A min_instances above 0 removes cold starts but is billed around the clock."
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.scaling) : contains(["agents", "chat", "chat-turn", "deliver", "run-agent", "tick"], k)])
    error_message = "scaling keys must be among agents, chat, chat-turn, deliver, run-agent, tick."
  }
  validation {
    condition     = alltrue([for s in values(var.scaling) : s.concurrency == null ? true : s.concurrency >= 1 && s.concurrency <= 1000])
    error_message = "scaling concurrency must be 1-1000 (a value above 1 needs cpu >= 1)."
  }
}

variable "deliveries" {
  type = object({
    mail_from               = optional(string, "Agent Platform <no-reply@example.com>")
    emails_per_user_per_day = optional(number, 50)
    # The public half of the VAPID pair whose private half is var.vapid_private_key
    # (`npx web-push generate-vapid-keys`); empty leaves web push off.
    vapid_public_key = optional(string, "")
    vapid_subject    = optional(string, "mailto:admin@example.com")
  })
  description = "Result deliveries (docs/deploy.md, \"Deliveries\"): the sender address, the daily e-mail cap per user, and the VAPID public key and contact."
  default     = {}

  validation {
    condition     = var.deliveries.emails_per_user_per_day >= 1 && var.deliveries.emails_per_user_per_day <= 10000
    error_message = "deliveries.emails_per_user_per_day must be 1-10000."
  }
}

variable "smtp_url_version" {
  type        = number
  description = "Raise by one to store a new var.smtp_url in Secret Manager (functions read it on their next cold start). Without var.smtp_url the secret holds `unset` and e-mail answers that it is not set up."
  default     = 1

  validation {
    condition     = var.smtp_url_version >= 1 && floor(var.smtp_url_version) == var.smtp_url_version
    error_message = "smtp_url_version must be a whole number >= 1."
  }
}

variable "vapid_private_key_version" {
  type        = number
  description = "Raise by one to store a new var.vapid_private_key in Secret Manager. Without it the secret holds `unset` and web push answers that it is not set up."
  default     = 1

  validation {
    condition     = var.vapid_private_key_version >= 1 && floor(var.vapid_private_key_version) == var.vapid_private_key_version
    error_message = "vapid_private_key_version must be a whole number >= 1."
  }
}

variable "smtp_url" {
  type        = string
  description = "SMTP URL of any mail provider (`smtps://user:password@host:465`). Ephemeral and write-only like the Anthropic key: stored only in Secret Manager, sent when smtp_url_version changes. Pass it as TF_VAR_smtp_url."
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "vapid_private_key" {
  type        = string
  description = "The VAPID private key (base64url) for web push. Ephemeral and write-only: stored only in Secret Manager, sent when vapid_private_key_version changes. Pass it as TF_VAR_vapid_private_key."
  sensitive   = true
  ephemeral   = true
  default     = null
}

variable "tasks_queue_name" {
  type        = string
  description = "Cloud Tasks queue name; null uses <name_prefix>-<name in config/queue.json>. Google blocks a deleted queue's name for 7 days, so set another name to re-create the platform within a week of a destroy."
  default     = null

  validation {
    condition     = var.tasks_queue_name == null ? true : can(regex("^[A-Za-z0-9-]{1,100}$", var.tasks_queue_name))
    error_message = "tasks_queue_name may hold letters, digits and hyphens only (1-100 characters)."
  }
}

variable "auth_authorized_domains" {
  type        = list(string)
  description = "Extra domains allowed to sign in with Firebase Auth: a custom Hosting domain, or a second deployment's <site>.web.app and <site>.firebaseapp.com. The project's and this deployment's web.app and firebaseapp.com domains are always allowed."
  default     = []

  validation {
    condition     = alltrue([for d in var.auth_authorized_domains : can(regex("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", d)) && d != "localhost"])
    error_message = "auth_authorized_domains takes bare domain names (no scheme, port or path); allow localhost with allow_localhost_sign_in instead."
  }
}

variable "allow_localhost_sign_in" {
  type        = bool
  description = "Development only: also allow Firebase Auth sign-in from pages served on localhost. Leave false for production, where any page on a visitor's own machine could otherwise start sign-ins against this project."
  default     = false
}

variable "enforce_app_check" {
  type        = bool
  description = "Make the public functions (agents, chat) refuse requests without a valid Firebase App Check token (X-Firebase-AppCheck). Creates a reCAPTCHA Enterprise key for the web app's domains, registers it as the web app's App Check provider, and sets APP_CHECK_ENFORCE on the public functions; scripts/deploy.sh gives the web app the site key (docs/deploy.md, \"App Check\")."
  default     = false
}

variable "public_access" {
  type        = string
  description = "How the public functions become callable by Firebase Hosting: \"allUsers\" grants roles/run.invoker to allUsers; \"invoker_check_disabled\" grants nothing and scripts/deploy.sh turns Cloud Run's invoker check off on them instead, for projects whose organisation policy (Domain Restricted Sharing) refuses allUsers (docs/deploy.md)."
  default     = "allUsers"

  validation {
    condition     = contains(["allUsers", "invoker_check_disabled"], var.public_access)
    error_message = "public_access must be \"allUsers\" or \"invoker_check_disabled\"."
  }
}
