# Shared by run.sh and serve.sh (sourced, not run): start services in their own process
# groups, and stop them all together when one ends or on Ctrl-C/SIGTERM.
#
#   start_service NAME COMMAND...   start COMMAND in its own process group
#   wait_services                   wait until one ends (or a signal), stop all, exit
#
# services_label (set before sourcing) prefixes the messages. From the moment this file is
# sourced, Ctrl-C, SIGTERM or an error stops whatever was started.
# SERVICES_STOP_SECONDS (default 10): how long the services get to stop on SIGTERM
# before they are killed.

service_pids=()
service_names=()

stop_services() {
    trap - INT TERM EXIT
    local pid tries
    for pid in "${service_pids[@]}"; do
        # Each service leads its own process group: signal the whole group, so its
        # children (gunicorn's workers, the autoreloader's child) go too.
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    tries=$((${SERVICES_STOP_SECONDS:-10} * 5))
    for _ in $(seq 1 "$tries"); do
        local alive=0
        for pid in "${service_pids[@]}"; do
            if kill -0 -- "-$pid" 2>/dev/null; then alive=1; fi
        done
        [ "$alive" -eq 0 ] && return 0
        sleep 0.2
    done
    for pid in "${service_pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}

_services_on_signal() {
    echo
    echo "$services_label: stopping ${service_names[*]}..."
    stop_services
    exit "$1"
}

start_service() {
    local name="$1"
    shift
    # setsid: own process group per service (the script itself is not a group
    # leader here, so setsid does not fork and $! is the group id).
    setsid "$@" &
    service_pids+=("$!")
    service_names+=("$name")
}

wait_services() {
    # Whichever exits first (or a signal) ends the run.
    local status=0
    wait -n "${service_pids[@]}" || status=$?
    echo "$services_label: a service exited (status $status); stopping the others" >&2
    stop_services
    exit "$status"
}

trap '_services_on_signal 130' INT
trap '_services_on_signal 143' TERM
trap 'stop_services' EXIT
