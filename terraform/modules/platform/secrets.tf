resource "google_secret_manager_secret" "anthropic_api_key" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-anthropic-api-key"

  replication {
    auto {}
  }

  depends_on = [time_sleep.apis]
}

# The key goes through a write-only argument: Terraform sends it to Secret Manager
# and keeps neither it nor a hash of it in state. Raising the version number is
# what stores a new key; an unchanged number sends nothing, so a rerun changes nothing.
resource "google_secret_manager_secret_version" "anthropic_api_key" {
  secret                 = google_secret_manager_secret.anthropic_api_key.id
  secret_data_wo         = var.anthropic_api_key
  secret_data_wo_version = var.anthropic_api_key_version
}

# The SMTP URL (with its password) and the VAPID private key, for result deliveries.
# Written like the Anthropic key: write-only, sent only when their version number is
# raised. Left unset they hold the placeholder `unset`, which the functions read as
# "not set up" (functions/src/shared/config.ts): e-mail or web push then says so.
resource "google_secret_manager_secret" "smtp_url" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-smtp-url"

  replication {
    auto {}
  }

  depends_on = [time_sleep.apis]
}

resource "google_secret_manager_secret_version" "smtp_url" {
  secret                 = google_secret_manager_secret.smtp_url.id
  secret_data_wo         = var.smtp_url != null ? var.smtp_url : "unset"
  secret_data_wo_version = var.smtp_url_version
}

resource "google_secret_manager_secret" "vapid_private_key" {
  project   = var.project_id
  secret_id = "${var.name_prefix}-vapid-private-key"

  replication {
    auto {}
  }

  depends_on = [time_sleep.apis]
}

resource "google_secret_manager_secret_version" "vapid_private_key" {
  secret                 = google_secret_manager_secret.vapid_private_key.id
  secret_data_wo         = var.vapid_private_key != null ? var.vapid_private_key : "unset"
  secret_data_wo_version = var.vapid_private_key_version
}
