# The agent platform on one Google Cloud project: four Cloud Run functions (2nd gen),
# Firestore, a Cloud Tasks queue, a Scheduler -> Pub/Sub sweeper and the Firebase
# pieces the web app needs. Hosting content, Firestore rules and indexes are deployed
# by `firebase deploy` (docs/decisions/2026-11-22-terraform-owns.md).

locals {
  # Shared with the local stack (local/src) so the Tasks stand-in retries and throttles
  # exactly like the real queue.
  queue_config = jsondecode(file("${path.module}/../../../config/queue.json"))
  queue_name   = coalesce(var.tasks_queue_name, local.queue_config.name)

  services = toset([
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
  ])
}

resource "google_project_service" "enabled" {
  for_each = local.services

  project = var.project_id
  service = each.value
  # Turning an API off on destroy would break anything else in the project using it.
  disable_on_destroy = false
}

data "google_project" "this" {
  project_id = var.project_id

  depends_on = [google_project_service.enabled]
}
