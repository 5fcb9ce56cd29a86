#!/usr/bin/env bash
# A private ClamAV daemon for the test suite's upload-scanning tests.
#
#   scripts/clamav-test.sh start [SOCKET_FILE]  # (re)start it; writes its socket
#                                   #   path to SOCKET_FILE (and prints it)
#   scripts/clamav-test.sh socket   # print the socket path
#   scripts/clamav-test.sh stop     # stop it and delete its files
#
# clamd listens on a unix socket in a temp directory, one per checkout, with a
# temp config. This machine (and CI) has no network for freshclam, and the real
# databases make clamd slow to start, so its database is a tiny one written here
# that detects the EICAR test file (an MD5 signature of the exact file, and a
# body signature that finds it inside a larger one). If clamd is not installed,
# Debian's clamav-daemon package is installed first (its system services are
# left stopped and disabled by scripts/apt-install.sh). Whatever `start` prints
# on the way (an install included) goes to standard error; the caller reads the
# socket path from SOCKET_FILE, not from captured output.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
checkout_id="$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
state_dir="${CLAMAV_TEST_DIR:-/tmp/wardcase-clamav-$checkout_id}"
socket="$state_dir/clamd.sock"
pidfile="$state_dir/clamd.pid"
start_timeout="${CLAMAV_TEST_START_SECONDS:-60}"
# The standard anti-virus test file (harmless by design), as every scanner knows it.
eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

log() { echo "clamav-test: $*" >&2; }

ensure_binaries() {
    if ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
        log "clamd not found; installing Debian's clamav-daemon"
        bash "$here/apt-install.sh" clamav-daemon
    fi
}

clamd_bin() { command -v clamd 2>/dev/null || echo /usr/sbin/clamd; }

stop() {
    if [ -f "$pidfile" ]; then
        local pid
        pid="$(cat "$pidfile")"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
        fi
    fi
    rm -rf "$state_dir"
}

write_database() {
    mkdir -p "$state_dir/db"
    local md5 size hex
    md5="$(printf '%s' "$eicar" | md5sum | cut -d' ' -f1)"
    size="$(printf '%s' "$eicar" | wc -c)"
    hex="$(printf '%s' "$eicar" | od -An -tx1 -v | tr -d ' \n')"
    echo "$md5:$size:Wardcase.Test.EICAR" >"$state_dir/db/wardcase-eicar.hdb"
    echo "Wardcase.Test.EICAR-Body:0:*:$hex" >"$state_dir/db/wardcase-eicar.ndb"
}

write_config() {
    cat >"$state_dir/clamd.conf" <<CONF
LocalSocket $socket
LocalSocketMode 660
PidFile $pidfile
DatabaseDirectory $state_dir/db
LogFile $state_dir/clamd.log
Foreground false
StreamMaxLength 64M
MaxThreads 2
ReadTimeout 30
CONF
    if [ "$(id -u)" -eq 0 ]; then
        # Stay root: the socket and database live in this private directory.
        echo "User root" >>"$state_dir/clamd.conf"
    fi
}

start() {
    local socket_file="${1:-}"
    # Only the socket path, at the very end, goes to standard output.
    exec 3>&1 1>&2
    ensure_binaries
    stop
    mkdir -p "$state_dir"
    chmod 700 "$state_dir"
    write_database
    write_config
    local t0=$SECONDS
    "$(clamd_bin)" --config-file="$state_dir/clamd.conf"
    while [ ! -S "$socket" ]; do
        if [ $((SECONDS - t0)) -ge "$start_timeout" ]; then
            log "clamd did not open $socket within ${start_timeout}s; log:"
            cat "$state_dir/clamd.log" >&2 || true
            exit 1
        fi
        sleep 0.2
    done
    log "clamd ready on $socket in $((SECONDS - t0))s"
    if [ -n "$socket_file" ]; then
        mkdir -p "$(dirname "$socket_file")"
        echo "$socket" >"$socket_file"
    fi
    echo "$socket" >&3
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop ;;
socket) echo "$socket" ;;
*)
    echo "usage: $0 start [SOCKET_FILE]|stop|socket" >&2
    exit 2
    ;;
esac
