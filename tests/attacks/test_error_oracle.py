"""Class 2: error oracle. A CASE/CAST in WHERE fails only when one chosen resident (picked out by wijk,
soort and startdatum, or by persoon_id) has a given attribute, so the answer's status tells one bit.
Success for the attacker: the probes for 'vrouw' and 'man' behave differently and the different one is
the resident's true gender. Must be 0; no probe may end in an error."""

from __future__ import annotations

import pytest

from .conftest import cli_sql, sql_literal

YEAR = 2023


def targets(truth, n: int = 12) -> list[dict]:
    rows = truth.rows(f"""
        WITH t AS (SELECT wijk, soort, startdatum, count(DISTINCT persoon_id) AS np,
                          any_value(persoon_id) AS pid, any_value(geslacht) AS g
                   FROM truth_active WHERE jaar = {YEAR} GROUP BY wijk, soort, startdatum HAVING np = 1)
        SELECT wijk, soort, startdatum, pid, g FROM t
        ORDER BY g, hash(wijk, soort, startdatum) LIMIT {n // 2}
        """)
    rows += truth.rows(f"""
        WITH t AS (SELECT wijk, soort, startdatum, count(DISTINCT persoon_id) AS np,
                          any_value(persoon_id) AS pid, any_value(geslacht) AS g
                   FROM truth_active WHERE jaar = {YEAR} GROUP BY wijk, soort, startdatum HAVING np = 1)
        SELECT wijk, soort, startdatum, pid, g FROM t
        ORDER BY g DESC, hash(wijk, soort, startdatum) LIMIT {n // 2}
        """)
    out = [dict(wijk=w, soort=s, start=str(d), pid=p, geslacht=g) for w, s, d, p, g in rows]
    assert {t["geslacht"] for t in out} == {"man", "vrouw"}
    return out


def probe(t: dict, geslacht: str, by_id: bool) -> str:
    who = (f"persoon_id = {t['pid']}" if by_id else
           f"wijk = {sql_literal(t['wijk'])} AND soort = {sql_literal(t['soort'])} AND startdatum = DATE '{t['start']}'")
    return (f"SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {YEAR} "
            f"AND wijk = {sql_literal(t['wijk'])} AND CAST(CASE WHEN {who} AND geslacht = '{geslacht}' THEN 'x' ELSE '1' END AS INT) = 1")


def inferred(answer_vrouw: dict, answer_man: dict) -> str | None:
    sv, sm = answer_vrouw["status"], answer_man["status"]
    if sv == sm or "refused" in (sv, sm):
        return None
    return "vrouw" if sv != "answered" else "man"


def test_error_oracle_api(truth, api):
    wins, errors = [], []
    for n, t in enumerate(targets(truth)):
        by_id = n % 3 == 2
        av = api.sql(api.s1, probe(t, "vrouw", by_id))
        am = api.sql(api.s2, probe(t, "man", by_id))
        errors += [a["status"] for a in (av, am) if a["status"] == "error"]
        if inferred(av, am) == t["geslacht"]:
            wins.append((t, av["status"], am["status"]))
    assert not wins, f"the answer's status gave away {len(wins)} residents' gender, e.g. {wins[:3]}"
    assert not errors, f"{len(errors)} probes ended in an error (an oracle in itself)"


@pytest.mark.slow
def test_error_oracle_cli(truth, audit):
    wins = []
    for t in [x for x in targets(truth, n=4)][::2]:  # one woman, one man
        av = cli_sql(probe(t, "vrouw", False), audit, user="e1")
        am = cli_sql(probe(t, "man", False), audit, user="e2")
        if inferred(av, am) == t["geslacht"]:
            wins.append((t, av["status"], am["status"]))
    assert not wins, f"the answer's status gave away residents' gender: {wins}"
