# Source bundles: `npm run build` writes dist/functions/<entryPoint>/{index.js,package.json};
# each folder is zipped and uploaded under a name holding the zip's hash, because a
# new zip under the same object name does not redeploy a function
# (hashicorp/terraform-provider-google#1938).
data "archive_file" "source" {
  for_each = local.functions

  type        = "zip"
  source_dir  = "${var.functions_dist_dir}/${each.value.entry_point}"
  output_path = "${path.root}/.build/${each.key}.zip"
}

resource "google_storage_bucket" "sources" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.name_prefix}-fn-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  # Holds only build inputs that Terraform can upload again.
  force_destroy = true

  depends_on = [google_project_service.enabled]
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

  depends_on = [google_project_service.enabled]
}

# runAgent: the Cloud Tasks target (see local.run_agent).
resource "google_cloudfunctions2_function" "run_agent" {
  project     = var.project_id
  location    = var.region
  name        = local.run_agent.name
  description = local.run_agent.description

  build_config {
    runtime           = "nodejs22"
    entry_point       = local.run_agent.entry_point
    service_account   = google_service_account.build.id
    docker_repository = google_artifact_registry_repository.functions.id
    source {
      storage_source {
        bucket = google_storage_bucket.sources.name
        object = google_storage_bucket_object.source["run-agent"].name
      }
    }
  }

  service_config {
    available_memory                 = local.size["run-agent"].memory
    available_cpu                    = local.size["run-agent"].cpu
    max_instance_request_concurrency = local.size["run-agent"].concurrency
    timeout_seconds                  = local.run_agent.timeout_seconds
    min_instance_count               = local.size["run-agent"].min_instances
    max_instance_count               = local.size["run-agent"].max_instances
    # Cloud Tasks in the same project counts as internal traffic; nothing else may reach it.
    ingress_settings               = "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function["run-agent"].email

    environment_variables = merge(local.common_env, {
      RUN_AGENT_URL = local.run_agent_self_url
    })

    secret_environment_variables {
      key        = "ANTHROPIC_API_KEY"
      project_id = var.project_id
      secret     = google_secret_manager_secret.anthropic_api_key.secret_id
      # Read at instance start; a new key reaches new instances.
      version = "latest"
    }
  }

  lifecycle {
    precondition {
      condition     = var.limits.run_timeout_seconds + 30 <= local.queue_config.dispatchDeadlineSeconds
      error_message = "limits.run_timeout_seconds + 30 s must fit in config/queue.json dispatchDeadlineSeconds, or Cloud Tasks retries runs that are still going."
    }
  }

  # A revision whose secret has no version, or that its account cannot read, fails to start.
  depends_on = [
    google_secret_manager_secret_version.anthropic_api_key,
    google_secret_manager_secret_iam_member.anthropic_accessor,
    google_project_iam_member.build_builder,
  ]
}

# agents, chat and tick.
resource "google_cloudfunctions2_function" "edge" {
  for_each = local.edge_functions

  project     = var.project_id
  location    = var.region
  name        = each.key
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
    # Hosting calls agents and chat over the internet; tick only hears from Eventarc.
    ingress_settings               = each.key == "tick" ? "ALLOW_INTERNAL_ONLY" : "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    service_account_email          = google_service_account.function[each.key].email

    # RUN_AGENT_URL is the exact uri Cloud Run answers on: task URL and OIDC audience.
    environment_variables = merge(local.common_env, {
      RUN_AGENT_URL = google_cloudfunctions2_function.run_agent.service_config[0].uri
    })

    dynamic "secret_environment_variables" {
      for_each = contains(local.uses_anthropic, each.key) ? [1] : []
      content {
        key        = "ANTHROPIC_API_KEY"
        project_id = var.project_id
        secret     = google_secret_manager_secret.anthropic_api_key.secret_id
        version    = "latest"
      }
    }
  }

  dynamic "event_trigger" {
    for_each = each.key == "tick" ? [1] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = google_pubsub_topic.tick.id
      service_account_email = google_service_account.tick_trigger.email
      # A failed sweep is not retried: the next minute's tick finds the same due runs.
      retry_policy = "RETRY_POLICY_DO_NOT_RETRY"
    }
  }

  depends_on = [
    google_secret_manager_secret_version.anthropic_api_key,
    google_secret_manager_secret_iam_member.anthropic_accessor,
    google_project_iam_member.build_builder,
  ]
}
