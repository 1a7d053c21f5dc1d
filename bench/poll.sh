#!/usr/bin/env bash
# The ingest benchmark beside newsboat (see bench/README.md):
#   bench/poll.sh [--feeds 200,1000,10000] [--out FILE] [--newsboat false]
# Installs Debian's nginx-light and newsboat when missing (as root), publishes the worker as the
# Dockerfile does, then runs tests/ImmunoWatch.Benchmarks' poll mode. Writes a Markdown report
# (default artifacts/bench/poll-report.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

missing=""
[ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
[ -x /usr/bin/newsboat ] || missing="$missing newsboat"
[ -x /usr/bin/time ] || missing="$missing time"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null  # shellcheck disable=SC2086
  else
    echo "error: install$missing first" >&2; exit 2
  fi
fi

"$repo/deploy/local/publish.sh"
exec dotnet run -c Release --project "$repo/tests/ImmunoWatch.Benchmarks" -- poll "$@"
