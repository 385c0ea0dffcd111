#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests.
#
#   scripts/pg.sh start DIR   creates DIR (cluster in DIR/data, log in DIR/log) if needed,
#                             starts the server on a free loopback port (or reuses the
#                             running one) and prints one line on stdout, its URL:
#                             postgresql://postgres@127.0.0.1:PORT/aftercare_test
#   scripts/pg.sh stop DIR    stops it (fast shutdown); a no-op when it is not running.
#
# Trust authentication, no fsync: for tests only. Run as root, the server runs as the
# `postgres` OS user (PostgreSQL refuses root): DIR is chowned to it, and DIR's parent
# directories must let it in (e.g. /tmp/...). Everything but the URL goes to stderr.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
db=aftercare_test

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
(($# == 2)) || usage
cmd=$1
if [[ $cmd == stop && ! -d $2 ]]; then exit 0; fi
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data=$dir/data

as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

running() {
  [[ -f $data/PG_VERSION ]] && "${as_pg[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_in_use() {
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$1") ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

url() { echo "postgresql://postgres@127.0.0.1:$1/$db"; }

case $cmd in
  stop)
    if running; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
      echo "pg: stopped $dir" >&2
    fi
    exit 0
    ;;
  start) ;;
  *) usage ;;
esac

if ((${#as_pg[@]})); then
  chown -R postgres: "$dir"
  if ! "${as_pg[@]}" test -w "$dir"; then
    echo "pg: the postgres user cannot write $dir (are its parent directories open to it?)" >&2
    exit 1
  fi
fi

if [[ ! -f $data/PG_VERSION ]]; then
  rm -rf "$data"
  "${as_pg[@]}" "$bin/initdb" -D "$data" --auth=trust --username=postgres --encoding=UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
fi

if running; then
  port=$(sed -n 4p "$data/postmaster.pid")  # line 4 of the pid file: the port
else
  # A Unix socket path must fit in 107 bytes; past that, TCP only.
  sockets=$dir
  if ((${#dir} > 80)); then sockets=''; fi
  port=55432
  started=0
  for ((attempt = 0; attempt < 20; ++attempt)); do
    while port_in_use "$port"; do ((++port)); done
    if "${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 start \
      -o "-p $port -c unix_socket_directories='$sockets' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null 2>&1; then
      started=1
      break
    fi
    ((++port))  # lost a race for the port, or a real failure (the log says)
  done
  if ((!started)); then
    echo "pg: the server did not start; last lines of $dir/log:" >&2
    tail -n 20 "$dir/log" >&2
    exit 1
  fi
  echo "pg: started $dir on port $port" >&2
fi

psql=("${as_pg[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XqtA)
if [[ -z $("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
  "${psql[@]}" -c "CREATE DATABASE $db" >/dev/null
fi
url "$port"
