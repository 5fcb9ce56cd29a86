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
"$py" manage.py seed_demo

pids=()

stop_all() {
    trap - INT TERM EXIT
    local pid
    for pid in "${pids[@]}"; do
        # Each child leads its own process group: signal the whole group, so
        # the autoreloader's child processes go too.
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for _ in $(seq 1 50); do
        local alive=0
        for pid in "${pids[@]}"; do
            if kill -0 -- "-$pid" 2>/dev/null; then alive=1; fi
        done
        [ "$alive" -eq 0 ] && return 0
        sleep 0.2
    done
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}

on_signal() {
    echo
    echo "run: stopping web server and worker..."
    stop_all
    exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'stop_all' EXIT

# setsid: own process group per service (the script itself is not a group
# leader here, so setsid does not fork and $! is the group id).
setsid "$py" manage.py runserver "$addr" &
pids+=("$!")
# --no-reload: the pid below is the worker itself, not an autoreloader whose child
# would live on as an orphan if the pid were killed with SIGKILL.
setsid "$py" manage.py db_worker --no-reload &
pids+=("$!")
setsid "$py" manage.py run_periodic &
pids+=("$!")

echo "run: web server on http://$addr/ (pid ${pids[0]}), task worker (pid ${pids[1]}), sweeps (pid ${pids[2]}); Ctrl-C stops all"

# Whichever exits first (or a signal) ends the run.
status=0
wait -n "${pids[@]}" || status=$?
echo "run: a service exited (status $status); stopping the other" >&2
stop_all
exit "$status"
