"""One release log for everyone: every protected cell released to any user, in any process, ever.

The disclosure guard's exact checks (differencing, margins) compare a new cell with every cell
released before. Kept per process or per user, that memory is empty again in a second CLI call, for a
second user or after a page reload, so every differencing attack works in two steps. This log is one
SQLite file beside the warehouse, shared by the app, the CLI and the API, safe under concurrent
writers (each decision runs inside one write transaction: the checks see every earlier release and
nothing can be released between a check and its record) and surviving restarts.

A released cell is stored by what defines it, not by its units: the SQL that lists the units of its
query's cells (``CompiledQuery.units_sql``), its dimension values and its measure. Its unit set is
computed again from the read-only warehouse only when a later cell could conflict with it, and is the
same every time. The log is tied to one warehouse build on one backend (a fingerprint of its record
keys and the backend's SQL dialect); a rebuilt warehouse starts a new log. Published CBS figures are added in every process from the
warehouse itself (``PublishedCells``), so they count as released from the start.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from guards.disclosure import PublishedCells, ReleaseMemory, _Cell, _LazyUnits, as_sketch

__all__ = ["ReleaseLog", "warehouse_fingerprint"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS release (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    unit        TEXT NOT NULL,
    family      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    units_sql   TEXT,
    dimensions  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    measure     TEXT NOT NULL,
    sketch      TEXT,
    key_sum     INTEGER,
    wider       TEXT,
    UNIQUE (unit, family, units_sql, row_key, measure)
);
CREATE TABLE IF NOT EXISTS placement (
    context     TEXT NOT NULL,
    atoms       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    wider       TEXT,
    PRIMARY KEY (context, atoms)
);
"""
_VERSION = "6"  # the layout of the release table; another layout starts a new log


def warehouse_fingerprint(con: Any) -> str:
    """Identifies one warehouse build on one backend: the record keys (random per seed) the analytic
    views carry, and their size. Read from the view tables, which every backend has (the restricted
    ``record_sleutel`` stays in the DuckDB build). The backend's dialect is part of it: the log stores
    each query's unit SQL in that dialect."""
    from warehouse.backends import dialect_of

    parts = []
    for view, key in (("vw_voorziening_jaar", "voorziening_sleutel"), ("vw_kosten", "kosten_sleutel")):
        count, total = con.execute(f"SELECT count(*), coalesce(sum({key}), 0) FROM {view}").fetchall()[0]
        parts.append(f"{int(count)}:{int(total)}")
    dialect = dialect_of(con)
    return ("" if dialect == "duckdb" else f"{dialect}:") + ":".join(parts)


