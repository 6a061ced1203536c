"""Warehouse backends: where answering SQL runs (``WIJKVRAAG_WAREHOUSE_URL``).

* a DuckDB file (the default, embedded; opened read-only): a path or ``duckdb:///abs/path.duckdb``;
* PostgreSQL: ``postgresql://user@host:port/db`` (psycopg 3; read-only transactions, server-side
  ``statement_timeout``), filled by ``python -m warehouse export --to URL``;
* Spark: ``spark:///abs/parquet_dir`` runs PySpark in local mode over the Parquet files that
  ``python -m warehouse export --to spark:///abs/parquet_dir`` writes; ``spark://host:7077/abs/dir``
  uses that master (the directory must be readable by its executors). Options as query parameters:
  ``master`` (local mode, default ``local[2]``), ``driver_memory`` (4g), ``shuffle_partitions`` (4),
  ``cache`` (``small``: keep the three small views in memory; ``all``; ``none``).

Every backend offers the same small surface: ``dialect`` (the sqlglot dialect name the compiler renders
for), ``cursor()`` (one per thread; DB-API style ``execute(sql)`` / ``fetchall()`` / ``description``
in the backend's own SQL) and ``run(sql, timeout_s)`` -> (column names, rows), which raises
:class:`QueryTimeout` when the statement is stopped after ``timeout_s`` seconds.
"""

from __future__ import annotations

import threading
import uuid
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

__all__ = ["Backend", "BackendError", "QueryTimeout", "connect", "dialect_of", "describe_url"]

VIEWS = ("vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers")


class BackendError(RuntimeError):
    """The warehouse cannot be opened; the message is Dutch and meant for the user."""


class QueryTimeout(RuntimeError):
    """A statement ran longer than its timeout and was stopped."""


def dialect_of(con: Any) -> str:
    """The sqlglot dialect of a backend or of one of its cursors; a plain DuckDB connection is 'duckdb'."""
    return getattr(con, "dialect", None) or "duckdb"


def describe_url(url: str | Path) -> str:
    """The URL without a password (for messages and logs)."""
    text = str(url)
    parsed = urlparse(text)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return text


def connect(url: str | Path, **options: Any) -> "Backend":
    """Open the warehouse at ``url`` (see the module docstring for the forms)."""
    text = str(url)
    scheme = urlparse(text).scheme.lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres"):
        return PostgresBackend(text, **options)
    if scheme == "spark":
        return SparkBackend(text, **options)
    if scheme == "duckdb":
        text = unquote(urlparse(text).path)
    elif scheme:
        raise BackendError(f"Onbekend soort magazijn '{scheme}://': gebruik een DuckDB-bestand, postgresql:// of spark://.")
    return DuckDbBackend(Path(text), **options)


