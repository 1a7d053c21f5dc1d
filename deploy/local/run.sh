#!/usr/bin/env bash
# Command 1 of the README: run ImmunoWatch's worker (or any immunowatch command given as arguments).
# Without ConnectionStrings__ImmunoWatch, it brings up a local PostgreSQL whose data stays in
# .data/postgres, so the next run finds this run's items.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

needs_database=yes
case "${1:-run}" in parse|tag|eval|--help|-h|-\?|--version) needs_database=no ;; esac

if [ "$needs_database" = yes ] && [ -z "${ConnectionStrings__ImmunoWatch:-}" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    port=${IMMUNOWATCH_PG_PORT:-55432}
    if ! docker ps --format '{{.Names}}' | grep -qx immunowatch-postgres; then
      docker start immunowatch-postgres >/dev/null 2>&1 || docker run -d --name immunowatch-postgres \
        -e POSTGRES_USER=immunowatch -e POSTGRES_PASSWORD=immunowatch -e POSTGRES_DB=immunowatch \
        -p "127.0.0.1:$port:5432" -v immunowatch-pgdata:/var/lib/postgresql/data postgres:15 >/dev/null
      for _ in $(seq 1 60); do docker exec immunowatch-postgres pg_isready -U immunowatch >/dev/null 2>&1 && break; sleep 1; done
    fi
    export ConnectionStrings__ImmunoWatch="Host=127.0.0.1;Port=$port;Username=immunowatch;Password=immunowatch;Database=immunowatch"
  else
    ConnectionStrings__ImmunoWatch=$("$here/postgres.sh" start)
    export ConnectionStrings__ImmunoWatch
  fi
  echo "using local PostgreSQL: $ConnectionStrings__ImmunoWatch" >&2
  # A local trial: the Development environment accepts the shipped placeholders (token secret,
  # loopback public URL, .invalid sender) that a production start-up refuses.
  export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development}
fi

"$here/publish.sh" >&2
# Only `run` and `migrate` change the schema; for the local quick start, other database commands
# bring the database up to date first (the executable itself refuses to work on an old schema).
case "${1:-run}" in
  run|migrate) ;;
  *) if [ "$needs_database" = yes ]; then "$repo/artifacts/immunowatch/immunowatch" migrate >/dev/null; fi ;;
esac
exec "$repo/artifacts/immunowatch/immunowatch" "${@:-run}"
