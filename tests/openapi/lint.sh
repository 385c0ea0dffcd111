#!/usr/bin/env bash
# Lints the OpenAPI document the server generates (issue 11) with @redocly/cli,
# pinned in package-lock.json: starts `aftercare serve` on a scratch SQLite
# database, downloads /api/v1/openapi.json, runs `redocly lint` with redocly.yaml
# and stops the server. npm ci runs only when package-lock.json changed.
# Usage: tests/openapi/lint.sh [AFTERCARE_BINARY]   (default build/release/aftercare)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/release/aftercare}")
cd "$here"
stamp=node_modules/.aftercare-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

scratch=$(mktemp -d /tmp/aftercare-openapi-lint.XXXXXX)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
"$bin" db migrate --data "$scratch/data" >/dev/null
"$bin" serve --data "$scratch/data" --port 0 --web '' >"$scratch/out" 2>"$scratch/err" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$scratch/out" | head -1)
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/err" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "the server did not report its port" >&2; cat "$scratch/err" >&2; exit 1; }
# Pretty-printed, so that the findings point at a readable line.
curl -fsS "http://127.0.0.1:$port/api/v1/openapi.json" | python3 -m json.tool >"$scratch/openapi.json"
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  npx --no-install redocly lint --config redocly.yaml --format "${AFTERCARE_LINT_FORMAT:-codeframe}" \
  "$scratch/openapi.json"
