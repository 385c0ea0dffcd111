#!/usr/bin/env bash
# Runs both fuzzers for SECONDS (default 60), side by side (one core each):
# - the scenario reader, seeded with every scenario file in the repo;
# - the HTTP layer (fuzz/http_fuzz.cpp), seeded with fuzz/corpus-http/.
# New inputs they find go to scratch corpora under build/fuzz/, not the repo; a
# finding is saved as build/fuzz/*crash-* (or timeout-, oom-), and the last lines
# of the fuzzer's log say what it was.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build/fuzz
seeds=$out/seeds
work=$out/corpus
rm -rf "$seeds"; mkdir -p "$seeds" "$work" "$out/corpus-http"
i=0
for f in examples/*.yaml tests/scenarios/*.yaml tests/scenarios/bad/*.yaml fuzz/corpus/*; do
  [[ -f $f ]] && cp "$f" "$seeds/$((i++))-$(basename "$f")"
done
echo "== fuzzing for ${seconds}s: the scenario reader ($i seed files) and the HTTP layer" \
  "($(ls fuzz/corpus-http | wc -l) seed requests), in parallel"
$out/scenario_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
  -max_len=8192 -print_final_stats=0 -close_fd_mask=3 -artifact_prefix="$out/scenario-" \
  "$work" "$seeds" >$out/fuzz.log 2>&1 &
scenario=$!
# The HTTP target keeps stderr (-close_fd_mask=1): its findings are printed there.
# Its setup (demo data, logins) takes a few seconds of the budget.
http_status=0
$out/http_fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=4096 \
  -dict=fuzz/http.dict -print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$out/http-" \
  "$out/corpus-http" fuzz/corpus-http >$out/http_fuzz.log 2>&1 || http_status=$?
scenario_status=0
wait "$scenario" || scenario_status=$?
failed=0
if ((scenario_status)); then
  tail -n 60 $out/fuzz.log
  echo "fuzz: the scenario reader FAILED (log: $out/fuzz.log)"
  failed=1
else
  echo "scenario reader: $(tail -n 1 $out/fuzz.log)"
fi
if ((http_status)); then
  grep -E '^==http_fuzz== FINDING|ERROR: |SUMMARY: |Test unit written' $out/http_fuzz.log | head -n 20
  grep -A3 "^MS: " $out/http_fuzz.log | tail -n 4
  echo "fuzz: the HTTP layer FAILED (log: $out/http_fuzz.log); to read the request:"
  echo "  HTTP_FUZZ_VERBOSE=1 $out/http_fuzz $out/http-<the file above>"
  failed=1
else
  echo "HTTP layer: $(grep -E '^#[0-9]+' $out/http_fuzz.log | tail -n 1)"
fi
((failed)) && { echo "fuzz: FAILED"; exit 1; }
echo "fuzz: no crash, hang, sanitizer report, 500 or partial write in ${seconds}s"
