#!/usr/bin/env bash
# Make sure Debian's Chromium (used headless by the browser tests) is installed.
# Never downloads a browser of its own: it is Debian's package or nothing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
    bash "$here/apt-install.sh" chromium fonts-liberation
fi

if ! /usr/bin/chromium --version >/dev/null 2>&1; then
    echo "ensure-chromium: /usr/bin/chromium is installed but does not run" >&2
    exit 1
fi
