#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg-test.sh start [URL_FILE]  # (re)create and start it; writes its URL
#                              #   to URL_FILE (and prints it)
#   scripts/pg-test.sh url     # print postgres://wardcase@127.0.0.1:PORT/wardcase
#   scripts/pg-test.sh replica [URL_FILE]  # start a streaming replica of the running
#                              #   cluster (pg_basebackup -R) on the next free port;
#                              #   writes its URL to URL_FILE (and prints it)
#   scripts/pg-test.sh stop    # stop it (and its replica) and delete their data
#   scripts/pg-test.sh status  # exit 0 if running
#
# PGTEST_DATA_DIR and PGTEST_STATE_DIR (default var/pgtest) let another script (e.g.
# bench/scale_out.py) run its own cluster beside the tests' one.
#
# The cluster listens only on 127.0.0.1, on PGTEST_PORT (default 54329, or the
# next free port above it), with trust auth, fsync/synchronous_commit/
# full_page_writes off. It has a role `wardcase` (LOGIN CREATEDB, so
# pytest-django can create test_wardcase) owning a database `wardcase`.
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` system user, with its data in /tmp (a directory `postgres` can
# always reach), one per checkout. `start` always starts from a fresh cluster,
# stopping any cluster this checkout left running. If no server binaries are
# installed, Debian's `postgresql` package is installed first (its system
# service left stopped and disabled by scripts/apt-install.sh). Whatever `start`
# prints on the way goes to standard error; only the URL goes to standard output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state_dir="${PGTEST_STATE_DIR:-$root/var/pgtest}"
checkout_id="$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
data_dir="${PGTEST_DATA_DIR:-/tmp/wardcase-pgtest-$checkout_id}"
replica_dir="$data_dir-replica"
base_port="${PGTEST_PORT:-54329}"

log() { echo "pg-test: $*" >&2; }

find_bindir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
        echo "$d"
    fi
}

ensure_binaries() {
    bindir="$(find_bindir)"
    if [ -z "$bindir" ]; then
        log "no PostgreSQL server binaries found; installing Debian's postgresql"
        bash "$here/apt-install.sh" postgresql
        bindir="$(find_bindir)"
        if [ -z "$bindir" ]; then
            log "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
            exit 1
        fi
    fi
}

# Run a command as the user that owns the cluster.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The first free port from $1, up to 50 above it.
free_port() {
    local port="$1"
    while port_in_use "$port"; do
        port=$((port + 1))
        if [ "$port" -gt $(($1 + 50)) ]; then
            log "no free port in $1-$(($1 + 50))"
            exit 1
        fi
    done
    echo "$port"
}

stop_cluster() {
    stop_dir "$replica_dir"
    rm -f "$state_dir/replica-port"
    stop_dir "$data_dir"
    rm -f "$state_dir/port"
}

stop_dir() {
    local bd data_dir="$1"
    bd="$(find_bindir)"
    if [ -f "$data_dir/postmaster.pid" ] && [ -n "$bd" ]; then
        log "stopping cluster in $data_dir"
        as_pg "$bd/pg_ctl" -D "$data_dir" -m fast -w -t 20 stop >/dev/null 2>&1 ||
            as_pg "$bd/pg_ctl" -D "$data_dir" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    # A server whose pg_ctl could not stop it (e.g. a half-deleted data dir).
    if [ -f "$data_dir/postmaster.pid" ]; then
        local pid
        pid="$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
        fi
    fi
    rm -rf "$data_dir"
}

cmd_start() {
    local url_file="${1:-}"
    exec 3>&1 1>&2
    ensure_binaries
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        log "no 'postgres' system user (is Debian's postgresql installed?)"
        exit 1
    fi

    stop_cluster

    local port
    port="$(free_port "$base_port")"

    mkdir -p "$state_dir"
    mkdir -m 700 "$data_dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$data_dir"
    fi

    as_pg "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$data_dir.initdb.log" 2>&1 || {
        cat "$data_dir.initdb.log" >&2
        exit 1
    }
    rm -f "$data_dir.initdb.log"

    as_pg tee -a "$data_dir/postgresql.conf" >/dev/null <<EOF

# --- wardcase test cluster (scripts/pg-test.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data_dir'
max_connections = 50
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF

    if ! as_pg "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 30 start >/dev/null; then
        log "server did not start; log follows"
        cat "$data_dir/server.log" >&2 || true
        exit 1
    fi

    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE wardcase LOGIN CREATEDB" \
        -c "CREATE DATABASE wardcase OWNER wardcase" >/dev/null

    echo "$port" >"$state_dir/port"
    log "running on 127.0.0.1:$port (data in $data_dir)"
    if [ -n "$url_file" ]; then
        mkdir -p "$(dirname "$url_file")"
        cmd_url >"$url_file"
    fi
    cmd_url >&3
}

# A streaming replica of the running cluster, as production has one (docs/scaling.md): a
# base backup with -R (standby.signal and primary_conninfo), on its own port. Read-only.
cmd_replica() {
    local url_file="${1:-}"
    exec 3>&1 1>&2
    ensure_binaries
    if [ ! -f "$state_dir/port" ]; then
        log "no cluster running (run: $0 start)"
        exit 1
    fi
    local primary_port port
    primary_port="$(cat "$state_dir/port")"
    stop_dir "$replica_dir"
    port="$(free_port $((primary_port + 1)))"
    mkdir -m 700 "$replica_dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$replica_dir"
    fi
    as_pg "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres \
        -D "$replica_dir" -R -X stream --no-sync --checkpoint=fast
    as_pg tee -a "$replica_dir/postgresql.conf" >/dev/null <<EOF

# --- wardcase test replica (scripts/pg-test.sh replica) ---
port = $port
unix_socket_directories = '$replica_dir'
hot_standby = on
EOF
    if ! as_pg "$bindir/pg_ctl" -D "$replica_dir" -l "$replica_dir/server.log" -w -t 30 start >/dev/null; then
        log "replica did not start; log follows"
        cat "$replica_dir/server.log" >&2 || true
        exit 1
    fi
    echo "$port" >"$state_dir/replica-port"
    log "replica running on 127.0.0.1:$port (data in $replica_dir)"
    local url="postgres://wardcase@127.0.0.1:$port/wardcase"
    if [ -n "$url_file" ]; then
        mkdir -p "$(dirname "$url_file")"
        echo "$url" >"$url_file"
    fi
    echo "$url" >&3
}

cmd_url() {
    if [ ! -f "$state_dir/port" ]; then
        log "not running (run: $0 start)"
        exit 1
    fi
    echo "postgres://wardcase@127.0.0.1:$(cat "$state_dir/port")/wardcase"
}

cmd_status() {
    local bd
    bd="$(find_bindir)"
    [ -n "$bd" ] && [ -f "$state_dir/port" ] && as_pg "$bd/pg_ctl" -D "$data_dir" status >/dev/null 2>&1
}

case "${1:-}" in
start) cmd_start "${2:-}" ;;
stop) stop_cluster ;;
replica) cmd_replica "${2:-}" ;;
url) cmd_url ;;
status) cmd_status ;;
*)
    echo "usage: $0 start [URL_FILE]|replica [URL_FILE]|stop|url|status" >&2
    exit 2
    ;;
esac
