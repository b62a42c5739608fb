# One task per scheduled run. Rate, retry and backoff come from config/queue.json,
# which the local Tasks stand-in reads too.
resource "google_cloud_tasks_queue" "runs" {
  project  = var.project_id
  location = var.region
  name     = local.queue_name

  rate_limits {
    max_dispatches_per_second = local.queue_config.rateLimits.maxDispatchesPerSecond
    # Caps parallel Claude runs, and so spend and rate-limit pressure
    # (docs/deploy.md, "Sizing for bursts").
    max_concurrent_dispatches = local.queue_config.rateLimits.maxConcurrentDispatches
  }

  retry_config {
    max_attempts       = local.queue_config.retryConfig.maxAttempts
    max_retry_duration = "${local.queue_config.retryConfig.maxRetryDurationSeconds}s"
    min_backoff        = "${local.queue_config.retryConfig.minBackoffSeconds}s"
    max_backoff        = "${local.queue_config.retryConfig.maxBackoffSeconds}s"
    max_doublings      = local.queue_config.retryConfig.maxDoublings
  }

  # Every task goes to runAgent with an OIDC token whose audience is runAgent's
  # deterministic URL, the RUN_AGENT_URL the functions check, whatever the enqueuing
  # code put in the task: a wrong audience is a 401 on every run. Known before
  # runAgent exists, so the queue needs no function to be built first.
  http_target {
    uri_override {
      scheme                    = "HTTPS"
      host                      = trimprefix(local.function_urls["run-agent"], "https://")
      uri_override_enforce_mode = "ALWAYS"
    }
    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
      audience              = local.function_urls["run-agent"]
    }
  }

  stackdriver_logging_config {
    # Failed and retried dispatches are what one looks for; 10% of all is plenty.
    sampling_ratio = 0.1
  }

  depends_on = [time_sleep.apis]
}

# One task per designer turn started with `Prefer: respond-async`. Rate, retry and
# backoff come from config/turn-queue.json, which the local Tasks stand-in reads too:
# dispatched at once and retried briefly, since a person is waiting for the reply.
resource "google_cloud_tasks_queue" "turns" {
  project  = var.project_id
  location = var.region
  name     = local.turn_queue_name

  rate_limits {
    max_dispatches_per_second = local.turn_queue_config.rateLimits.maxDispatchesPerSecond
    max_concurrent_dispatches = local.turn_queue_config.rateLimits.maxConcurrentDispatches
  }

  retry_config {
    max_attempts       = local.turn_queue_config.retryConfig.maxAttempts
    max_retry_duration = "${local.turn_queue_config.retryConfig.maxRetryDurationSeconds}s"
    min_backoff        = "${local.turn_queue_config.retryConfig.minBackoffSeconds}s"
    max_backoff        = "${local.turn_queue_config.retryConfig.maxBackoffSeconds}s"
    max_doublings      = local.turn_queue_config.retryConfig.maxDoublings
  }

  # Every task goes to chat-turn with an OIDC token whose audience is its deterministic
  # URL, the CHAT_TURN_URL the worker checks (as for the runs queue above).
  http_target {
    uri_override {
      scheme                    = "HTTPS"
      host                      = trimprefix(local.function_urls["chat-turn"], "https://")
      uri_override_enforce_mode = "ALWAYS"
    }
    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
      audience              = local.function_urls["chat-turn"]
    }
  }

  stackdriver_logging_config {
    sampling_ratio = 0.1
  }

  depends_on = [time_sleep.apis]
}

# One named task per delivery of a finished run (webhook, e-mail, web push). Rate, retry
# and backoff come from config/delivery-queue.json, which the local Tasks stand-in reads
# too: a receiver that is down gets five tries over a quarter of an hour.
resource "google_cloud_tasks_queue" "deliveries" {
  project  = var.project_id
  location = var.region
  name     = local.delivery_queue_name

  rate_limits {
    max_dispatches_per_second = local.delivery_queue_config.rateLimits.maxDispatchesPerSecond
    max_concurrent_dispatches = local.delivery_queue_config.rateLimits.maxConcurrentDispatches
  }

  retry_config {
    max_attempts       = local.delivery_queue_config.retryConfig.maxAttempts
    max_retry_duration = "${local.delivery_queue_config.retryConfig.maxRetryDurationSeconds}s"
    min_backoff        = "${local.delivery_queue_config.retryConfig.minBackoffSeconds}s"
    max_backoff        = "${local.delivery_queue_config.retryConfig.maxBackoffSeconds}s"
    max_doublings      = local.delivery_queue_config.retryConfig.maxDoublings
  }

  # Every task goes to deliver with an OIDC token whose audience is its deterministic
  # URL, the DELIVER_URL the worker checks (as for the runs queue above).
  http_target {
    uri_override {
      scheme                    = "HTTPS"
      host                      = trimprefix(local.function_urls["deliver"], "https://")
      uri_override_enforce_mode = "ALWAYS"
    }
    oidc_token {
      service_account_email = google_service_account.tasks_invoker.email
      audience              = local.function_urls["deliver"]
    }
  }

  stackdriver_logging_config {
    sampling_ratio = 0.1
  }

  depends_on = [time_sleep.apis]
}
