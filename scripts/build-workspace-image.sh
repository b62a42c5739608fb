#!/usr/bin/env bash
# Builds the workspace image (docker/workspace/) with Cloud Build and points the
# deployment's tag at it. The image is named by a hash of that folder's files, so the
# same content is built once: `npm run deploy` runs this after Terraform, and it
# rebuilds only when docker/workspace/ changed. Runs already under way keep the image
# they started with; the next run starts from the new one.
#   scripts/build-workspace-image.sh <region>-docker.pkg.dev/<project>/<repository>/workspace:<tag>
# (the `workspace_image` output of the Terraform environment)
set -euo pipefail
IMAGE="${1:?usage: scripts/build-workspace-image.sh <region>-docker.pkg.dev/<project>/<repository>/workspace:<tag>}"
[[ "$IMAGE" =~ ^([a-z0-9-]+)-docker\.pkg\.dev/([^/]+)/[^/]+/[^/:]+:[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] ||
  { echo "build-workspace-image: '$IMAGE' is not an Artifact Registry image with a tag." >&2; exit 1; }
REGION="${BASH_REMATCH[1]}"
PROJECT_ID="${BASH_REMATCH[2]}"
REPO="${IMAGE%:*}"
DIR="$(cd "$(dirname "$0")/../docker/workspace" && pwd)"
# Paths and contents, in a fixed order: the same folder gives the same tag on any machine.
SOURCE_TAG="src-$(cd "$DIR" && find . -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"

if gcloud artifacts docker images describe "$REPO:$SOURCE_TAG" --quiet >/dev/null 2>&1; then
  echo "build-workspace-image: $REPO:$SOURCE_TAG is built already (docker/workspace/ is unchanged)."
else
  echo "build-workspace-image: building $REPO:$SOURCE_TAG with Cloud Build (several minutes)."
  gcloud builds submit "$DIR" --project "$PROJECT_ID" --region "$REGION" --tag "$REPO:$SOURCE_TAG" --timeout 1800s --quiet
fi
# Moves the tag the functions start runs from (WORKSPACE_IMAGE); a no-op when it is there already.
gcloud artifacts docker tags add "$REPO:$SOURCE_TAG" "$IMAGE" --quiet
echo "build-workspace-image: $IMAGE is $SOURCE_TAG."
