"""Red team 9 (pivots), in the fast suite: two large cells whose difference is a small group, with the
group's part 0, gave that 0 away; and the pivot, asked first, withheld the plain stadsdeel figure for
everyone. One instance of each, through two API analysts on one release log. Failed before the
wider-group sizes were kept with every released cell (and the rest of a partly excluded stadsdeel or wet
became a part of its own)."""

from __future__ import annotations

from tests.attacks.conftest import sql_literal
from tests.attacks.pivot import pair, stadsdeel_of, value

BASE = "SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE "


def _target(truth):
    """A (jaar, wijk, soort) with one client whose wet group in the wijk is that client, in a stadsdeel
    whose other wijken each hold 0 or >= 10 clients of that soort and wet."""
    rows = truth.rows("""
        WITH s AS (SELECT jaar, wijk, soort, wet, count(DISTINCT persoon_id) n FROM truth_active GROUP BY ALL),
             w AS (SELECT jaar, wijk, wet, count(DISTINCT persoon_id) n FROM truth_active GROUP BY ALL)
        SELECT s.jaar, s.wijk, s.soort FROM s JOIN w USING (jaar, wijk, wet)
        WHERE s.n = 1 AND w.n = 1 AND s.jaar = 2021 ORDER BY s.wijk, s.soort""")
    sd = stadsdeel_of(truth)
    for jaar, wijk, soort in rows:
        others = [v for v, x in sd.items() if x == sd.get(wijk) and v != wijk]
        counts = dict(truth.rows("SELECT wijk, count(DISTINCT persoon_id) FROM truth_active WHERE jaar = ? AND soort = ? "
                                 "GROUP BY wijk", [jaar, soort]))
        if others and all(counts.get(v, 0) == 0 or counts.get(v, 0) >= 10 for v in others):
            return sd, jaar, wijk, soort
    raise AssertionError("no target")


def test_a_stadsdeel_pivot_never_shows_the_small_wijks_part_as_equal(truth, fresh_api):
    sd, jaar, wijk, soort = _target(truth)
    age = truth.rows("SELECT leeftijd FROM truth_active WHERE jaar = ? AND wijk = ? AND soort = ?",
                     [jaar, wijk, soort])[0][0]
    other_age = age + 1 if age < 17 else age - 1  # the wijk's one client is not this age: its part is 0
    a_sql, b_sql = pair(sd, soort, jaar, wijk, f"leeftijd = {other_age}")
    a = value(fresh_api.sql(fresh_api.s1, a_sql))
    b = value(fresh_api.sql(fresh_api.s2, b_sql))
    assert a is None or b is None, f"equal ({a}, {b}): none of {wijk}'s one {soort} client is {other_age}"


def test_the_pivot_asked_first_does_not_withhold_the_stadsdeel_figure(truth, fresh_api):
    sd, jaar, wijk, soort = _target(truth)
    _a_sql, b_sql = pair(sd, soort, jaar, wijk)
    city = fresh_api.sql(fresh_api.s2, f"{BASE}soort = {sql_literal(soort)} AND jaar = {jaar}")
    assert city["status"] == "answered"  # the headline figure, asked by anyone
    fresh_api.sql(fresh_api.s1, b_sql)
    plain = fresh_api.sql(fresh_api.s2, f"{BASE}soort = {sql_literal(soort)} AND jaar = {jaar} "
                                        f"AND stadsdeel = {sql_literal(sd[wijk])}")
    assert plain["status"] == "answered", plain.get("message")
