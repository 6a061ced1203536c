#!/usr/bin/env bash
# Sets everything up (virtualenv, packages, warehouse) and starts Wijkvraag: on the embedded DuckDB file
# by default, or on the warehouse in WIJKVRAAG_WAREHOUSE_URL (postgresql://... or spark:///dir), which is
# filled from the DuckDB build when it does not have the analytic views yet.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
URL=${WIJKVRAAG_WAREHOUSE_URL:-}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
if [[ "$URL" == spark:* ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[spark]'
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
[ -f warehouse/sociaal_domein.duckdb ] || .venv/bin/python -m warehouse build
if [[ "$URL" == postgresql:* || "$URL" == postgres:* || "$URL" == spark:* ]]; then
  .venv/bin/python -m warehouse export --to "$URL" --if-missing
fi
exec .venv/bin/python app_server.py --server.headless true "$@"
