#!/usr/bin/env bash
# Make sure Debian's pdftoppm (poppler-utils) is here: the report tests render a page
# of each generated PDF to an image to check that it really shows the report.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v pdftoppm >/dev/null 2>&1; then
    bash "$here/apt-install.sh" poppler-utils
fi

if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "ensure-poppler: pdftoppm is still missing" >&2
    exit 1
fi
