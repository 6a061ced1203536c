"""Red team 5: the suppression decision as an oracle for one resident's age.

`SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = W AND wet = X AND jaar = 2024 AND leeftijd >= a`
is withheld with the notice "de bredere groep ... verschilt er maar enkele van" exactly when 1..9 clients of
(W, X, 2024) are younger than a; when nobody is younger, the cell IS the wider cell and shows the same released
value; when ten or more are younger it shows another value. So "someone is younger than a" is a monotone
predicate the attacker reads off every answer, and a binary search over a (about 8 single-cell statements)
gives the exact age of the youngest client of the wet in the wijk: one resident's attribute (the same works for
the oldest with `leeftijd <= b`). The primary rule alone leaks the same (a 0 for "aged under a" is shown since its
wider group is large, "aged under a+1" is 1..9 and withheld), so this is a property of the rules as specified
(zeros released beside withheld small cells), not only of the narrowed rule.

Measured (red team 5, API): 24/24 exact youngest ages (chance, always guessing the most common: 0.21),
188 statements, 0.16 s each. A strict xfail until rule 0a of the disclosure guard (an age bound inside an age
class: every run of that class's ages, kept or left out, must hold k or more units, else the cell is hidden for
one reason, even at 0); `tests/attacks/test_age_bounds.py` tries the other pairs that give the same predicate.
"""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import MAX_SUCCESS_RATE, clients_sql

YEAR = 2024
NARROWED = "bredere groep"


def _targets(truth) -> list[tuple[str, str, int]]:
    return truth.rows(
        "SELECT wijk, wet, min(leeftijd) FROM truth_active WHERE jaar = ? AND wet IN ('Wmo', 'Participatiewet') "
        "GROUP BY wijk, wet HAVING count(DISTINCT persoon_id) >= 30 ORDER BY hash(wijk || wet) LIMIT 24", [YEAR])


@pytest.mark.slow
def test_youngest_client_age_not_recoverable(truth, fresh_api):
    def probe(wijk: str, wet: str, cond: str | None):
        answer = fresh_api.take_turns(clients_sql(wijk, wet, YEAR, cond))
        value = answer["rows"][0][-1] if answer.get("rows") else None
        return value, any(NARROWED in n for n in answer.get("notices") or [])

    outcomes, values = [], []
    for wijk, wet, youngest in _targets(truth):
        wider, _ = probe(wijk, wet, None)
        lo, hi = 0, 110
        while lo < hi:
            mid = (lo + hi) // 2
            value, narrowed = probe(wijk, wet, f"leeftijd >= {mid}")
            if narrowed or value is None or value != wider:
                hi = mid
            else:
                lo = mid + 1
        values.append(youngest)
        outcomes.append(((wijk, wet, youngest, lo - 1), lo - 1 == youngest))
    assert len(outcomes) >= 20
    chance = collections.Counter(values).most_common(1)[0][1] / len(values)
    wins = [inst for inst, ok in outcomes if ok]
    assert len(wins) / len(outcomes) <= max(MAX_SUCCESS_RATE, chance), (
        f"exact youngest age in {len(wins)}/{len(outcomes)} (chance {chance:.2f}): {wins[:5]}")
