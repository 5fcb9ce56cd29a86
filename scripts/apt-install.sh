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

