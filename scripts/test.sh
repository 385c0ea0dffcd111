#!/usr/bin/env bash
# README command 2: installs what is needed, builds Release and Debug (ASan+UBSan),
# runs every test (unit, scenario library, CLI) under the Debug build and the
# black-box tests again on Release, then fuzzes the scenario reader for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
jobs=$(nproc)

scripts/build.sh debug
scripts/build.sh release
echo "== tests on the release build"
ctest --test-dir build/release -j "$jobs" --output-on-failure -R 'Library|Replay' >/tmp/aftercare-release-ctest.log \
  || { cat /tmp/aftercare-release-ctest.log; exit 1; }
tail -n 3 /tmp/aftercare-release-ctest.log

scripts/build.sh fuzz
scripts/fuzz.sh "${AFTERCARE_FUZZ_SECONDS:-60}"

echo "== all tests on the debug build (ASan + UBSan)"
ctest --test-dir build/debug -j "$jobs" --output-on-failure
