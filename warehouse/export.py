"""Copy the analytic views of a DuckDB build to another warehouse: PostgreSQL or Parquet for Spark.

    python -m warehouse export --to postgresql://user@host:5432/db
    python -m warehouse export --to spark:///abs/dir          # Parquet files, one per analytic view

What goes over is what answering SQL may read and nothing else: the two materialised views
(``vw_voorziening_jaar``, ``vw_kosten``, with their record key columns ``*_sleutel`` that give every
cell its key), and for the three plain views the public tables under them (``gebied``, ``bevolking``,
``cbs_kerncijfers``, ``begroting``) plus the view definitions of ``views.sql``, transpiled with sqlglot.
``persoon_identiteit`` never leaves the DuckDB file, nor do ``persoon``, ``voorziening``, ``kosten`` or
``record_sleutel`` (the view tables carry the keys they need).

PostgreSQL: one transaction (a failed export leaves nothing half-made) with ``COPY ... FROM STDIN``
fed by DuckDB's CSV export, then indexes on the filter columns and ``ANALYZE``.
Spark: DuckDB writes each analytic view as one Parquet file; ``SparkBackend`` reads them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import sqlglot
from sqlglot import exp

from warehouse.backends import VIEWS, describe_url
from warehouse.builder import RESTRICTED, VIEWS_SQL, BuildError, _statements

__all__ = ["export", "ExportResult", "MATERIALISED", "BASE_TABLES", "INDEXES"]

MATERIALISED = ("vw_voorziening_jaar", "vw_kosten")
BASE_TABLES = ("gebied", "stadsdeel_indeling", "bevolking", "cbs_kerncijfers", "begroting")  # under vw_begroting, vw_bevolking, vw_cbs_kerncijfers
# PostgreSQL indexes on the columns every compiled query filters on (gemeente = home, jaar IN (...)),
# then the narrower filters of questions (wijk, wet, soort, taakveld).
INDEXES = {
    "vw_voorziening_jaar": (("gemeente", "jaar", "wijk"), ("jaar", "soort"), ("jaar", "wet"), ("jaar", "taakveld")),
    "vw_kosten": (("gemeente", "jaar", "wijk"), ("jaar", "soort"), ("jaar", "wet"), ("jaar", "taakveld")),
    "bevolking": (("jaar", "wijk_code"),),
    "cbs_kerncijfers": (("gebied_code", "jaar"),),
    "gebied": (("gebied_code",),),
}

Progress = Callable[[str, float], None]


@dataclass
class ExportResult:
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: bool = False


def export(source: Path | str, target: str, progress: Progress | None = None, if_missing: bool = False) -> ExportResult:
    """Copy the analytic views of the DuckDB file ``source`` to ``target`` (postgresql:// or spark://)."""
    source = Path(source)
    if not source.exists():
        raise BuildError(f"Het magazijn '{source}' bestaat niet. Bouw het eerst met: python -m warehouse build")
    scheme = urlparse(target).scheme.lower()
    report = progress or (lambda _step, _fraction: None)
    started = time.perf_counter()
    con = duckdb.connect(str(source), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        if scheme in ("postgresql", "postgres"):
            result = _to_postgres(con, target, report, if_missing)
        elif scheme in ("spark", "parquet"):
            result = _to_parquet(con, Path(unquote(urlparse(target).path)), report, if_missing)
        else:
            raise BuildError(f"Onbekend doel '{describe_url(target)}': gebruik postgresql://... of spark:///map.")
    finally:
        con.close()
    result.seconds = time.perf_counter() - started
    report("klaar", 1.0)
    return result


def _relations() -> list[str]:
    relations = list(MATERIALISED) + list(BASE_TABLES)
    assert not set(relations) & set(RESTRICTED) and "persoon_identiteit" not in relations
    return relations


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(name, str(kind)) for name, kind, *_ in con.execute(f"DESCRIBE {relation}").fetchall()]


def _pg_type(duckdb_type: str) -> str:
    kind = exp.DataType.build(duckdb_type, dialect="duckdb")
    if kind.this.name in ("UTINYINT", "USMALLINT", "UINT", "UBIGINT", "INT128", "UINT128"):
        return "NUMERIC"  # unsigned and 128-bit integers have no PostgreSQL type of their own
    if kind.is_type(*exp.DataType.TEXT_TYPES):
        return 'TEXT COLLATE "C"'  # ORDER BY as in DuckDB (by code point), whatever the server's locale
    return kind.sql(dialect="postgres")


def _view_definitions() -> list[exp.Expression]:
    """The CREATE VIEW statements of views.sql (the materialised ones are copied as tables)."""
    views = []
    for statement in _statements(VIEWS_SQL):
        tree = sqlglot.parse_one(statement, read="duckdb")
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "VIEW":
            views.append(tree)
    return views


# -------------------------------------------------------------------------------------- PostgreSQL
def _to_postgres(con: duckdb.DuckDBPyConnection, url: str, report: Progress, if_missing: bool) -> ExportResult:
    import psycopg

    result = ExportResult(target=describe_url(url))
    try:
        pg = psycopg.connect(url, autocommit=False)
    except psycopg.Error as exc:
        raise BuildError(f"PostgreSQL {describe_url(url)} is niet bereikbaar: {str(exc).strip().splitlines()[0]}") from exc
    with pg, tempfile.TemporaryDirectory(prefix="wijkvraag-export-") as tmp:
        if if_missing:
            present = pg.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                                 "AND table_name = ANY(%s)", (list(VIEWS),)).fetchall()[0][0]
            if present == len(VIEWS):
                pg.rollback()
                result.skipped = True
                return result
        views = _view_definitions()
        for view in views:
            pg.execute(f"DROP VIEW IF EXISTS {view.this.name}")
        relations = _relations()
        for i, relation in enumerate(relations):
            report(f"{relation} naar PostgreSQL", 0.85 * i / len(relations))
            columns = _columns(con, relation)
            pg.execute(f"DROP TABLE IF EXISTS {relation}")
            pg.execute(f"CREATE TABLE {relation} ("
                       + ", ".join(f"{name} {_pg_type(kind)}" for name, kind in columns) + ")")
            csv = Path(tmp) / f"{relation}.csv"
            names = ", ".join(name for name, _ in columns)
            con.execute(f"COPY (SELECT {names} FROM {relation}) TO '{csv}' (FORMAT csv, HEADER false)")
            with pg.cursor() as cur, cur.copy(f"COPY {relation} ({names}) FROM STDIN (FORMAT csv)") as copy, \
                    open(csv, "rb") as handle:
                while block := handle.read(1 << 20):
                    copy.write(block)
            csv.unlink()
            result.rows[relation] = con.execute(f"SELECT count(*) FROM {relation}").fetchall()[0][0]
        report("views en indexen", 0.9)
        for view in views:
            pg.execute(view.sql(dialect="postgres"))
        for relation, indexes in INDEXES.items():
            for columns in indexes:
                pg.execute(f"CREATE INDEX {relation}_{'_'.join(columns)} ON {relation} ({', '.join(columns)})")
        pg.commit()
        pg.autocommit = True
        for relation in relations:
            pg.execute(f"ANALYZE {relation}")
    return result


# ----------------------------------------------------------------------------------- Parquet/Spark
def _to_parquet(con: duckdb.DuckDBPyConnection, directory: Path, report: Progress, if_missing: bool) -> ExportResult:
    result = ExportResult(target=str(directory))
    if not str(directory) or not directory.is_absolute():
        raise BuildError("Geef een absolute map voor de Parquet-bestanden, bijvoorbeeld spark:///data/wijkvraag.")
    if if_missing and all((directory / f"{view}.parquet").exists() for view in VIEWS):
        result.skipped = True
        return result
    directory.mkdir(parents=True, exist_ok=True)
    for i, view in enumerate(VIEWS):
        report(f"{view} naar Parquet", 0.95 * i / len(VIEWS))
        final = directory / f"{view}.parquet"
        part = directory / f".{view}.{os.getpid()}.parquet"
        try:
            con.execute(f"COPY (SELECT * FROM {view}) TO '{part}' (FORMAT parquet, COMPRESSION zstd)")
            if final.is_dir():
                shutil.rmtree(final)
            os.replace(part, final)
        finally:
            part.unlink(missing_ok=True)
        result.rows[view] = con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0]
    return result
