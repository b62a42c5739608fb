terraform {
  required_version = ">= 1.11"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.45"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 7.45"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
    time = {
      source  = "hashicorp/time"
      version = "~> 0.13"
    }
  }

  # State stays on this machine by default. For a team, keep it in a bucket:
  #   backend "gcs" { bucket = "<project>-tfstate", prefix = "agent-platform" }
  # It holds no secret either way (the Anthropic key is write-only).
}
