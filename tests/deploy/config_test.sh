#!/usr/bin/env bash
# The server's settings from outside its command line (issue 13;
# src/cli/server_settings.h), through the built binary: the precedence command line
# > environment (AFTERCARE_<KEY>) > configuration file (--config, $AFTERCARE_CONFIG)
# > default, values reaching the running server, and the errors: each names the
# file and line or the variable, and the key, exits 2 and starts nothing.
#
#   tests/deploy/config_test.sh BINARY
set -euo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-config.XXXXXX")
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
# Only what each case sets: none of the caller's AFTERCARE_* settings.
for v in $(env | sed -n 's/^\(AFTERCARE_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done

passes=0 failures=0
check() {  # check NAME EXPECTED-PATTERN TEXT
  if grep -qE -- "$2" <<<"$3"; then
    echo "ok: $1"
    passes=$((passes + 1))
  else
    echo "FAIL: $1: expected /$2/ in:"; sed 's/^/    /' <<<"$3"
    failures=$((failures + 1))
  fi
}
run() {  # run ARGS...: sets out (stdout and stderr) and rc
  set +e
  out=$(timeout -s KILL 20 "$@" 2>&1)
  rc=$?
  set -e
}

cat >conf.yaml <<'YAML'
# aftercare serve's settings
data: file-data
listen: 127.0.0.5
port: 9001
jobs: 3
job_lease: 30
metrics_token: token-from-file
db: "postgresql://aftercare:pa55word@db.example/aftercare"
behind_proxy: true
YAML

echo "== precedence: command line > environment > file > default"
run env AFTERCARE_PORT=9002 AFTERCARE_JOBS=2 "$bin" serve --config conf.yaml --port 9003 --check-config
check "exit 0" '^$' "$( ((rc == 0)) || echo "rc=$rc")"
check "flag wins over env and file" '^port: 9003  \(command line\)$' "$out"
check "env wins over file" '^jobs: 2  \(environment AFTERCARE_JOBS\)$' "$out"
check "file wins over default, with its line" '^listen: 127\.0\.0\.5  \(conf\.yaml line 3\)$' "$out"
check "snake_case key of --job-lease" '^job_lease: 30  \(conf\.yaml line 6\)$' "$out"
check "flag from the file" '^behind_proxy: true  \(conf\.yaml line 9\)$' "$out"
check "default" '^threads: 4  \(default\)$' "$out"
check "secret hidden" '^metrics_token: \(set\)' "$out"
check "database password hidden" '^db: postgresql://aftercare:\*\*\*@db\.example/aftercare ' "$out"
check "no secret printed" '^0$' "$(grep -c 'token-from-file\|pa55word' <<<"$out" || true)"

echo "== \$AFTERCARE_CONFIG names the file"
run env AFTERCARE_CONFIG=conf.yaml "$bin" serve --check-config
check "file from AFTERCARE_CONFIG" '^port: 9001  \(conf\.yaml line 4\)$' "$out"
run "$bin" serve --check-config
check "no file unless one is named" '^port: 8080  \(default\)$' "$out"

echo "== the values reach the server: data from the file, address and port from the environment"
printf 'data: %s/served\nweb: ""\njobs: 0\nport: 1\n' "$tmp" >serve.yaml
"$bin" db migrate --config serve.yaml >/dev/null
AFTERCARE_LISTEN=127.0.0.1 AFTERCARE_PORT=0 "$bin" serve --config serve.yaml >serve.out 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q 'serving on' serve.out && break; sleep 0.1; done
served=$(cat serve.out)
check "db migrate used the file's data folder" 'database: .*/served/aftercare\.db' "$served"
check "serving on the environment's address and port" 'serving on http://127\.0\.0\.1:[1-9][0-9]*/' "$served"
port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.out)
check "it answers" '"status":"ok"' "$(curl -s "http://127.0.0.1:$port/healthz")"
kill "$server_pid"; wait "$server_pid" || true; server_pid=

echo "== errors: named, exit 2, nothing started or created"
expect_error() {  # expect_error NAME PATTERN ARGS...
  local name=$1 pattern=$2; shift 2
  rm -rf aftercare-data
  run "$@"
  check "$name: exit 2" '^2$' "$rc"
  check "$name: message" "$pattern" "$out"
  check "$name: no data folder made" '^$' "$(ls -d aftercare-data 2>/dev/null || true)"
  check "$name: did not serve" '^0$' "$(grep -c 'serving on' <<<"$out" || true)"
}
# file_error NAME CONTENT PATTERN: `serve --config case.yaml` with CONTENT (printf %b).
file_error() {
  printf '%b' "$2" >case.yaml
  expect_error "$1" "^aftercare: configuration file case\\.yaml$3" "$bin" serve --config case.yaml
}
keys='behind_proxy, data, db, evidence_key, job_lease, jobs, listen, metrics_token, port, secret_key, threads, web'
file_error "unknown key" 'port: 8080\nprot: 8081\n' " line 2: unknown key 'prot' \\(the keys: $keys\\)$"
file_error "value out of range" 'jobs: 17\n' ' line 1: bad value for jobs: .*17 not in range 0 to 16'
file_error "port not a port" 'port: 70000\n' ' line 1: bad value for port: .*70000'
file_error "key twice" 'port: 1\nport: 2\n' " line 2: key 'port' is given twice$"
file_error "not a single value" 'listen:\n  - 127.0.0.1\n' " line 1: key 'listen' must have a single value$"
file_error "not a map" '- port\n' ': must be a map of settings'
file_error "YAML syntax" 'port: [1\n' ' line [12]: YAML syntax error'
file_error "over 64 KiB" "$(head -c 70000 /dev/zero | tr '\0' '#')" ': the file is over 65536 bytes$'
expect_error "bad environment value" \
  '^aftercare: environment AFTERCARE_THREADS: bad value for threads: .*0 not in range 1 to 64' \
  env AFTERCARE_THREADS=0 "$bin" serve
expect_error "missing file" \
  '^aftercare: configuration file missing\.yaml: cannot read the file: No such file or directory$' \
  "$bin" serve --config missing.yaml
printf 'port: 8080\nprot: 8081\n' >typo.yaml
expect_error "administration commands read the file too" "typo\.yaml line 2: unknown key 'prot'" \
  "$bin" db migrate --config typo.yaml

echo "$passes passed, $failures failed"
((failures == 0))
