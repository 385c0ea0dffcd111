#!/usr/bin/env bash
# Issue 5's UI figures: the first load of the two ticket lists a person lands on, in
# headless Chromium with 10,000 open tickets (bench/seed_store leaves about 8% of its
# tickets open, all unassigned, so 125,000 tickets by default), served by the Release
# build with the built UI: the agent's queue (队列) and the team leader's dispatch
# board (调度台, leader / demo-2026), with one team, its leader and 8 engineers, 4 of
# them on duty now. Usage: bench/web_queue.sh [TICKETS]
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${1:-125000}
scripts/setup.sh test
scripts/build.sh release aftercare seed_store >/dev/null
scripts/web.sh
work=$(mktemp -d /tmp/aftercare-webbench.XXXXXX)
trap '[[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
build/release/bench/seed_store "$work/a.db" "$tickets" 2>/dev/null
# Prints the new user's id.
add_user() { # LOGIN NAME ROLE PASSWORD
  echo "$4" | build/release/aftercare user add --db "$work/a.db" --data "$work" --login "$1" \
    --name "$2" --role "$3" --password-stdin | sed -n 's/.*(id \([0-9]*\),.*/\1/p'
}
add_user bench 压测客服 agent bench-pass-1 >/dev/null
add_user bench-admin 压测管理员 admin bench-pass-1 >/dev/null
leader=$(add_user leader 压测组长 team_leader demo-2026)
engineers=()
for i in $(seq 8); do engineers+=("$(add_user "eng$i" "压测工程师$i" engineer bench-pass-1)"); done
build/release/aftercare serve --db "$work/a.db" --data "$work" --port 0 --web web/dist >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'serving on' "$work/log" 2>/dev/null && break; sleep 0.2; done
url=$(grep -o 'http://[0-9.:]*' "$work/log")

# The team, through the API as the administrator: members, and shifts running now.
api() { # METHOD PATH JSON
  curl -sSf -b "$work/cookies" -c "$work/cookies" -H 'Content-Type: application/json' \
    -X "$1" "$url/api/v1$2" -d "$3"
}
api POST /session '{"login":"bench-admin","password":"bench-pass-1"}' >/dev/null
team=$(api POST /teams "{\"name\":\"压测一组\",\"leader_id\":$leader}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
from=$(TZ=Asia/Shanghai date -d '-1 hour' +%Y-%m-%dT%H:%M:%S+08:00)
to=$(TZ=Asia/Shanghai date -d '+8 hour' +%Y-%m-%dT%H:%M:%S+08:00)
for i in "${!engineers[@]}"; do
  api POST "/teams/$team/members" "{\"user_id\":${engineers[$i]}}" >/dev/null
  if ((i % 2 == 0)); then
    api POST "/teams/$team/roster" \
      "{\"user_id\":${engineers[$i]},\"starts_at\":\"$from\",\"ends_at\":\"$to\"}" >/dev/null
  fi
done

open=$(sqlite3 "$work/a.db" "SELECT COUNT(*) FROM tickets WHERE queue_key IS NOT NULL" 2>/dev/null || echo '?')
echo "== $open open tickets of $tickets"
node bench/web_queue.mjs "$url" queue bench bench-pass-1
node bench/web_queue.mjs "$url" dispatch leader demo-2026
