#!/usr/bin/env bash
# Tears down what `npm run deploy` created, except what holds users' data or can't be
# recreated under the same name (docs/deploy.md, "Tearing it down"):
#   - the Firestore database (delete protection on; Terraform only forgets it),
#   - the Firebase web app and the Firebase project link.
# Deleting the whole project is the complete teardown: gcloud projects delete <id>.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/terraform/environments/${TF_ENV:-example}"

command -v terraform >/dev/null 2>&1 || { echo "destroy: terraform is not installed." >&2; exit 1; }
PROJECT="${GOOGLE_CLOUD_PROJECT:-${1:-}}"
if [[ -z "$PROJECT" ]] && command -v gcloud >/dev/null 2>&1; then
  PROJECT="$(gcloud config get-value project 2>/dev/null || true)"
fi
[[ -n "$PROJECT" ]] || { echo "destroy: set GOOGLE_CLOUD_PROJECT=<project-id>." >&2; exit 1; }

# Destroy never writes the key; the variable is required, so give it a placeholder.
export TF_VAR_anthropic_api_key="${ANTHROPIC_API_KEY:-unused-on-destroy}"
terraform -chdir="$TF_DIR" destroy -input=false -var "project_id=$PROJECT" -var "region=${REGION:-europe-west1}"

cat <<MSG

Left in place on purpose:
  - Firestore database (default) in $PROJECT, with its data. To delete it:
      gcloud firestore databases update --database='(default)' --no-delete-protection --project=$PROJECT
      gcloud firestore databases delete --database='(default)' --project=$PROJECT
  - The Hosting site's content stays until the project is deleted: firebase hosting:disable --project $PROJECT
  - The Tasks queue name is blocked for 7 days; set tasks_queue_name to redeploy sooner.
MSG
