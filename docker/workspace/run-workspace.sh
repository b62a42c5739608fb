#!/bin/sh
# The one step of a workspace build. Cloud Build runs it in /workspace, where the
# build's source put prompt.txt and system.txt; its arguments are Claude Code's fixed
# flags (functions/src/runs/workspace/port.ts `claudeArgs`), never the prompt, which
# goes in on standard input from its file. It always ends well, so Cloud Build uploads
# what it leaves: cli.jsonl (the CLI's stream-json), status.json, and kept/ (the regular
# files under out/, no links followed, paths flattened with "-").
set -u
cd /workspace || exit 1
mkdir -p out kept home
export HOME=/workspace/home CLAUDE_CONFIG_DIR=/workspace/home/.claude
export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1

timeout --kill-after=5 "${WORKSPACE_TIMEOUT_SECONDS:-300}" claude "$@" < prompt.txt > cli.jsonl 2> cli.stderr
code=$?
# The key was only ever in this process's environment; nothing below prints it.
unset ANTHROPIC_API_KEY

if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
  printf '{"timedOut":true}\n' > status.json
else
  printf '{"exitCode":%d}\n' "$code" > status.json
fi

find -P out -type f | head -n 200 | while IFS= read -r path; do
  name=$(printf '%s' "${path#out/}" | tr '/' '-' | tr -c 'A-Za-z0-9._-' '_')
  cp -- "$path" "kept/$name"
done
exit 0
