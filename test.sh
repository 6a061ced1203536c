#!/usr/bin/env bash
# Sets everything up (virtualenv, packages with test extras, warehouse, Chromium for the browser
# test where it is missing) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium niet geïnstalleerd: browsertest wordt overgeslagen"
fi
[ -f warehouse/sociaal_domein.duckdb ] || .venv/bin/python -m warehouse build
exec .venv/bin/python -m pytest -n 2 "$@"
