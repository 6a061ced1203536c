"""Red team 14, finding 1: averaging four-cell combinations split over counting units (provisions for the (S1, T)
cells, households for the T cells) gave the exact hidden count |W ∩ S1| of 1..9 clients (8/8 on f51eba7)."""

from __future__ import annotations

import collections
import random

import pytest

from tests.attacks.redteam12 import rt11, rt12  # noqa: F401  (the fixtures rt14 is)
from tests.attacks.redteam13 import row_value
from tests.attacks.redteam14 import cross_unit_estimates, cross_unit_targets, lit, rt14, stadsdelen  # noqa: F401

MAX_RATE = 0.35


@pytest.mark.slow
def test_cross_unit_averaging_does_not_recover_hidden_counts(rt14):  # noqa: F811
    db = rt14.db
    targets = [t for t in cross_unit_targets(db) if t[1] != 2021]  # (2021 starts with the CBS-published cells)
    assert len(targets) >= 50, len(targets)
    chance = collections.Counter(t[3] for t in targets).most_common(1)[0][1] / len(targets)
    sd = stadsdelen(db)
    outcomes = []
    for i, (w, j, s1, n) in enumerate(random.Random(14).sample(targets, 8)):
        attempt = rt14(f"xu{i}")
        single = f"SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = {j} AND soort = {lit(s1)} AND wijk = {lit(w)}"
        assert row_value(attempt.sql(single)) is None  # the hidden count itself is not shown
        est = cross_unit_estimates(attempt, sd, w, j, s1, 20, "huishoudens_met_voorziening")
        guess = round(sum(est) / len(est)) if est else None
        outcomes.append(((w, j, s1, n, len(est), guess), guess == n))
    wins = [o for o, ok in outcomes if ok]
    assert len(wins) / len(outcomes) <= max(MAX_RATE, chance), (
        f"cross-unit averaging recovered {len(wins)}/{len(outcomes)} hidden counts of 1..9 exactly "
        f"(chance {chance:.2f}): {[o for o, _ in outcomes]}")
