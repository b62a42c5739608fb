# Firebase on top of the Cloud project: Auth for guest sessions, a web app whose
# config Hosting serves at /__/firebase/init.json, and the Hosting site.

# A project becomes a Firebase project once and for good; the provider only forgets
# it on destroy. ABANDON says so, and keeps a destroy from ever trying.
resource "google_firebase_project" "this" {
  count    = var.manage_project_singletons ? 1 : 0
  provider = google-beta

  project         = var.project_id
  deletion_policy = "ABANDON"

  depends_on = [time_sleep.apis]
}

resource "google_firebase_web_app" "web" {
  provider     = google-beta
  project      = var.project_id
  display_name = "Agent Platform (${var.name_prefix})"
  # Keep the app (and its API key) if the stack is destroyed: deleting a web app
  # breaks every browser that still holds its config.
  deletion_policy = "ABANDON"

  depends_on = [google_firebase_project.this, time_sleep.apis]
}

# The project's default site (site id = project id) exists once per project and cannot
# be deleted: destroying it fails (hashicorp/terraform-provider-google#23496), so it is
# abandoned. Creating it adopts the site if Firebase made it already
# (GoogleCloudPlatform/magic-modules#10986). A deployment with a site of its own
# (hosting_site_id) deletes that site on destroy.
resource "google_firebase_hosting_site" "web" {
  provider = google-beta
  project  = var.project_id
  site_id  = local.hosting_site_id
  app_id   = google_firebase_web_app.web.app_id

  deletion_policy = local.uses_default_site ? "ABANDON" : "DELETE"
}

locals {
  # Where the web app is served: sign-ins and (with App Check) reCAPTCHA accept these.
  # localhost only for a development project: any page served from a developer's
  # machine could otherwise start sign-ins against this project.
  web_domains = concat(
    var.allow_localhost_sign_in ? ["localhost"] : [],
    [
      "${var.project_id}.firebaseapp.com",
      "${var.project_id}.web.app",
    ],
    local.uses_default_site ? [] : [
      "${local.hosting_site_id}.firebaseapp.com",
      "${local.hosting_site_id}.web.app",
    ],
    var.auth_authorized_domains,
  )
}

# Anonymous sign-in is how every visitor starts (docs/deploy.md). The Google provider
# needs an OAuth client, created in the console (docs/deploy.md). One configuration
# per project: only the deployment that manages the project singletons owns it, and
# a second deployment's domains go into that one's auth_authorized_domains. Identity
# Platform's configuration cannot be deleted; destroy forgets it.
resource "google_identity_platform_config" "auth" {
  count = var.manage_project_singletons ? 1 : 0

  project = var.project_id

  sign_in {
    anonymous {
      enabled = true
    }
  }

  # localhost only for a development project: any page served from a developer's
  # machine could otherwise start sign-ins against this project.
  authorized_domains = local.web_domains

  depends_on = [google_firebase_project.this, time_sleep.apis]
}
