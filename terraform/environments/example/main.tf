# Example environment: one project, everything in var.region. `npm run deploy`
# (scripts/deploy.sh) applies this directory; TF_ENV=<dir> applies a copy of it (a
# second deployment in the same project keeps its own state there).

provider "google" {
  project = var.project_id
  region  = var.region
  # Firebase and Identity Platform APIs refuse user credentials without a quota project.
  user_project_override = true
  billing_project       = var.project_id
}

provider "google-beta" {
  project               = var.project_id
  region                = var.region
  user_project_override = true
  billing_project       = var.project_id
}

module "platform" {
  source = "../../modules/platform"

  project_id                = var.project_id
  region                    = var.region
  firestore_location        = var.firestore_location
  name_prefix               = var.name_prefix
  manage_project_singletons = var.manage_project_singletons
  hosting_site_id           = var.hosting_site_id
  functions_dist_dir        = abspath("${path.root}/../../../dist/functions")
  anthropic_api_key         = var.anthropic_api_key
  anthropic_api_key_version = var.anthropic_api_key_version
  tick_schedule             = var.tick_schedule
  scheduler_time_zone       = var.scheduler_time_zone
  limits                    = var.limits
  workspace_image_tag       = var.workspace_image_tag
  artifact_retention_days   = var.artifact_retention_days
  scaling                   = var.scaling
  tasks_queue_name          = var.tasks_queue_name
  auth_authorized_domains   = var.auth_authorized_domains
  allow_localhost_sign_in   = var.allow_localhost_sign_in
  enforce_app_check         = var.enforce_app_check
  public_access             = var.public_access
  deliveries                = var.deliveries
  smtp_url                  = var.smtp_url
  smtp_url_version          = var.smtp_url_version
  vapid_private_key         = var.vapid_private_key
  vapid_private_key_version = var.vapid_private_key_version
}
