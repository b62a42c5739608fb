# Identities and every role they hold. docs/deploy.md ("Roles") lists each grant with
# the call that needs it; test/infra fails when this file and that table differ.

# One runtime service account per function, so each holds only what its code uses.
resource "google_service_account" "function" {
  for_each = local.functions

  project      = var.project_id
  account_id   = "${var.name_prefix}-fn-${each.key}"
  display_name = "Agent platform (${var.name_prefix}): ${each.value.entry_point} function"

  depends_on = [time_sleep.apis]
}

# The identity Cloud Tasks signs its OIDC tokens as when it calls a task worker.
resource "google_service_account" "tasks_invoker" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-tasks-invoker"
  display_name = "Agent platform (${var.name_prefix}): Cloud Tasks -> workers"

  depends_on = [time_sleep.apis]
}

# The identity Eventarc's Pub/Sub push subscription calls tick with.
resource "google_service_account" "pubsub_push" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-pubsub-push"
  display_name = "Agent platform (${var.name_prefix}): Pub/Sub -> tick"

  depends_on = [time_sleep.apis]
}

# The identity Cloud Build builds function images with. New projects no longer give
# the default compute account the rights to build, so name one explicitly.
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-build"
  display_name = "Agent platform (${var.name_prefix}): function builds"

  depends_on = [time_sleep.apis]
}

# --- Service agents -------------------------------------------------------------
# Google creates a service agent when its API is first used, sometimes minutes after
# the API is on, and grants it its role. Creating the agents the triggers rely on
# here, with their usual roles, removes that race: "service agents that are created
# on user request aren't granted roles automatically"
# (https://cloud.google.com/iam/docs/create-service-agents). Roles from
# https://cloud.google.com/iam/docs/service-agents. Project-wide, so only the
# deployment that manages the project singletons creates them; scripts/destroy.sh
# forgets the grants instead of revoking them (other users of these APIs need them).
locals {
  service_agent_roles = {
    # Pushes tick's Pub/Sub messages (Eventarc's subscription) with an OIDC token.
    pubsub = "roles/pubsub.serviceAgent"
    # Creates tick's trigger; a trigger created before its role propagates fails with
    # "Permission denied while using the Eventarc Service Agent"
    # (hashicorp/terraform-provider-google#14584, #25294).
    eventarc = "roles/eventarc.serviceAgent"
    # Mints the OIDC token of every task it dispatches to a worker.
    cloudtasks = "roles/cloudtasks.serviceAgent"
    # Publishes the Scheduler job's message to the tick topic.
    cloudscheduler = "roles/cloudscheduler.serviceAgent"
  }
}

resource "google_project_service_identity" "agent" {
  for_each = { for agent, role in local.service_agent_roles : agent => role if var.manage_project_singletons }
  provider = google-beta

  project = var.project_id
  service = "${each.key}.googleapis.com"

  depends_on = [time_sleep.apis]
}

# Why: each agent's usual role (above), granted because an agent created on request
# gets none.
resource "google_project_iam_member" "service_agent" {
  for_each = { for agent, role in local.service_agent_roles : agent => role if var.manage_project_singletons }

  project = var.project_id
  role    = each.value
  member  = google_project_service_identity.agent[each.key].member
}

# Why: in projects whose Pub/Sub agent dates from before 2021-04-08 its role cannot
# mint OIDC tokens, so authenticated pushes to tick fail without this
# (https://cloud.google.com/eventarc/standard/docs/functions/roles-permissions). Granted on the push
# account only, not project-wide.
resource "google_service_account_iam_member" "pubsub_agent_token_creator" {
  service_account_id = google_service_account.pubsub_push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"

  depends_on = [google_project_service_identity.agent]
}

# --- Build ---------------------------------------------------------------------------
# Why: Cloud Build reads the uploaded source, writes build logs and pushes the image;
# Cloud Run Builder is the role Google documents for a custom build account of a
# function (https://cloud.google.com/run/docs/configuring/services/build-service-account).
resource "google_project_iam_member" "build" {
  project = var.project_id
  role    = "roles/run.builder"
  member  = google_service_account.build.member
}

# --- Runtime: what each function's code calls (local.functions[*].grants) -----------

# Why (firestore): the stores read, write and run transactions on Firestore documents.
# Firestore has no IAM scope finer than the database, and rules do not apply to servers.
resource "google_project_iam_member" "function_firestore" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "firestore") }

  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.function[each.key].member
}

# Why (enqueue_runs): saving an agent, run-now, test runs, the sweeper and a finished
# run create tasks on the runs queue; granted on this queue only.
resource "google_cloud_tasks_queue_iam_member" "enqueue_runs" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "enqueue_runs") }

  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.runs.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.function[each.key].member
}

# Why (enqueue_runs): a task carrying an OIDC token for the invoker account may only be
# created by someone allowed to act as that account (iam.serviceAccounts.actAs).
# Granted on the invoker account alone, not project-wide.
resource "google_service_account_iam_member" "enqueue_runs_act_as" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "enqueue_runs") }

  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.function[each.key].member
}

