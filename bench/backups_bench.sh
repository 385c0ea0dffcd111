#!/usr/bin/env bash
# SEC-2's benchmark: `aftercare backup` and `aftercare restore` of a store with
# TICKETS tickets (default 1,000,000, seeded by bench/seed_store), wall time and the
# file's size, on SQLite and PostgreSQL.
# Usage: bench/backups_bench.sh [sqlite|pg] [TICKETS]
#   sqlite  (default) seeds ${TMPDIR:-/tmp}/aftercare-backups-TICKETS.db once and
#           backs up a copy of it;
#   pg      a throwaway server from scripts/pg.sh, seeded every run.
# AFTERCARE_BENCH_BUILD=DIR measures another build instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
tickets=${2:-1000000}
build=${AFTERCARE_BENCH_BUILD:-}
if [[ -z $build ]]; then
  scripts/build.sh release aftercare seed_store >/dev/null
  build=$PWD/build/release
fi
work=$(mktemp -d /tmp/aftercare-backups.XXXXXX)
chmod 755 "$work"
cleanup() {
  [[ $backend == pg ]] && scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
timed() {  # label, command...
  local label=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  printf '%-28s %8.2f s\n' "$label" "$(echo "$end - $start" | bc)"
}
echo "== $tickets tickets on $backend"
mkdir -p "$work/data"
case $backend in
  sqlite)
    cache=${TMPDIR:-/tmp}/aftercare-backups-$tickets.db
    if [[ ! -f $cache ]]; then
      timed "seed" "$build/bench/seed_store" "$cache.seeding" "$tickets"
      mv "$cache.seeding" "$cache"
    fi
    cp "$cache" "$work/data/aftercare.db"
    db=$work/data/aftercare.db
    target=$work/restored/aftercare.db
    ;;
  pg)
    base=$(scripts/pg.sh start "$work/pg")
    psql "$base" -q -c "CREATE DATABASE bench" -c "CREATE DATABASE restored" >/dev/null
    db=${base%/*}/bench
    target=${base%/*}/restored
    timed "seed" "$build/bench/seed_store" "$db" "$tickets"
    ;;
  *) echo "usage: $0 [sqlite|pg] [TICKETS]" >&2; exit 2 ;;
esac
echo "database: $(du -sh "$work/data" | cut -f1) data folder"
timed "backup" "$build/aftercare" backup --data "$work/data" --db "$db" --to "$work/backup.tar"
echo "backup file: $(stat -c %s "$work/backup.tar") bytes"
timed "backup verify" "$build/aftercare" backup verify "$work/backup.tar"
timed "restore" "$build/aftercare" restore "$work/backup.tar" --data "$work/restored" --db "$target"
