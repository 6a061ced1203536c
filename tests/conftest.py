"""Shared fixtures: the built 's-Gravenhage warehouse (built once if missing, safe under xdist)."""

from __future__ import annotations

import fcntl
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = ROOT / "warehouse" / "sociaal_domein.duckdb"


@pytest.fixture(scope="session")
def warehouse_path() -> Path:
    """Path of the default warehouse (seed 42, gemeente scale); builds it once when it is missing."""
    lock_path = DEFAULT_WAREHOUSE.with_suffix(".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not DEFAULT_WAREHOUSE.exists():
            from warehouse import build

            build(DEFAULT_WAREHOUSE)
        fcntl.flock(lock, fcntl.LOCK_UN)
    return DEFAULT_WAREHOUSE


@pytest.fixture(scope="session")
def warehouse_con(warehouse_path: Path):
    """A read-only connection to the default warehouse (use `.cursor()` per thread)."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def interpreter(warehouse_con):
    """The offline interpreter on the real catalogue of the default warehouse."""
    from assistant.interpreter import OfflineInterpreter
    from semantic_layer import Catalogue, load_model

    return OfflineInterpreter(Catalogue.from_warehouse(load_model(), warehouse_con))


@pytest.fixture(scope="module")
def session(warehouse_path, tmp_path_factory):
    """A session on an assistant of its own for the module (its own audit and release logs)."""
    from assistant import Assistant, Settings

    tmp = tmp_path_factory.mktemp("sessie")
    a = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp / "audit.jsonl",
                           release_log_path=tmp / "release.sqlite"))
    yield a.new_session("module")
    a.close()


@pytest.fixture(scope="session", autouse=True)
def _own_release_log(tmp_path_factory):
    """Each test process gets a fresh release log of its own (the product's default is one file beside
    the warehouse, shared by every process): a test run must not depend on what earlier runs released.
    Tests of the shared log pass their own path."""
    import os

    path = tmp_path_factory.mktemp("vrijgaven") / "vrijgaven.sqlite"
    old = os.environ.get("WIJKVRAAG_RELEASE_LOG_PATH")
    os.environ["WIJKVRAAG_RELEASE_LOG_PATH"] = str(path)
    yield path
    if old is None:
        os.environ.pop("WIJKVRAAG_RELEASE_LOG_PATH", None)
    else:
        os.environ["WIJKVRAAG_RELEASE_LOG_PATH"] = old


@pytest.fixture(scope="session", autouse=True)
def _fixed_today():
    """'vorig jaar', 'dit jaar', 'twee jaar geleden' count from today; the question sets were written on
    2026-12-04 (assistant.evaluation.REFERENCE_DATE), so the tests read them from that date, whatever the clock."""
    import os

    from assistant.evaluation import REFERENCE_DATE

    old = os.environ.get("WIJKVRAAG_TODAY")
    os.environ["WIJKVRAAG_TODAY"] = REFERENCE_DATE.isoformat()
    yield
    if old is None:
        os.environ.pop("WIJKVRAAG_TODAY", None)
    else:
        os.environ["WIJKVRAAG_TODAY"] = old


@pytest.fixture(scope="session", autouse=True)
def _no_rate_limits():
    """A test process asks hundreds of questions a minute as one user; the product's per-user limits
    would refuse most of them. Tests of the limits pass their own settings."""
    import os

    keys = ("WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE", "WIJKVRAAG_RATE_SQL_PER_MINUTE")
    old = {k: os.environ.get(k) for k in keys}
    for key in keys:
        os.environ[key] = "0"
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
