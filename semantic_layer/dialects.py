"""What differs between the SQL dialects Wijkvraag renders, in one place.

The compiler builds one dialect-neutral sqlglot AST; sqlglot renders it per dialect. Where a dialect
needs a different form than sqlglot gives by default, it is registered here, per dialect.

``BottomKeys(column, n)`` is the bottom-k sketch of the disclosure guard: the n smallest distinct values
of a column, as an array (T-SQL has no arrays: a comma-separated string of the ordered values, which
the guard reads the same way).
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.trino import Trino
from sqlglot.dialects.tsql import TSQL

__all__ = ["BottomKeys"]


class BottomKeys(exp.Expression, exp.AggFunc):
    """The ``expression`` smallest distinct values of ``this``, ascending."""

    arg_types = {"this": True, "expression": True}


def _parts(gen, e: BottomKeys) -> tuple[str, str]:
    return gen.sql(e, "this"), gen.sql(e, "expression")


def _duckdb(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"MIN(DISTINCT {x}, {n})"


def _postgres(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"(ARRAY_AGG(DISTINCT {x} ORDER BY {x}))[1:{n}]"


def _spark(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"SLICE(ARRAY_SORT(COLLECT_SET({x})), 1, {n})"


def _trino(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"SLICE(ARRAY_SORT(ARRAY_AGG(DISTINCT {x})), 1, {n})"


def _tsql(gen, e: BottomKeys) -> str:
    x, _n = _parts(gen, e)
    return f"STRING_AGG(CAST({x} AS VARCHAR(20)), ',') WITHIN GROUP (ORDER BY {x})"


for _dialect, _render in ((DuckDB, _duckdb), (Postgres, _postgres), (Spark, _spark), (Trino, _trino), (TSQL, _tsql)):
    _dialect.Generator.TRANSFORMS = {**_dialect.Generator.TRANSFORMS, BottomKeys: _render}
