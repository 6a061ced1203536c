"""T-SQL and Trino: no server can be installed here, so their SQL is checked by a sqlglot round trip.
Every query behind the development set's tables (and the guard's unit, wider-group and population
queries) is rendered in the dialect, read back by sqlglot's parser for that dialect, rendered for DuckDB
and run: it must give the rows of the original query. PostgreSQL and Spark run on their own engines
(tests/test_backend_postgres.py, tests/test_backend_spark.py)."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from semantic_layer.dialects import render
from tests.backend_support import answer_devset, make_settings, same_rows


@pytest.fixture(scope="module")
def compiled_devset(warehouse_path, tmp_path_factory):
    from assistant import Assistant

    assistant = Assistant(make_settings(tmp_path_factory.mktemp("roundtrip"), "duckdb"))
    compiled: list = []
    answer_devset(assistant, compiled)
    yield assistant, compiled
    assistant.close()


def _read_back(text: str, dialect: str) -> exp.Expression:
    tree = sqlglot.parse_one(text, read=dialect)
    if dialect == "tsql":
        # T-SQL FLOAT is FLOAT(53), an 8-byte double; sqlglot's T-SQL reader takes it for REAL
        for kind in tree.find_all(exp.DataType):
            if kind.this == exp.DataType.Type.FLOAT and not kind.expressions:
                kind.set("this", exp.DataType.Type.DOUBLE)
    return tree


@pytest.mark.parametrize("dialect", ["tsql", "trino"])
def test_sql_in_dialects_without_a_server_here_round_trips_to_the_same_rows(compiled_devset, dialect):
    assistant, compiled = compiled_devset
    assert len(compiled) >= 150
    cur = assistant.cursor()
    checked = 0
    for query in compiled:
        for ast in (query.ast, query.units_ast, query.parent_ast, query.population_ast):
            if ast is None:
                continue
            text = render(ast, dialect)
            back = _read_back(text, dialect)
            assert back.sql(dialect=dialect) == sqlglot.parse_one(back.sql(dialect=dialect), read=dialect).sql(dialect=dialect)
            expected = cur.execute(render(ast, "duckdb")).fetchall()
            got = cur.execute(back.sql(dialect="duckdb")).fetchall()
            assert same_rows(got, expected), f"{dialect}:\n{text}"
            checked += 1
    assert checked >= 300


def test_dialect_quirks_live_in_their_dialect_classes():
    tree = sqlglot.parse_one("SELECT ROUND(AVG(x), 1) AS a, ARRAY_AGG(DISTINCT p) AS u FROM t", read="duckdb")
    assert render(tree, "postgres") == "SELECT ROUND(CAST(AVG(x) AS NUMERIC), 1) AS a, ARRAY_AGG(DISTINCT p) AS u FROM t"
    assert render(tree, "spark") == "SELECT ROUND(AVG(x), 1) AS a, COLLECT_SET(p) AS u FROM t"
    assert render(tree, "duckdb") == "SELECT ROUND(AVG(x), 1) AS a, ARRAY_AGG(DISTINCT p) AS u FROM t"
    with pytest.raises(ValueError, match="Onbekend SQL-dialect"):
        render(tree, "oracle")
