"""Red team 11, finding 1: an age bound at a class edge ('leeftijd <= 74', "jonger dan 75") together with a
gender pins a protected 0: A = clients of soort S in wijk W of gender g, B = the same AND leeftijd <= 74.
A == B (both shown) iff W's 1..9 clients of S aged 75+ include nobody of gender g.
Fails while the leak exists (most single-gender targets recovered), passes when B is hidden like
`leeftijdsklasse != '75+'`."""
import pytest
from tests.attacks.redteam11 import rt11, value  # noqa: F401  (rt11: the fixture)


def targets(db, n=12):
    rows = db.execute("""
        select jaar, wijk, soort,
          count(distinct persoon_id) filter (where geslacht='man') gm,
          count(distinct persoon_id) filter (where geslacht='vrouw') gv,
          count(distinct persoon_id) filter (where leeftijdsklasse='75+' and geslacht='man') om,
          count(distinct persoon_id) filter (where leeftijdsklasse='75+' and geslacht='vrouw') ov
        from vw_voorziening_jaar group by jaar, wijk, soort
        having count(distinct persoon_id) filter (where geslacht='man') >= 12
           and count(distinct persoon_id) filter (where geslacht='vrouw') >= 12
           and count(distinct persoon_id) filter (where leeftijdsklasse='75+') between 1 and 9
           and (count(distinct persoon_id) filter (where leeftijdsklasse='75+' and geslacht='man') = 0
             or count(distinct persoon_id) filter (where leeftijdsklasse='75+' and geslacht='vrouw') = 0)
        order by hash(jaar::varchar || wijk || soort), jaar, wijk, soort""").fetchall()
    return rows[:n]


@pytest.mark.slow
def test_edge_bound_does_not_pin_gender_of_75plus(rt11):
    right = wrong = 0
    for i, (j, w, s, gm, gv, om, ov) in enumerate(targets(rt11.db)):
        _, s1, s2, _ = rt11(f"t{i}")
        for g in ("man", "vrouw"):
            wq = w.replace("'", "''")
            base = (f"SELECT MEASURE(clienten) FROM semantische_laag WHERE wijk = '{wq}' AND jaar = {j} "
                    f"AND soort = '{s}' AND geslacht = '{g}'")
            a = value(s1.run_sql(base))
            b = value(s2.run_sql(base + " AND leeftijd <= 74"))
            if a is not None and a == b:       # claim: nobody of gender g among the 75+
                if (om == 0) if g == "man" else (ov == 0):
                    right += 1
                else:
                    wrong += 1
    # 12 single-gender targets; guessing would need the gender (chance <= 0.6 per claim).
    assert right <= 2, f"gender of 1..9 clients aged 75+ recovered for {right} targets ({wrong} wrong claims)"
