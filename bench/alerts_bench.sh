#!/usr/bin/env bash
# Issue 12's SLA-timer benchmark (see bench/alerts_bench.cpp): with TICKETS open
# tickets whose clocks run (default 100,000; 24x7 metrics and an office-hours metric
# on the Chinese holidays),
#  1. RecomputeOpenTickets over all of them: the first run (creates every ticket's
#     timer), after an administrator stores holiday year 2027 (PutHolidayYear, as PUT
#     /api/v1/holidays/2027: every office-hours due moves), that year again, and again
#     with every timer set a second off (every one moves back: the timers' worst case);
#  2. idle CPU with every timer hours away: the runner alone for IDLE seconds, then a
#     whole `aftercare serve` process on the database for IDLE seconds;
#  3. lateness of 3,000 warnings falling due over 60 s under the runner (p50/p99/max).
# Usage: bench/alerts_bench.sh [sqlite|pg|postgresql://URL] [TICKETS] [IDLE]
#   sqlite  (default) seeds ${TMPDIR:-/tmp}/aftercare-alerts-TICKETS.db once and
#           benchmarks a copy of it, so a million tickets are seeded only once;
#   pg      a throwaway server from scripts/pg.sh, seeded every run;
#   URL     a PostgreSQL server (e.g. from `scripts/pg.sh start /tmp/pg-bench`): the
#           database alerts_bench_TICKETS on it, created and seeded on first use.
# AFTERCARE_BENCH_BUILD=DIR measures another build instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
tickets=${2:-100000}
idle=${3:-30}
scripts/setup.sh
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare seed_store alerts_bench >/dev/null
  build=$PWD/build/release
fi
work=$(mktemp -d /tmp/aftercare-alerts.XXXXXX)
chmod 755 "$work"
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  [[ $backend == pg ]] && scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
seed() {
  echo "== seeding $tickets open tickets ($backend)"
  /usr/bin/env time -f '%e s' "$build/bench/seed_store" "$1" "$tickets" --open-clocks 2>&1 |
    tr '\r' '\n' | tail -1
}
case $backend in
  sqlite)
    cache=${TMPDIR:-/tmp}/aftercare-alerts-$tickets.db
    if [[ ! -f $cache ]]; then
      seed "$cache.seeding"
      mv "$cache.seeding" "$cache"
    fi
    db=$work/aftercare.db
    cp "$cache" "$db"
    ;;
  pg)
    base=$(scripts/pg.sh start "$work/pg")
    psql "$base" -q -c "CREATE DATABASE bench" >/dev/null
    db=${base%/*}/bench
    seed "$db"
    ;;
  postgres://* | postgresql://*)
    name=alerts_bench_$tickets
    db=${backend%/*}/$name
    if [[ -z $(psql "$backend" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") ]]; then
      psql "$backend" -q -c "CREATE DATABASE $name" >/dev/null
      seed "$db"
    fi
    backend=url
    ;;
  *) echo "usage: $0 [sqlite|pg|postgresql://URL] [TICKETS] [IDLE]" >&2; exit 2 ;;
esac
"$build/aftercare" db migrate --db "$db" >/dev/null  # a database seeded by an older build
echo "== recomputation and the runner's idle CPU"
"$build/bench/alerts_bench" "$db" prepare recompute "idle=$idle"

echo "== aftercare serve, idle"
"$build/aftercare" serve --db "$db" --data "$work" --port 0 --web '' >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q 'serving on' "$work/serve.log" && break; sleep 0.2; done
grep -q 'serving on' "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
sleep 5
ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$idle"
t1=$(ticks); s1=$(date +%s.%N)
awk -v t="$((t1 - t0))" -v hz="$hz" -v s0="$s0" -v s1="$s1" \
  'BEGIN {w = s1 - s0; printf "serve: %.0f s: CPU %.2f s = %.2f %% of a core\n", w, t / hz, 100 * t / hz / w}'
grep -E 'VmRSS' "/proc/$server_pid/status"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=

echo "== lateness"
"$build/bench/alerts_bench" "$db" lateness
