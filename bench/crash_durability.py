#!/usr/bin/env python3
"""kill -9 durability under load (issue 10), driven by bench/crash_durability.sh.

Each cycle: concurrent writers create tickets and add notes to them through the
API (each with its own keep-alive connection and an API token), recording every
write the server acknowledged with 2xx; at a random moment the server gets
SIGKILL; it is started again on the same database, and every write acknowledged in
that cycle is read back (GET /api/v1/tickets/{id}: the ticket and its notes). A
write acknowledged but not found is lost. At the end every acknowledged write of
every cycle is read back once more.

Usage: crash_durability.py BINARY DATA_DIR DB_URL TOKEN CYCLES [WRITERS]
Prints one line per cycle and a summary; exits 1 when a write was lost.
"""

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

BINARY, DATA, DB, TOKEN = sys.argv[1:5]
CYCLES = int(sys.argv[5])
WRITERS = int(sys.argv[6]) if len(sys.argv) > 6 else 8
CUSTOMERS = [1, 2, 3, 4]  # the demo's
LOAD_SECONDS = (0.3, 2.5)  # the kill comes at a uniformly random moment in this range
HEADERS = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}


def start_server():
    """Starts `aftercare serve` on a free port; returns (process, port)."""
    args = [BINARY, "serve", "--data", DATA, "--port", "0", "--threads", "4", "--web", ""]
    if DB:
        args += ["--db", DB]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    m, line = None, ""
    while not m:  # "no web UI ..." comes first
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server did not start")
        m = re.search(r"serving on http://[0-9.]+:(\d+)/", line)
    # Later output is not read: keep the pipe from filling up.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, int(m.group(1))


def request(conn, method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=HEADERS)
    res = conn.getresponse()
    return res.status, res.read()


class Writer(threading.Thread):
    """Creates tickets and adds notes until the server goes away or `stop` is set."""

    def __init__(self, port, cycle, n, stop):
        super().__init__(daemon=True)
        self.port, self.cycle, self.n, self.stop = port, cycle, n, stop
        self.tickets = {}  # acknowledged: id -> title
        self.notes = []  # acknowledged: (ticket id, note)
        self.refused = Counter()  # answers other than 2xx, by status and body (not expected)
        self.cut = False  # a request of its own was cut off by the kill

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        rng = random.Random(self.cycle * 1000 + self.n)
        i = 0
        while not self.stop.is_set():
            i += 1
            tag = f"kill9 c{self.cycle} w{self.n} #{i}"
            try:
                if not self.tickets or rng.random() < 0.4:
                    status, body = request(conn, "POST", "/api/v1/tickets", {
                        "customer_id": rng.choice(CUSTOMERS), "title": tag,
                        "caller_phone": "13800000000"})
                    if 200 <= status < 300:
                        self.tickets[json.loads(body)["id"]] = tag
                    else:
                        self.refused[f"{status} {body[:200].decode(errors='replace')}"] += 1
                else:
                    ticket = rng.choice(list(self.tickets))
                    status, body = request(conn, "POST", f"/api/v1/tickets/{ticket}/events",
                                           {"kind": "note", "note": tag})
                    if 200 <= status < 300:
                        self.notes.append((ticket, tag))
                    else:
                        self.refused[f"{status} {body[:200].decode(errors='replace')}"] += 1
            except (OSError, http.client.HTTPException):
                # The server is gone (or going): what was not answered was not acknowledged.
                self.cut = True
                return


def missing(port, tickets, notes):
    """The acknowledged writes the server does not have: a list of descriptions."""
    want = {}
    for ticket, title in tickets.items():
        want.setdefault(ticket, [title, []])
    for ticket, note in notes:
        want.setdefault(ticket, [None, []])[1].append(note)

    local = threading.local()

    def check(item):
        ticket, (title, ticket_notes) = item
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        status, body = request(local.conn, "GET", f"/api/v1/tickets/{ticket}")
        if status != 200:
            return [f"ticket {ticket}: GET answered {status}"]
        t = json.loads(body)
        lost = []
        if title is not None and t["title"] != title:
            lost.append(f"ticket {ticket}: title {t['title']!r}, acknowledged {title!r}")
        have = {e.get("note") for e in t["timeline"]}
        lost += [f"ticket {ticket}: note {n!r}" for n in ticket_notes if n not in have]
        return lost

    with ThreadPoolExecutor(8) as pool:
        return [x for found in pool.map(check, want.items()) for x in found]


def main():
    began = time.monotonic()
    all_tickets, all_notes = {}, []
    lost_total, refused_total = 0, Counter()
    server, port = start_server()
    for cycle in range(1, CYCLES + 1):
        stop = threading.Event()
        writers = [Writer(port, cycle, n, stop) for n in range(WRITERS)]
        for w in writers:
            w.start()
        time.sleep(random.uniform(*LOAD_SECONDS))
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for w in writers:
            w.join()
        tickets = {k: v for w in writers for k, v in w.tickets.items()}
        notes = [x for w in writers for x in w.notes]
        refused = sum((w.refused for w in writers), Counter())
        cut = sum(w.cut for w in writers)
        server, port = start_server()
        lost = missing(port, tickets, notes)
        all_tickets.update(tickets)
        all_notes += notes
        lost_total += len(lost)
        refused_total += refused
        print(f"cycle {cycle:3d}: acknowledged {len(tickets):4d} tickets + {len(notes):4d} notes, "
              f"{cut} requests cut off by the kill, refused {sum(refused.values())}, lost {len(lost)}",
              flush=True)
        for x in lost[:10]:
            print("  LOST " + x, flush=True)
        for answer, n in refused.most_common(3):
            print(f"  refused {n}x: {answer}", flush=True)
    # Everything once more: a later cycle must not have undone an earlier one.
    lost = missing(port, all_tickets, all_notes)
    server.terminate()
    server.wait()
    elapsed = time.monotonic() - began
    acknowledged = len(all_tickets) + len(all_notes)
    print(f"== {CYCLES} cycles of kill -9 under load ({WRITERS} writers) in {elapsed:.0f} s: "
          f"{acknowledged} acknowledged writes ({len(all_tickets)} tickets, {len(all_notes)} "
          f"notes), {lost_total} lost after their cycle's restart, {len(lost)} lost at the end, "
          f"{sum(refused_total.values())} refused")
    for answer, n in refused_total.most_common(10):
        print(f"  refused {n}x: {answer}")
    for x in lost[:10]:
        print("  LOST " + x)
    return 1 if lost_total or lost else 0


if __name__ == "__main__":
    sys.exit(main())
