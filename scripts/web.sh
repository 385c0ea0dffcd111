#!/usr/bin/env bash
# Builds the web UI into web/dist with the locked npm packages (npm ci), on the
# machine's Node. Skips what is up to date: npm ci runs when package-lock.json
# changed, the build when a source is newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.aftercare-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
if [[ ! -f dist/index.html ]] ||
  [[ -n $(find src public index.html vite.config.js package-lock.json scripts -newer dist/index.html -print -quit 2>/dev/null) ]]; then
  npm run build --silent
fi
