output "name_prefix" {
  description = "Prefix of every name this deployment gives."
  value       = var.name_prefix
}

output "function_urls" {
  description = "Cloud Run URL of each function, keyed by function (service name without the prefix). The public ones are also reached through Hosting at /api/**."
  value       = { for name, f in google_cloudfunctions2_function.fn : name => f.service_config[0].uri }
}

output "service_names" {
  description = "Cloud Run service name of each function, keyed by the serviceId firebase.json uses; scripts/deploy.sh rewrites the Hosting rewrites with it."
  value       = local.service_names
}

output "public_services_without_iam_check" {
  description = "Cloud Run services whose invoker check scripts/deploy.sh turns off (public_access = \"invoker_check_disabled\"); empty otherwise."
  value       = var.public_access == "invoker_check_disabled" ? sort([for name, f in local.functions : local.service_names[name] if f.access == "public"]) : []
}

output "run_agent_url" {
  description = "runAgent's deterministic URL: the Cloud Tasks target and OIDC audience (RUN_AGENT_URL)."
  value       = local.function_urls["run-agent"]
}

output "tasks_queue" {
  description = "Cloud Tasks queue that holds one task per scheduled run."
  value       = google_cloud_tasks_queue.runs.name
}

output "tasks_queue_id" {
  description = "Full resource name of the queue (projects/P/locations/L/queues/Q)."
  value       = google_cloud_tasks_queue.runs.id
}

output "tick_topic" {
  description = "Pub/Sub topic the Scheduler publishes to every minute."
  value       = google_pubsub_topic.tick.id
}

output "service_accounts" {
  description = "Runtime service account of each function, and the accounts Cloud Tasks, Eventarc and Cloud Build act as."
  value = merge(
    { for name, sa in google_service_account.function : name => sa.email },
    {
      tasks-invoker = google_service_account.tasks_invoker.email
      pubsub-push   = google_service_account.pubsub_push.email
      build         = google_service_account.build.email
    },
  )
}

output "hosting_site_id" {
  description = "Firebase Hosting site this deployment serves the web app from (scripts/deploy.sh deploys to it)."
  value       = google_firebase_hosting_site.web.site_id
}

output "hosting_url" {
  description = "Default URL of the Hosting site."
  value       = google_firebase_hosting_site.web.default_url
}

output "firestore_database" {
  description = "Firestore database the functions use (the project's default; shared by every deployment in the project)."
  value       = "(default)"
}

output "app_check_site_key" {
  description = "reCAPTCHA Enterprise site key the web app gets App Check tokens with; empty when App Check is not enforced. scripts/deploy.sh writes it to web/dist/app-check.json."
  value       = var.enforce_app_check ? google_recaptcha_enterprise_key.web[0].name : ""
}

output "workspace_image" {
  description = "The workspace image workspace runs start from, with its tag (scripts/build-workspace-image.sh builds it)."
  value       = local.common_env.WORKSPACE_IMAGE
}
