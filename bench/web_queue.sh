#!/usr/bin/env bash
# Issue 5's UI figure: the agent queue's first load in headless Chromium with
# 10,000 open tickets (bench/seed_store leaves about 8% of its tickets open, so
# 125,000 tickets by default), served by the Release build with the built UI.
# Usage: bench/web_queue.sh [TICKETS]
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${1:-125000}
scripts/setup.sh test
scripts/build.sh release aftercare seed_store >/dev/null
scripts/web.sh
work=$(mktemp -d /tmp/aftercare-webbench.XXXXXX)
trap '[[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
build/release/bench/seed_store "$work/a.db" "$tickets" 2>/dev/null
echo 'bench-pass-1' | build/release/aftercare user add --db "$work/a.db" --data "$work" --login bench \
  --name 压测客服 --role agent --password-stdin >/dev/null
build/release/aftercare serve --db "$work/a.db" --data "$work" --port 0 --web web/dist >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'serving on' "$work/log" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/log")
open=$(sqlite3 "$work/a.db" "SELECT COUNT(*) FROM tickets WHERE queue_key IS NOT NULL" 2>/dev/null || echo '?')
echo "== $open open tickets of $tickets"
node bench/web_queue.mjs "$url" bench bench-pass-1
