# Source bundles: `npm run build` writes dist/functions/<entryPoint>/{index.js,app.js,package.json};
# each folder is zipped and uploaded under a name holding the zip's hash, because a
# new zip under the same object name does not redeploy a function
# (hashicorp/terraform-provider-google#1938). The same bundle gives the same hash, so
# a second deploy of unchanged code uploads and redeploys nothing.
data "archive_file" "source" {
  for_each = local.functions

  type        = "zip"
  source_dir  = "${var.functions_dist_dir}/${each.value.entry_point}"
  output_path = "${path.root}/.build/${var.name_prefix}-${each.key}.zip"
  # V8's code cache is made by the function's own build (its gcp-build script) with the
  # runtime's Node; one left by a local run or bench would be refused there, and would
  # change the zip's hash.
  excludes = ["app.js.cache"]
}

resource "google_storage_bucket" "sources" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.name_prefix}-fn-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  # Holds only build inputs that Terraform can upload again.
  force_destroy = true

  depends_on = [time_sleep.apis]
}

resource "google_storage_bucket_object" "source" {
  for_each = local.functions

  bucket = google_storage_bucket.sources.name
  name   = "${each.key}/${data.archive_file.source[each.key].output_sha256}.zip"
  source = data.archive_file.source[each.key].output_path
}

# Function images; without a cleanup policy every deploy's image is kept and billed.
resource "google_artifact_registry_repository" "functions" {
  project       = var.project_id
  location      = var.region
  repository_id = "${var.name_prefix}-functions"
  format        = "DOCKER"
  description   = "Images built from the agent platform's function bundles."

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 3
    }
  }
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      older_than = "604800s"
    }
  }

  depends_on = [time_sleep.apis]
}

# Every function of local.functions, shaped by its `access` (locals.tf).
resource "google_cloudfunctions2_function" "fn" {
  for_each = local.functions

  project     = var.project_id
  location    = var.region
  name        = local.service_names[each.key]
  description = each.value.description

  build_config {
    runtime           = "nodejs22"
    entry_point       = each.value.entry_point
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions.id
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.source[each.key].name
      }
    }
  }

  service_config {
    available_memory                 = local.size[each.key].memory
    available_cpu                    = local.size[each.key].cpu
    max_instance_request_concurrency = local.size[each.key].concurrency
    timeout_seconds                  = each.value.timeout_seconds
    min_instance_count               = local.size[each.key].min_instances
    max_instance_count               = local.size[each.key].max_instances
    # Hosting calls the public functions over the internet. Cloud Tasks and Eventarc
    # in the same project count as internal traffic; nothing else reaches the others.
    ingress_settings               = each.value.access == "public" ? "ALLOW_ALL" : "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email
    environment_variables          = local.function_env[each.key]

    dynamic "secret_environment_variables" {
      for_each = contains(each.value.grants, "anthropic_key") ? [1] : []
      content {
        key        = "ANTHROPIC_API_KEY"
        project_id = var.project_id
        secret     = google_secret_manager_secret.anthropic_api_key.secret_id
        # Read at instance start; a new key reaches new instances.
        version = "latest"
      }
    }

    dynamic "secret_environment_variables" {
      for_each = contains(each.value.grants, "delivery_secrets") ? [1] : []
      content {
        key        = "SMTP_URL"
        project_id = var.project_id
        secret     = google_secret_manager_secret.smtp_url.secret_id
        version    = "latest"
      }
    }

    dynamic "secret_environment_variables" {
      for_each = contains(each.value.grants, "delivery_secrets") ? [1] : []
      content {
        key        = "VAPID_PRIVATE_KEY"
        project_id = var.project_id
        secret     = google_secret_manager_secret.vapid_private_key.secret_id
        version    = "latest"
      }
    }
  }

  # The sweeper is the only Pub/Sub-triggered function; a second one would need a
  # topic of its own.
  dynamic "event_trigger" {
    for_each = each.value.access == "pubsub" ? [1] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = google_pubsub_topic.tick.id
      service_account_email = google_service_account.pubsub_push.email
      # A failed sweep is not retried: the next minute's tick finds the same due runs.
      retry_policy = "RETRY_POLICY_DO_NOT_RETRY"
    }
  }

  lifecycle {
    precondition {
      condition     = each.value.access != "tasks" || var.limits.run_timeout_seconds + 30 <= local.queue_config.dispatchDeadlineSeconds
      error_message = "limits.run_timeout_seconds + 30 s must fit in config/queue.json dispatchDeadlineSeconds, or Cloud Tasks retries runs that are still going."
    }
    precondition {
      # The deterministic URL exists only for a DNS label of 63 characters or less.
      condition     = length("${local.service_names[each.key]}-${data.google_project.this.number}") <= 63
      error_message = "The service name ${local.service_names[each.key]} is too long for Cloud Run's deterministic URL, which the task queue and RUN_AGENT_URL use; shorten name_prefix."
    }
    precondition {
      # Enforcement is done by the function code; a bundle that never reads the
      # variable would accept every request while the operator believes otherwise.
      condition     = !var.enforce_app_check || each.value.access != "public" ? true : strcontains(file("${var.functions_dist_dir}/${each.value.entry_point}/index.js"), "APP_CHECK_ENFORCE")
      error_message = "enforce_app_check is true but the ${each.value.entry_point} bundle never reads APP_CHECK_ENFORCE: the function would not check App Check tokens. Deploy code that does (docs/deploy.md, \"App Check\") first."
    }
  }

  # time_sleep.iam: the build account's role, the secret accessor, the service agents'
  # roles and the runtime roles are in place and propagated (iam.tf). The secret needs
  # a version, or a revision mounting "latest" fails to start.
  depends_on = [
    time_sleep.iam,
    google_secret_manager_secret_version.anthropic_api_key,
    google_secret_manager_secret_version.smtp_url,
    google_secret_manager_secret_version.vapid_private_key,
  ]
}
