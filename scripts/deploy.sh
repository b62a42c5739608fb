#!/usr/bin/env bash
# `npm run deploy`: from an empty Google Cloud project to a running platform. Every
# step converges, so after a partial failure running it again finishes the job, and
# on a finished deployment it changes nothing (it checks that at the end).
#   1. checks the prerequisites and says what is missing,
#   2. builds the function bundles and the web app (`npm run build`) and checks there
#      is a bundle for every function functions/src/index.ts registers,
#   3. enables the two APIs Terraform needs to enable the others, then applies
#      terraform/environments/${TF_ENV:-example} (functions, Firestore, Tasks,
#      Scheduler, IAM, the Anthropic key in Secret Manager, Firebase project and site),
#      and builds the workspace image when docker/workspace/ changed
#      (scripts/build-workspace-image.sh: once per content of that folder),
#   4. where public_access = "invoker_check_disabled", turns Cloud Run's invoker check
#      off on the public functions (an organisation policy refuses allUsers),
#   5. deploys Hosting (to this deployment's site, rewrites to its prefixed services),
#      Firestore rules, indexes and index exemptions with firebase-tools via npx
#      (not a dependency of this repo: npx fetches it on first use),
#   6. waits until new composite indexes are READY, or says what fails until they are,
#   7. checks that Terraform now plans no change: the deployment has converged.
#
# Inputs (environment):
#   GOOGLE_CLOUD_PROJECT   project id (else the first argument, else `gcloud config get-value project`)
#   ANTHROPIC_API_KEY      stored in Secret Manager; asked for when unset and a terminal is attached
#   ANTHROPIC_KEY_VERSION  raise (2, 3, ...) to store a new key; unset keeps the tfvars value (default 1)
#   REGION                 default: the region firebase.json's rewrites name, which it must equal
#   TF_ENV                 Terraform environment directory under terraform/environments (default example)
#   AUTO_APPROVE=1         apply without Terraform's confirmation prompt
#   INDEX_WAIT_SECONDS     how long to wait for new Firestore indexes (default 900; 0: do not wait)
#   SKIP_PLAN_CHECK=1      skip the final check that a new plan is empty
# docs/deploy.md explains what this creates, what each wait is for and what it costs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/terraform/environments/${TF_ENV:-example}"
FIREBASE_TOOLS="firebase-tools@15"

fail() {
  printf 'deploy: %s\n' "$*" >&2
  exit 1
}
step() { printf '\n==> %s\n' "$*"; }
note() { printf 'deploy: %s\n' "$*"; }

# --- 1. Prerequisites: all checked before anything is built or created. ----------
command -v gcloud >/dev/null 2>&1 ||
  fail "gcloud is not installed. Install the Google Cloud CLI: https://cloud.google.com/sdk/docs/install"
command -v terraform >/dev/null 2>&1 ||
  fail "terraform is not installed. Install Terraform >= 1.11: https://developer.hashicorp.com/terraform/install"
command -v npm >/dev/null 2>&1 || fail "npm is not installed (Node.js 22 or later: https://nodejs.org)."
command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js 22 or later: https://nodejs.org)."
[[ -d "$TF_DIR" ]] || fail "no Terraform environment at ${TF_DIR#"$ROOT"/} (TF_ENV=${TF_ENV:-example})."

tf_version="$(terraform version -json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).terraform_version))')"
node -e 'const [a,b]=process.argv[1].split(".").map(Number);process.exit(a>1||(a===1&&b>=11)?0:1)' "$tf_version" ||
  fail "terraform $tf_version is too old: 1.11 or later is needed (write-only arguments keep the Anthropic key out of state)."

PROJECT="${GOOGLE_CLOUD_PROJECT:-${1:-}}"
if [[ -z "$PROJECT" ]]; then PROJECT="$(gcloud config get-value project 2>/dev/null || true)"; fi
[[ -n "$PROJECT" ]] ||
  fail "no project id. Run: GOOGLE_CLOUD_PROJECT=<project-id> npm run deploy (or gcloud config set project <project-id>)."

gcloud auth application-default print-access-token >/dev/null 2>&1 ||
  fail "Terraform needs Application Default Credentials. Run: gcloud auth application-default login"

rewrite_regions="$(node -e 'const h=require(process.argv[1]).hosting;console.log([...new Set(h.rewrites.filter(r=>r.run).map(r=>r.run.region||"us-central1"))].join(" "))' "$ROOT/firebase.json")"
REGION="${REGION:-$rewrite_regions}"
[[ "$rewrite_regions" == "$REGION" ]] ||
  fail "REGION=$REGION but firebase.json rewrites point at '$rewrite_regions'. Use one region for both."

