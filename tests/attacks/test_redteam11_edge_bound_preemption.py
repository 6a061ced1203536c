"""Red team 11, finding 4 (availability): one question with a class-edge bound ('leeftijd <= 74', "jonger dan 75")
makes the plain figure (same wijk, soort, gender, all ages) unanswerable for everyone, although ARCHITECTURE promises
that a narrowed question cannot pre-empt the plainer figure. Fails while the pre-emption happens."""
import pytest
from tests.attacks.redteam11 import rt11, value  # noqa: F401  (rt11: the fixture)


@pytest.mark.slow
def test_edge_bound_does_not_preempt_plain_figure(rt11):
    cells = rt11.db.execute("""
        select jaar, wijk, soort, geslacht from vw_voorziening_jaar group by jaar, wijk, soort, geslacht
        having count(distinct persoon_id) >= 20
           and count(distinct persoon_id) filter (where leeftijdsklasse = '75+') between 1 and 9
        order by hash(jaar::varchar || wijk || soort || geslacht) limit 10""").fetchall()
    blocked = 0
    for i, (j, w, s, g) in enumerate(cells):
        wq = w.replace("'", "''")
        base = (f"SELECT MEASURE(clienten) FROM semantische_laag WHERE wijk = '{wq}' AND jaar = {j} "
                f"AND soort = '{s}' AND geslacht = '{g}'")
        _, s1, s2, _ = rt11(f"p{i}")
        s1.run_sql(base + " AND leeftijd <= 74")
        if value(s2.run_sql(base)) is None:
            blocked += 1
    assert blocked <= 1, f"plain figure pre-empted for all users in {blocked} of {len(cells)} cells"
