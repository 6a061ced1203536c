"""Class 8: margins. GROUP BY geslacht without domain completion (one suppressed 'vrouw' row and no 'man'
row says every client is a woman); population cells of 1..9 from vw_bevolking; a 0 next to a population
of 1..9; LIMIT before protection, so suppressed rows come out ranked as the smallest."""

from __future__ import annotations

import pytest

from .conftest import K, assert_rate, cli_sql, sql_literal

SMALL_POP_WIJKEN = ["Forepark", "Zuiderpark"]


def test_group_by_geslacht_domain_completion_api(truth, api):
    rows = truth.rows(f"""
        SELECT jaar, wijk, soort, count(DISTINCT persoon_id) FILTER (WHERE geslacht = 'vrouw') AS nv,
               count(DISTINCT persoon_id) FILTER (WHERE geslacht = 'man') AS nm
        FROM truth_active GROUP BY jaar, wijk, soort
        HAVING (nm = 0 AND nv BETWEEN 1 AND {K - 1}) OR (nv = 0 AND nm BETWEEN 1 AND {K - 1})
        ORDER BY hash(jaar, wijk, soort) LIMIT 30""")
    assert len(rows) >= 20
    wins = []
    for n, (jaar, wijk, soort, nv, nm) in enumerate(rows):
        only = "vrouw" if nm == 0 else "man"
        a = api.sql(api.s1 if n % 2 else api.s2,
                    f"SELECT geslacht, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {jaar} "
                    f"AND wijk = {sql_literal(wijk)} AND soort = {sql_literal(soort)} GROUP BY geslacht")
        shown = {r[0] for r in a.get("rows") or [] if r}
        if a["status"] != "refused" and shown == {only}:
            wins.append((jaar, wijk, soort, only, a["rows"]))
    assert not wins, f"{len(wins)} tables show only one gender, so all clients have it: {wins[:3]}"


def _small_population(truth) -> dict:
    rows = truth.rows("""SELECT b.jaar, g.naam, b.leeftijdsklasse, b.geslacht, b.inwoners FROM bevolking b
                         JOIN gebied g ON g.gebied_code = b.wijk_code WHERE b.inwoners BETWEEN 1 AND 9""")
    return {(j, w, lk, g): n for j, w, lk, g, n in rows}


def test_population_cells_below_k_api(truth, api):
    small = _small_population(truth)
    assert any(w in SMALL_POP_WIJKEN for _, w, _, _ in small)
    shown = []
    for jaar in range(2019, 2025):
        for wijk in SMALL_POP_WIJKEN:
            a = api.sql(api.s1, f"SELECT jaar, wijk, leeftijdsklasse, geslacht, SUM(inwoners) AS inwoners FROM vw_bevolking "
                                f"WHERE jaar = {jaar} AND wijk = {sql_literal(wijk)} GROUP BY jaar, wijk, leeftijdsklasse, geslacht")
            for r in a.get("rows") or []:
                if tuple(r[:4]) in small and r[4] is not None:
                    shown.append((tuple(r[:4]), r[4], small[tuple(r[:4])]))
    assert not shown, f"{len(shown)} population cells of 1..9 shown (cell, shown, true): {shown[:5]}"


@pytest.mark.slow
def test_population_cells_below_k_cli(truth, audit):
    small = _small_population(truth)
    a = cli_sql("SELECT wijk, leeftijdsklasse, geslacht, SUM(inwoners) AS inwoners FROM vw_bevolking WHERE jaar = 2023 "
                "AND wijk = 'Forepark' GROUP BY wijk, leeftijdsklasse, geslacht", audit)
    shown = [r for r in a.get("rows") or [] if (2023, *r[:3]) in small and r[3] is not None]
    assert not shown, f"population cells of 1..9 shown: {shown}"


def test_zero_next_to_small_population_api(truth, api):
    small = _small_population(truth)
    zeros = []
    checked = 0
    for jaar in range(2019, 2025):
        for wijk in SMALL_POP_WIJKEN:
            if not any(k[0] == jaar and k[1] == wijk for k in small):
                continue
            for wet in ("Wmo", "Jeugdwet", "Participatiewet", "Schuldhulpverlening"):
                checked += 1
                a = api.ask(api.s2, f"Hoeveel {wet}-cliënten per leeftijdsgroep en geslacht waren er in {jaar} in {wijk}?")
                cols = a.get("columns") or []
                if "leeftijdsklasse" not in cols or "geslacht" not in cols:
                    continue
                il, ig = cols.index("leeftijdsklasse"), cols.index("geslacht")
                for r in a.get("rows") or []:
                    if r[-1] == 0 and (jaar, wijk, r[il], r[ig]) in small:
                        zeros.append((jaar, wijk, wet, r[il], r[ig], small[(jaar, wijk, r[il], r[ig])]))
    assert checked >= 4
    assert not zeros, f"{len(zeros)} zeros shown over a population of 1..9 (jaar, wijk, wet, klasse, geslacht, inwoners): {zeros[:5]}"


def test_limit_before_protection_ranks_suppressed_rows_api(truth, api):
    """ORDER BY clienten ASC LIMIT 3 per soort and year: if the shown suppressed wijken are exactly the
    smallest ones (strictly), the ranking was done on the hidden true counts."""
    outcomes = []
    for jaar in range(2019, 2025):
        for (soort,) in truth.rows("SELECT DISTINCT soort FROM voorziening ORDER BY 1"):
            counts = dict(truth.rows("SELECT wijk, count(DISTINCT persoon_id) FROM truth_active WHERE jaar = ? AND soort = ? "
                                     "GROUP BY wijk", [jaar, soort]))
            values = sorted(counts.values())
            small = [w for w, n in counts.items() if n < K]
            if len(small) < 4 or len(values) < 4 or values[2] == values[3]:
                continue  # need a strict cut after the 3 smallest, all of them small
            a = api.sql(api.s1 if jaar % 2 else api.s2,
                        f"SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {jaar} "
                        f"AND soort = {sql_literal(soort)} GROUP BY wijk ORDER BY clienten ASC LIMIT 3")
            hidden = [r[0] for r in a.get("rows") or [] if r[-1] is None]
            won = a["status"] != "refused" and len(hidden) == 3 and sorted(counts[w] for w in hidden) == values[:3]
            outcomes.append(((jaar, soort, hidden), won))
    assert_rate("LIMIT ranks suppressed rows", outcomes)
