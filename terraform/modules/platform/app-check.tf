# App Check (enforce_app_check = true): the web app proves it is this deployment's
# page to reCAPTCHA Enterprise, exchanges that proof for an App Check token, and the
# public functions refuse requests without a valid one (functions/src/http/router.ts).
# scripts/deploy.sh writes the site key to web/dist/app-check.json for the web app
# (https://firebase.google.com/docs/app-check/web/recaptcha-enterprise-provider).

# A score-based key, valid only on the domains the web app is served from.
resource "google_recaptcha_enterprise_key" "web" {
  count = var.enforce_app_check ? 1 : 0

  project      = var.project_id
  display_name = "Agent Platform web app (${var.name_prefix})"

  web_settings {
    integration_type  = "SCORE"
    allow_all_domains = false
    allowed_domains   = local.web_domains
  }

  depends_on = [time_sleep.apis]
}

# App Check takes a while to know a newly created web app; the provider's own example
# waits 30 s before registering its provider.
resource "time_sleep" "web_app_known" {
  count = var.enforce_app_check ? 1 : 0

  create_duration = "30s"
  depends_on      = [google_firebase_web_app.web]
}

resource "google_firebase_app_check_recaptcha_enterprise_config" "web" {
  count = var.enforce_app_check ? 1 : 0

  project   = var.project_id
  app_id    = google_firebase_web_app.web.app_id
  site_key  = google_recaptcha_enterprise_key.web[0].name
  token_ttl = "3600s"

  depends_on = [time_sleep.web_app_known]
}
