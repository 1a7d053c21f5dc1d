#!/usr/bin/env bash
# The advocates' demo: a ClinicalTrials.gov API query polled from the recorded API responses in
# ../shared/corpus/apis/ctgov-v2 (served on loopback as the registry would page them), then polled
# again "a few days later" (one trial suspended, one recruiting again with a new site in
# Colorado), and the digest of an advocate who follows lung cancer near Denver, with the trials
# section: newly recruiting, status changes, nearest site and distance, who can take part.
# Writes artifacts/digest-advocate-trials.{html,txt} and prints the text version.
#   deploy/local/demo-trials.sh [SUBSCRIBER_EMAIL]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${IMMUNOWATCH_SHARED_DIR:-$repo/../shared}/corpus/apis/ctgov-v2
email=${1:-demo.advocate@example.org}
[ -d "$corpus" ] || { echo "error: no recorded API responses at $corpus" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
server=""
# A database of its own, fresh on every run (the demo replays the registry from day 1), unless one is configured.
scratch=""
if [ -z "${ConnectionStrings__ImmunoWatch:-}" ]; then
  scratch=$(mktemp -d /tmp/immunowatch-demo-trials.XXXXXX)
  chmod 755 "$scratch"
  ConnectionStrings__ImmunoWatch=$(IMMUNOWATCH_PG_FSYNC=off "$here/postgres.sh" start "$scratch/pg" "$(free_port)")
  export ConnectionStrings__ImmunoWatch
fi
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  if [ -n "$scratch" ]; then "$here/postgres.sh" stop "$scratch/pg" >/dev/null 2>&1 || true; rm -rf "$scratch"; fi
}
serve() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  python3 "$here/demo/fake_ctgov.py" --corpus "$corpus" --port "$port" --day "$1" &
  server=$!
  for _ in $(seq 1 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && return; sleep 0.1; done
}
trap cleanup EXIT
export Fetching__AllowedPrivateHosts__0="127.0.0.1:$port"
export ApiPaging__PageDelay=00:00:00
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
iw() { "$here/run.sh" "$@"; }
url="http://127.0.0.1:$port/api/v2/studies?query.term=recorded+demo"

serve 1
iw feeds add "$url" --name "ClinicalTrials.gov (recorded demo)" >/dev/null 2>&1 || true
id=$(iw feeds list --json | python3 -c "import json,sys; print(next(s['id'] for s in json.load(sys.stdin) if s['url']=='$url'))")
echo "day 1, first complete pass:"
iw poll --feed "$id" | tail -n 1
iw subscribers remove "$email" >/dev/null 2>&1 || true
iw subscribers add "$email" --name "Demo Advocate" --audience advocate --follow LUNG --near "Denver, Colorado" --radius-km 100 --age 58 --sex female >/dev/null
# The digest covers what changed after the subscriber joined: the first pass is the baseline.
sleep 1

serve 2
echo "a few days later, incremental pass:"
iw poll --feed "$id" | tail -n 1
mkdir -p "$repo/artifacts"
iw digest preview --subscriber "$email" --out "$repo/artifacts/digest-advocate-trials.html"
iw digest preview --subscriber "$email" --format text --out "$repo/artifacts/digest-advocate-trials.txt"
cat "$repo/artifacts/digest-advocate-trials.txt"
