#!/usr/bin/env bash
# Runs the scenario-reader fuzzer for SECONDS (default 60) on a seed corpus of every
# scenario file in the repo. New inputs it finds go to a scratch corpus, not the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seeds=build/fuzz/seeds
work=build/fuzz/corpus
rm -rf "$seeds"; mkdir -p "$seeds" "$work"
i=0
for f in examples/*.yaml tests/scenarios/*.yaml tests/scenarios/bad/*.yaml fuzz/corpus/*; do
  [[ -f $f ]] && cp "$f" "$seeds/$((i++))-$(basename "$f")"
done
echo "== fuzzing the scenario reader for ${seconds}s ($i seed files)"
build/fuzz/scenario_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
  -max_len=8192 -print_final_stats=0 -close_fd_mask=3 "$work" "$seeds" \
  >build/fuzz/fuzz.log 2>&1 || { tail -n 60 build/fuzz/fuzz.log; echo "fuzz: FAILED"; exit 1; }
tail -n 1 build/fuzz/fuzz.log
echo "fuzz: no crash, hang or sanitizer report in ${seconds}s"
