#!/usr/bin/env bash
# Run Wardcase locally: migrate, seed the demo council, then run the web
# server (http://127.0.0.1:8000) and the background task worker together.
# Ctrl-C (or SIGTERM) stops both. Run via `make run` (which installs first).
#
# Environment: settings default to SQLite under var/ and mail written to
# var/mail/. Override with e.g. DATABASE_URL; RUN_ADDR=0.0.0.0:8000 to bind
# elsewhere.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

py="$root/.venv/bin/python"
addr="${RUN_ADDR:-127.0.0.1:8000}"
export PYTHONUNBUFFERED=1
# Notification emails link to the case here.
export WARDCASE_SITE_URL="${WARDCASE_SITE_URL:-http://$addr}"

# The settings keep SQLite, mail and uploads under var/ (WARDCASE_VAR_DIR).
var_dir="${WARDCASE_VAR_DIR:-var}"
mkdir -p "$var_dir" "${WARDCASE_MAIL_DIR:-$var_dir/mail}"

"$py" manage.py migrate --noinput
"$py" manage.py seed_demo --url "http://$addr/"

services_label=run
# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"

start_service "web server" "$py" manage.py runserver "$addr"
# --no-reload: the pid below is the worker itself, not an autoreloader whose child
# would live on as an orphan if the pid were killed with SIGKILL.
start_service "task worker" "$py" manage.py db_worker --no-reload
start_service sweeps "$py" manage.py run_periodic

echo "run: web server on http://$addr/ (pid ${service_pids[0]}), task worker (pid ${service_pids[1]}), sweeps (pid ${service_pids[2]}); Ctrl-C stops all"

wait_services
