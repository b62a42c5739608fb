locals {
  # Every function is described here once; functions.tf, iam.tf and tasks.tf derive
  # their resources from these maps, and test/infra checks them against
  # functions/src/index.ts, firebase.json and docs/deploy.md ("Roles").
  #
  # The key is the Cloud Run service name before the name prefix, and the serviceId
  # that firebase.json rewrites name; entry_point is the name registered in
  # functions/src/index.ts and the folder `npm run build` writes under
  # functions_dist_dir. Fields:
  #   access: who may call it.
  #     public - people, through Firebase Hosting rewrites (ingress ALLOW_ALL, invoker
  #              allUsers; the function checks the Firebase ID token itself);
  #     tasks  - only Cloud Tasks, with an OIDC token for the tasks-invoker account
  #              (ingress ALLOW_INTERNAL_ONLY);
  #     pubsub - only Eventarc's push subscription on the tick topic, as the
  #              pubsub-push account (ingress ALLOW_INTERNAL_ONLY).
  #   grants: the Google calls its code makes, each a set of roles on its runtime
  #     account (iam.tf): firestore, enqueue_runs, enqueue_turns, enqueue_deliveries,
  #     anthropic_key, delivery_secrets (the SMTP URL and the VAPID private key).
  edge_functions = {
    agents = {
      entry_point = "agents"
      access      = "public"
      grants      = ["firestore", "enqueue_runs", "delivery_secrets", "artifacts"]
      description = "Agent CRUD, run-now, executions, usage, delivery settings and run files (public behind Hosting; checks Firebase ID tokens)."
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
      access      = "public"
      grants      = ["firestore", "enqueue_runs", "enqueue_turns", "anthropic_key"]
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
      access          = "pubsub"
      grants          = ["firestore", "enqueue_runs", "enqueue_deliveries"]
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

  # runAgent, the Cloud Tasks target of the runs queue (tasks.tf).
  run_agent = {
    entry_point = "runAgent"
    access      = "tasks"
    grants      = ["firestore", "enqueue_runs", "enqueue_deliveries", "anthropic_key", "workspace", "artifacts"]
    description = "Runs one agent execution (Cloud Tasks target, private: only the invoker account)."
    memory      = "512Mi"
    cpu         = "1"
    # A run mostly waits on Claude; 50 × 10 slots match the queue's maxConcurrentDispatches (docs/scaling.md).
    concurrency = 10
    # Cloud Tasks waits dispatchDeadlineSeconds for an answer; the function may not be
    # cut off earlier, or a finished run would be retried.
    timeout_seconds = local.queue_config.dispatchDeadlineSeconds
    min_instances   = 0
    # Parallel runs are capped by the queue's maxConcurrentDispatches (config/queue.json).
    max_instances = 50
  }

  # chatTurn, the Cloud Tasks target of the chat turns queue (tasks.tf): a designer turn
  # started with `Prefer: respond-async` runs here to its end, whatever becomes of the
  # request that started it (Hosting cuts responses at 60 s).
  chat_turn = {
    entry_point = "chatTurn"
    access      = "tasks"
    grants      = ["firestore", "anthropic_key"]
    description = "Writes one designer reply to its end (Cloud Tasks target, private: only the invoker account)."
    # A turn mostly waits on Claude, so one instance holds many.
    memory      = "512Mi"
    cpu         = "1"
    concurrency = 20
    # Cloud Tasks waits dispatchDeadlineSeconds for an answer; the function may not be
    # cut off earlier, or a finished turn would be run again.
    timeout_seconds = local.turn_queue_config.dispatchDeadlineSeconds
    min_instances   = 0
    max_instances   = 20
  }

  # deliver, the Cloud Tasks target of the deliveries queue (tasks.tf): one webhook,
  # e-mail or web push of a finished run. It calls out to addresses people choose,
  # through the guarded client (functions/src/net/guarded-fetch.ts).
  deliver = {
    entry_point = "deliver"
    access      = "tasks"
    grants      = ["firestore", "delivery_secrets"]
    description = "Sends one delivery of a finished run (Cloud Tasks target, private: only the invoker account)."
    # Mostly waiting on receivers, bounded at 15 s each.
    memory      = "256Mi"
    cpu         = "0.5"
    concurrency = 20
    # Cloud Tasks waits dispatchDeadlineSeconds for an answer; a delivery cut off
    # earlier would be sent again.
    timeout_seconds = local.delivery_queue_config.dispatchDeadlineSeconds
    min_instances   = 0
    max_instances   = 10
  }

  # A further private worker (a Cloud Tasks target) goes next to these, into this
  # merge, and gets a queue of its own in tasks.tf (a queue overrides every task's
  # host, so one queue serves one target).
  functions = merge(local.edge_functions, { "run-agent" = local.run_agent, "chat-turn" = local.chat_turn, "deliver" = local.deliver })

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

  # Cloud Run service (= function) names carry the prefix, so two deployments can
  # share a project; deploy.sh rewrites firebase.json's serviceIds with this map.
  service_names = { for name, f in local.functions : name => "${var.name_prefix}-${name}" }

  # Cloud Run's deterministic URL (https://cloud.google.com/run/docs/triggering/https-request,
  # "Deterministic URL"), known before the function exists. It is the task target, the
  # OIDC audience the queue puts in every token and RUN_AGENT_URL, one string for all
  # three, so the audience runAgent checks is the one Cloud Tasks sends.
  function_urls = {
    for name, f in local.functions : name => "https://${local.service_names[name]}-${data.google_project.this.number}.${var.region}.run.app"
  }

  # Runtime settings read by the functions' configuration loader (functions/src,
  # loadConfig); test/infra checks each against it.
  common_env = {
    PLATFORM_ENV = "production"
    # Also the project of `logging.googleapis.com/trace` values (projects/P/traces/T).
    GOOGLE_CLOUD_PROJECT = var.project_id
    FUNCTION_REGION      = var.region
    # Read by the Functions Framework: every log line written during a request gets
    # the request's execution id. Set explicitly because Cloud Run functions add it to
    # new functions, which Terraform would otherwise show as a change on every plan
    # (https://github.com/GoogleCloudPlatform/cloud-foundation-fabric/issues/2403).
    LOG_EXECUTION_ID         = "true"
    USER_MONTHLY_BUDGET_USD  = tostring(var.limits.user_monthly_budget_usd)
    GUEST_MONTHLY_BUDGET_USD = tostring(var.limits.guest_monthly_budget_usd)
    # Empty means unset to the loader: no platform-wide budget, no token limit.
    PLATFORM_MONTHLY_BUDGET_USD   = var.limits.platform_monthly_budget_usd == null ? "" : tostring(var.limits.platform_monthly_budget_usd)
    USER_MONTHLY_TOKEN_BUDGET     = var.limits.user_monthly_token_budget == null ? "" : tostring(var.limits.user_monthly_token_budget)
    USER_MAX_CONCURRENT_RUNS      = tostring(var.limits.user_max_concurrent_runs)
    USER_MAX_AGENTS               = tostring(var.limits.user_max_agents)
    RUN_MAX_INPUT_TOKENS          = tostring(var.limits.run_max_input_tokens)
    RUN_TIMEOUT_SECONDS           = tostring(var.limits.run_timeout_seconds)
    RUN_MAX_OUTPUT_TOKENS         = tostring(var.limits.run_max_output_tokens)
    RUN_LEASE_SECONDS             = tostring(var.limits.run_lease_seconds)
    CHAT_TURNS_PER_MINUTE         = tostring(var.limits.chat_turns_per_minute)
    RUN_NOW_PER_MINUTE            = tostring(var.limits.run_now_per_minute)
    TICK_LOOKAHEAD_MINUTES        = tostring(var.limits.tick_lookahead_minutes)
    TASKS_QUEUE                   = local.queue_name
    TURNS_QUEUE                   = local.turn_queue_name
    TASKS_LOCATION                = var.region
    TASKS_INVOKER_SERVICE_ACCOUNT = google_service_account.tasks_invoker.email
    RUN_AGENT_URL                 = local.function_urls["run-agent"]
    CHAT_TURN_URL                 = local.function_urls["chat-turn"]
    DELIVERIES_QUEUE              = local.delivery_queue_name
    DELIVER_URL                   = local.function_urls["deliver"]
    # Links in deliveries (a run's page, confirmation and unsubscribe links) point here.
    APP_URL                 = "https://${local.hosting_site_id}.web.app"
    MAIL_FROM               = var.deliveries.mail_from
    EMAILS_PER_USER_PER_DAY = tostring(var.deliveries.emails_per_user_per_day)
    VAPID_PUBLIC_KEY        = var.deliveries.vapid_public_key
    VAPID_SUBJECT           = var.deliveries.vapid_subject
    # Workspace runs (workspace.tf): the image, the build's account and key, the files' bucket.
    WORKSPACE_TIMEOUT_SECONDS = tostring(var.limits.workspace_timeout_seconds)
    WORKSPACE_IMAGE           = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.workspace.repository_id}/workspace:${var.workspace_image_tag}"
    WORKSPACE_SERVICE_ACCOUNT = "projects/${var.project_id}/serviceAccounts/${google_service_account.workspace_runner.email}"
    WORKSPACE_API_KEY_SECRET  = "${google_secret_manager_secret.anthropic_api_key.id}/versions/latest"
    ARTIFACTS_BUCKET          = google_storage_bucket.artifacts.name
  }

  # Only the public functions: whether they refuse calls without a valid App Check
  # token (functions.tf refuses `true` with a bundle that does not read it).
  public_env = {
    APP_CHECK_ENFORCE = tostring(var.enforce_app_check)
  }

  function_env = {
    for name, f in local.functions : name => merge(local.common_env, { for k, v in local.public_env : k => v if f.access == "public" })
  }

  # The project's default Hosting site unless this deployment has a site of its own.
  hosting_site_id   = coalesce(var.hosting_site_id, var.project_id)
  uses_default_site = local.hosting_site_id == var.project_id
}
