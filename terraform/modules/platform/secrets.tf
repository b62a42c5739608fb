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
