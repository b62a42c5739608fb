# Example environment: one project, everything in var.region. `npm run deploy`
# (scripts/deploy.sh) applies this directory.

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
  functions_dist_dir        = abspath("${path.root}/../../../dist/functions")
  anthropic_api_key         = var.anthropic_api_key
  anthropic_api_key_version = var.anthropic_api_key_version
  scheduler_time_zone       = var.scheduler_time_zone
  limits                    = var.limits
  scaling                   = var.scaling
  tasks_queue_name          = var.tasks_queue_name
}
