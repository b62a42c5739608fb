# The agent platform on one Google Cloud project: Cloud Run functions (2nd gen),
# Firestore, a Cloud Tasks queue, a Scheduler -> Pub/Sub sweeper and the Firebase
# pieces the web app needs. Hosting content, Firestore rules and indexes are deployed
# by `firebase deploy` (docs/decisions/2026-11-22-terraform-owns.md).
#
# Order on a fresh project (docs/deploy.md, "What a first deploy does"):
#   APIs on -> wait (time_sleep.apis) -> service accounts, service agents, secret,
#   bucket, queue, topic, Firestore, Firebase -> IAM grants -> wait
#   (time_sleep.iam, iam.tf) -> functions -> invoker grants and the Scheduler job.

locals {
  # Shared with the local stack (local/src) so the Tasks stand-in retries and throttles
  # exactly like the real queue.
  queue_config = jsondecode(file("${path.module}/../../../config/queue.json"))
  queue_name   = coalesce(var.tasks_queue_name, "${var.name_prefix}-${local.queue_config.name}")
  # Designer turns started with `Prefer: respond-async`, for the chat-turn worker.
  turn_queue_config = jsondecode(file("${path.module}/../../../config/turn-queue.json"))
  turn_queue_name   = "${var.name_prefix}-${local.turn_queue_config.name}"
  # Deliveries of finished runs (webhooks, e-mail, web push), for the deliver worker.
  delivery_queue_config = jsondecode(file("${path.module}/../../../config/delivery-queue.json"))
  delivery_queue_name   = "${var.name_prefix}-${local.delivery_queue_config.name}"

  services = toset(concat([
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "cloudscheduler.googleapis.com",
    "cloudtasks.googleapis.com",
    "eventarc.googleapis.com",
    "firebase.googleapis.com",
    "firebasehosting.googleapis.com",
    "firebaserules.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "identitytoolkit.googleapis.com",
    "logging.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "serviceusage.googleapis.com",
    "storage.googleapis.com",
  ], var.enforce_app_check ? ["firebaseappcheck.googleapis.com", "recaptchaenterprise.googleapis.com"] : []))
}

resource "google_project_service" "enabled" {
  for_each = local.services

  project = var.project_id
  service = each.value
  # Turning an API off on destroy would break anything else in the project using it.
  disable_on_destroy = false
}

# An API reports "enabled" before every Google backend acts on it; resources created
# in the next seconds fail with "API not enabled" or "permission denied". Google's own
# solution templates wait here (time_sleep "wait_for_apis" in
# https://github.com/GoogleCloudPlatform/terraform-ml-image-annotation-gcf, infra/main.tf).
# Everything else in this module depends on this wait (checked by test/infra).
# The trigger re-runs the wait when an API is added; an unchanged list never waits.
resource "time_sleep" "apis" {
  create_duration = "60s"
  triggers = {
    services = join(",", sort(tolist(local.services)))
  }

  depends_on = [google_project_service.enabled]
}

data "google_project" "this" {
  project_id = var.project_id

  depends_on = [time_sleep.apis]
}
