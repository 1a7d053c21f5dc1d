#!/usr/bin/env bash
# Publishes the `immunowatch` executable to artifacts/immunowatch, compiled ReadyToRun so that
# one-shot commands (parse, poll) start quickly. Quiet unless the build fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
log=$(mktemp)
if ! dotnet publish "$repo/src/ImmunoWatch.Worker" -c Release -r linux-x64 --self-contained false \
     -p:PublishReadyToRun=true -o "$repo/artifacts/immunowatch" -v quiet -nologo >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
