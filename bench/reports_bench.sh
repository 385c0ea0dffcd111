#!/usr/bin/env bash
# Issue 15's health-check report (OPS-2), not a test: a contract with N tickets
# (default 100,000, with their SLA events, bench/seed_store) all received inside one
# half-year, its report generated on SQLite and on PostgreSQL (a throwaway server):
# wall time and peak memory (bench/reports_bench).
# Usage: bench/reports_bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
scripts/build.sh release seed_store reports_bench >/dev/null
work=$(mktemp -d /tmp/aftercare-reports-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# Every ticket between 2026-07-01 and 2026-12-24: the half-year 2026-07-01..2027-01-01.
export AFTERCARE_BENCH_FIRST=2026-07-01T00:00:00+08:00
echo "== SQLite"
build/release/bench/seed_store "$work/reports.db" "$n" >/dev/null
build/release/bench/reports_bench "$work/reports.db" "$work" 2026-07-01 2027-01-01
echo "== PostgreSQL"
base=$(scripts/pg.sh start "$work/pg")
psql "$base" -q -c "CREATE DATABASE reports_bench" >/dev/null
build/release/bench/seed_store "${base%/*}/reports_bench" "$n" >/dev/null
build/release/bench/reports_bench "${base%/*}/reports_bench" "$work" 2026-07-01 2027-01-01
