#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary directory, start it on
# a free loopback port, export DATABASE_URL, run the command, stop and remove the cluster.
# Exit code 3 (and a clear message) when no PostgreSQL server binaries are on this machine.
set -euo pipefail

bindir=$("$(dirname "$0")/postgres_bindir.sh") || {
  echo "SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl) found; the PostgreSQL run did not happen." >&2
  exit 3
}

tmp=$(mktemp -d /tmp/pgtest.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# initdb refuses to run as root: run the cluster as an unprivileged user.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  owner=nobody
  chown "$owner" "$tmp"
  as_owner=(runuser -u "$owner" --)
fi

cleanup() {
  cd "$tmp" 2>/dev/null || true
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

workdir=$PWD
cd "$tmp"  # the cluster's owner may not enter the caller's directory
"${as_owner[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

cd "$workdir"

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running on 127.0.0.1:$port (throwaway cluster)."
PG_BINDIR="$bindir" DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
