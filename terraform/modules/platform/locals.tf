locals {
  # The functions reached by users (through Hosting) or by Pub/Sub. The key is the
  # Cloud Run service name that firebase.json rewrites name; entry_point is the name
  # registered in functions/src/index.ts and the folder `npm run build` writes under
  # functions_dist_dir.
  edge_functions = {
    agents = {
      entry_point = "agents"
      description = "Agent CRUD, run-now, executions and usage (public behind Hosting; checks Firebase ID tokens)."
      # Short Firestore requests: many share one instance.
      memory          = "512Mi"
      cpu             = "1"
      concurrency     = 40
      timeout_seconds = 60
      min_instances   = 0
      max_instances   = 20
    }
    chat = {
      entry_point = "chat"
      description = "One designer chat turn with Claude, streamed through Firestore (public behind Hosting)."
      # A turn mostly waits on Claude, so one instance can hold many. Hosting cuts the
      # HTTP response at 60 s but the turn keeps writing its message to Firestore.
      memory          = "512Mi"
      cpu             = "1"
      concurrency     = 20
      timeout_seconds = 300
      min_instances   = 0
      max_instances   = 20
    }
    tick = {
      entry_point     = "tick"
      description     = "Sweeper: enqueues a Cloud Task for every due run that has none (Pub/Sub, every minute)."
      memory          = "256Mi"
      cpu             = "0.1666"
      concurrency     = 1
      timeout_seconds = 120
      min_instances   = 0
      # Ticks are idempotent; two at once would only race for the same named tasks.
      max_instances = 2
    }
  }

  # The Cloud Tasks target. Its own resource, because the others take its URL (the
  # OIDC audience) as RUN_AGENT_URL.
  run_agent = {
    name        = "run-agent"
    entry_point = "runAgent"
    description = "Runs one agent execution (Cloud Tasks target, private: only the invoker account)."
    memory      = "512Mi"
    cpu         = "1"
    concurrency = 8
    # Cloud Tasks waits dispatchDeadlineSeconds for an answer; the function may not be
    # cut off earlier, or a finished run would be retried.
    timeout_seconds = local.queue_config.dispatchDeadlineSeconds
    min_instances   = 0
    # Parallel runs are capped lower, by the queue's maxConcurrentDispatches.
    max_instances = 20
  }

  functions = merge(local.edge_functions, { "run-agent" = local.run_agent })

  # Sizes after var.scaling; try() covers functions it does not name.
  size = {
    for name, f in local.functions : name => {
      memory        = try(coalesce(var.scaling[name].memory), f.memory)
      cpu           = try(coalesce(var.scaling[name].cpu), f.cpu)
      concurrency   = try(coalesce(var.scaling[name].concurrency), f.concurrency)
      min_instances = try(coalesce(var.scaling[name].min_instances), f.min_instances)
      max_instances = try(coalesce(var.scaling[name].max_instances), f.max_instances)
    }
  }

  # Functions that call Claude and so mount the key (agents and tick do not).
  uses_anthropic = ["chat", "run-agent"]

  # Reached through Firebase Hosting rewrites, which call as an anonymous user.
  public_functions = ["agents", "chat"]

  # Runtime settings read by functions/src/shared/config.ts.
  common_env = {
    PLATFORM_ENV                  = "production"
    GOOGLE_CLOUD_PROJECT          = var.project_id
    FUNCTION_REGION               = var.region
    USER_MONTHLY_TOKEN_BUDGET     = tostring(var.limits.user_monthly_token_budget)
    RUN_TIMEOUT_SECONDS           = tostring(var.limits.run_timeout_seconds)
    RUN_MAX_OUTPUT_TOKENS         = tostring(var.limits.run_max_output_tokens)
    RUN_LEASE_SECONDS             = tostring(var.limits.run_lease_seconds)
    CHAT_TURNS_PER_MINUTE         = tostring(var.limits.chat_turns_per_minute)
    RUN_NOW_PER_MINUTE            = tostring(var.limits.run_now_per_minute)
    TICK_LOOKAHEAD_MINUTES        = tostring(var.limits.tick_lookahead_minutes)
    TASKS_QUEUE                   = local.queue_name
    TASKS_LOCATION                = var.region
    TASKS_INVOKER_SERVICE_ACCOUNT = google_service_account.tasks_invoker.email
  }

  # Cloud Run's deterministic service URL. Only runAgent's own environment uses it (a
  # resource cannot read its own uri); the queue overrides host and OIDC audience with
  # the real uri for every task anyway (tasks.tf).
  run_agent_self_url = "https://${local.run_agent.name}-${data.google_project.this.number}.${var.region}.run.app"
}
