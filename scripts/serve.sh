#!/usr/bin/env bash
# Run Wardcase's production set-up on this machine: `make serve`.
#
# Migrates, collects static files, then runs together, each in its own process group:
#   - gunicorn (config/gunicorn.conf.py) with WARDCASE_WEB_WORKERS workers on WARDCASE_BIND
#   - WARDCASE_TASK_WORKERS task workers (`manage.py db_worker`, or with
#     WARDCASE_TASK_BROKER=rq `manage.py rqworker`: docs/scaling.md)
#   - the periodic sweeps (`manage.py run_periodic`)
# Ctrl-C or SIGTERM stops them all; so does any one of them exiting.
#
# Settings are config.settings.production, read from the environment or the `.env` file
# in the project folder (every variable: deploy/wardcase.env.example). Production serves
# HTTPS through a reverse proxy (deploy/); to try it on plain HTTP on this machine, set
# WARDCASE_ALLOW_HTTP=true (only allowed with WARDCASE_BIND on 127.0.0.1 or localhost).
# On a server, systemd runs the same three commands (deploy/*.service).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

py="${WARDCASE_PYTHON:-$root/.venv/bin/python}"
bin="$(dirname "$py")"
export DJANGO_SETTINGS_MODULE=config.settings.production
export PYTHONUNBUFFERED=1

# A setting from the environment, else the .env file (as config.env reads it), else $2.
setting() {
    "$py" -c 'import os, sys, config.env; print(os.environ.get(sys.argv[1], sys.argv[2]))' "$1" "$2"
}
task_workers="$(setting WARDCASE_TASK_WORKERS 1)"
bind="$(setting WARDCASE_BIND 127.0.0.1:8000)"
task_broker="$(setting WARDCASE_TASK_BROKER database)"
if ! [[ "$task_workers" =~ ^[0-9]+$ ]] || [ "$task_workers" -lt 1 ]; then
    echo "serve: WARDCASE_TASK_WORKERS must be a whole number of at least 1, not '$task_workers'" >&2
    exit 2
fi

"$py" manage.py migrate --noinput
"$py" manage.py collectstatic --noinput --verbosity 0

services_label=serve
# gunicorn lets requests in flight finish for up to 30 s (graceful_timeout).
SERVICES_STOP_SECONDS="${SERVICES_STOP_SECONDS:-35}"
# shellcheck source=scripts/services.sh
source "$root/scripts/services.sh"

start_service web "$bin/gunicorn" --config config/gunicorn.conf.py
for i in $(seq 1 "$task_workers"); do
    if [ "$task_broker" = rq ]; then
        start_service "task worker $i" "$py" manage.py rqworker --job-class django_tasks_rq.Job default
    else
        start_service "task worker $i" "$py" manage.py db_worker --no-reload
    fi
done
start_service sweeps "$py" manage.py run_periodic

echo "serve: gunicorn on $bind (pid ${service_pids[0]}), $task_workers task worker(s), sweeps (pid ${service_pids[-1]}); Ctrl-C stops all"
wait_services
