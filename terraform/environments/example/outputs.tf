output "function_urls" {
  description = "Cloud Run URL of each function."
  value       = module.platform.function_urls
}

output "run_agent_url" {
  description = "Cloud Tasks target and OIDC audience."
  value       = module.platform.run_agent_url
}

output "tasks_queue" {
  description = "Cloud Tasks queue name."
  value       = module.platform.tasks_queue
}

output "hosting_url" {
  description = "Where the web app is served after `firebase deploy --only hosting`."
  value       = module.platform.hosting_url
}
