# Sourced by scripts/run.sh and scripts/test.sh: make .venv (Python 3.11+) if missing and
# install the project into it when pyproject.toml has changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "scicity needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
EXTRAS="${SCICITY_EXTRAS:-}"
STAMP=".venv/.scicity-installed${EXTRAS:+-$EXTRAS}"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
  echo "$WANT" > "$STAMP"
fi
# Compile the gettext catalogues (scicity/i18n/locale/*/LC_MESSAGES/scicity.po → .mo) when a
# .po is newer than its .mo; without a .mo the app compiles the .po in memory.
for po in scicity/i18n/locale/*/LC_MESSAGES/scicity.po; do
  if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
    .venv/bin/pybabel -q compile -d scicity/i18n/locale -D scicity --statistics >/dev/null 2>&1 \
      || echo "warning: pybabel compile failed; catalogues are compiled in memory" >&2
    break
  fi
done
# shellcheck disable=SC1091
source .venv/bin/activate
