#!/usr/bin/env bash
# Issue 15's team calendar, not a test: 500 engineers' planned entries over three
# years (about 230,000) seeded into a fresh SQLite file and a fresh PostgreSQL
# database (a throwaway server), then one team's 3 months read on each
# (bench/calendar_bench).
# Usage: bench/calendar_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release calendar_bench >/dev/null
work=$(mktemp -d /tmp/aftercare-calendar-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "== SQLite"
build/release/bench/calendar_bench "$work/calendar.db"
echo "== PostgreSQL"
base=$(scripts/pg.sh start "$work/pg")
psql "$base" -q -c "CREATE DATABASE calendar_bench" >/dev/null
build/release/bench/calendar_bench "${base%/*}/calendar_bench"
