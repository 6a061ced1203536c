"""The SQL dialects the compiler renders for, each a small sqlglot subclass holding its own quirks.

The compiled AST is dialect-neutral; what one engine needs differently lives here, in one table per
dialect, and nowhere else (never ``if dialect == ...`` in the compiler or the guards).

* PostgreSQL has no ``round(double precision, integer)``: ``ROUND(x, d)`` becomes
  ``ROUND(CAST(x AS NUMERIC), d)``. NUMERIC rounds half away from zero, as DuckDB's ROUND does.
* Spark: the unit sets of a cell (``ARRAY_AGG(DISTINCT id)``) are ``COLLECT_SET(id)``.
* ``BottomKeys(column, n)``, the disclosure guard's sketch of a cell's units (the n smallest distinct
  record keys, ascending): DuckDB ``MIN(DISTINCT x, n)``, PostgreSQL an ordered ``ARRAY_AGG`` sliced,
  Spark and Trino ``SLICE(ARRAY_SORT(...))``; T-SQL has no arrays: the ordered keys as one
  comma-separated string, which the guard reads the same way.

``get(name)`` returns the dialect class for ``duckdb``, ``postgres``, ``tsql``, ``spark`` or ``trino``;
``render(ast, name)`` is ``ast.sql`` in that dialect.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.trino import Trino
from sqlglot.dialects.tsql import TSQL

__all__ = ["NAMES", "BottomKeys", "get", "render"]

NAMES = ("duckdb", "postgres", "tsql", "spark", "trino")


class BottomKeys(exp.Expression, exp.AggFunc):
    """The ``expression`` smallest distinct values of ``this``, ascending."""

    arg_types = {"this": True, "expression": True}


def _round_numeric(self, expression: exp.Round) -> str:
    this = self.sql(expression, "this")
    decimals = self.sql(expression, "decimals")
    if not decimals:
        return self.func("ROUND", this)
    return self.func("ROUND", f"CAST({this} AS NUMERIC)", decimals)


def _collect_set(self, expression: exp.ArrayAgg) -> str:
    inner = expression.this
    if isinstance(inner, exp.Distinct) and len(inner.expressions) == 1:
        return self.func("COLLECT_SET", inner.expressions[0])
    return self.func("COLLECT_LIST", inner)


def _parts(gen, e: BottomKeys) -> tuple[str, str]:
    return gen.sql(e, "this"), gen.sql(e, "expression")


def _bottom_duckdb(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"MIN(DISTINCT {x}, {n})"


def _bottom_postgres(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"(ARRAY_AGG(DISTINCT {x} ORDER BY {x}))[1:{n}]"


def _bottom_spark(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"SLICE(ARRAY_SORT(COLLECT_SET({x})), 1, {n})"


def _bottom_trino(gen, e: BottomKeys) -> str:
    x, n = _parts(gen, e)
    return f"SLICE(ARRAY_SORT(ARRAY_AGG(DISTINCT {x})), 1, {n})"


def _bottom_tsql(gen, e: BottomKeys) -> str:
    x, _n = _parts(gen, e)
    return f"STRING_AGG(CAST({x} AS VARCHAR(20)), ',') WITHIN GROUP (ORDER BY {x})"


class WijkDuckDB(DuckDB):
    class Generator(DuckDB.Generator):
        TRANSFORMS = {**DuckDB.Generator.TRANSFORMS, BottomKeys: _bottom_duckdb}


class WijkPostgres(Postgres):
    class Generator(Postgres.Generator):
        TRANSFORMS = {**Postgres.Generator.TRANSFORMS, exp.Round: _round_numeric, BottomKeys: _bottom_postgres}


class WijkSpark(Spark):
    class Generator(Spark.Generator):
        TRANSFORMS = {**Spark.Generator.TRANSFORMS, exp.ArrayAgg: _collect_set, BottomKeys: _bottom_spark}


class WijkTrino(Trino):
    class Generator(Trino.Generator):
        TRANSFORMS = {**Trino.Generator.TRANSFORMS, BottomKeys: _bottom_trino}


class WijkTSQL(TSQL):
    class Generator(TSQL.Generator):
        TRANSFORMS = {**TSQL.Generator.TRANSFORMS, BottomKeys: _bottom_tsql}


_DIALECTS = {"duckdb": WijkDuckDB, "postgres": WijkPostgres, "tsql": WijkTSQL, "spark": WijkSpark,
             "trino": WijkTrino}


def get(name: str):
    """The sqlglot dialect class Wijkvraag renders ``name`` with."""
    try:
        return _DIALECTS[name]
    except KeyError:
        raise ValueError(f"Onbekend SQL-dialect '{name}'; kies uit {', '.join(NAMES)}.") from None


def render(ast: exp.Expression, name: str, pretty: bool = False) -> str:
    return ast.sql(dialect=get(name), pretty=pretty)
