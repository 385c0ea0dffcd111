#!/usr/bin/env bash
# README command 1: installs what is needed, builds the product, creates the demo
# database on first run (aftercare-data/) and starts the server on it.
# AFTERCARE_PORT overrides the port (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release aftercare
scripts/web.sh
bin=build/release/aftercare
for f in examples/*.yaml; do
  echo "== aftercare sla replay $f (the SLA engine on its own)"
  "$bin" sla replay "$f" | head -n 12
done
if [[ ! -f aftercare-data/aftercare.db ]]; then
  "$bin" demo --data aftercare-data
else
  "$bin" db migrate --data aftercare-data  # a demo from an older aftercare
fi
port=${AFTERCARE_PORT:-8080}
cat <<MSG
== log in (every demo password: demo-2026), for example:
   curl -c jar -H 'Content-Type: application/json' http://127.0.0.1:$port/api/v1/session -d '{"login":"manager","password":"demo-2026"}'
   curl -b jar http://127.0.0.1:$port/api/v1/contracts/2/compliance
   curl -b jar 'http://127.0.0.1:$port/api/v1/tickets?queue=1'
   API description: http://127.0.0.1:$port/api/v1/openapi.json   (Ctrl-C stops the server)
== the web UI: http://127.0.0.1:$port/  (login agent, engineer, leader, manager, admin,
   or Party A: hospital, transport, education, bank; password demo-2026)
MSG
exec "$bin" serve --data aftercare-data --port "$port" --web web/dist
