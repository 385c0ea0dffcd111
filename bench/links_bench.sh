#!/usr/bin/env bash
# Issue 14's speed benchmark for the ticket side (SLA-5's slowest links): with TICKETS
# tickets (default 1,000,000, each with its SLA events, assigned to five teams) in the
# store,
#  1. the follower's backfill: a server started on the seeded database reads every
#     ticket event into the tickets' steps and the monthly counts
#     (service/analytics/links.h); its time and events/s;
#  2. GET /api/v1/analytics/steps through the real HTTP API, RUNS times each (median,
#     max): by type over the default dashboard's 8 weeks, and by type, priority and
#     team over a whole year (the longest period allowed).
# Usage: bench/links_bench.sh [sqlite|pg] [TICKETS] [RUNS]
#   pg: a throwaway server from scripts/pg.sh.
# AFTERCARE_BENCH_BUILD=DIR measures another build instead of building this one.
# AFTERCARE_BENCH_FIRST=2026-01-01T00:00:00+08:00: every ticket received from then on
# (default 2020-01-01: seven years), so that the year's queries read all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
tickets=${2:-1000000}
runs=${3:-20}
scripts/setup.sh
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare seed_store >/dev/null
  build=$PWD/build/release
fi
bin=$build/aftercare
work=$(mktemp -d /tmp/aftercare-links.XXXXXX)
chmod 755 "$work"
cleanup() {
  [[ -n ${server_pid:-} ]] && kill "$server_pid" 2>/dev/null || true
  [[ $backend == pg ]] && scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [[ $backend == pg ]]; then
  base=$(scripts/pg.sh start "$work/pg")
  psql "$base" -q -c "CREATE DATABASE bench" >/dev/null
  db=${base%/*}/bench
  sql() { psql "$db" -qAt -c "$1"; }
else
  db=$work/aftercare.db
  sql() { sqlite3 "$db" "$1"; }
fi
echo "== seeding $tickets tickets ($backend)"
/usr/bin/env time -f '%e s' "$build/bench/seed_store" "$db" "$tickets" --teams 2>&1 | tail -1
events=$(sql "SELECT COUNT(*) FROM ticket_events")
last=$(sql "SELECT MAX(id) FROM ticket_events")
echo "   $tickets tickets, $events ticket events"
echo 'bench-pass-1' | "$bin" user add --db "$db" --data "$work" --login bench --name Bench --role manager --password-stdin >/dev/null

echo "== the follower's backfill: every event into steps and monthly counts"
start=$(date +%s.%N)
"$bin" serve --db "$db" --data "$work" --port 0 --threads 4 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q 'serving on' "$work/serve.log" && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.log")
while :; do
  read_to=$(sql "SELECT COALESCE(MAX(last_id), 0) FROM analytics_cursors WHERE name = 'ticket_steps'" 2>/dev/null || echo 0)
  [[ ${read_to:-0} -ge $last ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 1
done
end=$(date +%s.%N)
steps=$(sql "SELECT COUNT(*) FROM ticket_steps")
cells=$(sql "SELECT COUNT(*) FROM ticket_step_months")
awk -v s="$start" -v e="$end" -v n="$events" -v st="$steps" -v c="$cells" \
  'BEGIN {printf "   %.1f s for %d events: %.0f events/s (%d step rows, %d monthly cells)\n", e - s, n, n / (e - s), st, c}'

# What autovacuum would have done by the time anyone reads a dashboard: the
# planner's statistics of the freshly loaded tables.
[[ $backend == pg ]] && sql "VACUUM ANALYZE"
curl -s -c "$work/jar" -H "Content-Type: application/json" "$url/api/v1/session" -d '{"login":"bench","password":"bench-pass-1"}' >/dev/null
token=$(curl -s -b "$work/jar" -H "Content-Type: application/json" "$url/api/v1/tokens" -d '{"name":"bench"}' | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
# Median and max of RUNS GETs (after one to warm up), and the answer's check.
latency() {
  curl -s -f -o "$work/answer.json" -H "Authorization: Bearer $token" "$url$1"
  for _ in $(seq "$runs"); do
    curl -s -f -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url$1"
  done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms", a[int((NR+1)/2)]*1000, a[NR]*1000}'
  python3 -c "import json,sys; r=json.load(open('$work/answer.json')); a=r['groups'][0]; print('  (%d groups, exact %s, slowest %s, %d tickets received)' % (len(r['groups']), r['exact'], a['slowest'], a['steps'][0]['count'] if a['steps'] else 0))"
}
echo "== GET /api/v1/analytics/steps, $runs requests each"
echo "   by type, 8 weeks (2026-10-30..2026-12-24):   $(latency '/api/v1/analytics/steps?from=2026-10-30&to=2026-12-24&by=type')"
echo "   by type, a year (2026-01-01..2026-12-31):     $(latency '/api/v1/analytics/steps?from=2026-01-01&to=2026-12-31&by=type')"
echo "   by priority, a year:                          $(latency '/api/v1/analytics/steps?from=2026-01-01&to=2026-12-31&by=priority')"
echo "   by team, a year:                              $(latency '/api/v1/analytics/steps?from=2026-01-01&to=2026-12-31&by=team')"
echo "   by type, 366 days across months (2025-12-16..2026-12-16): $(latency '/api/v1/analytics/steps?from=2025-12-16&to=2026-12-16&by=type')"
