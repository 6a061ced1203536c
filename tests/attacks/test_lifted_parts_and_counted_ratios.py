"""Red team 13, in the fast suite: a left-out area part is judged with its soort lifted to the wet and every
narrowing kept (as the single cell of that part is), and a ratio that gives a count away (kosten / kosten per
cliënt = the perturbed clients) is checked among the counts. One instance of each, through two API analysts on one
release log; each failed on the code before."""

from __future__ import annotations

from tests.attacks.conftest import sql_literal
from tests.attacks.pivot import value

BASE = "SELECT MEASURE(clienten) FROM semantische_laag WHERE "


def test_the_city_without_a_wijk_does_not_tell_a_zero_inside_the_wijks_few(truth, fresh_api):
    """W has 1..9 clients of S's wet in class L and none of them has S: the cell of W is hidden (even at 0), so
    the city without W must not be shown beside the city (their equality tells that 0)."""
    rows = truth.rows("""
        WITH c AS (SELECT jaar, wijk, wet, soort, persoon_id,
                          CASE WHEN leeftijd < 18 THEN '0-17' WHEN leeftijd < 27 THEN '18-26' WHEN leeftijd < 65
                               THEN '27-64' WHEN leeftijd < 75 THEN '65-74' ELSE '75+' END AS klasse FROM truth_active),
             small AS (SELECT jaar, wijk, wet, klasse FROM c GROUP BY ALL HAVING count(DISTINCT persoon_id) BETWEEN 1 AND 9)
        SELECT s.jaar, s.wijk, o.soort, s.klasse
        FROM small s JOIN (SELECT DISTINCT wet, soort FROM c) o USING (wet)
        WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.jaar = s.jaar AND c.wijk = s.wijk AND c.soort = o.soort
                          AND c.klasse = s.klasse)
          AND (SELECT count(DISTINCT persoon_id) FROM c WHERE c.jaar = s.jaar AND c.soort = o.soort
               AND c.klasse = s.klasse AND c.wijk != s.wijk) >= 200
          AND (SELECT count(DISTINCT persoon_id) FROM c WHERE c.jaar = s.jaar AND c.soort = o.soort
               AND c.wijk = s.wijk) >= 10  -- (else W's part of S alone is 1..9 and hides the cell already)
        ORDER BY 1, 2, 3, 4 LIMIT 8""")
    assert len(rows) == 8, "no targets"
    told = []
    for jaar, wijk, soort, klasse in rows:
        plain = f"{BASE}jaar = {jaar} AND soort = {sql_literal(soort)} AND leeftijdsklasse = '{klasse}'"
        # asked first, in a log of its own: shown only where W's part holds nobody of S (a part of 1..9 hides it)
        without = value(fresh_api.sql(fresh_api.s2, plain + f" AND wijk != {sql_literal(wijk)}"))
        if without is not None:
            told.append((jaar, wijk, soort, klasse, without))
    assert not told, f"shown: none of the wijk's few clients of the wet in the class has the soort: {told}"


def test_kosten_per_client_is_a_count_for_the_checks_on_counts(truth, fresh_api):
    """Clients of (S1 or T) in the city and without W, then kosten and kosten per cliënt of T: the last gives
    the perturbed count of T's clients, the third cell of a combination that isolates W's few of S1."""
    rows = truth.rows("""
        WITH a AS (SELECT jaar, wijk, soort, count(DISTINCT persoon_id) n FROM truth_active
                   WHERE wet = 'Jeugdwet' GROUP BY ALL HAVING n BETWEEN 1 AND 9)
        SELECT a.jaar, a.wijk, a.soort FROM a
        WHERE NOT EXISTS (SELECT 1 FROM truth_active t JOIN truth_active u USING (jaar, persoon_id)
                          WHERE t.jaar = a.jaar AND t.wijk = a.wijk AND t.soort = a.soort AND u.wet = 'Wmo')
          AND (SELECT count(DISTINCT persoon_id) FROM truth_active v WHERE v.jaar = a.jaar AND v.wijk = a.wijk
               AND v.soort = 'Hulp bij het huishouden') >= 10
        ORDER BY 1, 2, 3 LIMIT 1""")
    assert rows, "no target"
    jaar, wijk, s1 = rows[0]
    t = "Hulp bij het huishouden"
    both = f"{BASE}jaar = {jaar} AND soort IN ({sql_literal(s1)}, {sql_literal(t)})"
    a = value(fresh_api.sql(fresh_api.s1, both))
    c = value(fresh_api.sql(fresh_api.s2, both + f" AND wijk != {sql_literal(wijk)}"))
    money = f"FROM semantische_laag WHERE jaar = {jaar} AND soort = {sql_literal(t)}"
    k = value(fresh_api.sql(fresh_api.s1, f"SELECT MEASURE(kosten) {money}"))
    p = value(fresh_api.sql(fresh_api.s2, f"SELECT MEASURE(kosten_per_client) {money}"))
    assert None in (a, c, k, p), f"all shown: {a} - {c} - {k} / {p} estimates {wijk}'s few clients of {s1}"
