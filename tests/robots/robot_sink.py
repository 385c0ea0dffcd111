"""The HTTP receiver of src/jobs/robots/robot_test.cpp: stands in for a WeCom,
DingTalk or Feishu group robot and for a Standard Webhooks receiver.

  python3 robot_sink.py PORT LOG SECRETS [CERT KEY]

listens on 127.0.0.1:PORT and appends one JSON line per request to LOG: method,
path, query (each name's values), headers (lower-case names), body (text), and
`verified`: whether the request's signature is right, computed here
independently of the sender (true/false; null when the kind is not signed).
SECRETS is a JSON file {"dingtalk": "...", "feishu": "...", "webhook":
"whsec_..."}; a kind without a secret there is checked to carry no signature.
With CERT and KEY (PEM files) it speaks HTTPS.

The path says who is asked and how it answers: /<kind>[/<behaviour>...], kind
wecom, dingtalk, feishu or webhook; behaviours, in order:
  code/N     the robot's error code in the JSON body (errcode, or Feishu's code)
  status/N   the HTTP status
  sleep/S    wait S seconds before answering
  garbage    a body that is not JSON
Without them: HTTP 200 and the kind's "ok" answer (the webhook: 204)."""

import base64
import hashlib
import hmac
import json
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, SECRETS = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(SECRETS, encoding="utf-8") as f:
    secrets = json.load(f)
lock = threading.Lock()

# The robots refuse a timestamp more than an hour away from their clock.
WINDOW_SECONDS = 3600


def b64_hmac(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def near_now(seconds: float) -> bool:
    return abs(time.time() - seconds) < WINDOW_SECONDS


def verify_dingtalk(query, secret):
    if secret is None:
        return None if "sign" not in query and "timestamp" not in query else False
    timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
    if not timestamp.isdigit() or not near_now(int(timestamp) / 1000):
        return False
    want = b64_hmac(secret.encode(), (timestamp + "\n" + secret).encode())
    return hmac.compare_digest(sign, want)


def verify_feishu(body, secret):
    try:
        message = json.loads(body)
    except ValueError:
        return False
    if secret is None:
        return None if "sign" not in message and "timestamp" not in message else False
    timestamp, sign = message.get("timestamp", ""), message.get("sign", "")
    if not isinstance(timestamp, str) or not timestamp.isdigit() or not near_now(int(timestamp)):
        return False
    want = b64_hmac((timestamp + "\n" + secret).encode(), b"")
    return hmac.compare_digest(sign, want)


def verify_webhook(headers, body: bytes, secret):
    if secret is None:
        return None
    key = (base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_")
           else secret.encode())
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit() or not near_now(int(timestamp)):
        return False
    want = "v1," + b64_hmac(key, msg_id.encode() + b"." + timestamp.encode() + b"." + body)
    given = headers.get("webhook-signature", "").split(" ")
    return any(hmac.compare_digest(g, want) for g in given)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # the JSON lines are the log
        pass

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        kind = parts[0] if parts else ""
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        headers = {k.lower(): v for k, v in self.headers.items()}
        secret = secrets.get(kind)
        if kind == "dingtalk":
            verified = verify_dingtalk(query, secret)
        elif kind == "feishu":
            verified = verify_feishu(body, secret)
        elif kind == "webhook":
            verified = verify_webhook(headers, body, secret)
        else:
            verified = None
        record = {"method": self.command, "path": url.path, "query": query,
                  "headers": headers, "body": body.decode("utf-8", "replace"),
                  "verified": verified}
        with lock, open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")

        code, status, garbage = 0, 200, False
        i = 1
        while i < len(parts):
            if parts[i] == "code":
                code, i = int(parts[i + 1]), i + 2
            elif parts[i] == "status":
                status, i = int(parts[i + 1]), i + 2
            elif parts[i] == "sleep":
                time.sleep(float(parts[i + 1]))
                i += 2
            elif parts[i] == "garbage":
                garbage, i = True, i + 1
            else:
                i += 1
        if garbage:
            answer = b"<html>gateway</html>"
        elif kind == "feishu":
            answer = json.dumps({"code": code, "msg": "ok" if code == 0 else "error",
                                 "data": {}}).encode()
        elif kind == "webhook":
            answer = b"" if status == 200 and code == 0 else b'{"error":"refused"}'
            status = 204 if status == 200 else status
        else:
            answer = json.dumps({"errcode": code,
                                 "errmsg": "ok" if code == 0 else "error"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
if len(sys.argv) > 5:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[4], sys.argv[5])
    server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
