#!/usr/bin/env bash
# Set up (if needed) and start the app on the bundled data: http://localhost:8501
# Extra arguments go to `streamlit run`, e.g. scripts/run.sh --server.port 8600
source "$(dirname "$0")/env.sh"
exec scicity-app "$@"
