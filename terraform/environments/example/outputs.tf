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

output "name_prefix" {
  description = "Prefix of every name this deployment gives."
  value       = module.platform.name_prefix
}

output "service_names" {
  description = "Cloud Run service of each function, keyed by firebase.json's serviceId (scripts/deploy.sh)."
  value       = module.platform.service_names
}

output "public_services_without_iam_check" {
  description = "Services whose invoker check scripts/deploy.sh turns off (public_access = \"invoker_check_disabled\")."
  value       = module.platform.public_services_without_iam_check
}

output "hosting_site_id" {
  description = "Hosting site scripts/deploy.sh deploys the web app to."
  value       = module.platform.hosting_site_id
}

output "firestore_database" {
  description = "Firestore database whose indexes scripts/deploy.sh waits for."
  value       = module.platform.firestore_database
}

output "app_check_site_key" {
  description = "Site key scripts/deploy.sh gives the web app for App Check (empty when not enforced)."
  value       = module.platform.app_check_site_key
}

output "workspace_image" {
  description = "Workspace image scripts/deploy.sh builds (scripts/build-workspace-image.sh) when docker/workspace/ changed."
  value       = module.platform.workspace_image
}
