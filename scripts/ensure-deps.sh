#!/usr/bin/env bash
# Makes sure the system packages Kaizen needs are present:
#   ensure-deps.sh postgres           the PostgreSQL server (for the private database)
#   ensure-deps.sh postgres chromium  ... and Chromium (for the browser tests)
#   ensure-deps.sh pdftotext          poppler-utils (PDF text checks in tests)
# As root on Debian/Ubuntu the missing ones are installed with apt-get;
# otherwise one line says what to install, and the script fails.
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
have_chromium() {
  [ -n "${CHROMIUM:-}" ] && [ -x "${CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

missing=()
for dep in "$@"; do
  case "$dep" in
    postgres) have_postgres || missing+=(postgresql) ;;
    chromium) have_chromium || missing+=(chromium) ;;
    pdftotext) command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils) ;;
    *) echo "ensure-deps: unknown dependency $dep" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
  exit 0
fi
echo "Missing system packages: ${missing[*]}. Install them, e.g.: sudo apt-get install -y ${missing[*]}" >&2
exit 1
