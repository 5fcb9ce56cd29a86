#!/usr/bin/env bash
# Install Debian packages non-interactively: scripts/apt-install.sh PKG...
#
# Runs `apt-get update` first unless this script already did so in the last
# hour on this machine (fresh machines can carry stale package lists), and
# retries once after a forced update if the install fails.
#
# Prints nothing on standard output: apt's and dpkg's progress ("Selecting
# previously unselected package ...") goes to standard error, so a caller that
# captures another script's output never gets install noise in its value.
#
# Starts no system service: the test scripts run private instances of
# PostgreSQL, dovecot and clamd, so the packages' own services (clamd,
# freshclam, dovecot, postgresql) are kept from starting during the install by
# a temporary /usr/sbin/policy-rc.d, and any of them this install added are
# disabled afterwards.
set -euo pipefail

# Everything below writes to standard error only.
exec 1>&2

if [ "$#" -eq 0 ]; then
    echo "usage: $0 PACKAGE..."
    exit 2
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "apt-install: need root to install: $* (install them yourself, or run as root)"
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/lists/.wardcase-apt-updated
policy=/usr/sbin/policy-rc.d
policy_marker="# wardcase apt-install: no services started during install"
# Services that packages the test scripts install would start and enable.
services=(clamav-daemon clamav-freshclam dovecot postgresql)

unit_installed() {
    [ -e "/lib/systemd/system/$1.service" ] || [ -e "/etc/init.d/$1" ]
}

# A policy-rc.d already there (e.g. a container's) is left as it is.
own_policy=0
remove_policy() {
    if [ "$own_policy" -eq 1 ] && grep -qF "$policy_marker" "$policy" 2>/dev/null; then
        rm -f "$policy"
    fi
}
trap remove_policy EXIT
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n%s\nexit 101\n' "$policy_marker" >"$policy"
    chmod 755 "$policy"
    own_policy=1
fi

already=()
for service in "${services[@]}"; do
    if unit_installed "$service"; then already+=("$service"); fi
done

apt_update() {
    echo "apt-install: apt-get update"
    apt-get update -qq
    touch "$stamp"
}

if [ -z "$(find "$stamp" -mmin -60 2>/dev/null)" ]; then
    apt_update
fi

echo "apt-install: apt-get install -y $*"
if ! apt-get install -y -qq "$@"; then
    apt_update
    apt-get install -y -qq "$@"
fi

# Services this install brought: not enabled, not running.
for service in "${services[@]}"; do
    if unit_installed "$service" && [[ " ${already[*]} " != *" $service "* ]]; then
        echo "apt-install: disabling the system service $service (the tests run their own)"
        if command -v systemctl >/dev/null 2>&1; then
            systemctl disable --now "$service" >/dev/null 2>&1 || true
        fi
        if command -v update-rc.d >/dev/null 2>&1; then
            update-rc.d "$service" disable >/dev/null 2>&1 || true
        fi
        if [ -x "/etc/init.d/$service" ]; then
            "/etc/init.d/$service" stop >/dev/null 2>&1 || true
        fi
    fi
done
