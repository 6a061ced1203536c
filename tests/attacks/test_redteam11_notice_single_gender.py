"""Red team 11, finding 2: in `GROUP BY geslacht` over a small group (1..9 clients of soort S aged L in wijk W), both
rows are hidden, but the notice 'Extra cellen zijn onderdrukt ... (secundaire onderdrukking)' appears only when one
gender's row is a filled-in 0 — i.e. it tells that the 2..9 clients are all of one gender.
Fails while the notice is data-dependent in this way; passes when the notices no longer separate the two cases."""
import pytest
from tests.attacks.redteam11 import rt11, value  # noqa: F401  (rt11: the fixture)


def groups(db, single, n):
    cond = "=" if single else ">"
    return db.execute(f"""
        select jaar, wijk, soort from vw_voorziening_jaar where leeftijdsklasse = '75+'
        group by jaar, wijk, soort
        having count(distinct persoon_id) between 2 and 9
           and least(count(distinct persoon_id) filter (where geslacht='man'),
                     count(distinct persoon_id) filter (where geslacht='vrouw')) {cond} 0
        order by hash(jaar::varchar || wijk || soort) limit {n}""").fetchall()


@pytest.mark.slow
def test_secondary_notice_does_not_reveal_single_gender(rt11):
    def extra(i, j, w, s):
        _, s1, _, _ = rt11(f"n{i}")
        wq = w.replace("'", "''")
        d = s1.run_sql(f"SELECT geslacht, MEASURE(clienten) FROM semantische_laag WHERE wijk = '{wq}' AND jaar = {j} "
                       f"AND soort = '{s}' AND leeftijdsklasse = '75+' GROUP BY geslacht").to_json_dict()
        return any("secundaire onderdrukking" in n for n in d["notices"])
    single = [extra(i, *g) for i, g in enumerate(groups(rt11.db, True, 20))]
    mixed = [extra(100 + i, *g) for i, g in enumerate(groups(rt11.db, False, 20))]
    # A claim "all one gender" whenever the notice appears: right claims minus wrong claims must stay near 0.
    right, wrong = sum(single), sum(mixed)
    assert right - wrong <= 2, (f"secondary-suppression notice marks {right}/20 single-gender groups "
                                f"and {wrong}/20 mixed groups")