class Backend(ABC):
    """A read-only warehouse connection shared by the threads of one process."""

    dialect = "duckdb"
    url = ""

    def __init__(self) -> None:
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._lock = threading.Lock()

    def cursor(self) -> "Cursor":
        """The calling thread's cursor (created on first use)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._new_cursor()
            self._local.cursor = cur
            with self._lock:
                self._cursors.append(cur)
        return cur

    def run(self, sql: str, timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
        return self.cursor().run(sql, timeout_s)

    @abstractmethod
    def _new_cursor(self) -> "Cursor":
        """A new cursor on this backend for the calling thread."""

    def close(self) -> None:
        with self._lock:
            cursors, self._cursors = self._cursors, []
        for cur in cursors:
            try:
                cur.close()
            except Exception:  # noqa: BLE001 - closing what may already be gone
                pass


class Cursor(ABC):
    """DB-API style access in the backend's dialect, plus ``run`` with a statement timeout."""

    dialect = "duckdb"
    description: list[tuple] | None = None

    @abstractmethod
    def execute(self, sql: str, params: list | None = None) -> "Cursor":
        """Run ``sql`` in the backend's dialect; rows via :meth:`fetchall`."""

    @abstractmethod
    def fetchall(self) -> list[tuple]:
        """The rows of the last statement."""

    @abstractmethod
    def run(self, sql: str, timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
        """Run ``sql`` and return (column names, rows), stopped after ``timeout_s`` (QueryTimeout)."""

    def close(self) -> None:
        pass


# ------------------------------------------------------------------------------------------ DuckDB
class DuckDbBackend(Backend):
    dialect = "duckdb"

    def __init__(self, path: Path) -> None:
        import duckdb

        super().__init__()
        self.path = Path(path)
        self.url = str(self.path)
        if not self.path.exists():
            raise BackendError(f"Het magazijn '{self.path}' bestaat niet. Bouw het eerst met: python -m warehouse build")
        try:
            self.con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise BackendError(f"Het magazijn '{self.path}' kan niet worden geopend: {exc}") from exc

    def _new_cursor(self) -> "Cursor":
        return _DuckDbCursor(self.con.cursor())

    def close(self) -> None:
        super().close()
        self.con.close()


class _DuckDbCursor(Cursor):
    dialect = "duckdb"

    def __init__(self, cur: Any) -> None:
        self.raw = cur
        self._result: Any = None

    def execute(self, sql: str, params: list | None = None) -> "Cursor":
        self._result = self.raw.execute(sql, params) if params is not None else self.raw.execute(sql)
        return self

    @property
    def description(self):  # type: ignore[override]
        return self._result.description if self._result is not None else None

    def fetchall(self) -> list[tuple]:
        return self._result.fetchall()

    def interrupt(self) -> None:
        self.raw.interrupt()

    def run(self, sql: str, timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
        """DuckDB has no server-side statement timeout: a watchdog thread interrupts the statement."""
        import duckdb

        done = threading.Event()

        def watchdog() -> None:
            if not done.wait(timeout_s):
                try:
                    self.raw.interrupt()
                except Exception:  # noqa: BLE001 - the connection may already be closed
                    pass

        watcher = None
        if timeout_s is not None:
            watcher = threading.Thread(target=watchdog, daemon=True, name="sql-watchdog")
            watcher.start()
        try:
            result = self.raw.execute(sql)
            rows = result.fetchall()
            return [d[0] for d in result.description or []], rows
        except duckdb.InterruptException:
            raise QueryTimeout(sql) from None
        finally:
            done.set()
            if watcher is not None:
                watcher.join(timeout=1.0)

    def close(self) -> None:
        self.raw.close()


# -------------------------------------------------------------------------------------- PostgreSQL
class PostgresBackend(Backend):
    """psycopg 3, one connection per thread, every transaction read-only, a server-side statement timeout."""

    dialect = "postgres"

    def __init__(self, url: str, connect_timeout_s: float = 10.0) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise BackendError("Voor PostgreSQL is het pakket psycopg nodig (pip install 'psycopg[binary]').") from exc
        super().__init__()
        self.url = url
        self._connect_timeout = connect_timeout_s
        self._psycopg = psycopg
        self.cursor()  # fail early, in Dutch, when the server cannot be reached

    def _new_cursor(self) -> "Cursor":
        psycopg = self._psycopg
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=int(self._connect_timeout),
                                   application_name="wijkvraag")
        except psycopg.Error as exc:
            raise BackendError(f"Het magazijn {describe_url(self.url)} is niet bereikbaar: "
                               f"{str(exc).strip().splitlines()[0]}") from exc
        conn.execute("SET default_transaction_read_only = on")
        conn.execute("SET TIME ZONE 'UTC'")
        return _PostgresCursor(conn)


class _PostgresCursor(Cursor):
    dialect = "postgres"

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._cur = conn.cursor()
        self._timeout_ms: int | None = None

    def execute(self, sql: str, params: list | None = None) -> "Cursor":
        self._set_timeout(None)
        self._cur.execute(sql, params)
        return self

    @property
    def description(self):  # type: ignore[override]
        return self._cur.description

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall()

    def _set_timeout(self, timeout_s: float | None) -> None:
        ms = 0 if timeout_s is None else max(1, int(timeout_s * 1000))
        if ms != self._timeout_ms:
            self.conn.execute(f"SET statement_timeout = {ms}")
            self._timeout_ms = ms

    def run(self, sql: str, timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
        from psycopg.errors import QueryCanceled

        self._set_timeout(timeout_s)
        try:
            self._cur.execute(sql)
            rows = self._cur.fetchall()
        except QueryCanceled:
            raise QueryTimeout(sql) from None
        return [d.name for d in self._cur.description or []], rows

    def close(self) -> None:
        self.conn.close()


# ------------------------------------------------------------------------------------------- Spark
class SparkBackend(Backend):
    """PySpark over the Parquet export: each analytic view is a temporary view of its Parquet files.
    One SparkSession per process (Spark's own rule); statements run in a job group so a timeout can
    cancel them."""

    dialect = "spark"

    def __init__(self, url: str, driver_memory: str | None = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise BackendError("Voor Spark is het pakket pyspark nodig: pip install -e '.[spark]'.") from exc
        super().__init__()
        parsed = urlparse(url)
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        self.url = url
        self.directory = Path(unquote(parsed.path))
        if not all((self.directory / f"{view}.parquet").exists() for view in VIEWS):
            raise BackendError(f"In '{self.directory}' staan de Parquet-bestanden van het magazijn niet. Maak ze met: "
                               f"python -m warehouse export --to spark://{self.directory}")
        master = f"spark://{parsed.netloc}" if parsed.netloc else options.get("master", "local[2]")
        builder = (SparkSession.builder.master(master).appName("wijkvraag")
                   .config("spark.driver.memory", driver_memory or options.get("driver_memory", "4g"))
                   .config("spark.sql.session.timeZone", "UTC")
                   .config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", options.get("shuffle_partitions", "4"))
                   .config("spark.sql.ansi.enabled", "false"))
        self.spark = builder.getOrCreate()
        self.spark.sparkContext.setLogLevel("ERROR")
        cache = options.get("cache", "small")  # small: the three small views; all; none
        for view in VIEWS:
            self.spark.read.parquet(str(self.directory / f"{view}.parquet")).createOrReplaceTempView(view)
            if cache == "all" or (cache == "small" and view not in ("vw_voorziening_jaar", "vw_kosten")):
                self.spark.catalog.cacheTable(view)

    def _new_cursor(self) -> "Cursor":
        return _SparkCursor(self.spark)

    def close(self) -> None:
        super().close()
        self.spark.stop()


class _SparkCursor(Cursor):
    dialect = "spark"

    def __init__(self, spark: Any) -> None:
        self.spark = spark
        self._rows: list[tuple] = []
        self.description = None

    def execute(self, sql: str, params: list | None = None) -> "Cursor":
        if params:
            raise BackendError("Spark: parameters worden niet ondersteund.")
        self.description, self._rows = self._collect(sql)
        return self

    def fetchall(self) -> list[tuple]:
        return self._rows

    def _collect(self, sql: str) -> tuple[list[tuple], list[tuple]]:
        frame = self.spark.sql(sql)
        names = frame.columns
        rows = [tuple(_spark_value(v) for v in row) for row in frame.collect()]
        return [(n,) for n in names], rows

    def run(self, sql: str, timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
        sc = self.spark.sparkContext
        group = f"wijkvraag-{uuid.uuid4().hex}"
        sc.setJobGroup(group, "wijkvraag", interruptOnCancel=True)
        cancelled = threading.Event()
        timer = None
        if timeout_s is not None:
            def cancel() -> None:
                cancelled.set()
                sc.cancelJobGroup(group)

            timer = threading.Timer(timeout_s, cancel)
            timer.daemon = True
            timer.start()
        try:
            description, rows = self._collect(sql)
        except Exception:
            if cancelled.is_set():
                raise QueryTimeout(sql) from None
            raise
        finally:
            if timer is not None:
                timer.cancel()
        return [d[0] for d in description], rows


def _spark_value(value: Any) -> Any:
    """Spark rows hold plain Python values already; arrays (COLLECT_SET) become lists."""
    return list(value) if isinstance(value, (list, tuple)) else value
