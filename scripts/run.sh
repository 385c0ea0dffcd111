#!/usr/bin/env bash
# README command 1: installs what is needed, builds the product and runs it. For now
# the product is the SLA engine: it replays the shipped example scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release aftercare
for f in examples/*.yaml; do
  echo "== aftercare sla replay $f"
  build/release/aftercare sla replay "$f"
done
