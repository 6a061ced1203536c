"""PostgreSQL as the warehouse: a throwaway PostgreSQL 15 server on 127.0.0.1, filled by
`python -m warehouse export`, answers the whole development set with exactly the tables DuckDB gives.

The server is started by a session fixture (initdb + pg_ctl, as the postgres user when run as root)
and stopped in a finally, whatever the tests do. All tests here run in one xdist worker (group)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.backend_support import answer_devset, make_settings, same_rows
from warehouse import pgserver

pytestmark = [
    pytest.mark.xdist_group("postgres"),
    pytest.mark.skipif(not pgserver.available(), reason="PostgreSQL is niet geïnstalleerd"),
]


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    server = pgserver.PgServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server, warehouse_path):
    from warehouse.export import export

    result = export(warehouse_path, pg_server.url)
    assert result.rows["vw_voorziening_jaar"] > 100_000
    return pg_server.url


@pytest.fixture(scope="module")
def assistants(pg_url, tmp_path_factory):
    from assistant import Assistant

    tmp = tmp_path_factory.mktemp("pg-backends")
    duck = Assistant(make_settings(tmp, "duckdb"))
    pg = Assistant(make_settings(tmp, "postgres", pg_url))
    yield duck, pg
    duck.close()
    pg.close()


@pytest.fixture(scope="module")
def on_duckdb(assistants):
    """The development set on DuckDB, and the distinct compiled queries behind its tables."""
    compiled: list = []
    return answer_devset(assistants[0], compiled), compiled


# ------------------------------------------------------------------------------------------ export
def test_export_copies_the_views_and_never_identities(pg_url):
    import psycopg

    with psycopg.connect(pg_url) as con:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()}
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'").fetchall()}
        indexes = {r[0] for r in con.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'vw_voorziening_jaar'")}
    assert {"vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers"} <= tables
    assert not tables & {"persoon_identiteit", "record_sleutel", "persoon", "voorziening", "kosten"}
    assert not columns & {"bsn", "voornaam", "achternaam", "straat", "postcode", "telefoon", "email", "iban",
                          "geboortedatum", "geboortejaar"}
    assert {"persoon_sleutel", "huishouden_sleutel", "voorziening_sleutel", "kosten_sleutel"} <= columns  # cell keys
    assert "vw_voorziening_jaar_gemeente_jaar_wijk" in indexes


def test_export_if_missing_leaves_a_filled_database_alone(pg_url, warehouse_path):
    out = subprocess.run([sys.executable, "-m", "warehouse", "export", "--to", pg_url, "--path", str(warehouse_path),
                          "--if-missing"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "niets gekopieerd" in " ".join(out.stderr.split())


# ------------------------------------------------------------------------------------------ backend
def test_postgres_backend_is_read_only_with_a_statement_timeout(pg_url):
    import psycopg

    from guards.sql_guard import StatementTimeout, execute_with_timeout
    from warehouse.backends import connect

    backend = connect(pg_url)
    try:
        assert backend.dialect == "postgres"
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            backend.cursor().execute("CREATE TABLE poging (a int)")
        with pytest.raises(StatementTimeout, match="afgebroken"):
            execute_with_timeout(backend.cursor(), "SELECT count(*) FROM vw_kosten a, vw_kosten b", timeout_s=0.3)
        names, rows = execute_with_timeout(backend.cursor(), "SELECT 41 + 1 AS x", timeout_s=5)
        assert (names, rows) == (["x"], [(42,)])
    finally:
        backend.close()


def test_release_log_fingerprint_names_the_backend(assistants):
    from guards.release_log import warehouse_fingerprint

    duck, pg = assistants
    d, p = warehouse_fingerprint(duck.cursor()), warehouse_fingerprint(pg.cursor())
    assert p == "postgres:" + d  # the same build, another dialect of unit SQL in the log
    assert duck.settings.release_log != pg.settings.release_log


# -------------------------------------------------------------------------------- the same answers
def test_whole_development_set_gives_the_same_tables_on_postgres(assistants, on_duckdb):
    """Released values are a pure function of each cell's units (cell key method), so they are identical."""
    on_duckdb, on_postgres = on_duckdb[0], answer_devset(assistants[1])
    differ = [k for k in on_duckdb if on_duckdb[k] != on_postgres[k]]
    assert len(on_duckdb) >= 350
    assert sum(v[0] in ("answered", "suppressed") and bool(v[2]) for v in on_postgres.values()) >= 250
    assert differ == [], "\n".join(f"{k}: {on_duckdb[k]} != {on_postgres[k]}" for k in differ[:10])


def test_every_query_shown_in_the_postgres_dialect_runs_on_postgresql(assistants, on_duckdb):
    """The SQL an analyst sees for PostgreSQL (and the guard's unit, wider-group and population
    queries) runs on the server and gives DuckDB's rows."""
    duck, pg = assistants
    compiled = on_duckdb[1]
    assert len(compiled) >= 150
    for query in compiled:
        parts = [("sql", query.sql("duckdb"), query.sql("postgres", pretty=True)),
                 ("units", query.units_sql("duckdb"), query.units_sql("postgres"))]
        for name, ast in (("parent", query.parent_ast), ("population", query.population_ast)):
            if ast is not None:
                parts.append((name, _render(ast, "duckdb"), _render(ast, "postgres")))
        for name, duck_sql, pg_sql in parts:
            if duck_sql is None:
                continue
            expected = duck.cursor().execute(duck_sql).fetchall()
            got = pg.cursor().execute(pg_sql).fetchall()
            assert same_rows(got, expected), f"{name}: {pg_sql}"


def _render(ast, dialect):
    from semantic_layer.dialects import render

    return render(ast, dialect)