if [[ -z "${ANTHROPIC_API_KEY:-}" && -t 0 ]]; then
  read -r -s -p "Anthropic API key (stored in Secret Manager only): " ANTHROPIC_API_KEY
  echo
fi
[[ -n "${ANTHROPIC_API_KEY:-}" ]] ||
  fail "ANTHROPIC_API_KEY is not set. Export it (https://console.anthropic.com/settings/keys); it is stored in Secret Manager only. Terraform asks for it on every run but sends it only when ANTHROPIC_KEY_VERSION changes."

billing="$(gcloud billing projects describe "$PROJECT" --format='value(billingEnabled)' 2>/dev/null || true)"
[[ "$billing" == "True" ]] ||
  fail "billing is not enabled on $PROJECT (or the project does not exist). Link a billing account: https://console.cloud.google.com/billing/linkedaccount?project=$PROJECT"

# --- 2. Build. -------------------------------------------------------------------
step "Building function bundles and the web app"
(cd "$ROOT" && npm run build)
# One bundle per function the code registers (the list Terraform deploys must match it).
# (The path goes in the environment: as an argument it would make the script build.)
registered="$(BUILD_SCRIPT="$ROOT/scripts/build-functions.mjs" node --input-type=module -e 'const m = await import(process.env.BUILD_SCRIPT); for (const r of m.readRegistrations()) console.log(r.name);')"
[[ -n "$registered" ]] || fail "functions/src/index.ts registers no function."
for fn in $registered; do
  [[ -f "$ROOT/dist/functions/$fn/index.js" && -f "$ROOT/dist/functions/$fn/package.json" ]] ||
    fail "the build did not produce dist/functions/$fn/{index.js,package.json}."
done

# --- 3. Infrastructure. ------------------------------------------------------------
step "Applying Terraform in ${TF_DIR#"$ROOT"/} (project $PROJECT, region $REGION)"
# The key travels as an ephemeral variable to a write-only argument: never in state or
# plan, and sent only when its version number changes.
export TF_VAR_anthropic_api_key="$ANTHROPIC_API_KEY"
tf_vars=(-var "project_id=$PROJECT" -var "region=$REGION")
# Passed only when given, so a version kept in terraform.tfvars is not overridden (a
# lower number would store this key as a new version).
[[ -n "${ANTHROPIC_KEY_VERSION:-}" ]] && tf_vars+=(-var "anthropic_api_key_version=$ANTHROPIC_KEY_VERSION")
# Terraform enables every other API itself, but calls these two to do so, with this
# project as quota project: on a fresh project they may still be off. Idempotent.
gcloud services enable serviceusage.googleapis.com cloudresourcemanager.googleapis.com --project="$PROJECT" --quiet
terraform -chdir="$TF_DIR" init -input=false
apply_args=(-input=false "${tf_vars[@]}")
[[ "${AUTO_APPROVE:-}" == "1" ]] && apply_args+=(-auto-approve)
# On a fresh project this waits twice on purpose (docs/deploy.md, "What a first deploy
# does"): once for the APIs to propagate, once for the IAM grants.
terraform -chdir="$TF_DIR" apply "${apply_args[@]}"

outputs="$(terraform -chdir="$TF_DIR" output -json)"
output() { node -e 'const o=JSON.parse(process.argv[1]);const v=o[process.argv[2]];if(!v)process.exit(3);const x=v.value;console.log(Array.isArray(x)?x.join("\n"):typeof x==="object"?JSON.stringify(x):x)' "$outputs" "$1"; }
site="$(output hosting_site_id)" || fail "the Terraform environment has no hosting_site_id output (copy terraform/environments/example)."
database="$(output firestore_database)" || database="(default)"

# The image workspace runs start from (docs/workspace-runs.md). Built by Cloud Build,
# named by the content of docker/workspace/: on an unchanged folder this builds nothing.
if workspace_image="$(output workspace_image)"; then
  step "Workspace image $workspace_image"
  bash "$ROOT/scripts/build-workspace-image.sh" "$workspace_image"
else
  note "the Terraform environment has no workspace_image output: workspace runs need it (copy terraform/environments/example)."
fi

# --- 4. Public functions where allUsers is refused. ----------------------------------
for service in $(output public_services_without_iam_check || true); do
  step "Turning Cloud Run's invoker check off on $service (public_access = \"invoker_check_disabled\")"
  # Idempotent; run on every deploy in case a function update turned the check back on.
  gcloud run services update "$service" --region="$REGION" --project="$PROJECT" --no-invoker-iam-check --quiet
done

# --- 5. Hosting, rules, indexes. ---------------------------------------------------
# The web app reads its App Check site key from /app-check.json (web/src/data/connect.ts);
# an empty key means the deployment does not enforce App Check and the app sends no token.
site_key="$(output app_check_site_key || true)"
mkdir -p "$ROOT/web/dist"
# shellcheck disable=SC2016 # JavaScript, not shell
node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ siteKey: process.argv[2] }) + "\n")' \
  "$ROOT/web/dist/app-check.json" "$site_key"
