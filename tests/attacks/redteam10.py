"""Helpers of the red team 10 tests: two analysts of one process on a release log of the test's own, the
answer's single figure, and the raw warehouse as ground truth (read-only)."""

from __future__ import annotations

from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def use_fresh_log(monkeypatch, tmp_path: Path, name: str) -> None:
    """Every process setting of these tests: a release log per target, audit and app db of the test's own."""
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / f"{name}.sqlite"))
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.log"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))
    monkeypatch.setenv("WIJKVRAAG_RATE_SQL_PER_MINUTE", "0")
    monkeypatch.setenv("WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE", "0")


def analysts():
    """Two analysts (two users) of one assistant, reading the settings of the environment."""
    from assistant import Assistant, Settings

    a = Assistant(Settings())
    return [a.new_session(user=u, role="analist", roles=("analist",)) for u in ("rt10a", "rt10b")]


def one(session, sql: str):
    """The single figure of an answered one-row table, else None (withheld, refused, several rows)."""
    d = session.run_sql(sql).to_json_dict()
    if d["status"] == "answered" and len(d["rows"]) == 1:
        return d["rows"][0][-1]
    return None


def truth(sql: str) -> list[tuple]:
    con = duckdb.connect(str(ROOT / "warehouse" / "sociaal_domein.duckdb"), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()