# Why (enqueue_turns): a designer turn started with `Prefer: respond-async` is handed
# to the chat-turn worker as a task on the turns queue; granted on this queue only.
resource "google_cloud_tasks_queue_iam_member" "enqueue_turns" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "enqueue_turns") }

  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.turns.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.function[each.key].member
}

# Why (enqueue_turns): as for runs, a task carrying the invoker account's OIDC token may
# only be created by someone allowed to act as that account. Granted on that account only.
resource "google_service_account_iam_member" "enqueue_turns_act_as" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "enqueue_turns") && !contains(f.grants, "enqueue_runs") }

  service_account_id = google_service_account.tasks_invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.function[each.key].member
}

# Why (enqueue_deliveries): a finished run's deliveries are each a task on the
# deliveries queue, made by whoever finishes the run (run-agent, or the sweeper in tick).
resource "google_cloud_tasks_queue_iam_member" "enqueue_deliveries" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "enqueue_deliveries") }

  project  = var.project_id
  location = var.region
  name     = google_cloud_tasks_queue.deliveries.name
  role     = "roles/cloudtasks.enqueuer"
  member   = google_service_account.function[each.key].member
}

# Why (delivery_secrets): deliver sends results, agents sends confirmation mails and test
# deliveries; both mount the SMTP URL and the VAPID private key from these secrets.
resource "google_secret_manager_secret_iam_member" "smtp_url" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "delivery_secrets") }

  project   = var.project_id
  secret_id = google_secret_manager_secret.smtp_url.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

resource "google_secret_manager_secret_iam_member" "vapid_private_key" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "delivery_secrets") }

  project   = var.project_id
  secret_id = google_secret_manager_secret.vapid_private_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

# Why (anthropic_key): the functions that call Claude mount the key from this secret.
resource "google_secret_manager_secret_iam_member" "anthropic_key" {
  for_each = { for name, f in local.functions : name => f if contains(f.grants, "anthropic_key") }

  project   = var.project_id
  secret_id = google_secret_manager_secret.anthropic_api_key.secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.key].member
}

# IAM changes take effect "typically within 2 minutes, but can take 7 minutes or
# longer" (https://cloud.google.com/iam/docs/access-change-propagation). A build
# that starts before its account's role has propagated fails, as does an Eventarc
# trigger before the Eventarc agent's role, and a revision whose account cannot yet
# read its secret; the provider's own Cloud Build examples wait after granting
# builder roles. Every function depends on this wait. The triggers re-run it when a
# grant is added; an unchanged configuration never waits.
resource "time_sleep" "iam" {
  create_duration = "120s"
  triggers = {
    functions = jsonencode({ for name, f in local.functions : name => f.grants })
    agents    = join(",", [for agent, role in local.service_agent_roles : agent if var.manage_project_singletons])
  }

  depends_on = [
    google_project_iam_member.service_agent,
    google_service_account_iam_member.pubsub_agent_token_creator,
    google_project_iam_member.build,
    google_project_iam_member.function_firestore,
    google_cloud_tasks_queue_iam_member.enqueue_runs,
    google_service_account_iam_member.enqueue_runs_act_as,
    google_cloud_tasks_queue_iam_member.enqueue_turns,
    google_service_account_iam_member.enqueue_turns_act_as,
    google_secret_manager_secret_iam_member.anthropic_key,
    google_cloud_tasks_queue_iam_member.enqueue_deliveries,
    google_secret_manager_secret_iam_member.smtp_url,
    google_secret_manager_secret_iam_member.vapid_private_key,
    google_project_iam_member.workspace_builds,
    google_service_account_iam_member.workspace_act_as,
    google_storage_bucket_iam_member.function_artifacts,
    google_project_iam_member.workspace_logs,
    google_storage_bucket_iam_member.workspace_objects,
    google_secret_manager_secret_iam_member.workspace_key,
    google_artifact_registry_repository_iam_member.workspace_pull,
  ]
}

# --- Who may call each function (after it exists, so not part of the wait above) ----

# Why: Firebase Hosting rewrites reach the public functions as anonymous callers, so
# they must be publicly invocable; each checks the Firebase ID token on every request.
# With public_access = "invoker_check_disabled" (an organisation policy refuses
# allUsers), scripts/deploy.sh turns Cloud Run's invoker check off instead.
resource "google_cloud_run_v2_service_iam_member" "public" {
  for_each = { for name, f in local.functions : name => f if f.access == "public" && var.public_access == "allUsers" }

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.fn[each.key].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Why: a task worker is private; Cloud Tasks' OIDC token for the invoker account is the
# only way in. For 2nd-gen functions Cloud Run's invoker role is what gates calls.
resource "google_cloud_run_v2_service_iam_member" "tasks_invoker" {
  for_each = { for name, f in local.functions : name => f if f.access == "tasks" }

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.fn[each.key].name
  role     = "roles/run.invoker"
  member   = google_service_account.tasks_invoker.member
}

# Why: Eventarc's push subscription delivers the Scheduler's messages to tick as this
# account.
resource "google_cloud_run_v2_service_iam_member" "pubsub_push" {
  for_each = { for name, f in local.functions : name => f if f.access == "pubsub" }

  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.fn[each.key].name
  role     = "roles/run.invoker"
  member   = google_service_account.pubsub_push.member
}