step "Deploying Hosting to site $site, Firestore rules and indexes (npx $FIREBASE_TOOLS)"
# firebase.json names each function by its key; this deployment's services carry its
# name prefix, and its site may not be the default one. firebase-tools resolves paths
# relative to its config file and refuses any outside that folder, so the derived
# config sits next to firebase.json for the length of the deploy.
deploy_config="$ROOT/firebase.deploy.json"
trap 'rm -f "$deploy_config"' EXIT
# shellcheck disable=SC2016 # JavaScript, not shell
node -e '
  const [file, out, servicesJson, site] = process.argv.slice(1);
  const config = require(file);
  const services = JSON.parse(servicesJson);
  config.hosting.site = site;
  for (const r of config.hosting.rewrites) {
    if (!r.run) continue;
    const service = services[r.run.serviceId];
    if (!service) { console.error(`deploy: firebase.json rewrites to ${r.run.serviceId}, which Terraform does not deploy.`); process.exit(1); }
    r.run.serviceId = service;
  }
  require("fs").writeFileSync(out, JSON.stringify(config, null, 2) + "\n");
' "$ROOT/firebase.json" "$deploy_config" "$(output service_names)" "$site"
# firebase-tools authenticates with `firebase login`, or else with the same
# Application Default Credentials Terraform used.
(cd "$ROOT" && npx --yes "$FIREBASE_TOOLS" deploy --only hosting,firestore --config "$deploy_config" --project "$PROJECT" --non-interactive)

# --- 6. Indexes. -------------------------------------------------------------------
# `firebase deploy` returns once Firestore has accepted new composite indexes; each then
# builds for minutes (longer over existing data), and a query that needs one fails with
# FAILED_PRECONDITION until it is READY.
wait_seconds="${INDEX_WAIT_SECONDS:-900}"
poll_seconds="${INDEX_POLL_SECONDS:-15}"
if [[ "$wait_seconds" != "0" ]]; then
  step "Waiting up to ${wait_seconds}s for Firestore indexes to be READY"
  deadline=$((SECONDS + wait_seconds))
  while :; do
    if ! states="$(gcloud firestore indexes composite list --project="$PROJECT" --database="$database" --format='value(state)' 2>/dev/null)"; then
      note "could not list the Firestore indexes; check them in the console (Firestore > Indexes)."
      break
    fi
    if grep -q NEEDS_REPAIR <<<"$states"; then
      fail "a Firestore index failed to build (NEEDS_REPAIR). See: gcloud firestore indexes composite list --project=$PROJECT; delete it and run npm run deploy again."
    fi
    pending="$(grep -cv '^READY$' <<<"$states" || true)"
    [[ -z "$states" ]] && pending=0
    if [[ "$pending" == "0" ]]; then
      note "all Firestore indexes are READY."
      break
    fi
    if ((SECONDS >= deadline)); then
      cat <<MSG
deploy: $pending Firestore index(es) are still building. Until they are READY, the queries
  that need them fail with FAILED_PRECONDITION: listing agents, conversations and run
  history (500 from /api), and the sweeper's due-runs query (tick logs an error and the
  next minute retries). Nothing is lost; they finish on their own. Watch them with:
    gcloud firestore indexes composite list --project=$PROJECT
MSG
      break
    fi
    sleep "$poll_seconds"
  done
fi

# --- 7. Converged? -----------------------------------------------------------------
if [[ "${SKIP_PLAN_CHECK:-}" != "1" ]]; then
  step "Checking that Terraform now plans no change"
  plan_log="$(mktemp)"
  set +e
  terraform -chdir="$TF_DIR" plan -detailed-exitcode -input=false -lock-timeout=60s "${tf_vars[@]}" >"$plan_log" 2>&1
  plan_status=$?
  set -e
  case "$plan_status" in
  0) note "no change planned: running npm run deploy again would change nothing." ;;
  2)
    grep -E '^\s+# .* (will|must) be' "$plan_log" >&2 || cat "$plan_log" >&2
    rm -f "$plan_log"
    fail "deployed, but Terraform would still change the resources above right after applying them: a permanent diff that would redeploy them on every run. Report it with the output of: terraform -chdir=${TF_DIR#"$ROOT"/} plan"
    ;;
  *)
    cat "$plan_log" >&2
    rm -f "$plan_log"
    fail "the check plan failed (above); the deployment itself is complete."
    ;;
  esac
  rm -f "$plan_log"
fi

step "Done"
terraform -chdir="$TF_DIR" output
