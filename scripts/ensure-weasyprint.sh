#!/usr/bin/env bash
# Make sure WeasyPrint (subject access and casework exports as PDF) can load its
# system libraries: Pango and HarfBuzz from Debian's packages, fonts-liberation
# for Arial-metric text. Chromium's dependencies usually bring them already.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$here/../.venv/bin/python"

if ! "$python" -c "import weasyprint" >/dev/null 2>&1; then
    bash "$here/apt-install.sh" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation
fi

if ! "$python" -c "import weasyprint" >/dev/null 2>&1; then
    echo "ensure-weasyprint: WeasyPrint still cannot load its libraries" >&2
    "$python" -c "import weasyprint"
    exit 1
fi
