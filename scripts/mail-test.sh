#!/usr/bin/env bash
# Throwaway IMAP server (Debian's dovecot) for the mail tests.
#
#   scripts/mail-test.sh start [ENV_FILE]  # (re)create and start it; writes its shell
#                                #   exports (WARDCASE_TEST_IMAP_*) to ENV_FILE, to source
#   scripts/mail-test.sh env     # print the exports again
#   scripts/mail-test.sh stop    # stop it and delete its mail and config
#   scripts/mail-test.sh status  # exit 0 if running
#
# A private dovecot instance with its own config, passwd file and maildirs in a
# temporary directory, listening only on 127.0.0.1 on MAILTEST_PORT (default
# 14300, or the next free port above it), plain-text login without TLS (it is
# only reachable from this machine). The system's dovecot configuration is not
# read or changed, and no system service is started. If dovecot is missing,
# Debian's dovecot-imapd is installed first (as root).
#
# `start` writes its exports to a file (ENV_FILE, or env.sh in its directory)
# rather than handing them over through captured output; whatever it prints
# while starting (an install included) goes to standard error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
checkout_id="$(printf '%s' "$root" | cksum | cut -d' ' -f1)"
dir="${MAILTEST_DIR:-/tmp/wardcase-mailtest-$checkout_id}"
base_port="${MAILTEST_PORT:-14300}"
user="wardcase"
password="wardcase-test-password"

log() { echo "mail-test: $*" >&2; }

ensure_binaries() {
    if [ ! -x /usr/sbin/dovecot ] || [ ! -x /usr/lib/dovecot/imap ]; then
        log "dovecot not found; installing Debian's dovecot-imapd"
        bash "$here/apt-install.sh" dovecot-imapd
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

master_pid() {
    [ -f "$dir/run/master.pid" ] && head -n 1 "$dir/run/master.pid"
}

cmd_stop() {
    local pid
    pid="$(master_pid || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

cmd_start() {
    local env_file="${1:-}"
    # Only the exports, at the very end, go to standard output.
    exec 3>&1 1>&2
    ensure_binaries
    cmd_stop

    local port="$base_port"
    while port_in_use "$port"; do
        port=$((port + 1))
        if [ "$port" -gt $((base_port + 50)) ]; then
            log "no free port in $base_port-$((base_port + 50))"
            exit 1
        fi
    done

    # As root, mail is owned by the unprivileged `mail` user and dovecot's own
    # users run the login processes; as anyone else, everything runs as them.
    local mail_uid mail_gid login_user internal_user
    if [ "$(id -u)" -eq 0 ]; then
        mail_uid="$(id -u mail)"
        mail_gid="$(id -g mail)"
        login_user=dovenull
        internal_user=dovecot
    else
        mail_uid="$(id -u)"
        mail_gid="$(id -g)"
        login_user="$(id -un)"
        internal_user="$(id -un)"
    fi

    mkdir -p "$dir/run" "$dir/state" "$dir/mail"
    chmod 755 "$dir" "$dir/run"
    chown "$mail_uid:$mail_gid" "$dir/mail"
    echo "$user:{PLAIN}$password:$mail_uid:$mail_gid::$dir/mail/$user" >"$dir/passwd"
    chmod 644 "$dir/passwd"

    cat >"$dir/dovecot.conf" <<CONF
# wardcase test IMAP server (scripts/mail-test.sh); nothing here is system-wide.
instance_name = wardcase-mailtest-$checkout_id
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = $login_user
default_internal_user = $internal_user
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
first_valid_gid = $mail_gid
last_valid_gid = $mail_gid
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
    if [ "$(id -u)" -ne 0 ]; then
        # Non-root dovecot cannot change users or chroot.
        cat >>"$dir/dovecot.conf" <<CONF
service imap-login {
  chroot =
  user = $login_user
}
service auth {
  user = $internal_user
}
CONF
    fi

    if ! /usr/sbin/dovecot -c "$dir/dovecot.conf"; then
        log "dovecot did not start; log follows"
        cat "$dir/dovecot.log" >&2 || true
        exit 1
    fi
    for _ in $(seq 1 50); do
        port_in_use "$port" && break
        sleep 0.1
    done
    if ! port_in_use "$port"; then
        log "dovecot is not listening on 127.0.0.1:$port; log follows"
        cat "$dir/dovecot.log" >&2 || true
        exit 1
    fi
    echo "$port" >"$dir/port"
    cmd_env >"$dir/env.sh"
    if [ -n "$env_file" ]; then
        mkdir -p "$(dirname "$env_file")"
        cp "$dir/env.sh" "$env_file"
    fi
    log "running on 127.0.0.1:$port (files in $dir; exports in ${env_file:-$dir/env.sh})"
    cat "$dir/env.sh" >&3
}

cmd_env() {
    if [ ! -f "$dir/port" ]; then
        log "not running (run: $0 start)"
        exit 1
    fi
    echo "export WARDCASE_TEST_IMAP_HOST=127.0.0.1"
    echo "export WARDCASE_TEST_IMAP_PORT=$(cat "$dir/port")"
    echo "export WARDCASE_TEST_IMAP_USER=$user"
    echo "export WARDCASE_TEST_IMAP_PASSWORD=$password"
}

cmd_status() {
    local pid
    pid="$(master_pid || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

case "${1:-}" in
start) cmd_start "${2:-}" ;;
stop) cmd_stop ;;
env) cmd_env ;;
status) cmd_status ;;
*)
    echo "usage: $0 start [ENV_FILE]|stop|env|status" >&2
    exit 2
    ;;
esac
