#!/usr/bin/env bash
# Installs the Debian 12 packages aftercare needs to build and run (and, with
# `test`, to test: Chromium for the browser tests). Idempotent:
# when everything is present it does nothing (no apt-get update, no network).
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libyaml-cpp-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata
  libsqlite3-dev libpq-dev postgresql libsodium-dev libboost1.81-dev libboost-url1.81-dev
  libfmt-dev libcli11-dev libcurl4-openssl-dev libxlsxwriter-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev time
)
# The web UI is built with the machine's Node and npm (Node 20 or newer); Debian's
# own are only a fallback. The browser tests drive Debian's Chromium.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
# The reports and printed forms are PDFs drawn with cairo and pango in the Noto CJK
# fonts (needed at run time too); their tests read them back with poppler-utils.
# The mail tests talk to a local aiosmtpd server and a local Dovecot IMAP server
# (tests/mail/dovecot.sh), over TLS with a certificate made by openssl. The deploy
# test (tests/deploy/) runs nginx in front of the installed server.
if [[ ${1:-} == test ]]; then
  packages+=(chromium poppler-utils python3-aiosmtpd dovecot-imapd openssl nginx)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
