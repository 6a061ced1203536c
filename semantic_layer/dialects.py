"""The SQL dialects the compiler renders for, each a small sqlglot subclass holding its own quirks.

The compiled AST is dialect-neutral; what one engine needs differently lives here, in one table per
dialect, and nowhere else (never ``if dialect == ...`` in the compiler or the guards).

* PostgreSQL has no ``round(double precision, integer)``: ``ROUND(x, d)`` becomes
  ``ROUND(CAST(x AS NUMERIC), d)``. NUMERIC rounds half away from zero, as DuckDB's ROUND does.
* Spark: the unit sets of a cell (``ARRAY_AGG(DISTINCT id)``) are ``COLLECT_SET(id)``.

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

__all__ = ["NAMES", "get", "render"]

NAMES = ("duckdb", "postgres", "tsql", "spark", "trino")


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


class WijkPostgres(Postgres):
    class Generator(Postgres.Generator):
        TRANSFORMS = {**Postgres.Generator.TRANSFORMS, exp.Round: _round_numeric}


class WijkSpark(Spark):
    class Generator(Spark.Generator):
        TRANSFORMS = {**Spark.Generator.TRANSFORMS, exp.ArrayAgg: _collect_set}


_DIALECTS = {"duckdb": DuckDB, "postgres": WijkPostgres, "tsql": TSQL, "spark": WijkSpark, "trino": Trino}


def get(name: str):
    """The sqlglot dialect class Wijkvraag renders ``name`` with."""
    try:
        return _DIALECTS[name]
    except KeyError:
        raise ValueError(f"Onbekend SQL-dialect '{name}'; kies uit {', '.join(NAMES)}.") from None


def render(ast: exp.Expression, name: str, pretty: bool = False) -> str:
    return ast.sql(dialect=get(name), pretty=pretty)
