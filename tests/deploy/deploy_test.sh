#!/usr/bin/env bash
# Running it for real (issue 13), as docs/deploy.md does it: `cmake --install` into a
# temporary prefix; no build path in the installed binary; the systemd unit names
# the installed binary and passes `systemd-analyze verify`; the installed server
# starts from the shipped example configuration (made to point at a temporary
# folder) on `aftercare demo` data and finds the installed web UI by itself; nginx
# (unprivileged paths, a self-signed certificate, loopback ports) runs the shipped
# site file in front of it. Over HTTPS through nginx: the web UI's page and an
# asset, the redirect from plain HTTP, a login (cookie Secure: the scheme passed
# on), a write from the page's origin, the event stream delivering a change
# promptly (not buffered), /metrics only with the token from the environment.
#
#   tests/deploy/deploy_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
started=$(date +%s)

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || fail "nginx is not installed (scripts/setup.sh test)"
for tool in openssl curl strings python3 systemd-analyze; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/setup.sh test)"
done
[[ -f $src/web/dist/index.html ]] || fail "the web UI is not built (scripts/web.sh)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aftercare-deploy.XXXXXX")
chmod 755 "$tmp"  # nginx's workers run as nobody when the test runs as root
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((rc != 0)); then
    for f in serve.out nginx/error.log stream.log; do
      [[ -s $tmp/$f ]] && { echo "--- $f"; tail -n 20 "$tmp/$f"; }
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
for v in $(env | sed -n 's/^\(AFTERCARE_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done

echo "== cmake --install $build --prefix $tmp/prefix --strip"
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" --strip >install.log 2>&1 || { cat install.log; fail "cmake --install"; }
bin=$prefix/bin/aftercare
share=$prefix/share/aftercare
unit=$prefix/lib/systemd/system/aftercare.service
for f in "$bin" "$share/web/index.html" "$share/data/holidays/cn.json" "$unit" \
  "$share/deploy/aftercare.yaml" "$share/deploy/aftercare.env" \
  "$share/deploy/nginx-aftercare.conf" "$prefix/share/doc/aftercare/deploy.md"; do
  [[ -f $f ]] || fail "not installed: ${f#"$prefix"/}"
done
ok "installed: bin/aftercare, share/aftercare/{web,data,deploy}, the unit, the doc"
if found=$(strings -n 6 "$bin" | grep -F -e "$src" -e "$build"); then
  fail "the installed binary carries a build path: $found"
fi
ok "no build or source path in the installed binary"

grep -qx "ExecStart=$bin serve --config /etc/aftercare/aftercare.yaml" "$unit" ||
  fail "the unit does not start the installed binary: $(grep ExecStart "$unit")"
verify=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $verify"
[[ -z $verify ]] || fail "systemd-analyze verify warns: $verify"
ok "the unit runs $bin and passes systemd-analyze verify"

echo "== the installed server, from the shipped example configuration"
mkdir etc
sed -e "s|^data: .*|data: $tmp/data|" -e 's|^port: .*|port: 0|' "$share/deploy/aftercare.yaml" \
  >etc/aftercare.yaml
grep -qx "data: $tmp/data" etc/aftercare.yaml && grep -qx 'port: 0' etc/aftercare.yaml ||
  fail "the example configuration has no 'data:' or 'port:' line to set"
settings=$("$bin" serve --config etc/aftercare.yaml --check-config)
grep -qx "web: $share/web  (default)" <<<"$settings" ||
  fail "the installed binary does not find its web UI by itself: $(grep '^web' <<<"$settings")"
grep -qx "behind_proxy: true  (etc/aftercare.yaml line [0-9]*)" <<<"$settings" ||
  fail "the example configuration is not behind a proxy"
ok "the installed binary finds $share/web by itself"
"$bin" demo --config etc/aftercare.yaml >demo.log 2>&1 || { cat demo.log; fail "aftercare demo"; }
token=metrics-$$-$RANDOM
AFTERCARE_METRICS_TOKEN=$token "$bin" serve --config etc/aftercare.yaml >serve.out 2>&1 &
pids+=($!)
for _ in $(seq 200); do grep -q 'serving on' serve.out && break; sleep 0.1; done
app_port=$(sed -n 's|^aftercare: serving on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' serve.out)
[[ -n $app_port ]] || fail "the server did not start"
! grep -q 'no web UI' serve.out || fail "the server found no web UI"
ok "serving on 127.0.0.1:$app_port"

echo "== nginx with the shipped site file, TLS on a loopback port"
mkdir tls nginx acme
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout tls/key.pem -out tls/cert.pem 2>openssl.log || { cat openssl.log; fail "openssl"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
https_port=$(free_port)
http_port=$(free_port)
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$app_port;|" \
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
  -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
  -e '/listen \[::\]/d' \
  -e "s|server_name aftercare.example.com;|server_name localhost;|" \
  -e "s|/etc/letsencrypt/live/aftercare.example.com/fullchain.pem|$tmp/tls/cert.pem|" \
  -e "s|/etc/letsencrypt/live/aftercare.example.com/privkey.pem|$tmp/tls/key.pem|" \
  -e "s|root /var/www/html;|root $tmp/acme;|" \
  "$share/deploy/nginx-aftercare.conf" >nginx/site.conf
for want in "server 127.0.0.1:$app_port;" "listen 127.0.0.1:$https_port ssl http2;" \
  "listen 127.0.0.1:$http_port;" "ssl_certificate $tmp/tls/cert.pem;" "root $tmp/acme;"; do
  grep -qF "$want" nginx/site.conf || fail "the shipped site file has no line to make '$want'"
done
left=$(grep -v '^ *#' nginx/site.conf | grep -E 'example\.com|/etc/|:8080|\[::\]' || true)
[[ -z $left ]] || fail "left in the site file: $left"
cat >nginx/nginx.conf <<CONF
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
daemon off;
events { worker_connections 64; }
http {
  access_log $tmp/nginx/access.log;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  include $tmp/nginx/site.conf;
}
CONF
nginx_args=(-p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log")
"$nginx" -t -q "${nginx_args[@]}" 2>nginx/t.log || { cat nginx/t.log; fail "nginx -t"; }
"$nginx" "${nginx_args[@]}" &
pids+=($!)
base=https://127.0.0.1:$https_port
https() { curl -sS --cacert "$tmp/tls/cert.pem" --max-time 10 "$@"; }
for _ in $(seq 100); do https -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
ok "nginx on https://127.0.0.1:$https_port (http: $http_port) -> 127.0.0.1:$app_port"

echo "== through nginx, over HTTPS"
https -o page.html -w '%{http_code}' "$base/" >code
[[ $(cat code) == 200 ]] && cmp -s page.html "$share/web/index.html" ||
  fail "GET / answered $(cat code), not the installed web UI's page"
asset=$(grep -o 'assets/[^"]*\.js' page.html | head -n1)
[[ -n $asset && $(https -o /dev/null -w '%{http_code}' "$base/$asset") == 200 ]] ||
  fail "the page's script $asset is not served"
ok "the web UI's page and its script $asset"
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/queue")
[[ $redirect == "301 https://127.0.0.1/queue" ]] || fail "plain HTTP: $redirect"
ok "plain HTTP redirects to HTTPS"

https -D login.headers -o login.json -c jar -H 'Content-Type: application/json' \
  -d '{"login":"leader","password":"demo-2026"}' "$base/api/v1/session"
grep -q '^HTTP/[0-9.]* 20[01]' login.headers || fail "login: $(head -n1 login.headers) $(cat login.json)"
grep -qi '^set-cookie: .*; Secure' login.headers || fail "the session cookie is not Secure behind TLS"
[[ $(https -b jar "$base/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["login"])') == leader ]] ||
  fail "GET /api/v1/me with the session"
ok "login as leader; the session cookie is Secure (X-Forwarded-Proto)"

ticket=$(https -b jar "$base/api/v1/tickets?queue=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
# The stream, each line stamped as it arrives.
https -N -b jar --max-time 30 "$base/api/v1/stream" 2>/dev/null |
  while IFS= read -r line; do echo "$(date +%s.%N) $line"; done >stream.log &
pids+=($!)
for _ in $(seq 50); do grep -q 'retry:' stream.log && break; sleep 0.1; done
grep -q 'retry:' stream.log || fail "the event stream sent nothing through nginx"
sleep 0.6  # past the stream's first poll
t0=$(date +%s.%N)
code=$(https -o note.json -w '%{http_code}' -b jar -H 'Content-Type: application/json' \
  -H "Origin: $base" -d "{\"kind\":\"note\",\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"note\":\"deploy test\"}" \
  "$base/api/v1/tickets/$ticket/events")
[[ $code == 201 ]] || fail "a note from the page's origin: $code $(cat note.json)"
ok "a write from the page's origin (Host passed on)"
seen=
for _ in $(seq 50); do
  seen=$(awk -v t0="$t0" -v id="$ticket" '$1 >= t0 && index($0, "\"ids\":[") && ($0 ~ "[[,]" id "[],]") { print $1; exit }' stream.log)
  [[ -n $seen ]] && break
  sleep 0.1
done
[[ -n $seen ]] || fail "the change to ticket $ticket did not come through the stream within 5 s"
delay=$(python3 -c "print(f'{$seen - $t0:.2f}')")
python3 -c "import sys; sys.exit(0 if $seen - $t0 < 3 else 1)" ||
  fail "the change came through the stream after $delay s (buffered?)"
ok "the change to ticket $ticket came through the event stream in $delay s"

[[ $(https -o /dev/null -w '%{http_code}' "$base/metrics") == 40[13] ]] ||
  fail "/metrics through the proxy without the token"
https -H "Authorization: Bearer $token" "$base/metrics" | grep -q '^aftercare_' ||
  fail "/metrics with the token from AFTERCARE_METRICS_TOKEN"
ok "/metrics through the proxy: refused without the token, served with it"
echo "deploy test: all checks passed in $(($(date +%s) - started)) s"
