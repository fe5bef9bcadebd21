#!/usr/bin/env bash
# Set up (if needed) and run the main job: rank the bundled regions under a scenario.
# Extra arguments go to `scicity rank`, e.g. scripts/run.sh --scenario infrastructure_first
source "$(dirname "$0")/env.sh"
exec scicity rank --layer regions "$@"
