"""Red team 2: averaging four-cell age combinations that are not disjoint covers.

The margin rule withholds the third cell of [a, c] - [a+1, d] + [c+1, d] (test_redteam_averaging.py),
because [a, c] and [c+1, d] are a disjoint family inside [a+1, d] but for the clients aged a. Adding a
fourth cell moves the family out of reach of the rule:

    [a, c] - [a+1, d] + [c+1, e] - [d+1, e] = clients aged exactly a      (a < c < d < e)

[c+1, e] sticks out of [a+1, d] by all of [d+1, e] (many clients), so no released cell is covered by a
disjoint family of the others but for a few units, and no pair differs by 1..9 clients: all four cells
are released, each with its own cell-key deviation. Each (c, d, e) gives a fresh estimate; the mean
converges on the true count.

Success of one instance = the rounded mean of the estimates (at least 5) equals the true number (1..9)
of Wmo clients aged exactly 18 in that wijk and year. Chance for a single noisy value is ~0.30.
Before guards.combinations 10 of 20 instances were recovered; the fourth cell of each combination is now
withheld because the four age ranges together determine the count of one age."""

from __future__ import annotations

import statistics

import pytest

from .conftest import assert_rate, single_value, sql_literal
from .test_redteam_averaging import Q, TARGET_AGE, instances

COMBINATIONS = 12


def estimates(api, inst: dict) -> list[int]:
    def q(lo, hi):
        return Q.format(jaar=inst["jaar"], wet=sql_literal(inst["wet"]), wijk=sql_literal(inst["wijk"]), lo=lo, hi=hi)

    out = []
    for i in range(COMBINATIONS):
        c, d, e = 25 + 2 * i, 50 + 2 * i, 75 + 2 * i   # every set is used once
        vals = [single_value(api.sql(api.s1 if k % 2 else api.s2, q(lo, hi)))
                for k, (lo, hi) in enumerate(((TARGET_AGE, c), (TARGET_AGE + 1, d), (c + 1, e), (d + 1, e)))]
        if None not in vals:
            out.append(vals[0] - vals[1] + vals[2] - vals[3])
    return out


@pytest.mark.slow
def test_four_cell_age_combination_averaged_api(truth, api):
    outcomes = []
    for inst in instances(truth):
        est = estimates(api, inst)
        derived = round(statistics.mean(est)) if len(est) >= 5 else None
        outcomes.append(((inst, derived, len(est)), derived == inst["secret"]))
    assert_rate("mean of [a,c] - [a+1,d] + [c+1,e] - [d+1,e] over many (c, d, e)", outcomes)
