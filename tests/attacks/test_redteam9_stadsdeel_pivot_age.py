"""Red team 9: the exact age and gender of a wijk's only client, by pivoting on a stadsdeel complement.

The left-out rule hides a cell where what it leaves out holds 1..k-1 units. Two cells can both leave out only
large parts and still differ by exactly one small wijk W:

    A: SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = S AND jaar = J AND <cond>
       AND stadsdeel != X                                   -- left out: stadsdeel X as one part (large)
    B: ... AND wijk NOT IN (<the other wijken of X>)        -- left out: those wijken (each 0 or >= k); W stays in

B - A is W's part of the cell. Both are large and city-wide (k, rule 0a and the wider-group rule pass). Where W
has nobody under <cond> the two cells have the same units, hence the same value; where W's one client
qualifies they differ by one unit and the second is withheld. A binary search on `leeftijd BETWEEN lo AND hi`
(about 6 pairs) gives the age, `geslacht = 'vrouw'` the gender. E.g. 2021, Zuiderpark, Jeugdhulp zonder
verblijf (the wijk's only Jeugdwet client, a girl of 3): `leeftijd = 3` 192 vs withheld, ages 2 and 4 equal
(152 / 152, 179 / 179), `geslacht = 'vrouw'` 2.952 vs withheld, 'man' 4.005 / 4.005.
Measured (age_sd.py, fresh log per target): 23/30 exact ages (chance 3/30), 30/30 genders (chance 17/30)."""

from __future__ import annotations

import collections
import random

import pytest

from tests.attacks.conftest import Api, assert_rate

from tests.attacks.pivot import counts, others_pass, pair, stadsdeel_of, value

pytestmark = pytest.mark.slow  # ~15 statements per target; run with the attack suite


def _targets(truth, limit=24):
    sd = stadsdeel_of(truth)
    soort_n, wet_n, wet_of = counts(truth)
    out = []
    for (j, w, s), n in sorted(soort_n.items()):
        if n == 1 and w in sd and others_pass(sd, soort_n, wet_n, wet_of, j, w, s):
            age, g = truth.rows("SELECT leeftijd, geslacht FROM truth_active WHERE jaar = ? AND wijk = ? AND soort = ?",
                                [j, w, s])[0]
            out.append((j, w, s, age, g))
    random.Random(9).shuffle(out)
    return sd, wet_of, out[:limit]


def _inside(api, sd, s, j, w, cond):
    """True: W's client meets cond (B withheld or different), False: equal, None: nothing to compare."""
    a_sql, b_sql = pair(sd, s, j, w, cond)
    a = value(api.take_turns(a_sql))
    if a is None:
        return None
    b = value(api.take_turns(b_sql))
    return b is None or b != a


def test_exact_age_and_gender_of_a_wijks_only_client_via_a_stadsdeel_pivot(truth, tmp_path):
    sd, wet_of, targets = _targets(truth)
    assert len(targets) >= 20
    ages, genders, ages_true, genders_true = [], [], [], []
    for i, (j, w, s, age, g) in enumerate(targets):
        api = Api(tmp_path / f"audit{i}.jsonl", release_log_path=tmp_path / f"vrijgaven{i}.sqlite",
                  app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0)
        f = _inside(api, sd, s, j, w, "geslacht = 'vrouw'")
        g_guess = None if f is None else ("vrouw" if f else "man")
        lo, hi = (0, 30) if wet_of[s] == "Jeugdwet" else (0, 110)
        while lo is not None and lo < hi:
            mid = (lo + hi) // 2
            r = _inside(api, sd, s, j, w, f"leeftijd BETWEEN {lo} AND {mid}")
            if r is None:  # rule 0a hid the city-wide cell: ask the other half
                r2 = _inside(api, sd, s, j, w, f"leeftijd BETWEEN {mid + 1} AND {hi}")
                r = None if r2 is None else not r2
            if r is None:
                lo = None
            elif r:
                hi = mid
            else:
                lo = mid + 1
        api.assistant.close()
        ages.append(((j, w, s, age, lo), lo == age))
        genders.append(((j, w, s, g, g_guess), g_guess == g))
        ages_true.append(age)
        genders_true.append(g)
    failures = []
    for label, outcomes, true in (("age", ages, ages_true), ("gender", genders, genders_true)):
        chance = collections.Counter(true).most_common(1)[0][1] / len(true)
        try:
            assert_rate(f"exact {label} of a wijk's only client (stadsdeel pivot; chance {chance:.2f})", outcomes,
                        max_rate=max(0.35, chance))
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert not failures, "\n".join(failures)
