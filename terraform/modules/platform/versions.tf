terraform {
  # 1.11 is the first release with write-only arguments (secret_data_wo), which keep
  # the Anthropic key out of the state file. Validations that refer to other
  # variables need 1.9 or later.
  required_version = ">= 1.11"

  required_providers {
    # 7.45 or later: deletion_policy on the Firebase project and Hosting site.
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
    # time_sleep: waits where Google documents propagation delays (main.tf, iam.tf).
    time = {
      source  = "hashicorp/time"
      version = "~> 0.13"
    }
  }
}
