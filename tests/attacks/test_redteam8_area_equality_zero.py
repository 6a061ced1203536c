"""Red team 8: equal released values of a city-wide cell and the same cell without one wijk W show that W has
nobody in that cell (same units, same cell key, same value) — also where W's wider group holds 1..9 clients.

The wider-group rule hides a 0 whose wider group is small inside a table (test_redteam_soort_zero.py), and
the exact differencing check withholds the second of two cells that differ by 1..9 units. A difference of 0
units is neither: both cells are large and both are shown, with the same value. Asked for every soort of a
wet, the equal pairs are protected zeros and the withheld pair the one soort left: e.g. 2023, Zorgvliet
(Participatiewet: 1 client): `soort = 'Bijstand levensonderhoud'` 22.373 with and without Zorgvliet,
`Re-integratie` equal too, `Bijzondere bijstand` without Zorgvliet withheld — so the one Participatiewet
client of Zorgvliet has Bijzondere bijstand and no bijstand levensonderhoud (one resident's provision).

Success of one instance: as in test_redteam_soort_zero (every soort but one shown 0 here, and the remaining
soort held by every client of that wet in that wijk and year)."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import sql_literal
from tests.attacks.test_redteam_soort_zero import SOORTEN, _verdict, small_wet_groups

pytestmark = pytest.mark.slow  # many questions per target; run with the attack suite


def _value(answer):
    rows = answer.get("rows") or []
    if answer.get("status") != "answered" or len(rows) != 1:
        return None
    return rows[0][-1]


def test_equal_values_with_and_without_a_wijk_show_protected_zeros_api(truth, fresh_api):
    instances = [i for i in small_wet_groups(truth) if i[0] >= 2023]
    assert len(instances) >= 10
    plain, wins = {}, []
    for jaar, wijk, wet, n, held in instances:
        zeros = set()
        for soort in SOORTEN[wet]:
            base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(soort)} "
                    f"AND jaar = {jaar}")
            if (soort, jaar) not in plain:
                plain[(soort, jaar)] = _value(fresh_api.take_turns(base))
            without = _value(fresh_api.take_turns(base + f" AND wijk != {sql_literal(wijk)}"))
            if without is not None and without == plain[(soort, jaar)]:
                zeros.add(soort)
        desc, ok = _verdict((jaar, wijk, wet, n, held), zeros)
        if ok:
            wins.append(desc)
    assert not wins, (f"{len(wins)}/{len(instances)} wet groups of 1..9 clients: every soort but one has equal "
                      f"values with and without the wijk: {wins[:6]}")
