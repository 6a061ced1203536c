"""Red team 10, in the fast suite: a pair of large cells whose difference is a small group narrowed twice (an
age class and a gender), a pair of soort lists, and an age class left out inside one wijk. One instance of
each, through two API analysts on one release log. Each failed before a left-out part was also judged with
one narrowing dropped at a time, every value of a list became a part of its own, and an age class or gender
left out became a left-out part."""

from __future__ import annotations

from tests.attacks.conftest import sql_literal
from tests.attacks.pivot import value

BASE = "SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE "


def _one_in_class(truth):
    """(jaar, wijk, soort, klasse, geslacht of its one client) where the wijk's soort group is large but holds
    one client of that age class, and the city's class of that soort is large."""
    rows = truth.rows("""
        WITH c AS (SELECT jaar, wijk, soort, geslacht, persoon_id, CASE WHEN leeftijd < 18 THEN '0-17'
                          WHEN leeftijd < 27 THEN '18-26' WHEN leeftijd < 65 THEN '27-64' WHEN leeftijd < 75 THEN '65-74'
                          ELSE '75+' END AS leeftijdsklasse FROM truth_active),
             g AS (SELECT jaar, wijk, soort, leeftijdsklasse, count(DISTINCT persoon_id) n, min(geslacht) gsl
                   FROM c GROUP BY ALL),
             ws AS (SELECT jaar, wijk, soort, count(DISTINCT persoon_id) n FROM c GROUP BY ALL),
             cg AS (SELECT jaar, soort, leeftijdsklasse, geslacht, count(DISTINCT persoon_id) n FROM c GROUP BY ALL)
        SELECT g.jaar, g.wijk, g.soort, g.leeftijdsklasse, g.gsl FROM g JOIN ws USING (jaar, wijk, soort)
        WHERE g.n = 1 AND ws.n >= 20 AND (SELECT min(n) FROM cg WHERE cg.jaar = g.jaar AND cg.soort = g.soort
                                          AND cg.leeftijdsklasse = g.leeftijdsklasse) >= 40
        ORDER BY g.jaar, g.wijk, g.soort, g.leeftijdsklasse LIMIT 1""")
    assert rows, "no target"
    return rows[0]


def test_a_wijk_left_out_of_a_class_and_gender_never_shows_its_one_clients_gender(truth, fresh_api):
    jaar, wijk, soort, klasse, gender = _one_in_class(truth)
    absent = "man" if gender == "vrouw" else "vrouw"
    plain = (f"{BASE}soort = {sql_literal(soort)} AND jaar = {jaar} AND leeftijdsklasse = {sql_literal(klasse)} "
             f"AND geslacht = {sql_literal(absent)}")
    a = value(fresh_api.sql(fresh_api.s1, plain))
    b = value(fresh_api.sql(fresh_api.s2, plain + f" AND wijk != {sql_literal(wijk)}"))
    assert a is None or b is None, f"equal ({a}, {b}): {wijk}'s one {soort} client of {klasse} is no {absent}"


def test_an_age_class_left_out_inside_a_wijk_is_a_part_of_its_own(truth, fresh_api):
    jaar, wijk, soort, klasse, gender = _one_in_class(truth)
    absent = "man" if gender == "vrouw" else "vrouw"
    plain = (f"{BASE}wijk = {sql_literal(wijk)} AND soort = {sql_literal(soort)} AND jaar = {jaar} "
             f"AND geslacht = {sql_literal(absent)}")
    fresh_api.sql(fresh_api.s1, plain)
    b = fresh_api.sql(fresh_api.s2, plain + f" AND leeftijdsklasse != {sql_literal(klasse)}")
    assert b["status"] != "answered" or value(b) is None, "the class left out holds one client: the pair pins them"


def test_a_list_of_soorten_with_a_small_member_is_withheld(truth, fresh_api):
    rows = truth.rows("""
        WITH g AS (SELECT jaar, wijk, wet, soort, count(DISTINCT persoon_id) n FROM truth_active GROUP BY ALL)
        SELECT a.jaar, a.wijk, a.soort, b.soort FROM g a JOIN g b USING (jaar, wijk, wet)
        WHERE a.n = 1 AND b.n >= 12 AND a.soort != b.soort ORDER BY 1, 2, 3, 4 LIMIT 1""")
    jaar, wijk, small, large = rows[0]
    where = f"{BASE}wijk = {sql_literal(wijk)} AND jaar = {jaar} AND "
    assert value(fresh_api.sql(fresh_api.s2, where + f"soort = {sql_literal(large)}")) is not None
    both = fresh_api.sql(fresh_api.s1, where + f"soort IN ({sql_literal(small)}, {sql_literal(large)})")
    assert value(both) is None, f"shown: with {large} alone it tells whether {wijk}'s one {small} client has {large}"
