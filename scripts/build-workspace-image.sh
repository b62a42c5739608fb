#!/usr/bin/env bash
# Builds the workspace image (docker/workspace/) with Cloud Build and pushes it to the
# deployment's workspace repository (terraform/modules/platform/workspace.tf), tagged
# as terraform's workspace_image_tag (default "latest"). Run once after the first
# apply, and again to update Claude Code or the Python packages.
#   PROJECT_ID=my-project REGION=europe-west1 NAME_PREFIX=agents scripts/build-workspace-image.sh [tag]
set -euo pipefail
: "${PROJECT_ID:?set PROJECT_ID}" "${REGION:?set REGION}" "${NAME_PREFIX:?set NAME_PREFIX}"
TAG="${1:-latest}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT_ID}/${NAME_PREFIX}-workspace/workspace:${TAG}"
cd "$(dirname "$0")/../docker/workspace"
gcloud builds submit --project "$PROJECT_ID" --region "$REGION" --tag "$IMAGE" --timeout 1800s .
echo "Pushed $IMAGE"
