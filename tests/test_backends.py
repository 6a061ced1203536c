"""The backend setting without a server: URL forms, Dutch errors, the release log per backend, and the
DuckDB backend (the embedded default, read-only)."""

from __future__ import annotations

import duckdb
import pytest

from assistant.settings import ROOT, Settings
from warehouse.backends import BackendError, connect, describe_url, dialect_of


def test_default_is_the_embedded_duckdb_file_opened_read_only(warehouse_path):
    settings = Settings()
    assert settings.warehouse_url is None and settings.warehouse == str(settings.warehouse_path)
    backend = connect(warehouse_path)
    try:
        assert backend.dialect == "duckdb" and dialect_of(backend.cursor()) == "duckdb"
        with pytest.raises(duckdb.Error, match="read-only|read only"):
            backend.cursor().execute("CREATE TABLE poging (a INTEGER)")
        assert backend.run("SELECT 41 + 1 AS x", timeout_s=5) == (["x"], [(42,)])
    finally:
        backend.close()
    assert dialect_of(duckdb.connect()) == "duckdb"  # a plain DuckDB connection is DuckDB


def test_urls_that_cannot_be_opened_get_a_dutch_reason(tmp_path):
    with pytest.raises(BackendError, match="bestaat niet"):
        connect(tmp_path / "geen.duckdb")
    with pytest.raises(BackendError, match="Onbekend soort magazijn"):
        connect("mysql://host/db")
    with pytest.raises(BackendError, match="niet bereikbaar"):
        connect("postgresql://wijkvraag@127.0.0.1:1/wijkvraag", connect_timeout_s=2)


def test_spark_url_without_the_parquet_export_is_refused_before_spark_starts(tmp_path):
    pytest.importorskip("pyspark")
    with pytest.raises(BackendError, match="python -m warehouse export"):
        connect(f"spark://{tmp_path}")


def test_a_password_never_appears_in_messages():
    assert describe_url("postgresql://ana:geheim@db:5432/wijk") == "postgresql://ana:***@db:5432/wijk"
    assert describe_url("postgresql://ana@db/wijk") == "postgresql://ana@db/wijk"


def test_each_backend_has_a_release_log_of_its_own():
    duck = Settings(release_log_path=None)
    pg = Settings(release_log_path=None, warehouse_url="postgresql://ana:geheim@db.example:5433/wijk")
    spark = Settings(release_log_path=None, warehouse_url="spark:///data/wijkvraag")
    assert duck.release_log.name == "sociaal_domein.vrijgaven.sqlite"
    assert pg.release_log == ROOT / "logs" / "vrijgaven-postgresql-db.example-5433-wijk.sqlite"
    assert "geheim" not in str(pg.release_log)
    assert spark.release_log == ROOT / "logs" / "vrijgaven-spark-data_wijkvraag.sqlite"
