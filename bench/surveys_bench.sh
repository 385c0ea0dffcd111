#!/usr/bin/env bash
# Issue 14's satisfaction dashboard (QA-5), not a test: N surveys (default 300,000,
# with their tickets) seeded into a fresh SQLite file and a fresh PostgreSQL database
# (a throwaway server), then the dashboard's queries timed on each (bench/surveys_bench).
# Usage: bench/surveys_bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300000}
scripts/build.sh release surveys_bench >/dev/null
work=$(mktemp -d /tmp/aftercare-surveys-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "== SQLite"
build/release/bench/surveys_bench "$work/surveys.db" "$n"
echo "== PostgreSQL"
base=$(scripts/pg.sh start "$work/pg")
psql "$base" -q -c "CREATE DATABASE surveys_bench" >/dev/null
build/release/bench/surveys_bench "${base%/*}/surveys_bench" "$n"
