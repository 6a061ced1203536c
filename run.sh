#!/usr/bin/env bash
# Sets everything up (virtualenv, packages, warehouse) and starts Wijkvraag on the embedded default.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
[ -f warehouse/sociaal_domein.duckdb ] || .venv/bin/python -m warehouse build
exec .venv/bin/python -m streamlit run app.py --server.headless true "$@"
