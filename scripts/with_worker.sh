#!/usr/bin/env bash
# Run a command (the web server) with the task workers beside it (manage.py db_worker, Django's task
# framework): one for the `default` queue (imports, e-mail) and one for the `outputs` queue (the
# renders of workbooks and verslagen) at a lower CPU priority, so the pages come first and an import
# never waits behind a long render. Ctrl-C stops all of them.
# Usage: scripts/with_worker.sh .venv/bin/python .venv/bin/gunicorn config.wsgi …
set -euo pipefail
python=$1
shift
"$python" manage.py db_worker --queue-name default --no-startup-delay &
workers=$!
nice -n "${EXPORT_NICENESS:-10}" "$python" manage.py db_worker --queue-name outputs --no-startup-delay &
workers="$workers $!"
trap 'kill $workers 2>/dev/null || true; wait $workers 2>/dev/null || true' EXIT
"$@"
