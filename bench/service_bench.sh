#!/usr/bin/env bash
# Issue 4's service benchmark: with 1,000,000 tickets in the store, ticket creation
# throughput and p50/p99 latency under a keep-alive load of 16 connections (wrk),
# the open queue's first page, and the server's peak memory; on SQLite, and on
# PostgreSQL when given `pg` (a throwaway server from scripts/pg.sh).
# Also the latency of a vendor's ticket list and search (each audited, CON-4).
# Usage: bench/service_bench.sh [sqlite|pg] [TICKETS] [SECONDS]
# AFTERCARE_BENCH_BUILD=DIR measures another build (its aftercare and bench/seed_store,
# e.g. a worktree of an older commit) instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
tickets=${2:-1000000}
seconds=${3:-15}
scripts/setup.sh
command -v wrk >/dev/null || { sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null; }
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare seed_store >/dev/null
  build=$PWD/build/release
fi
bin=$build/aftercare
work=$(mktemp -d /tmp/aftercare-bench.XXXXXX)
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
else
  db=$work/aftercare.db
fi
echo "== seeding $tickets tickets ($backend)"
time "$build/bench/seed_store" "$db" "$tickets" 2>/dev/null
echo 'bench-pass-1' | "$bin" user add --db "$db" --data "$work" --login bench --name Bench --role agent --password-stdin >/dev/null
"$bin" serve --db "$db" --data "$work" --port 0 --threads 4 >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q 'serving on' "$work/serve.log" && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.log")
curl -s -c "$work/jar" -H "Content-Type: application/json" "$url/api/v1/session" -d '{"login":"bench","password":"bench-pass-1"}' >/dev/null
token=$(curl -s -b "$work/jar" -H "Content-Type: application/json" "$url/api/v1/tokens" -d '{"name":"wrk"}' | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
cat >"$work/create.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"customer_id":1,"contract_id":1,"channel":"phone","type":"fault","priority":"P2","title":"压测 创建工单","caller_phone":"13800000000"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
echo "== ticket creation: 16 keep-alive connections, ${seconds}s"
wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/create.lua" "$url/api/v1/tickets" | grep -E 'Requests/sec|  50%|  99%|Non-2xx'
# Median and max of 20 GETs of a page.
page_latency() {
  for _ in $(seq 20); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url$1"
  done | sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, max %.1f ms\n", a[int(NR/2)+1]*1000, a[NR]*1000}'
}
echo "== the open queue's first page (50 tickets), 20 requests"
page_latency "/api/v1/tickets?queue=1&limit=50"
echo "== a vendor's ticket list, newest first (50 tickets), 20 requests"
page_latency "/api/v1/tickets?status=open&limit=50"
echo "== a search by part of a caller's phone (50 tickets), 20 requests"
page_latency "/api/v1/tickets?q=1380&limit=50"
echo "== server memory"
grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status"
