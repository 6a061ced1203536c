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
