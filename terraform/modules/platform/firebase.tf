# Firebase on top of the Cloud project: Auth for guest sessions, a web app whose
# config Hosting serves at /__/firebase/init.json, and the default Hosting site.
resource "google_firebase_project" "this" {
  provider = google-beta
  project  = var.project_id

  depends_on = [google_project_service.enabled]
}

resource "google_firebase_web_app" "web" {
  provider     = google-beta
  project      = var.project_id
  display_name = "Agent Platform"
  # Keep the app (and its API key) if the stack is destroyed: deleting a web app
  # breaks every browser that still holds its config.
  deletion_policy = "ABANDON"

  depends_on = [google_firebase_project.this]
}

resource "google_firebase_hosting_site" "default" {
  provider = google-beta
  project  = var.project_id
  site_id  = var.project_id
  app_id   = google_firebase_web_app.web.app_id
}

# Anonymous sign-in is how every visitor starts (DESIGN.md, user journey 1). The
# Google provider needs an OAuth client, created in the console (docs/deploy.md).
resource "google_identity_platform_config" "auth" {
  project = var.project_id

  sign_in {
    anonymous {
      enabled = true
    }
  }

  authorized_domains = concat([
    "localhost",
    "${var.project_id}.firebaseapp.com",
    "${var.project_id}.web.app",
  ], var.auth_authorized_domains)

  depends_on = [google_firebase_project.this]
}
