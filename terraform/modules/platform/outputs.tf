output "function_urls" {
  description = "Cloud Run URL of each function, keyed by service name. agents and chat are also reached through Hosting at /api/**."
  value = merge(
    { for name, f in google_cloudfunctions2_function.edge : name => f.service_config[0].uri },
    { "run-agent" = google_cloudfunctions2_function.run_agent.service_config[0].uri },
  )
}

output "run_agent_url" {
  description = "runAgent's URL: the Cloud Tasks target and OIDC audience."
  value       = google_cloudfunctions2_function.run_agent.service_config[0].uri
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
  description = "Runtime service account of each function and of the Tasks invoker."
  value = merge(
    { for name, sa in google_service_account.function : name => sa.email },
    { tasks-invoker = google_service_account.tasks_invoker.email },
  )
}

output "hosting_url" {
  description = "Default Firebase Hosting URL of the web app."
  value       = google_firebase_hosting_site.default.default_url
}

output "firestore_database" {
  description = "Firestore database (native mode) the functions use."
  value       = google_firestore_database.default.name
}
