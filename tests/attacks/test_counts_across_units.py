"""Red team 14, in the fast suite: where clients, households and provisions are one to one (bijstand
levensonderhoud: one client, one household, one provision), a count of one is a count of the others, so the exact
checks judge every count also as the persons and the provisions behind it. Provisions of (S or T) in the city and
without W, then households with T in the city and without W: (A - C) - (B - E) is W's few clients (or provisions) of
S, and its mean over many regions was their exact count. Through two API analysts on one release log; each test
failed on the code before."""

from __future__ import annotations

from tests.attacks.conftest import sql_literal
from tests.attacks.pivot import value

T = "Bijstand levensonderhoud"


def _attack(truth, fresh_api, small: str, condition: str, what: str) -> None:
    """The four cells for the first (jaar, wijk, soort) of ``small`` (a CTE ``a``) that meets ``condition`` and whose
    wijk has 12 or more clients of T (every pair of cells then differs by 10 or more units): one must be withheld."""
    rows = truth.rows(f"""
        WITH a AS ({small})
        SELECT a.jaar, a.wijk, a.soort FROM a
        WHERE a.jaar != 2021  -- (2021 starts with the published CBS wijk cells of bijstand)
          AND {condition}
          AND (SELECT count(DISTINCT persoon_id) FROM truth_active v WHERE v.jaar = a.jaar AND v.wijk = a.wijk
               AND v.soort = '{T}') >= 12
        ORDER BY 1, 2, 3 LIMIT 1""")
    assert rows, "no target"
    jaar, wijk, soort = rows[0]
    both = (f"SELECT MEASURE(voorzieningen) FROM semantische_laag WHERE jaar = {jaar} "
            f"AND soort IN ({sql_literal(soort)}, {sql_literal(T)})")
    homes = f"SELECT MEASURE(huishoudens_met_voorziening) FROM semantische_laag WHERE jaar = {jaar} AND soort = '{T}'"
    without = f" AND wijk != {sql_literal(wijk)}"
    cells = (value(fresh_api.sql(fresh_api.s1, both)), value(fresh_api.sql(fresh_api.s2, both + without)),
             value(fresh_api.sql(fresh_api.s1, homes)), value(fresh_api.sql(fresh_api.s2, homes + without)))
    assert None in cells, f"all shown: {cells} (A - C) - (B - E) estimates {wijk}'s few {what} of {soort}"


def test_households_are_judged_as_the_persons_behind_them(truth, fresh_api):
    """W's 1..9 clients of a Jeugdwet soort with one provision per client (none of them on bijstand)."""
    _attack(truth, fresh_api, """
        SELECT jaar, wijk, soort, count(DISTINCT persoon_id) n FROM truth_active
        WHERE soort IN ('Jeugdbescherming', 'Jeugdreclassering', 'Pleegzorg', 'Jeugdhulp met verblijf')
        GROUP BY ALL HAVING n BETWEEN 1 AND 9""", "TRUE", "clients")


def test_households_are_judged_as_the_provisions_behind_them(truth, fresh_api):
    """W's 1..9 provisions of a soort whose every client in W is also on bijstand: the persons left over are 0,
    the provisions left over are the few."""
    _attack(truth, fresh_api, f"""
        SELECT jaar, wijk, soort, count(*) nv FROM truth_active WHERE soort != '{T}'
        GROUP BY ALL HAVING nv BETWEEN 1 AND 9""", f"""NOT EXISTS (
            SELECT 1 FROM truth_active x WHERE x.jaar = a.jaar AND x.wijk = a.wijk AND x.soort = a.soort
            AND x.persoon_id NOT IN (SELECT persoon_id FROM truth_active y WHERE y.jaar = a.jaar AND y.soort = '{T}'))""",
            "provisions")
