"""Red team 12, finding 1: the RT11 fix hides `stadsdeel = 'Laak'` beside `wijk = 'Laakkwartier en Spoorwijk'`,
but not a GROUP BY stadsdeel ROW beside a GROUP BY wijk ROW (or beside the single wijk cell). Stadsdeel Laak is
Binckhorst + Laakkwartier en Spoorwijk, so with a soort, a leeftijdsklasse and a geslacht the Laak row and the
Laakkwartier row hold the same units — and are shown with the same value — exactly when Binckhorst's 1..9 clients of
that group have nobody of that gender. Fails while such pairs are shown equal."""
import pytest
from tests.attacks.redteam11 import binckhorst_one_gender_groups
from tests.attacks.redteam12 import rt11, rt12, row_value  # noqa: F401  (rt11, rt12: the fixtures)

LK = "Laakkwartier en Spoorwijk"


def _targets(db, limit):
    """(jaar, soort, klasse, the gender Binckhorst's few do NOT have, their number), the Laakkwartier cell large."""
    return [(j, s, l, "man" if m == 0 else "vrouw", m + v) for j, s, l, m, v in binckhorst_one_gender_groups(db)][:limit]


@pytest.mark.slow
def test_stadsdeel_row_vs_wijk_row_does_not_pin_gender(rt12):
    targets = _targets(rt12.db, 16)
    assert len(targets) >= 10
    right = 0
    for i, (j, s, l, g, n) in enumerate(targets):
        # ground truth: Laak ∩ group ∩ g equals Laakkwartier ∩ group ∩ g (Binckhorst has none of gender g)
        laak, lk = rt12.db.execute(
            "select count(distinct persoon_id) filter (where stadsdeel='Laak'), "
            "count(distinct persoon_id) filter (where wijk=?) from vw_voorziening_jaar "
            "where jaar=? and soort=? and leeftijdsklasse=? and geslacht=?", [LK, j, s, l, g]).fetchone()
        assert laak == lk and 1 <= n <= 9
        _, s1, s2, _, _ = rt12(f"t{i}")
        base = (f"FROM semantische_laag WHERE jaar = {j} AND soort = '{s}' "
                f"AND leeftijdsklasse = '{l}' AND geslacht = '{g}'")
        a = row_value(s1.run_sql(f"SELECT stadsdeel, MEASURE(clienten) {base} GROUP BY stadsdeel"), "Laak")
        b = row_value(s2.run_sql(f"SELECT wijk, MEASURE(clienten) {base} GROUP BY wijk"), LK)
        if a is not None and a == b:
            right += 1    # attacker claims: Binckhorst's n clients of this group are all of the other gender
    assert right <= 2, (f"gender of Binckhorst's 1..9 clients recovered for {right} of {len(targets)} targets "
                        f"(Laak row == Laakkwartier row)")


@pytest.mark.slow
def test_stadsdeel_row_vs_wijk_row_plain_dutch(rt12):
    """The same in plain Dutch, two users (beleidsmaker and raadslid): 2021, schuldhulpverlening, women 65-74.
    Truth: Binckhorst has 1 client of that group, a man."""
    m, v = rt12.db.execute(
        "select count(distinct persoon_id) filter (where geslacht='man'), count(distinct persoon_id) filter "
        "(where geslacht='vrouw') from vw_voorziening_jaar where wijk='Binckhorst' and jaar=2021 "
        "and soort='Schuldhulpverlening' and leeftijdsklasse='65-74'").fetchone()
    assert 1 <= m + v <= 9 and v == 0
    _, _, _, bel, raad = rt12("dutch")
    a = row_value(bel.ask("Hoeveel vrouwen van 65 tot en met 74 jaar hadden in 2021 schuldhulpverlening, "
                          "per stadsdeel?"), "Laak")
    b = row_value(raad.ask("Hoeveel vrouwen van 65 tot en met 74 jaar hadden in 2021 schuldhulpverlening "
                           "in Laakkwartier en Spoorwijk?"))
    assert not (a is not None and a == b), f"Laak {a} == Laakkwartier en Spoorwijk {b}: Binckhorst's client is no woman"
