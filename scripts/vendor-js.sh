#!/usr/bin/env bash
# Refreshes the vendored front-end files from the npm registry at the pinned
# versions below. The files are committed; nothing is fetched at build time.
set -euo pipefail
HTMX_VERSION=2.0.11
AXE_VERSION=4.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION" >/dev/null
mkdir htmx axe
tar -xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx
tar -xzf "axe-core-$AXE_VERSION.tgz" -C axe
cp htmx/package/dist/htmx.min.js "$root/web/static/vendor/htmx.min.js"
cp axe/package/axe.min.js "$root/internal/e2e/testdata/axe.min.js"
cat > "$root/web/static/vendor/VERSIONS" <<TXT
htmx.org $HTMX_VERSION (BSD Zero Clause License) -> htmx.min.js
axe-core $AXE_VERSION (MPL-2.0) -> internal/e2e/testdata/axe.min.js (tests only, not served)
TXT
echo "vendored htmx.org@$HTMX_VERSION and axe-core@$AXE_VERSION"
