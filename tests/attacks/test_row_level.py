"""Class 1: row-level output. Analyst SQL grouping by leeftijd / startdatum / einddatum / duur_dagen
(or persoon_id) prints the register row by row: even with every count hidden, a row saying 'someone in
Zorgvliet aged 87 / started on 2021-07-02' is about 1..9 residents. Refused, or nothing of the kind shown."""

from __future__ import annotations

import pytest

from .conftest import K, cli_sql, sql_literal

SMALL_WIJKEN = ["Zorgvliet", "Haagse Bos", "Hoornwijk", "Forepark", "Zuiderpark"]
COLUMNS = ["leeftijd", "startdatum", "einddatum", "duur_dagen", "persoon_id", "huishouden_id", "voorziening_id"]
TRUTH_COL = {"leeftijd": "leeftijd", "startdatum": "startdatum", "einddatum": "einddatum", "duur_dagen": "duur",
             "persoon_id": "persoon_id", "huishouden_id": "huishouden_id", "voorziening_id": "voorziening_id"}
YEAR = 2023


def small_groups(truth, wijk: str, col: str) -> set[str]:
    rows = truth.rows(f"""SELECT CAST({TRUTH_COL[col]} AS VARCHAR), count(DISTINCT persoon_id) FROM truth_active
                          WHERE jaar = {YEAR} AND wijk = ? GROUP BY 1""", [wijk])
    return {v for v, n in rows if v is not None and 1 <= n < K}


def leaked_rows(answer: dict, col: str, small: set[str]) -> list:
    if answer.get("status") == "refused":
        return []
    out = []
    for row in answer.get("rows") or []:
        for cell in row:
            if cell is not None and str(cell) in small:
                out.append(row)
                break
    return out


def sql_for(col: str, wijk: str) -> str:
    return (f"SELECT {col}, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
            f"WHERE jaar = {YEAR} AND wijk = {sql_literal(wijk)} GROUP BY {col}")


def test_group_by_row_level_columns_api(truth, api):
    leaks = {}
    n = 0
    for wijk in SMALL_WIJKEN:
        for col in COLUMNS:
            small = small_groups(truth, wijk, col)
            assert small, (wijk, col)  # the register really has small groups here
            session = api.s1 if n % 2 == 0 else api.s2
            n += 1
            found = leaked_rows(api.sql(session, sql_for(col, wijk)), col, small)
            if found:
                leaks[(wijk, col)] = found[:3]
        # the register dump: one row per provision
        dump = api.sql(api.s2, f"SELECT startdatum, einddatum, leeftijd, geslacht, soort, COUNT(*) AS n "
                                f"FROM vw_voorziening_jaar WHERE jaar = {YEAR} AND wijk = {sql_literal(wijk)} "
                                f"GROUP BY startdatum, einddatum, leeftijd, geslacht, soort")
        found = leaked_rows(dump, "startdatum", small_groups(truth, wijk, "startdatum"))
        if found:
            leaks[(wijk, "register")] = found[:3]
    assert not leaks, f"row-level values of groups of 1..{K - 1} shown: {leaks}"


@pytest.mark.slow
def test_group_by_row_level_columns_cli(truth, audit):
    leaks = {}
    for wijk, col in (("Zorgvliet", "leeftijd"), ("Haagse Bos", "startdatum")):
        found = leaked_rows(cli_sql(sql_for(col, wijk), audit), col, small_groups(truth, wijk, col))
        if found:
            leaks[(wijk, col)] = found[:3]
    assert not leaks, f"row-level values of groups of 1..{K - 1} shown: {leaks}"
