#!/usr/bin/env bash
# Reproduces the README's performance figures (Release build, one thread):
#  1. the engine alone on 1,000,000 generated tickets, bid-default 7x24 and on an
#     office-hours calendar with the Chinese holidays (tickets/s, peak RSS);
#  2. `aftercare sla replay` end to end on a generated 100,000-ticket file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release >/dev/null
build/release/bench/engine_bench
file=${TMPDIR:-/tmp}/aftercare-bench-100k.yaml
build/release/bench/make_scenario 100000 >"$file"
echo "== aftercare sla replay on $(du -h "$file" | cut -f1) ($(grep -c -- '- id:' "$file") tickets)"
/usr/bin/env time -f '%e s wall, %M KB peak RSS' build/release/aftercare sla replay "$file" >/dev/null
