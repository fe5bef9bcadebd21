#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: lint, then pytest.
SCICITY_EXTRAS=dev
source "$(dirname "$0")/env.sh"
ruff check .
exec python -m pytest "$@"
