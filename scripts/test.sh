#!/usr/bin/env bash
# README command 2: installs what is needed, builds Release and Debug (ASan+UBSan)
# and the web UI, runs every test (unit, scenario library, CLI, API) under the Debug
# build, the black-box tests again on Release, the browser tests in headless
# Chromium against the Release server, then fuzzes the scenario reader for a
# bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
jobs=$(nproc)

# Runs ctest quietly into a log under build/; prints the failures and the log's
# summary, and fails when any test fails.
run_ctest() {
  local dir=$1; shift
  local log=$dir/ctest.log
  # --timeout: a hung test fails after 5 minutes instead of stalling CI.
  if ctest --test-dir "$dir" -j "$jobs" --timeout 300 --output-on-failure "$@" >"$log" 2>&1; then
    grep -E 'tests passed|tests failed' "$log"
  else
    grep -vE '^ *(Start +[0-9]+:|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)' "$log"
    return 1
  fi
}

scripts/build.sh debug
scripts/build.sh release
scripts/web.sh
echo "== tests on the release build"
run_ctest build/release -R 'Library|Replay'

echo "== browser tests (headless Chromium; screenshots in tests/browser/screenshots)"
tests/browser/run.sh tests/browser/screenshots
tests/openapi/lint.sh build/release/aftercare  # the OpenAPI document, by @redocly/cli (issue 11)

scripts/build.sh fuzz
scripts/fuzz.sh "${AFTERCARE_FUZZ_SECONDS:-60}"

echo "== all tests on the debug build (ASan + UBSan), on SQLite and PostgreSQL"
pgdir=/tmp/aftercare-test-pg-$$
AFTERCARE_TEST_PG_URL=$(scripts/pg.sh start "$pgdir")
export AFTERCARE_TEST_PG_URL
trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
run_ctest build/debug
