"""Red team 8: one analyst statement that narrows a city-wide figure by area (`wijk != W`, W holding 1..9
clients of the soort) is released first, and from then on the plain city-wide figure is withheld for every
user, in every process ("samen met een eerder gegeven antwoord ... een kleine groep").

ARCHITECTURE.md promises that a narrowed question cannot pre-empt the plainer figure for everyone through the
global log; the wider-group rule does that for age, gender and soort narrowings, not for an area narrowing.
Availability, not disclosure: two statements, any analyst can blank the headline figures of a whole dashboard
(one statement per soort and year)."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import sql_literal

pytestmark = pytest.mark.slow  # many questions per target; run with the attack suite


def _targets(truth, n: int = 3):
    rows = truth.rows("""
        SELECT jaar, soort, wijk, count(DISTINCT persoon_id) AS c FROM truth_active
        WHERE jaar IN (2019, 2020) GROUP BY jaar, soort, wijk HAVING c BETWEEN 1 AND 9
        ORDER BY jaar, soort, c, wijk""")
    seen, out = set(), []
    for jaar, soort, wijk, c in rows:
        if (jaar, soort) not in seen:
            seen.add((jaar, soort))
            out.append((jaar, soort, wijk, c))
    return out[:n]


def test_an_area_narrowing_does_not_preempt_the_city_wide_figure(truth, fresh_api):
    blanked = []
    for jaar, soort, wijk, c in _targets(truth):
        base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(soort)} "
                f"AND jaar = {jaar}")
        narrowed = fresh_api.sql(fresh_api.s1, base + f" AND wijk != {sql_literal(wijk)}")
        plain = fresh_api.sql(fresh_api.s2, base)
        if narrowed["status"] == "answered" and plain["status"] != "answered":
            blanked.append((jaar, soort, f"without {wijk} ({c}) shown", plain["status"]))
    assert not blanked, f"the city-wide figure is withheld for everyone after an area narrowing: {blanked}"
