#!/usr/bin/env bash
# Issue 13's proof benchmarks (not tests):
#   1. `aftercare audit verify` over N sealed audit entries (bench/audit_bench):
#      SQLite 10,000,000 and PostgreSQL 1,000,000 by default;
#   2. the evidence bundle of the demo's largest contract: built (downloaded as
#      its Party A user) and checked by `aftercare evidence verify`;
#   3. ticket-creation throughput with the chained audit against the build
#      without it (AFTERCARE_BENCH_OLD=DIR, a release build of the commit before
#      the chain, e.g. a worktree of b6dc8e1), in one run: two servers on one
#      PostgreSQL database, each under 8 keep-alive connections (wrk), the two
#      builds taking turns, three times each.
# Usage: bench/evidence_bench.sh [verify|bundle|create|all] [N_SQLITE] [N_PG]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
n_sqlite=${2:-10000000}
n_pg=${3:-1000000}
scripts/setup.sh
command -v wrk >/dev/null || { sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null; }
scripts/build.sh release aftercare audit_bench seed_store >/dev/null
bin=$PWD/build/release/aftercare
work=$(mktemp -d /tmp/aftercare-evidence-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  for p in "$work"/*.pid; do [[ -f $p ]] && kill "$(cat "$p")" 2>/dev/null || true; done
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
pg_base=
pg() {  # a fresh database on the throwaway server: its URL
  [[ -n $pg_base ]] || pg_base=$(scripts/pg.sh start "$work/pg")
  psql "$pg_base" -q -c "CREATE DATABASE $1" >/dev/null
  echo "${pg_base%/*}/$1"
}
serve() {  # serve DB DATA LOGFILE [args...]: starts a server (LOGFILE.pid), prints its URL
  local db=$1 data=$2 log=$3
  shift 3
  "$bin" serve --db "$db" --data "$data" --port 0 --threads 4 "$@" >"$log" 2>&1 &
  echo $! >"$log.pid"
  for _ in $(seq 100); do grep -q 'serving on' "$log" && break; sleep 0.1; done
  grep -o 'http://[0-9.:]*' "$log"
}

if [[ $what == verify || $what == all ]]; then
  echo "== audit verify: SQLite, $n_sqlite entries"
  build/release/bench/audit_bench "$work/audit.db" "$n_sqlite"
  ls -la "$work/audit.db" | awk '{printf "database: %.0f MB\n", $5/1e6}'
  rm -f "$work"/audit.db*
  echo "== audit verify: PostgreSQL, $n_pg entries"
  build/release/bench/audit_bench "$(pg auditbench)" "$n_pg"
fi

if [[ $what == bundle || $what == all ]]; then
  echo "== the evidence bundle of the demo's largest contract"
  "$bin" demo --data "$work/demo" >/dev/null
  url=$(serve "$work/demo/aftercare.db" "$work/demo" "$work/demo.log")
  read -r contract customer tickets < <(python3 - "$work/demo/aftercare.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(*c.execute("SELECT t.contract_id, k.customer_id, COUNT(*) n FROM tickets t JOIN contracts k "
                 "ON k.id = t.contract_id GROUP BY t.contract_id ORDER BY n DESC LIMIT 1").fetchone())
PY
)
  login=$(python3 - "$work/demo/aftercare.db" "$customer" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT login FROM users WHERE role = 'party_a' AND customer_id = ?", (sys.argv[2],)).fetchone()[0])
PY
)
  curl -s -c "$work/jar" -H "Content-Type: application/json" -H "Origin: $url" "$url/api/v1/session" \
    -d "{\"login\":\"$login\",\"password\":\"demo-2026\"}" >/dev/null
  key=$(curl -s -b "$work/jar" "$url/api/v1/evidence/key" | sed 's/.*"public_key":"\([0-9a-f]*\)".*/\1/')
  echo "contract $contract ($tickets tickets), Party A user $login"
  for i in 1 2 3; do
    curl -s -b "$work/jar" -o "$work/bundle.tar" -w "built and downloaded in %{time_total} s, %{size_download} bytes\n" \
      "$url/api/v1/contracts/$contract/evidence"
  done
  for i in 1 2 3; do
    /usr/bin/time -f "verified in %e s (%M kB peak)" "$bin" evidence verify "$work/bundle.tar" --public-key "$key" 2>&1 >/dev/null | tail -1
  done
fi

if [[ $what == create || $what == all ]]; then
  old=${AFTERCARE_BENCH_OLD:?set AFTERCARE_BENCH_OLD to a release build of the commit before the chain}
  cat >"$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"customer_id":1,"contract_id":1,"channel":"phone","type":"fault","priority":"P2","title":"压测 创建工单","caller_phone":"13800000000"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
LUA
  round=0
  for pass in 1 2 3; do
    for build in "$old" "$PWD/build/release"; do
      round=$((round + 1))
      db=$(pg "create$round")
      "$build/bench/seed_store" "$db" 10000 >/dev/null 2>&1
      echo 'bench-pass-1' | "$build/aftercare" user add --db "$db" --data "$work/d$round" --login bench --name Bench --role agent --password-stdin >/dev/null
      bin=$build/aftercare
      a=$(serve "$db" "$work/d$round" "$work/a$round.log" --jobs 1)
      b=$(serve "$db" "$work/d$round" "$work/b$round.log" --jobs 1)
      curl -s -c "$work/jar$round" -H "Content-Type: application/json" "$a/api/v1/session" -d '{"login":"bench","password":"bench-pass-1"}' >/dev/null
      export TOKEN=$(curl -s -b "$work/jar$round" -H "Content-Type: application/json" "$a/api/v1/tokens" -d '{"name":"wrk"}' | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
      wrk -t1 -c8 -d15s -s "$work/create.lua" "$a/api/v1/tickets" >"$work/wa$round" &
      wrk -t1 -c8 -d15s -s "$work/create.lua" "$b/api/v1/tickets" >"$work/wb$round"
      wait %% 2>/dev/null || sleep 1
      sleep 3  # the sealer catches up
      ra=$(awk '/Requests\/sec/ {print $2}' "$work/wa$round")
      rb=$(awk '/Requests\/sec/ {print $2}' "$work/wb$round")
      label=$([[ $build == "$old" ]] && echo "without the chain" || echo "with the chain   ")
      unsealed=$(psql "$db" -tAc "SELECT COUNT(*) FROM audit_log WHERE seq IS NULL" 2>/dev/null || echo n/a)
      echo "$label: $(echo "$ra + $rb" | bc) tickets/s (two servers: $ra + $rb); unsealed after 3 s: $unsealed"
      kill "$(cat "$work/a$round.log.pid")" "$(cat "$work/b$round.log.pid")" 2>/dev/null || true
      sleep 1
    done
  done
  bin=$PWD/build/release/aftercare
fi
