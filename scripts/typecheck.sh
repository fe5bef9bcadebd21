#!/usr/bin/env bash
# Type-check the packages named in pyproject.toml's [tool.mypy] (strict on mcda/, criteria/,
# scenarios/, geodata/; plain on scicity/ without the Streamlit page scripts). Extra
# arguments go to mypy (e.g. a single file, or --no-incremental).
SCICITY_EXTRAS=dev
source "$(dirname "$0")/env.sh"
exec python -m mypy --config-file pyproject.toml "$@"
