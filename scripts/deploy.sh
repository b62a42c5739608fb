#!/usr/bin/env bash
# `npm run deploy`: from an empty Google Cloud project to a running platform.
#   1. checks the prerequisites and says what is missing,
#   2. builds the function bundles and the web app (`npm run build`),
#   3. applies terraform/environments/${TF_ENV:-example} (functions, Firestore, Tasks,
#      Scheduler, IAM, the Anthropic key in Secret Manager, Firebase project and site),
#   4. deploys Hosting, Firestore rules and indexes with firebase-tools via npx
#      (not a dependency of this repo: npx fetches it on first use).
#
# Inputs (environment):
#   GOOGLE_CLOUD_PROJECT   project id (else the first argument, else `gcloud config get-value project`)
#   ANTHROPIC_API_KEY      stored in Secret Manager; asked for when unset and a terminal is attached
#   ANTHROPIC_KEY_VERSION  raise (2, 3, ...) to replace the stored key; default 1
#   REGION                 default europe-west1; must match the firebase.json rewrites
#   TF_ENV                 Terraform environment directory under terraform/environments
#   AUTO_APPROVE=1         apply without Terraform's confirmation prompt
# docs/deploy.md explains what this creates and what it costs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/terraform/environments/${TF_ENV:-example}"
FIREBASE_TOOLS="firebase-tools@15"

fail() {
  printf 'deploy: %s\n' "$*" >&2
  exit 1
}
step() { printf '\n==> %s\n' "$*"; }

# --- 1. Prerequisites: all checked before anything is built or created. ----------
command -v gcloud >/dev/null 2>&1 ||
  fail "gcloud is not installed. Install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install"
command -v terraform >/dev/null 2>&1 ||
  fail "terraform is not installed. Install Terraform >= 1.11: https://developer.hashicorp.com/terraform/install"
command -v npm >/dev/null 2>&1 || fail "npm is not installed (Node.js 22 or later: https://nodejs.org)."

tf_version="$(terraform version -json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).terraform_version))')"
node -e 'const [a,b]=process.argv[1].split(".").map(Number);process.exit(a>1||(a===1&&b>=11)?0:1)' "$tf_version" ||
  fail "terraform $tf_version is too old: 1.11 or later is needed (write-only arguments keep the Anthropic key out of state)."

PROJECT="${GOOGLE_CLOUD_PROJECT:-${1:-}}"
if [[ -z "$PROJECT" ]]; then PROJECT="$(gcloud config get-value project 2>/dev/null || true)"; fi
[[ -n "$PROJECT" ]] ||
  fail "no project id. Run: GOOGLE_CLOUD_PROJECT=<project-id> npm run deploy (or gcloud config set project <project-id>)."

gcloud auth application-default print-access-token >/dev/null 2>&1 ||
  fail "Terraform needs Application Default Credentials. Run: gcloud auth application-default login"

REGION="${REGION:-europe-west1}"
rewrite_regions="$(node -e 'const h=require(process.argv[1]).hosting;console.log([...new Set(h.rewrites.filter(r=>r.run).map(r=>r.run.region||"us-central1"))].join(" "))' "$ROOT/firebase.json")"
[[ "$rewrite_regions" == "$REGION" ]] ||
  fail "REGION=$REGION but firebase.json rewrites point at '$rewrite_regions'. Use one region for both."

if [[ -z "${ANTHROPIC_API_KEY:-}" && -t 0 ]]; then
  read -r -s -p "Anthropic API key (stored in Secret Manager only): " ANTHROPIC_API_KEY
  echo
fi
[[ -n "${ANTHROPIC_API_KEY:-}" ]] ||
  fail "ANTHROPIC_API_KEY is not set. Export it (https://console.anthropic.com/settings/keys); it is stored in Secret Manager only."

billing="$(gcloud billing projects describe "$PROJECT" --format='value(billingEnabled)' 2>/dev/null || true)"
[[ "$billing" == "True" ]] ||
  fail "billing is not enabled on $PROJECT (or the project does not exist). Link a billing account: https://console.cloud.google.com/billing/linkedaccount?project=$PROJECT"

# --- 2. Build. -------------------------------------------------------------------
step "Building function bundles and the web app"
(cd "$ROOT" && npm run build)
for fn in agents chat runAgent tick; do
  [[ -f "$ROOT/dist/functions/$fn/index.js" && -f "$ROOT/dist/functions/$fn/package.json" ]] ||
    fail "the build did not produce dist/functions/$fn/{index.js,package.json}."
done

# --- 3. Infrastructure. ------------------------------------------------------------
step "Applying Terraform in ${TF_DIR#"$ROOT"/} (project $PROJECT, region $REGION)"
# The key travels as an ephemeral variable to a write-only argument: never in state or plan.
export TF_VAR_anthropic_api_key="$ANTHROPIC_API_KEY"
terraform -chdir="$TF_DIR" init -input=false
apply_args=(-input=false -var "project_id=$PROJECT" -var "region=$REGION"
  -var "anthropic_api_key_version=${ANTHROPIC_KEY_VERSION:-1}")
[[ "${AUTO_APPROVE:-}" == "1" ]] && apply_args+=(-auto-approve)
terraform -chdir="$TF_DIR" apply "${apply_args[@]}"

# --- 4. Hosting, rules and indexes. ------------------------------------------------
step "Deploying Hosting, Firestore rules and indexes (npx $FIREBASE_TOOLS)"
# firebase-tools authenticates with `firebase login`, or else with the same
# Application Default Credentials Terraform used.
(cd "$ROOT" && npx --yes "$FIREBASE_TOOLS" deploy --only hosting,firestore --project "$PROJECT" --non-interactive)

step "Done"
terraform -chdir="$TF_DIR" output
