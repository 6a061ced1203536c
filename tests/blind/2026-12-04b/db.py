"""An in-memory DuckDB over the read-only warehouse with the helper tables of tests/questions/expected_views.sql."""
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[3]


def connect():
    con = duckdb.connect(':memory:')
    con.execute(f"ATTACH '{ROOT / 'warehouse' / 'sociaal_domein.duckdb'}' AS wh (READ_ONLY)")
    con.execute("USE wh")
    con.execute(f"SET file_search_path='{ROOT}'")
    con.execute((ROOT / 'tests' / 'questions' / 'expected_views.sql').read_text())  # temp tables
    return con
