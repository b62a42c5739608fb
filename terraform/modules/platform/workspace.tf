# Workspace runs (docs/workspace-runs.md): a run of an agent with engine "workspace" is
# one Cloud Build build from the prebuilt workspace image, as the workspace-runner
# account; the files it makes are kept in the private artifacts bucket.

# Kept files of runs, and each workspace build's source (the prompt as a file).
# Private: objects are read only through the API's owner check, never by URL.
resource "google_storage_bucket" "artifacts" {
  project                     = var.project_id
  name                        = "${var.project_id}-${var.name_prefix}-artifacts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  # Run files are kept for a while, not forever: runs list them, and a download after
  # this many days answers 404.
  lifecycle_rule {
    condition {
      age = var.artifact_retention_days
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [time_sleep.apis]
}

# The workspace image (docker/workspace/Dockerfile), pushed by scripts/build-workspace-image.sh.
resource "google_artifact_registry_repository" "workspace" {
  project       = var.project_id
  location      = var.region
  repository_id = "${var.name_prefix}-workspace"
  format        = "DOCKER"
  description   = "The image workspace runs execute Claude Code in."

  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 3
    }
  }

  depends_on = [time_sleep.apis]
}

# The identity each workspace build runs as: it reads its source and writes its files
# in the artifacts bucket, reads the Claude key, pulls the image and writes logs.
resource "google_service_account" "workspace_runner" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-workspace"
  display_name = "Agent platform (${var.name_prefix}): workspace builds"

  depends_on = [time_sleep.apis]
}

# Why: the build's step logs go to Cloud Logging only (options.logging CLOUD_LOGGING_ONLY).
resource "google_project_iam_member" "workspace_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = google_service_account.workspace_runner.member
}

# Why: the build reads its source (workspace-sources/) and uploads its files
# (workspace-runs/) in the artifacts bucket; granted on that bucket only.
resource "google_storage_bucket_iam_member" "workspace_objects" {
  bucket = google_storage_bucket.artifacts.name
  role   = "roles/storage.objectUser"
  member = google_service_account.workspace_runner.member
}

# Why: the build's step gets the Claude API key through availableSecrets/secretEnv.
resource "google_secret_manager_secret_iam_member" "workspace_key" {
  project   = var.project_id
  secret_id = google_secret_manager_secret.anthropic_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.workspace_runner.member
}

# Why: the build pulls the workspace image; granted on that repository only.
resource "google_artifact_registry_repository_iam_member" "workspace_pull" {
  project    = var.project_id
  location   = var.region
  repository = google_artifact_registry_repository.workspace.name
  role       = "roles/artifactregistry.reader"
  member     = google_service_account.workspace_runner.member
}

# Why (workspace): runAgent creates, reads and cancels one build per workspace run.
# Cloud Build has no IAM scope finer than the project.
resource "google_project_iam_member" "workspace_builds" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "workspace") }

  project = var.project_id
  role    = "roles/cloudbuild.builds.editor"
  member  = google_service_account.function[each.key].member
}

# Why (workspace): a build that runs as the workspace-runner account may only be created
# by someone allowed to act as it. Granted on that account only.
resource "google_service_account_iam_member" "workspace_act_as" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "workspace") }

  service_account_id = google_service_account.workspace_runner.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.function[each.key].member
}

# Why (artifacts): runAgent writes the files a run kept, uploads the build's source and
# reads what the build uploaded; agents reads a file for its owner's download.
resource "google_storage_bucket_iam_member" "function_artifacts" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "artifacts") }

  bucket = google_storage_bucket.artifacts.name
  role   = "roles/storage.objectUser"
  member = google_service_account.function[each.key].member
}
