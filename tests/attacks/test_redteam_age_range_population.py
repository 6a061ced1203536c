"""Red team: the population rule bypassed with a numeric age filter. "Cliënten, leeftijdsklasse 0-17,
geslacht man, in Zuiderpark" is suppressed because only 1..9 such boys live there (even a 0 would say
something about them). The same set written with the filter-only dimension leeftijd ("leeftijd <= 17 AND
geslacht = 'man'", or "18 t/m 26") is judged without that population and answered with a 0: none of those
few residents receives any provision.

Success = a 0 released for a (wijk, jaar, age class, geslacht) whose population in bevolking is 1..9."""

from __future__ import annotations

import pytest

from .conftest import cli_sql, sql_literal

RANGES = {"0-17": (0, 17), "18-26": (18, 26), "27-64": (27, 64), "65-74": (65, 74), "75+": (75, 120)}


def small_population_cells(truth) -> list[tuple]:
    return truth.rows("""SELECT b.jaar, g.naam, b.leeftijdsklasse, b.geslacht, b.inwoners FROM bevolking b
                         JOIN gebied g ON g.gebied_code = b.wijk_code WHERE b.inwoners BETWEEN 1 AND 9
                         ORDER BY 1, 2, 3, 4""")


def _sql(jaar, wijk, klasse, geslacht, wet=None):
    lo, hi = RANGES[klasse]
    wet_filter = f" AND wet = {sql_literal(wet)}" if wet else ""
    return (f"SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {jaar} "
            f"AND wijk = {sql_literal(wijk)} AND geslacht = {sql_literal(geslacht)} AND leeftijd >= {lo} "
            f"AND leeftijd <= {hi}{wet_filter}")


def test_zero_over_small_population_with_age_range_api(truth, api):
    cells = small_population_cells(truth)
    assert len(cells) >= 10
    zeros = []
    for n, (jaar, wijk, klasse, geslacht, inwoners) in enumerate(cells):
        for wet in (None, "Jeugdwet", "Wmo"):
            a = api.sql(api.s1 if n % 2 else api.s2, _sql(jaar, wijk, klasse, geslacht, wet))
            rows = a.get("rows") or []
            if a["status"] == "answered" and len(rows) == 1 and rows[0][-1] == 0:
                zeros.append((jaar, wijk, klasse, geslacht, wet, inwoners))
    assert not zeros, (f"{len(zeros)} zeros shown over a population of 1..9 via a leeftijd range "
                       f"(jaar, wijk, klasse, geslacht, wet, inwoners): {zeros[:6]}")


@pytest.mark.slow
def test_zero_over_small_population_with_age_range_cli(truth, audit):
    jaar, wijk, klasse, geslacht, inwoners = next(c for c in small_population_cells(truth)
                                                  if c[1] == "Zuiderpark" and c[2] == "0-17")
    a = cli_sql(_sql(jaar, wijk, klasse, geslacht), audit)
    assert not (a["status"] == "answered" and a["rows"] == [[0]]), (
        f"0 clients among the {inwoners} {geslacht} {klasse} residents of {wijk} in {jaar}: {a['answer'][:160]}")
