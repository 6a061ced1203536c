"""Spark as the warehouse (PySpark in local mode over the Parquet export): the development set gives the
same tables as on DuckDB, and the Spark SQL shown to analysts runs on Spark. Slow (a JVM, and Spark
plans every statement): marked slow, run in CI by ./test.sh."""

from __future__ import annotations

import shutil

import pytest

from tests.backend_support import answer_devset, make_settings, same_rows

pyspark = pytest.importorskip("pyspark", reason="pyspark is niet geïnstalleerd (pip install -e '.[spark]')")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("spark"),
    pytest.mark.skipif(shutil.which("java") is None, reason="Java ontbreekt (Spark heeft Java 17 nodig)"),
]


@pytest.fixture(scope="module")
def assistants(warehouse_path, tmp_path_factory):
    from assistant import Assistant
    from warehouse.export import export

    parquet = tmp_path_factory.mktemp("parquet")
    result = export(warehouse_path, f"spark://{parquet}")
    assert set(result.rows) == {"vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers"}
    logs = tmp_path_factory.mktemp("spark-logs")
    duck = Assistant(make_settings(logs, "duckdb"))
    spark = Assistant(make_settings(logs, "spark", f"spark://{parquet}"))
    yield duck, spark
    duck.close()
    spark.close()


def test_whole_development_set_gives_the_same_tables_on_spark(assistants):
    duck, spark = assistants
    assert spark.dialect == "spark"
    compiled: list = []
    on_duckdb, on_spark = answer_devset(duck, compiled), answer_devset(spark)
    differ = [k for k in on_duckdb if on_duckdb[k] != on_spark[k]]
    assert differ == [], "\n".join(f"{k}: {on_duckdb[k]} != {on_spark[k]}" for k in differ[:10])
    # the Spark SQL an analyst sees, and the unit sets the guard may fetch, run on Spark with DuckDB's rows
    for query in compiled:
        for duck_sql, spark_sql in ((query.sql("duckdb"), query.sql("spark", pretty=True)),
                                    (query.units_sql("duckdb"), query.units_sql("spark"))):
            if duck_sql is None:
                continue
            expected = duck.cursor().execute(duck_sql).fetchall()
            got = spark.cursor().execute(spark_sql).fetchall()
            assert same_rows(got, expected), spark_sql


def test_spark_statement_timeout_stops_the_job(assistants):
    from guards.sql_guard import StatementTimeout, execute_with_timeout

    _duck, spark = assistants
    with pytest.raises(StatementTimeout):
        execute_with_timeout(spark.cursor(), "SELECT count(*) FROM vw_kosten a CROSS JOIN vw_kosten b", timeout_s=1.0)
    names, rows = execute_with_timeout(spark.cursor(), "SELECT 41 + 1 AS x", timeout_s=30)
    assert (names, rows) == (["x"], [(42,)])
