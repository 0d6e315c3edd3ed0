#!/usr/bin/env bash
# Run a command against a throwaway Redis: redis-server on a free loopback port, without persistence,
# in a temporary directory; export CACHE_URL, run the command, stop the server and remove the directory.
# Exit code 3 (and a clear message) when no redis-server is on this machine.
set -euo pipefail

server=${REDIS_SERVER:-$(command -v redis-server || true)}
if [ -z "$server" ] || [ ! -x "$server" ]; then
  echo "SKIPPED: no redis-server on this machine (apt-get install redis-server); the Redis run did not happen." >&2
  exit 3
fi

tmp=$(mktemp -d /tmp/redistest.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  local pid
  pid=$(cat "$tmp/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# No RDB snapshots, no append-only file: nothing is written to disk.
"$server" --bind 127.0.0.1 --port "$port" --dir "$tmp" --save "" --appendonly no \
  --daemonize yes --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" \
  || { cat "$tmp/redis.log" >&2 2>/dev/null; exit 1; }

# Wait until it answers (at most five seconds).
python3 - "$port" <<'PY' || { cat "$tmp/redis.log" >&2; exit 1; }
import socket, sys, time
deadline = time.monotonic() + 5
while True:
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("redis-server did not answer within five seconds")
    time.sleep(0.05)
PY

echo "Redis $("$server" --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') running on 127.0.0.1:$port (throwaway, no persistence)."
CACHE_URL="redis://127.0.0.1:$port/0" "$@"
