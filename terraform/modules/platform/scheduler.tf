# One Scheduler job for the whole platform, not one per agent: it publishes every
# minute and tick enqueues whatever is due (docs/deploy.md, "What it creates").
resource "google_pubsub_topic" "tick" {
  project = var.project_id
  name    = "${var.name_prefix}-tick"
  # A tick nobody received in 10 minutes is stale; the next one supersedes it.
  message_retention_duration = "600s"

  depends_on = [time_sleep.apis]
}

resource "google_cloud_scheduler_job" "tick" {
  project     = var.project_id
  region      = var.region
  name        = "${var.name_prefix}-tick"
  description = "Wakes the tick sweeper, which enqueues due agent runs."
  schedule    = var.tick_schedule
  time_zone   = var.scheduler_time_zone

  # No attempt_deadline: it applies to HTTP targets only and gives a permanent diff here.
  retry_config {
    # A missed publish is covered by the next minute's.
    retry_count = 0
  }

  pubsub_target {
    topic_name = google_pubsub_topic.tick.id
    data       = base64encode(jsonencode({ source = "cloud-scheduler" }))
  }

  # The job publishes within a minute of its creation: by then the Scheduler agent's
  # role and tick's trigger should exist, or the first ticks are lost (harmless, but
  # noisy in the logs).
  depends_on = [time_sleep.iam, google_cloudfunctions2_function.fn]
}
