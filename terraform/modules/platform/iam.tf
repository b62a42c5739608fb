# One runtime service account per function, so each holds only what it uses.
resource "google_service_account" "function" {
  for_each = local.functions

  project      = var.project_id
  account_id   = "${var.name_prefix}-fn-${each.key}"
  display_name = "Agent platform: ${each.value.entry_point} function"
}

# The identity Cloud Tasks signs its OIDC tokens as when it calls runAgent.
resource "google_service_account" "tasks_invoker" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-tasks-invoker"
  display_name = "Agent platform: Cloud Tasks -> runAgent"
}

# The identity Eventarc pushes Pub/Sub messages to tick with.
resource "google_service_account" "tick_trigger" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-tick-trigger"
  display_name = "Agent platform: Pub/Sub -> tick"
}

# The identity Cloud Build builds function images with. New projects no longer give
# the default compute account the rights to build, so name one explicitly.
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-build"
  display_name = "Agent platform: function builds"
}

# Why: every function reads and writes Firestore documents (agents, runs, usage).
# Firestore has no finer IAM scope than the project (rules do not apply to servers).
resource "google_project_iam_member" "function_firestore" {
  for_each = local.functions

  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.function[each.key].member
}

# Why: agents (save, run now), chat (test runs), tick (due runs) and runAgent (the
# next run) create Cloud Tasks; granted on this queue only.
resource "google_cloud_tasks_queue_iam_member" "enqueuer" {
  for_each = local.functions

  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.runs.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.function[each.key].member
}

# Why: a task carrying an OIDC token for the invoker account may only be created by
# someone allowed to act as that account (iam.serviceAccounts.actAs). Granted on the
# invoker account alone, not project-wide.
resource "google_service_account_iam_member" "enqueuer_acts_as_invoker" {
  for_each = local.functions

  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.function[each.key].member
}

# Why: chat and runAgent call Claude; the key is mounted from this one secret.
resource "google_secret_manager_secret_iam_member" "anthropic_accessor" {
  for_each = toset(local.uses_anthropic)

  project   = var.project_id
  secret_id = google_secret_manager_secret.anthropic_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

# Why: runAgent is private; Cloud Tasks' OIDC token for this account is the only
# way in. For 2nd-gen functions Cloud Run's invoker role is what gates calls.
resource "google_cloud_run_v2_service_iam_member" "tasks_invoke_run_agent" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.run_agent.name
  role     = "roles/run.invoker"
  member   = google_service_account.tasks_invoker.member
}

# Why: Eventarc delivers the Scheduler's Pub/Sub messages to tick as this account.
resource "google_cloud_run_v2_service_iam_member" "trigger_invokes_tick" {
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.edge["tick"].name
  role     = "roles/run.invoker"
  member   = google_service_account.tick_trigger.member
}

# Why: Firebase Hosting rewrites reach agents and chat as anonymous callers, so they
# must be publicly invocable. Both verify the Firebase ID token on every request.
resource "google_cloud_run_v2_service_iam_member" "public_behind_hosting" {
  for_each = toset(local.public_functions)

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.edge[each.key].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Why: the build writes logs, reads the uploaded source and pushes the image; this is
# the role Google documents for a custom Cloud Functions build account.
resource "google_project_iam_member" "build_builder" {
  project = var.project_id
  role    = "roles/cloudbuild.builds.builder"
  member  = google_service_account.build.member
}
