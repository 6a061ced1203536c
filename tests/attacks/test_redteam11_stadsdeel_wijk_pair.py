"""Red team 11, finding 3: stadsdeel Laak = Binckhorst + Laakkwartier en Spoorwijk. `stadsdeel = 'Laak'` vs
`wijk = 'Laakkwartier en Spoorwijk'` narrowed to a leeftijdsklasse and a geslacht are equal (both shown) iff
Binckhorst's 1..9 clients of that soort and class have nobody of that gender. Fails while claims are possible."""
import pytest
from tests.attacks.redteam11 import binckhorst_one_gender_groups, rt11, value  # noqa: F401  (rt11: the fixture)


@pytest.mark.slow
def test_stadsdeel_vs_other_wijk_does_not_pin_gender(rt11):
    # the absent gender's cell in Laakkwartier en Spoorwijk must be large enough to be shown
    targets = binckhorst_one_gender_groups(rt11.db)
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
