#!/usr/bin/env bash
# Print the folder of this machine's PostgreSQL server binaries (initdb, pg_ctl, postgres);
# exit code 3 when there are none. POSTGRES_BINDIR names the folder instead of looking for it.
if [ -n "${POSTGRES_BINDIR:-}" ]; then
  [ -x "$POSTGRES_BINDIR/initdb" ] || exit 3
  echo "$POSTGRES_BINDIR"
  exit 0
fi
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  pg_config --bindir
  exit 0
fi
found=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && found=$candidate
done
if [ -z "$found" ] && command -v initdb >/dev/null 2>&1; then
  found=$(dirname "$(command -v initdb)")
fi
[ -n "$found" ] || exit 3
echo "$found"
