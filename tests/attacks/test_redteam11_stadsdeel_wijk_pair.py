"""Red team 11, finding 3: stadsdeel Laak = Binckhorst + Laakkwartier en Spoorwijk. `stadsdeel = 'Laak'` vs
`wijk = 'Laakkwartier en Spoorwijk'` narrowed to a leeftijdsklasse and a geslacht are equal (both shown) iff
Binckhorst's 1..9 clients of that soort and class have nobody of that gender. Fails while claims are possible."""
import pytest
from tests.attacks.redteam11 import rt11, value  # noqa: F401  (rt11: the fixture)


@pytest.mark.slow
def test_stadsdeel_vs_other_wijk_does_not_pin_gender(rt11):
    rows = rt11.db.execute("""
        select jaar, soort, leeftijdsklasse,
               count(distinct persoon_id) filter (where geslacht='man') m,
               count(distinct persoon_id) filter (where geslacht='vrouw') v
        from vw_voorziening_jaar where wijk = 'Binckhorst'
        group by jaar, soort, leeftijdsklasse
        having count(distinct persoon_id) between 1 and 9
           and least(count(distinct persoon_id) filter (where geslacht='man'),
                     count(distinct persoon_id) filter (where geslacht='vrouw')) = 0
        order by jaar, soort, leeftijdsklasse""").fetchall()
    # the absent gender's cell in Laakkwartier en Spoorwijk must be large enough to be shown
    targets = []
    for j, s, l, m, v in rows:
        g = "man" if m == 0 else "vrouw"
        n = rt11.db.execute("select count(distinct persoon_id) from vw_voorziening_jaar where jaar=? and soort=? "
                            "and leeftijdsklasse=? and geslacht=? and wijk='Laakkwartier en Spoorwijk'",
                            [j, s, l, g]).fetchone()[0]
        if n >= 12:
            targets.append((j, s, l, m, v))
    targets = targets[:20]
    right = wrong = 0
    for i, (j, s, l, m, v) in enumerate(targets):
        _, s1, s2, _ = rt11(f"b{i}")
        for g in ("man", "vrouw"):
            base = (f"SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = {j} AND soort = '{s}' "
                    f"AND leeftijdsklasse = '{l}' AND geslacht = '{g}'")
            a = value(s1.run_sql(base + " AND stadsdeel = 'Laak'"))
            b = value(s2.run_sql(base + " AND wijk = 'Laakkwartier en Spoorwijk'"))
            if a is not None and a == b:
                if (m == 0) if g == "man" else (v == 0):
                    right += 1
                else:
                    wrong += 1
    assert right <= 2, f"gender of Binckhorst's 1..9 clients recovered for {right} of {len(targets)} targets ({wrong} wrong)"
