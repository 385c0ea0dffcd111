#!/usr/bin/env bash
# Issue 13's export benchmark: GET /api/v1/tickets/export of every ticket of a
# database of TICKETS tickets (default 1,000,000, bench/seed_store's history: one
# customer, one contract, about 8% open) through a running `aftercare serve`, as an
# administrator, in FORMATS (default "xlsx csv"). For each: the wall time of the
# whole request (curl: the first byte comes once the file is written; the rest is
# sent from disk), the rows, the file's size, and the server's peak resident memory
# (VmHWM) before and after, which is what a million rows held in memory would show.
# Usage: bench/exports_bench.sh [sqlite|postgresql://URL] [TICKETS] [FORMATS]
#   sqlite  (default) seeds ${TMPDIR:-/tmp}/aftercare-exports-TICKETS.db once and
#           benchmarks a copy of it;
#   URL     a PostgreSQL server (e.g. from `scripts/pg.sh start /tmp/pg-bench`): the
#           database exports_bench_TICKETS on it, created and seeded on first use.
# AFTERCARE_BENCH_BUILD=DIR measures another build instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
tickets=${2:-1000000}
formats=${3:-xlsx csv}
scripts/setup.sh
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare seed_store >/dev/null
  build=$PWD/build/release
fi
work=$(mktemp -d /tmp/aftercare-exports.XXXXXX)
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
seed() {
  echo "== seeding $tickets tickets ($backend)"
  /usr/bin/env time -f '%e s' "$build/bench/seed_store" "$1" "$tickets" 2>&1 | tr '\r' '\n' | tail -1
}
case $backend in
  sqlite)
    cache=${TMPDIR:-/tmp}/aftercare-exports-$tickets.db
    if [[ ! -f $cache ]]; then
      seed "$cache.seeding"
      mv "$cache.seeding" "$cache"
    fi
    db=$work/aftercare.db
    cp "$cache" "$db"
    ;;
  postgres://* | postgresql://*)
    name=exports_bench_$tickets
    db=${backend%/*}/$name
    if [[ -z $(psql "$backend" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") ]]; then
      psql "$backend" -q -c "CREATE DATABASE $name" >/dev/null
      seed "$db"
    fi
    ;;
  *) echo "usage: $0 [sqlite|postgresql://URL] [TICKETS] [FORMATS]" >&2; exit 2 ;;
esac
"$build/aftercare" db migrate --db "$db" >/dev/null  # a database seeded by an older build
login=bench-$$
echo "bench-password-1" |
  "$build/aftercare" user add --db "$db" --data "$work" --login "$login" --name Bench \
    --role admin --password-stdin >/dev/null
"$build/aftercare" serve --db "$db" --data "$work" --port 0 --web '' >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q 'serving on' "$work/serve.log" && break; sleep 0.2; done
grep -q 'serving on' "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
port=$(grep -o 'serving on http://[^/]*' "$work/serve.log" | grep -o '[0-9]*$')
base=http://127.0.0.1:$port/api/v1
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d "{\"login\":\"$login\",\"password\":\"bench-password-1\"}" "$base/session" >/dev/null
hwm() { awk '/VmHWM/ {printf "%.1f MB", $2 / 1024}' "/proc/$server_pid/status"; }
echo "server before: peak RSS $(hwm)"
for format in $formats; do
  out=$work/export.$format
  timing=$(curl -sf -b "$work/cookies" -H 'Accept-Language: zh-CN' -D "$work/headers" \
    -o "$out" -w '%{time_starttransfer} %{time_total}' "$base/tickets/export?format=$format")
  rows=$(tr -d '\r' <"$work/headers" | awk -F': ' 'tolower($1) == "x-export-rows" {print $2}')
  size=$(stat -c %s "$out")
  read -r first total <<<"$timing"
  printf '%s: %s rows in %.1f s (file written %.1f s, sent %.1f s), %.1f MB; server peak RSS %s\n' \
    "$format" "$rows" "$total" "$first" "$(awk -v a="$total" -v b="$first" 'BEGIN {print a - b}')" \
    "$(awk -v s="$size" 'BEGIN {print s / 1048576}')" "$(hwm)"
  rm -f "$out"
done
left=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'aftercare-export-*' -newer "$work/serve.log" | wc -l)
echo "temporary export files left behind: $left"