class ReleaseLog(ReleaseMemory):
    """A :class:`ReleaseMemory` persisted in SQLite and shared by every process that opens ``path``.

    ``cursor`` returns a read-only warehouse cursor for the calling thread (to recompute unit sets).
    The guard calls :meth:`transaction` around its exact checks and the records of what it releases.
    """

    def __init__(self, path: Path | str, cursor: Callable[[], Any], published: PublishedCells | None = None,
                 fingerprint: str = "", timeout_s: float = 30.0) -> None:
        super().__init__(published)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._cursor = cursor
        self._timeout_s = timeout_s
        self._seen = 0  # highest release id loaded into this process
        self._loaders: dict[tuple[str, str], _LazyUnits] = {}
        self._pending: list[tuple[str, str, _Cell, str | None, list[str]]] = []
        self._pending_places: list[tuple[str, str, int, str | None]] = []
        self._local = threading.local()
        self._tx_lock = threading.RLock()
        identity = f"{fingerprint}|{_VERSION}"
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE key = 'warehouse'").fetchone()
            if row is not None and row[0] != identity:  # another build or layout: its releases say nothing here
                db.execute("DROP TABLE IF EXISTS release")
                db.execute("DROP TABLE IF EXISTS placement")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('warehouse', ?)", (identity,))
            db.execute("COMMIT")
        # the log holds the true size of every released cell: readable by the service only. chmod, never a
        # second file descriptor (closing one drops this process's SQLite locks on the file); SQLite gives
        # the -wal and -shm files it creates later the database file's permissions
        for path in (self.path, *self.path.parent.glob(self.path.name + "-*")):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path, 0o600)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self._timeout_s, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    # -- the guard's view ------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Load every release made so far by anyone, let the guard decide, then record what it released,
        all under one SQLite write lock (other processes wait; threads of this process too)."""
        with self._tx_lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                self._sync(db)
                self._pending = []
                self._pending_places = []
                yield
                db.executemany("INSERT OR IGNORE INTO placement (context, atoms, size, wider) VALUES (?, ?, ?, ?)",
                               self._pending_places)
                for unit, family, cell, units_sql, dims in self._pending:
                    cur = db.execute(
                        "INSERT OR IGNORE INTO release (unit, family, size, units_sql, dimensions, row_key, measure, "
                        "sketch, key_sum, wider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (unit, family, cell.size, units_sql, json.dumps(dims), json.dumps(list(cell.row_key)),
                         cell.measure, None if cell.sketch is None else json.dumps(cell.sketch.tolist()),
                         cell.key_sum, None if cell.wider is None else json.dumps(cell.wider)),
                    )
                    if cur.rowcount:
                        self._seen = max(self._seen, int(cur.lastrowid))
                        super().add(unit, family, cell)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            finally:
                self._pending = []
                self._pending_places = []

    def add(self, counting_unit: str, family: str, cell: _Cell) -> None:
        loader = cell.loader
        units_sql = getattr(loader, "units_sql", None)
        dims = list(getattr(loader, "dimension_names", []))
        self._pending.append((counting_unit, family, cell, units_sql, dims))

    def placed(self, context: str) -> list[tuple[Any, int, dict | None]]:
        rows = self._db().execute("SELECT atoms, size, wider FROM placement WHERE context = ?", (context,)).fetchall()
        return [(tuple(frozenset(a) for a in json.loads(atoms)), int(size), None if wider is None else json.loads(wider))
                for atoms, size, wider in rows]

    def place(self, placements: tuple, size: int, wider: list[dict | None] | None = None) -> None:
        for p, w in zip(placements, wider or [None] * len(placements)):
            atoms = json.dumps([sorted(a, key=lambda x: (str(type(x)), x)) for a in p.atoms])
            self._pending_places.append((p.context, atoms, int(size), None if w is None else json.dumps(w)))

    def _sync(self, db: sqlite3.Connection) -> None:
        rows = db.execute(
            "SELECT id, unit, family, size, units_sql, dimensions, row_key, measure, sketch, key_sum, wider FROM release "
            "WHERE id > ? ORDER BY id", (self._seen,),
        ).fetchall()
        for rid, unit, family, size, units_sql, dimensions, row_key, measure, sketch, key_sum, wider in rows:
            dims = json.loads(dimensions)
            loader = self._loader(units_sql, dims)
            cell = _Cell(int(size), loader, tuple(json.loads(row_key)), measure,
                         sketch=None if sketch is None else as_sketch(json.loads(sketch)), key_sum=key_sum,
                         wider=None if wider is None else json.loads(wider))
            ReleaseMemory.add(self, unit, family, cell)
            self._seen = max(self._seen, int(rid))

    def _loader(self, units_sql: str | None, dims: list[str]) -> _LazyUnits:
        key = (units_sql or "", json.dumps(dims))
        loader = self._loaders.get(key)
        if loader is None:
            fetch = None
            if units_sql:
                def fetch(sql: str = units_sql) -> tuple[list[str], list[tuple]]:
                    cur = self._cursor().execute(sql)
                    return [d[0] for d in cur.description], cur.fetchall()
            loader = self._loaders[key] = _LazyUnits(fetch, dims, units_sql=units_sql)
        return loader

    def released(self) -> int:
        """How many cells have been released by anyone (the published CBS figures not included)."""
        return int(self._db().execute("SELECT count(*) FROM release").fetchone()[0])

    def clear(self) -> None:
        with self._tx_lock:
            db = self._db()
            db.execute("DELETE FROM release")
            db.execute("DELETE FROM placement")
            super().clear()
            self._seen = 0
