#!/usr/bin/env bash
# `bash scripts/destroy.sh`: tears down what `npm run deploy` created and says what it
# leaves behind, and why (docs/deploy.md, "Tearing it down"):
#   - what holds users' data or cannot be deleted: the Firestore database, the Firebase
#     project link, the default Hosting site, the Firebase web app, the Auth configuration,
#   - the service agents' roles, which other users of those APIs in the project need,
#   - what Google creates for itself: enabled APIs, Cloud Functions' own source buckets,
#     logs, and the queue name (blocked for 7 days).
# Deleting the whole project is the complete teardown: gcloud projects delete <id>.
#
# Inputs: GOOGLE_CLOUD_PROJECT (or the first argument), TF_ENV, AUTO_APPROVE=1, as for deploy.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/terraform/environments/${TF_ENV:-example}"

fail() {
  printf 'destroy: %s\n' "$*" >&2
  exit 1
}

command -v terraform >/dev/null 2>&1 || fail "terraform is not installed."
command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 22 or later)."
PROJECT="${GOOGLE_CLOUD_PROJECT:-${1:-}}"
if [[ -z "$PROJECT" ]] && command -v gcloud >/dev/null 2>&1; then
  PROJECT="$(gcloud config get-value project 2>/dev/null || true)"
fi
[[ -n "$PROJECT" ]] || fail "set GOOGLE_CLOUD_PROJECT=<project-id>."
rewrite_regions="$(node -e 'const h=require(process.argv[1]).hosting;console.log([...new Set(h.rewrites.filter(r=>r.run).map(r=>r.run.region||"us-central1"))].join(" "))' "$ROOT/firebase.json")"
REGION="${REGION:-$rewrite_regions}"

# Terraform reads the function bundles (archive_file) even to destroy: build them if a
# fresh checkout has none.
# (The path goes in the environment: as an argument it would make the script build.)
registered="$(BUILD_SCRIPT="$ROOT/scripts/build-functions.mjs" node --input-type=module -e 'const m = await import(process.env.BUILD_SCRIPT); for (const r of m.readRegistrations()) console.log(r.name);')"
for fn in $registered; do
  if [[ ! -f "$ROOT/dist/functions/$fn/index.js" ]]; then
    echo "destroy: building the function bundles Terraform reads (npm run build)"
    (cd "$ROOT" && npm run build) || fail "npm run build failed; run npm ci first."
    break
  fi
done

# Destroy never writes the key; the variable is required, so give it a placeholder.
export TF_VAR_anthropic_api_key="${ANTHROPIC_API_KEY:-unused-on-destroy}"
terraform -chdir="$TF_DIR" init -input=false >/dev/null

outputs="$(terraform -chdir="$TF_DIR" output -json 2>/dev/null || echo '{}')"
output() { node -e 'const v=JSON.parse(process.argv[1])[process.argv[2]];if(v)console.log(typeof v.value==="object"?JSON.stringify(v.value):v.value)' "$outputs" "$1"; }
prefix="$(output name_prefix)"
site="$(output hosting_site_id)"
queue="$(output tasks_queue)"

# The service agents' roles are Google's defaults, which Terraform granted only to win
# a race on the first apply: revoking them would break Eventarc, Pub/Sub, Tasks and
# Scheduler for anything else in the project. Forget them instead.
forgotten=0
while read -r address; do
  [[ -z "$address" ]] && continue
  terraform -chdir="$TF_DIR" state rm "$address" >/dev/null
  forgotten=$((forgotten + 1))
done < <(terraform -chdir="$TF_DIR" state list 2>/dev/null | grep -E '(^|\.)google_project_iam_member\.service_agent\[' || true)

destroy_args=(-input=false -var "project_id=$PROJECT" -var "region=$REGION")
[[ "${AUTO_APPROVE:-}" == "1" ]] && destroy_args+=(-auto-approve)
terraform -chdir="$TF_DIR" destroy "${destroy_args[@]}"

number="$( (command -v gcloud >/dev/null 2>&1 && gcloud projects describe "$PROJECT" --format='value(projectNumber)' 2>/dev/null) || true)"
number="${number:-<project-number>}"
if [[ -z "$site" ]]; then
  site_note="Hosting: no site recorded in the state."
elif [[ "$site" == "$PROJECT" ]]; then
  site_note="The default Hosting site $site, which cannot be deleted; its content stays until:
      firebase hosting:disable --site $site --project $PROJECT"
else
  site_note="(The Hosting site $site of this deployment was deleted with its content.)"
fi

cat <<MSG

Destroyed. Left in place on purpose (docs/deploy.md, "Tearing it down"):
  - Firestore database (default) in $PROJECT, with its data (delete protection on,
    shared by every deployment in the project). To delete it:
      gcloud firestore databases update --database='(default)' --no-delete-protection --project=$PROJECT
      gcloud firestore databases delete --database='(default)' --project=$PROJECT
  - The Firebase project link: a project stays a Firebase project for good.
  - $site_note
  - The Firebase web app "Agent Platform (${prefix:-<prefix>})" and its API key (browsers may still
    hold its config): remove it in the Firebase console, Project settings > Your apps.
  - Firebase Auth: its configuration and every user, guests included (Authentication > Users).
  - Service agents and their roles ($forgotten grant(s) forgotten, not revoked), and enabled APIs.
  - Buckets Cloud Functions made for itself, e.g. gcf-v2-sources-$number-$REGION and
    gcf-v2-uploads-$number-$REGION: gcloud storage ls --project=$PROJECT
  - Build and function logs, until Cloud Logging's retention ends them.
  - The queue name ${queue:-<queue>}: Google blocks it for 7 days; to deploy again sooner, set
    tasks_queue_name in terraform.tfvars.
The complete teardown is deleting the project: gcloud projects delete $PROJECT
MSG
