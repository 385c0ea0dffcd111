#!/usr/bin/env bash
# The browser end-to-end tests: a real `aftercare serve` on fresh demo data, the built
# web UI (web/dist), headless Debian Chromium driven by playwright-core (from
# web/node_modules), Node's built-in test runner.
#
#   tests/browser/run.sh [SCREENSHOT_DIR]      (default tests/browser/screenshots)
#
# env: AFTERCARE_BIN  the server binary (default build/release/aftercare; copied to a
#                     temp folder first, so a rebuild meanwhile does not disturb the run)
#      AFTERCARE_WEB  the built web UI (default web/dist)
#      CHROMIUM       the browser (default /usr/bin/chromium)
#      TESTS          test files to run (default tests/browser/*.test.mjs)
#      BUDGET         the web budget per role (bench/web_budget.mjs) runs first, on the
#                     fresh demo data: 1 (default), 0 to skip it, only for nothing else
# Exits non-zero when any test fails. Needs web/dist (scripts/web.sh builds it) and
# web/node_modules (npm ci, also done by scripts/web.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

shots=${1:-tests/browser/screenshots}
mkdir -p "$shots"
shots=$(cd "$shots" && pwd)
bin=${AFTERCARE_BIN:-build/release/aftercare}
web=${AFTERCARE_WEB:-web/dist}
chromium=${CHROMIUM:-/usr/bin/chromium}

fail() { echo "tests/browser/run.sh: $*" >&2; exit 2; }
[[ -x $bin ]] || fail "no server binary at $bin (scripts/build.sh release aftercare, or set AFTERCARE_BIN)"
[[ -f $web/index.html ]] || fail "no built web UI at $web (run scripts/web.sh)"
[[ -f web/node_modules/playwright-core/package.json ]] || fail "playwright-core is not installed in web/node_modules (run scripts/web.sh)"
[[ -x $chromium ]] || fail "no Chromium at $chromium (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null || fail "node is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-browser.XXXXXX")
server_pid=
cleanup() {
  local rc=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$(date +%s)
cp "$bin" "$tmp/aftercare"
# Old screenshots of this suite go; others in a caller's folder stay.
rm -f "$shots"/{roles,intake-flow,late-ledger,isolation,form-error,leader,sessions,setup,edit,policies,tokens,alerts,channels,evidence,backups}-*.png

echo "== demo data in $tmp/data"
"$tmp/aftercare" demo --data "$tmp/data" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; fail "aftercare demo failed"; }
sed 's/^/   /' "$tmp/demo.log"

"$tmp/aftercare" serve --data "$tmp/data" --port 0 --web "$web" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's|^aftercare: serving on \(http://[^/ ]*\)/.*|\1|p' "$tmp/serve.out" | head -n1)
  [[ -n $url ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $url ]]; then
  cat "$tmp/serve.out" "$tmp/serve.err" >&2
  fail "the server did not start"
fi
echo "== server $url (pid $server_pid), screenshots in $shots"

if [[ -n ${TESTS:-} ]]; then
  read -r -a files <<<"$TESTS"
else
  files=(tests/browser/*.test.mjs)
fi
rc=0
budget=${BUDGET:-1}
if [[ $budget != 0 ]]; then
  # What each role downloads from the login page to its home screen (issue 11), before
  # the tests add data; fails the run when a role is at or over the budget.
  echo "== web budget per role (bench/web_budget.mjs)"
  CHROMIUM=$chromium TMPDIR=$tmp node bench/web_budget.mjs "$url" || rc=$?
fi
if [[ $budget != only ]]; then
  # One file after the other (2-core machines); each file's tests run in order.
  AFTERCARE_URL=$url AFTERCARE_BIN=$tmp/aftercare SCREENSHOT_DIR=$shots CHROMIUM=$chromium TMPDIR=$tmp \
    node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || rc=$?
fi

if [[ $rc -ne 0 ]]; then
  echo "== server log (stderr, last 40 lines)"
  tail -n 40 "$tmp/serve.err" || true
fi
label="browser tests"
[[ $budget == 0 ]] || label+=" and web budget"
[[ $budget != only ]] || label="web budget"
echo "== $label: $([[ $rc -eq 0 ]] && echo passed || echo FAILED) in $(($(date +%s) - start)) s; screenshots: $(ls "$shots"/*.png 2>/dev/null | wc -l) in $shots"
exit "$rc"
