#!/usr/bin/env bash
# Sets everything up (virtualenv, packages with test and Spark extras, warehouse, Chromium for the browser
# test and PostgreSQL where they are missing) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,spark]'
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium niet geïnstalleerd: browsertest wordt overgeslagen"
fi
# PostgreSQL 15 for the backend tests (they start a throwaway server on 127.0.0.1 themselves)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) || echo "postgresql niet geïnstalleerd: PostgreSQL-tests worden overgeslagen"
fi
[ -f warehouse/sociaal_domein.duckdb ] || .venv/bin/python -m warehouse build
exec .venv/bin/python -m pytest -n 2 --dist loadgroup --durations=25 "$@"
