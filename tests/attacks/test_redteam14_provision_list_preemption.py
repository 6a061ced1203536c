"""Red team 14, availability (red team 13's finding 3, now across counting units): two provision counts of an analyst
(`voorzieningen`, soort IN (S1, T) with and without a wijk) withhold the plain city-wide client figure of T for a
beleidsmaker asking in Dutch, for good (10/10 on f51eba7). SPEC §5: protection does not depend on what was asked
before. Not fixed: a strict xfail until the combination rule withholds only where released cells determine the
small group."""

from __future__ import annotations

import random

import pytest

from tests.attacks.redteam12 import rt11, rt12  # noqa: F401  (the fixtures rt14 is)
from tests.attacks.redteam13 import row_value
from tests.attacks.redteam14 import T, cross_unit_targets, lit, rt14  # noqa: F401


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="open: the pair-cover rule withholds the third cell of a four-cell "
                                       "combination before the fourth (the overlap) is released")
def test_provision_list_cells_do_not_withhold_the_plain_figure(rt14):  # noqa: F811
    targets = [t for t in cross_unit_targets(rt14.db) if t[1] != 2021]
    inconsistent = []
    for i, (w, j, s1, _n) in enumerate(random.Random(3).sample(targets, 5)):
        plain = f"Hoeveel cliënten hadden in {j} bijstand levensonderhoud?"
        shown_fresh = row_value(rt14(f"fresh{i}").beleid.ask(plain))
        attempt = rt14(f"after{i}")
        both = f"SELECT MEASURE(voorzieningen) FROM semantische_laag WHERE jaar = {j} AND soort IN ({lit(s1)}, {lit(T)})"
        attempt.sql(both)
        attempt.sql(both + f" AND wijk != {lit(w)}")
        shown_after = row_value(attempt.beleid.ask(plain))
        if (shown_fresh is None) != (shown_after is None):
            inconsistent.append((w, j, s1, shown_fresh, shown_after))
    assert not inconsistent, f"plain city-wide figure shown in a fresh log but withheld after the list cells: {inconsistent}"
