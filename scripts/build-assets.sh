#!/usr/bin/env bash
# Build the front-end assets into wardcase/static/dist/ (git-ignored):
#
#   wardcase/static/dist/wardcase.css                 compiled frontend/scss/wardcase.scss
#   wardcase/static/dist/htmx.min.js                  htmx 2.0
#   wardcase/static/dist/accessible-autocomplete.min.js  alphagov's accessible-autocomplete
#   wardcase/static/dist/govuk/govuk-frontend.min.js  GOV.UK Frontend (ES module, + .map)
#   wardcase/static/dist/govuk/assets/                images + manifest.json (no fonts)
#
# Needs node_modules (npm ci). Run via `make assets`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

nm=node_modules
govuk="$nm/govuk-frontend/dist/govuk"
out=wardcase/static/dist

for f in "$nm/.bin/sass" "$govuk/govuk-frontend.min.js" "$govuk/assets/manifest.json" \
    "$nm/htmx.org/dist/htmx.min.js" "$nm/accessible-autocomplete/dist/accessible-autocomplete.min.js"; do
    if [ ! -e "$f" ]; then
        echo "build-assets: missing $f (run: npm ci)" >&2
        exit 1
    fi
done

# Build into a temporary directory, then swap it in, so a running server never
# sees a half-built tree.
mkdir -p wardcase/static
tmp="$(mktemp -d "$root/wardcase/static/.dist-build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$nm/.bin/sass" --load-path="$nm" --style=compressed --no-source-map \
    --quiet-deps --fatal-deprecation=import \
    frontend/scss/wardcase.scss "$tmp/wardcase.css"

if grep -q "GDS Transport" "$tmp/wardcase.css"; then
    echo "build-assets: wardcase.css mentions GDS Transport (GOV.UK-only font)" >&2
    exit 1
fi

cp "$nm/htmx.org/dist/htmx.min.js" "$tmp/htmx.min.js"
# The .js names its source map, which ManifestStaticFilesStorage needs too.
cp "$nm/accessible-autocomplete/dist/accessible-autocomplete.min.js"* "$tmp/"

mkdir -p "$tmp/govuk/assets"
cp "$govuk/govuk-frontend.min.js" "$tmp/govuk/govuk-frontend.min.js"
# The .js names its source map; Django's ManifestStaticFilesStorage (and so
# collectstatic with WhiteNoise's manifest storage) fails if it is missing.
cp "$govuk/govuk-frontend.min.js.map" "$tmp/govuk/govuk-frontend.min.js.map"
cp "$govuk/assets/manifest.json" "$tmp/govuk/assets/manifest.json"
cp -R "$govuk/assets/images" "$tmp/govuk/assets/images"

chmod -R u+rwX,go+rX "$tmp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT

echo "build-assets: built $out ($(du -sh "$out" | cut -f1))"
