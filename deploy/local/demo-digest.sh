#!/usr/bin/env bash
# Fills the local database by polling real feed documents from ../shared/corpus (served on
# loopback), adds a demo subscriber, and writes their digest preview to artifacts/digest-preview.html.
#   deploy/local/demo-digest.sh [SUBSCRIBER_EMAIL]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
corpus=${IMMUNOWATCH_SHARED_DIR:-$repo/../shared}/corpus/feeds/real
email=${1:-demo.oncologist@example.org}
[ -d "$corpus" ] || { echo "error: no corpus at $corpus" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$corpus" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
export Fetching__AllowedPrivateHosts__0="127.0.0.1:$port"
# A demo on loopback feeds: the Development environment accepts the shipped link and sender placeholders.
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
iw() { "$here/run.sh" "$@"; }

while IFS='|' read -r path name kind mode; do
  iw feeds add "http://127.0.0.1:$port/$path" --name "$name" --kind "$kind" --mode "$mode" >/dev/null 2>&1 || true
done <<LIST
pubmed/pubmed-rss-search-2021-11-23.xml|PubMed search (corpus)|journal|immunotherapy-only
clinicaltrials/ctgov-rss-updated-last-5-days-2016-06-30.xml|ClinicalTrials.gov updates (corpus)|trials|all
LIST
for f in "$corpus"/nci*/*.xml "$corpus"/pubmed/*.xml "$corpus"/clinicaltrials/*.xml "$corpus"/atypon/*.xml; do
  [ -f "$f" ] || continue
  rel=${f#"$corpus"/}
  iw feeds add "http://127.0.0.1:$port/$rel" --name "$(basename "$f" .xml) (corpus)" --kind journal --mode all >/dev/null 2>&1 || true
done
iw poll --all | tail -n 1
iw subscribers add "$email" --name "Demo Oncologist" --audience clinician >/dev/null 2>&1 || true
mkdir -p "$repo/artifacts"
iw digest preview --subscriber "$email" --since 2000-01-01 --out "$repo/artifacts/digest-preview.html"
iw digest preview --subscriber "$email" --since 2000-01-01 --format text --out "$repo/artifacts/digest-preview.txt"
