#!/usr/bin/env bash
# kill -9 durability under load, 100 cycles by default (issue 10; not in the test
# command): concurrent writers create tickets and add notes; the server is killed
# with SIGKILL at a random moment, started again, and every write it acknowledged
# with 2xx must still be there (bench/crash_durability.py does the cycles). On SQLite,
# or on PostgreSQL with `pg`: the database in $AFTERCARE_DURABILITY_PG_URL (it is
# dropped and created again as aftercare_durability), else a throwaway server from
# scripts/pg.sh.
# Usage: bench/crash_durability.sh [sqlite|pg] [CYCLES] [WRITERS]
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
cycles=${2:-100}
writers=${3:-8}
scripts/setup.sh
scripts/build.sh release aftercare >/dev/null
bin=$PWD/build/release/aftercare
work=$(mktemp -d /tmp/aftercare-durability.XXXXXX)
chmod 755 "$work"
cleanup() {
  [[ $backend == pg && -z ${AFTERCARE_DURABILITY_PG_URL:-} ]] &&
    scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
db=
case $backend in
  sqlite) ;;
  pg)
    base=${AFTERCARE_DURABILITY_PG_URL:-$(scripts/pg.sh start "$work/pg")}
    PGOPTIONS="-c client_min_messages=warning" psql "$base" -qX \
      -c "DROP DATABASE IF EXISTS aftercare_durability" \
      -c "CREATE DATABASE aftercare_durability" >/dev/null
    db=${base%/*}/aftercare_durability
    ;;
  *) echo "usage: $0 [sqlite|pg] [CYCLES] [WRITERS]" >&2; exit 2 ;;
esac
db_args=(--data "$work")
[[ -n $db ]] && db_args+=(--db "$db")
"$bin" demo "${db_args[@]}" >/dev/null
# One API token for the writers (the demo's agent), kept across restarts.
"$bin" serve "${db_args[@]}" --port 0 --web '' >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'serving on' "$work/serve.log" && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.log")
curl -sf -c "$work/jar" -H 'Content-Type: application/json' -X POST "$url/api/v1/session" \
  -d '{"login":"agent","password":"demo-2026"}' >/dev/null
token=$(curl -sf -b "$work/jar" -H 'Content-Type: application/json' -X POST "$url/api/v1/tokens" \
  -d '{"name":"kill9"}' | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
kill "$pid"
wait "$pid" || true
echo "== kill -9 durability: $cycles cycles on $backend, $writers writers"
python3 bench/crash_durability.py "$bin" "$work" "$db" "$token" "$cycles" "$writers"
