#!/usr/bin/env bash
# Run a command (the web server) with one task worker beside it (manage.py db_worker, Django's task
# framework): the mention e-mails and, later, every long piece of work. Ctrl-C stops both.
# Usage: scripts/with_worker.sh .venv/bin/python .venv/bin/gunicorn config.wsgi …
set -euo pipefail
python=$1
shift
"$python" manage.py db_worker --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
"$@"
