"""Red team 2: wijk NOT IN lists as the lever for averaged four-cell combinations.

`wijk NOT IN (...)` in analyst SQL is one cell: the whole gemeente minus the listed wijken. With X(S) the
clients outside the wijken S, the target wijk w (1..9 clients of a soort in a year) and four large other
wijken P, Q, R, S:

    X({P,R}) + X({Q,S}) - X({w,P,Q}) - X({R,S}) = |w|

No pair of the four cells differs by 1..9 units, and no cell is covered by a disjoint family of the others
that lie inside it but for a few units (each pair differs by one or two whole large wijken), so all four
are released, each with its own cell-key deviation. Every random choice of (P, Q, R, S) gives a fresh
estimate with the noise of four cells; their mean converges on the true small count.

Success of one instance = the rounded mean of the estimates (at least 5) equals the true number of
clients (1..9) of that soort in that wijk and year. A single estimate hits it far less than a third of
the time; chance for a single noisy value is ~0.30 (MAX_SUCCESS_RATE 0.35).
Before guards.combinations 10 of 20 instances were recovered; the cell that completes the system over
the wijken (whose counts then determine the small wijk) is now withheld."""

from __future__ import annotations

import random
import statistics

import pytest

from .conftest import assert_rate, single_value, sql_literal

Q = ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {jaar} "
     "AND soort = {soort} AND wijk NOT IN ({ex})")
COMBINATIONS = 20


def instances(truth, limit: int = 20) -> list[tuple]:
    return truth.rows("""
        SELECT jaar, soort, wijk, count(DISTINCT persoon_id) AS secret FROM truth_active
        GROUP BY jaar, soort, wijk HAVING secret BETWEEN 1 AND 9
        ORDER BY hash(jaar, soort, wijk) LIMIT ?""", [limit])


def estimates(truth, api, jaar, soort, wijk, seed: int) -> list[int]:
    sizes = dict(truth.rows("SELECT wijk, count(DISTINCT persoon_id) FROM truth_active WHERE jaar = ? AND soort = ? "
                            "GROUP BY wijk", [jaar, soort]))
    # the attacker's choice of large wijken needs no truth: released per-wijk counts say the same
    others = sorted(w for w, n in sizes.items() if w != wijk and n >= 30)
    if len(others) < 4:
        return []
    rng = random.Random(seed)
    out = []
    for _ in range(COMBINATIONS):
        p, q, r, s = rng.sample(others, 4)
        vals = []
        for i, ex in enumerate(((wijk, p, q), (r, s), (p, r), (q, s))):
            sql = Q.format(jaar=jaar, soort=sql_literal(soort), ex=", ".join(sql_literal(x) for x in ex))
            vals.append(single_value(api.sql(api.s1 if i % 2 else api.s2, sql)))
        if None not in vals:
            out.append(vals[2] + vals[3] - vals[0] - vals[1])
    return out


@pytest.mark.slow
def test_not_in_four_cell_combination_averaged_api(truth, api):
    outcomes = []
    for n, (jaar, soort, wijk, secret) in enumerate(instances(truth)):
        est = estimates(truth, api, jaar, soort, wijk, seed=n)
        derived = round(statistics.mean(est)) if len(est) >= 5 else None
        outcomes.append(((jaar, soort, wijk, secret, derived, len(est)), derived == secret))
    assert_rate("mean of X(P,R) + X(Q,S) - X(w,P,Q) - X(R,S) over random wijk NOT IN lists", outcomes)
