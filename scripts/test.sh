#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: lint, then pytest (unit, AppTest and
# end-to-end tests in headless Chromium). Chromium comes from Debian's package.
SCICITY_EXTRAS=dev
source "$(dirname "$0")/env.sh"
CHROMIUM="${SCICITY_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ] || ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core \
      poppler-utils >/dev/null
  else
    echo "The browser tests need Chromium and poppler-utils: sudo apt-get install chromium fonts-dejavu-core poppler-utils" >&2
    exit 1
  fi
fi
ruff check .
exec python -m pytest "$@"
