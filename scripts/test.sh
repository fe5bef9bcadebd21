#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: lint (ruff), type check (mypy), then
# pytest (unit, AppTest and end-to-end tests in headless Chromium). Chromium and
# PostgreSQL come from Debian's packages.
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
# The panel tests start a throwaway PostgreSQL cluster (Debian's server binaries); they
# fail, never skip, when it cannot be started.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "The panel tests need PostgreSQL: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi
ruff check .
# mypy with pyproject.toml's [tool.mypy]; a type error fails the run before the tests
python -m mypy --config-file pyproject.toml
exec python -m pytest "$@"
