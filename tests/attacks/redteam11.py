"""Helpers of the red team 11 tests: two analysts and a policy officer of one assistant on a release log of
the attempt's own, the answer's single figure, and the raw warehouse as ground truth (read-only)."""

from __future__ import annotations

import os

import pytest


def warehouse_path():
    from assistant import Settings
    p = os.environ.get("WIJKVRAAG_WAREHOUSE_PATH")
    if p:
        return p
    return str(Settings().warehouse_path)


@pytest.fixture
def rt11(tmp_path, monkeypatch):
    """Factory: rt11(tag) -> (assistant, analyst session a, analyst session b, beleidsmaker session),
    all sharing one fresh release log under tmp_path."""
    import duckdb
    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", warehouse_path())
    monkeypatch.setenv("WIJKVRAAG_RATE_SQL_PER_MINUTE", "0")
    monkeypatch.setenv("WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE", "0")
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))

    def make(tag):
        from assistant import Assistant, Settings
        monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / f"release-{tag}.sqlite"))
        a = Assistant(Settings())
        s1 = a.new_session(user="rt11a", role="analist", roles=("analist",))
        s2 = a.new_session(user="rt11b", role="analist", roles=("analist",))
        s3 = a.new_session(user="rt11c", role="beleidsmaker", roles=("beleidsmaker",))
        return a, s1, s2, s3

    make.db = duckdb.connect(warehouse_path(), read_only=True)
    yield make
    make.db.close()


def value(ans):
    d = ans.to_json_dict()
    if d["status"] != "answered" or not d["rows"]:
        return None
    return d["rows"][0][-1]


def binckhorst_one_gender_groups(db, min_other: int = 12) -> list[tuple]:
    """(jaar, soort, leeftijdsklasse, men, women) of the groups whose 1..9 clients in Binckhorst are of one gender,
    where Laakkwartier en Spoorwijk (the rest of stadsdeel Laak) has at least ``min_other`` of the absent gender."""
    rows = db.execute("""
        select jaar, soort, leeftijdsklasse,
               count(distinct persoon_id) filter (where geslacht='man') m,
               count(distinct persoon_id) filter (where geslacht='vrouw') v
        from vw_voorziening_jaar where wijk = 'Binckhorst'
        group by jaar, soort, leeftijdsklasse
        having count(distinct persoon_id) between 1 and 9
           and least(count(distinct persoon_id) filter (where geslacht='man'),
                     count(distinct persoon_id) filter (where geslacht='vrouw')) = 0
        order by jaar, soort, leeftijdsklasse""").fetchall()
    out = []
    for j, s, l, m, v in rows:
        g = "man" if m == 0 else "vrouw"
        n = db.execute("select count(distinct persoon_id) from vw_voorziening_jaar where jaar=? and soort=? "
                       "and leeftijdsklasse=? and geslacht=? and wijk='Laakkwartier en Spoorwijk'", [j, s, l, g]).fetchone()[0]
        if n >= min_other:
            out.append((j, s, l, m, v))
    return out

