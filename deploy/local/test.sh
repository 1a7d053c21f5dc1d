#!/usr/bin/env bash
# Command 2 of the README: the whole test suite, integration tests on a real PostgreSQL included.
# Without IMMUNOWATCH_TEST_PG (and without a Docker engine for Testcontainers), it starts a
# throwaway PostgreSQL from the machine's binaries and removes it afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

# The conformance test compares with Python feedparser 6 (Debian's python3-feedparser).
if ! /usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing python3-feedparser (reference for the conformance test)" >&2
    (apt-get install -y -q python3-feedparser >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q python3-feedparser >/dev/null; })
  fi
fi

# The digest preview is checked in headless Chromium (Debian's package).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium (headless browser checks)" >&2
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null; })
  fi
fi

cleanup() { :; }
if [ -z "${IMMUNOWATCH_TEST_PG:-}" ] && ! { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }; then
  data=$(mktemp -d /tmp/immunowatch-test-pg.XXXXXX)
  chmod 755 "$data"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # A throwaway server: durability buys nothing here, so fsync is off.
  base=$(IMMUNOWATCH_PG_FSYNC=off "$here/postgres.sh" start "$data/pg" "$port")
  export IMMUNOWATCH_TEST_PG="$base"
  cleanup() { "$here/postgres.sh" stop "$data/pg" || true; rm -rf "$data"; }
  echo "test PostgreSQL: $IMMUNOWATCH_TEST_PG" >&2
fi
trap cleanup EXIT

# The CLI tests run the executable as deployed: published ReadyToRun, as the Dockerfile builds it.
"$here/publish.sh" >&2
export IMMUNOWATCH_WORKER_DLL="$repo/artifacts/immunowatch/immunowatch.dll"

log=$(mktemp)
set +e
dotnet test "$repo/ImmunoWatch.sln" -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test assemblies.
awk '/^ *Passed: *[0-9]+$/ {p+=$2} /^ *Failed: *[0-9]+$/ {f+=$2} /^ *Skipped: *[0-9]+$/ {s+=$2}
     END {printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$log"
rm -f "$log"
exit "$status"
