"""Helpers of the red team 14 tests: red team 12's sessions on a release log of the attempt's own, and the
cross-unit four-cell estimate.

Cross-unit averaging (finding 1): the hidden count X = |W ∩ S1| of a Jeugdwet soort with one provision per client
and year (Jeugdbescherming, Jeugdreclassering, Pleegzorg, Jeugdhulp met verblijf) is estimated per region R ∋ W and
soort T with one provision per client and household (Bijstand levensonderhoud) as

    voorzieningen[R ∩ (S1, T)] − voorzieningen[(R − W) ∩ (S1, T)] − u[R ∩ T] + u[(R − W) ∩ T],   u ∈ {clienten, huishoudens}

No two cells of one counting unit differ by fewer than 10 units; the mean over many regions rounds to X.
"""

from __future__ import annotations

import itertools

import pytest

from tests.attacks.conftest import sql_literal as lit
from tests.attacks.redteam12 import rt12  # noqa: F401  (the fixture rt14 is)
from tests.attacks.redteam13 import row_value

ONEPROV = ["Jeugdbescherming", "Jeugdreclassering", "Pleegzorg", "Jeugdhulp met verblijf"]
T = "Bijstand levensonderhoud"


class Attempt:
    """Red team 12's sessions on one fresh release log; analyst SQL in turn from the two analysts."""

    def __init__(self, sessions):
        self.a, self.s1, self.s2, self.beleid, self.raad = sessions
        self.turn = 0

    def sql(self, query: str):
        self.turn += 1
        return (self.s1 if self.turn % 2 else self.s2).run_sql(query)


@pytest.fixture
def rt14(rt12):  # noqa: F811
    """Factory: rt14(tag) -> Attempt on one fresh release log; rt14.db is the warehouse, read-only."""
    def make(tag):
        return Attempt(rt12(tag))

    make.db = rt12.db
    return make


def stadsdelen(db) -> dict:
    return dict(db.execute("SELECT DISTINCT wijk, stadsdeel FROM vw_voorziening_jaar").fetchall())


def cross_unit_targets(db, min_t: int = 12) -> list[tuple]:
    """(wijk, jaar, soort, n): 1..9 clients of a one-provision Jeugdwet soort, and at least ``min_t`` clients of
    Bijstand levensonderhoud in the wijk (so every pair of cells below differs by 10 or more units)."""
    rows = db.execute(f"""
        SELECT wijk, jaar, soort, count(DISTINCT persoon_id) n FROM vw_voorziening_jaar
        WHERE soort IN ({', '.join(map(lit, ONEPROV))}) GROUP BY ALL HAVING n BETWEEN 1 AND 9
        ORDER BY jaar, wijk, soort""").fetchall()
    return [(w, j, s, n) for w, j, s, n in rows
            if db.execute("SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE wijk = ? AND jaar = ? "
                          f"AND soort = '{T}'", [w, j]).fetchone()[0] >= min_t]


def regions(sd: dict, w: str, n: int) -> list[str]:
    """The gemeente, then without one other stadsdeel, then without two: regions that hold W."""
    others = sorted({x for x in sd.values() if x != sd[w]})
    found = [""] + [f" AND stadsdeel != {lit(o)}" for o in others] + [
        f" AND stadsdeel NOT IN ({lit(a)}, {lit(b)})" for a, b in itertools.combinations(others, 2)]
    return found[:n]


def cross_unit_estimates(attempt: Attempt, sd: dict, w: str, j: int, s1: str, n: int, unit: str) -> list[int]:
    est = []
    without = f" AND wijk != {lit(w)}"
    for rc in regions(sd, w, n):
        base = f"FROM semantische_laag WHERE jaar = {j}{rc}"
        a = row_value(attempt.sql(f"SELECT MEASURE(voorzieningen) {base} AND soort IN ({lit(s1)}, {lit(T)})"))
        c = row_value(attempt.sql(f"SELECT MEASURE(voorzieningen) {base} AND soort IN ({lit(s1)}, {lit(T)}){without}"))
        b = row_value(attempt.sql(f"SELECT MEASURE({unit}) {base} AND soort = {lit(T)}"))
        e = row_value(attempt.sql(f"SELECT MEASURE({unit}) {base} AND soort = {lit(T)}{without}"))
        if None not in (a, b, c, e):
            est.append(a - c - b + e)
    return est
