#!/bin/sh
# The one step of a workspace build. Cloud Build runs it in /workspace, where the
# build's source put prompt.txt and system.txt; its arguments are Claude Code's fixed
# flags (functions/src/runs/workspace/port.ts `claudeArgs`), never the prompt, which
# goes in on standard input from its file. It always ends well, so Cloud Build uploads
# what it leaves: cli.jsonl (the CLI's stream-json), status.json, and kept/ (the regular
# files under out/, no links followed, with paths.json naming each: keep-files.mjs).
# While the CLI runs, upload-progress copies its lines to PROGRESS_OBJECT, the run's
# live log. WORKSPACE_DIR, UPLOAD_PROGRESS and KEEP_FILES exist for the tests that run
# this script locally.
set -u
cd "${WORKSPACE_DIR:-/workspace}" || exit 1
mkdir -p out kept home
export HOME="$PWD/home" CLAUDE_CONFIG_DIR="$PWD/home/.claude"
export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1
: > cli.jsonl

uploader=""
if [ -n "${PROGRESS_OBJECT:-}" ]; then
  # Without the key: the copier needs only the build's own credentials.
  env -u ANTHROPIC_API_KEY node "${UPLOAD_PROGRESS:-/usr/local/lib/upload-progress.mjs}" "$PROGRESS_OBJECT" cli.jsonl &
  uploader=$!
fi

timeout --kill-after=5 "${WORKSPACE_TIMEOUT_SECONDS:-300}" claude "$@" < prompt.txt > cli.jsonl 2> cli.stderr
code=$?
# The key was only ever in this process's environment; nothing below prints it.
unset ANTHROPIC_API_KEY
if [ -n "$uploader" ]; then
  kill -TERM "$uploader" 2>/dev/null
  wait "$uploader" 2>/dev/null
fi

if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
  printf '{"timedOut":true}\n' > status.json
else
  printf '{"exitCode":%d}\n' "$code" > status.json
fi

node "${KEEP_FILES:-/usr/local/lib/keep-files.mjs}" out kept
exit 0
