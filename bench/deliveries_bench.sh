#!/usr/bin/env bash
# Issue 12's delivery benchmark (see bench/deliveries_bench.cpp): DELIVERIES (default
# 20,000) deliveries made as warnings make them, then sent through the durable queue by
# serve's runner with THREADS job threads (default 4) to a local webhook receiver that
# answers 204; deliveries per second from the runner's start until every one is
# received and recorded `sent` (target: 1,000/s).
# Usage: bench/deliveries_bench.sh [sqlite|pg|postgresql://URL] [DELIVERIES] [THREADS]
#   sqlite  (default) a fresh file under a temporary folder;
#   pg      a throwaway server from scripts/pg.sh;
#   URL     a PostgreSQL server: the database deliveries_bench on it, created afresh.
# AFTERCARE_BENCH_BUILD=DIR measures another build instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
deliveries=${2:-20000}
threads=${3:-4}
scripts/setup.sh
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare deliveries_bench >/dev/null
  build=$PWD/build/release
fi
work=$(mktemp -d /tmp/aftercare-deliveries.XXXXXX)
chmod 755 "$work"
cleanup() {
  [[ $backend == pg ]] && scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fresh_pg() {
  PGOPTIONS="-c client_min_messages=warning" psql "$1" -qX \
    -c "DROP DATABASE IF EXISTS deliveries_bench" -c "CREATE DATABASE deliveries_bench" >/dev/null
  db=${1%/*}/deliveries_bench
}
case $backend in
  sqlite) db=$work/aftercare.db ;;
  pg) fresh_pg "$(scripts/pg.sh start "$work/pg")" ;;
  postgres://* | postgresql://*) fresh_pg "$backend" ;;
  *) echo "usage: $0 [sqlite|pg|postgresql://URL] [DELIVERIES] [THREADS]" >&2; exit 2 ;;
esac
"$build/aftercare" db migrate --db "$db" >/dev/null
echo bench-admin-pass-1 | "$build/aftercare" user add --db "$db" --login admin \
  --name Administrator --role admin --password-stdin >/dev/null
echo "== $deliveries deliveries through the queue, $threads runner threads"
"$build/bench/deliveries_bench" "$db" "$deliveries" "$threads"
