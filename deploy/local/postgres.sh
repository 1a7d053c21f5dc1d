#!/usr/bin/env bash
# Brings up a PostgreSQL for ImmunoWatch on this machine and prints its connection string.
#   postgres.sh start [DATA_DIR] [PORT]   start (initialising DATA_DIR on first use)
#   postgres.sh stop  [DATA_DIR]
# Uses the machine's PostgreSQL binaries (Debian: /usr/lib/postgresql/NN/bin). As root, the server
# runs as the 'postgres' user, because PostgreSQL refuses to run as root.
# fsync stays on (the data of `run.sh` is meant to last); the throwaway servers of the tests and
# benchmarks start with IMMUNOWATCH_PG_FSYNC=off.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
action=${1:-start}
data=${2:-${IMMUNOWATCH_PG_DATA:-$repo/.data/postgres}}
port=${3:-${IMMUNOWATCH_PG_PORT:-55432}}
fsync=${IMMUNOWATCH_PG_FSYNC:-on}
case "$fsync" in on|off) ;; *) echo "error: IMMUNOWATCH_PG_FSYNC must be on or off, not '$fsync'" >&2; exit 2 ;; esac

find_bin() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
    pg_config --bindir; return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  echo "error: no PostgreSQL server binaries found (install postgresql, or set ConnectionStrings__ImmunoWatch)" >&2
  exit 1
}

bin=$(find_bin)
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$data"
  chown postgres: "$data"
  chmod 700 "$data"
  # The server runs as postgres, which may not be able to enter a checkout under /root: then the
  # data lives in a fixed folder named after the checkout, so the next run still finds it.
  if ! runuser -u postgres -- test -w "$data"; then
    fallback="/var/lib/immunowatch/$(printf '%s' "$data" | sha256sum | cut -c1-12)"
    echo "note: user postgres cannot reach $data; keeping the data in $fallback instead" >&2
    data=$fallback
    mkdir -p "$data"
    chown postgres: "$data" "$(dirname "$data")"
    chmod 700 "$data"
  fi
else
  mkdir -p "$data"
  chmod 700 "$data"
fi

case "$action" in
  start)
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U immunowatch --auth=trust -E UTF8 --locale=C >"$data.initdb.log" 2>&1 \
        || { cat "$data.initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=$fsync" start >/dev/null
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U immunowatch -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='immunowatch'" | grep -q 1; then
      "$bin/createdb" -h 127.0.0.1 -p "$port" -U immunowatch immunowatch
    fi
    echo "Host=127.0.0.1;Port=$port;Username=immunowatch;Database=immunowatch"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop [DATA_DIR] [PORT]" >&2
    exit 2
    ;;
esac
