"""Rule 0a (age bounds inside an age class): the age of the youngest or oldest client of a group stays hidden
whichever answers the attacker compares.

Red team 5 read 'leeftijd >= a' as withheld / equal to the plain figure / different and found the youngest
client's age by binary search (`test_redteam5_youngest_age.py`). The same predicate "someone is younger than a"
comes from other pairs too, each tried here on the same targets through two analysts:

* ``below``: 'leeftijd < a' shows 0 while nobody is younger, and is withheld (1..9) once someone is;
* ``class_start``: 'leeftijd >= a' compared with the cell from the start of a's age class ('leeftijd >= 27'),
  which a bound at a class limit always gives; equal means nobody in between;
* ``oldest``: 'leeftijd <= b' against the plain figure, for the oldest client.

Each failed on the code before rule 0a (24/24-style exact ages); now each is at chance.
"""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import MAX_SUCCESS_RATE, clients_sql

YEAR = 2024
CLASS_STARTS = (0, 18, 27, 65, 75)


def _targets(truth) -> list[tuple[str, str, int, int]]:
    return truth.rows(
        "SELECT wijk, wet, min(leeftijd), max(leeftijd) FROM truth_active WHERE jaar = ? "
        "AND wet IN ('Wmo', 'Participatiewet') GROUP BY wijk, wet HAVING count(DISTINCT persoon_id) >= 30 "
        "ORDER BY hash(wijk || wet || 'rule0a') LIMIT 12", [YEAR])


def _class_start(age: int) -> int:
    return max(s for s in CLASS_STARTS if s <= age)


def _search(predicate, lo: int = 0, hi: int = 111) -> int:
    """The smallest a in [lo, hi] with predicate(a) true (monotone), by binary search."""
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


@pytest.mark.slow
def test_youngest_and_oldest_age_stay_hidden(truth, fresh_api):
    def cell(wijk: str, wet: str, cond: str | None):
        answer = fresh_api.take_turns(clients_sql(wijk, wet, YEAR, cond))
        return answer["rows"][0][-1] if answer.get("rows") else None

    hits: dict[str, list[bool]] = collections.defaultdict(list)
    youngest_ages, oldest_ages = [], []
    for wijk, wet, youngest, oldest in _targets(truth):
        youngest_ages.append(youngest)
        oldest_ages.append(oldest)
        plain = cell(wijk, wet, None)
        # someone younger than a  <=>  'leeftijd < a' is not a shown 0
        guess = _search(lambda a: cell(wijk, wet, f"leeftijd < {a}") != 0) - 1
        hits["below"].append(guess == youngest)
        # someone younger than a  <=>  'leeftijd >= a' differs from (or is withheld beside) the class-start cell
        def differs(a: int) -> bool:
            start = _class_start(a)
            here = cell(wijk, wet, f"leeftijd >= {a}")
            base = plain if start == 0 else cell(wijk, wet, f"leeftijd >= {start}")
            return here is None or base is None or here != base or (start > 0 and base != plain)
        guess = _search(differs) - 1
        hits["class_start"].append(guess == youngest)
        # someone older than b  <=>  'leeftijd <= b' is withheld or differs from the plain figure
        guess = _search(lambda b: (v := cell(wijk, wet, f"leeftijd <= {b}")) is not None and v == plain)
        hits["oldest"].append(guess == oldest)
    assert len(youngest_ages) >= 10
    failures = []
    for strategy, outcomes in hits.items():
        ages = oldest_ages if strategy == "oldest" else youngest_ages
        chance = collections.Counter(ages).most_common(1)[0][1] / len(ages)
        if sum(outcomes) / len(outcomes) > max(MAX_SUCCESS_RATE, chance):
            failures.append(f"{strategy}: exact age in {sum(outcomes)}/{len(outcomes)} (chance {chance:.2f})")
    assert not failures, failures
