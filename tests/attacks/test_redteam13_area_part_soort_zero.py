"""Red team 13, finding 1: an area's left-out part is judged without lifting a soort to its wet.

`wijk != W` (the gemeente without W), a `stadsdeel = 'Laak'` filter and the Laak row of a GROUP BY stadsdeel table all
leave out a part (W, or Binckhorst). A part of 1..9 units hides the cell; a part of 0 does not — also when the part's
wider group (W ∩ the soort's wet ∩ the class) holds 1..9 persons, where the single cell W ∩ soort ∩ class is hidden even
at 0. So whether the big cell is shown says whether W's few clients of that wet and age class include anyone with
that soort. Fails while such cells are shown for more than 2 of the targets."""
import pytest
from tests.attacks.redteam12 import rt11, rt12  # noqa: F401  (the fixtures rt13 is)
from tests.attacks.redteam13 import lit, row_value, rt13  # noqa: F401  (rt13: the fixture)

TARGETS_SQL = """
with ww as (select wijk, jaar, wet, leeftijdsklasse l, count(distinct persoon_id) n from vw_voorziening_jaar
            group by all having n between 1 and 9),
s as (select distinct wet, soort from vw_voorziening_jaar where soort != wet),
wsa as (select wijk, jaar, soort, count(distinct persoon_id) n from vw_voorziening_jaar group by all),
wsl as (select wijk, jaar, soort, leeftijdsklasse l, count(distinct persoon_id) n from vw_voorziening_jaar group by all),
csl as (select jaar, soort, leeftijdsklasse l, count(distinct persoon_id) n from vw_voorziening_jaar group by all)
select ww.wijk, ww.jaar, s.soort, ww.l, ww.n from ww join s using (wet)
 join wsa on wsa.wijk = ww.wijk and wsa.jaar = ww.jaar and wsa.soort = s.soort
 join csl on csl.jaar = ww.jaar and csl.soort = s.soort and csl.l = ww.l
 left join wsl on wsl.wijk = ww.wijk and wsl.jaar = ww.jaar and wsl.soort = s.soort and wsl.l = ww.l
where wsa.n >= 10 and csl.n >= 10 and coalesce(wsl.n, 0) = 0
order by ww.jaar, ww.wijk, s.soort, ww.l
"""


@pytest.mark.slow
def test_gemeente_without_wijk_does_not_tell_a_soort_zero(rt13):
    """(W, J, S, L): W has 1..9 clients of S's wet in class L, none of them with S (the protected 0), W has >= 10
    clients of S (all ages) and the rest of the gemeente >= 10 of S in L."""
    targets = rt13.db.execute(TARGETS_SQL).fetchall()[::6][:24]
    assert len(targets) >= 20
    shown = []
    for i, (w, j, s, l, n) in enumerate(targets):
        _, s1, s2, _, _ = rt13(f"t{i}")
        # the protected figure itself is hidden (its wider group, W ∩ wet ∩ L, holds 1..9 persons)
        assert row_value(s2.run_sql(f"SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = {j} "
                                    f"AND soort = {lit(s)} AND leeftijdsklasse = '{l}' AND wijk = {lit(w)}")) is None
        a = row_value(s1.run_sql(f"SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = {j} "
                                 f"AND soort = {lit(s)} AND leeftijdsklasse = '{l}' AND wijk != {lit(w)}"))
        if a is not None:
            shown.append((w, j, s, l, n, a))   # attacker claims: none of W's n clients of the wet in L has soort S
    assert len(shown) <= 2, f"a soort's 0 inside a wijk's group of 1..9 told for {len(shown)}/{len(targets)}: {shown[:6]}"


@pytest.mark.slow
def test_laak_row_does_not_tell_a_soort_zero_plain_dutch(rt13):
    """Plain Dutch, one question: 2021, bijzondere bijstand, 18-26, per stadsdeel. Truth: Binckhorst has 7
    Participatiewet clients aged 18-26 and none of them has bijzondere bijstand (so the single cell is hidden)."""
    n, z = rt13.db.execute(
        "select count(distinct persoon_id), count(distinct persoon_id) filter (where soort = 'Bijzondere bijstand') "
        "from vw_voorziening_jaar where wijk = 'Binckhorst' and jaar = 2021 and wet = 'Participatiewet' "
        "and leeftijdsklasse = '18-26'").fetchone()
    assert 1 <= n <= 9 and z == 0
    _, _, _, bel, raad = rt13("dutch")
    assert row_value(raad.ask("Hoeveel cliënten van 18 tot en met 26 jaar hadden in 2021 bijzondere bijstand "
                              "in Binckhorst?")) is None
    laak = row_value(bel.ask("Hoeveel cliënten van 18 tot en met 26 jaar hadden in 2021 bijzondere bijstand, "
                             "per stadsdeel?"), "Laak")
    assert laak is None, f"Laak row shown ({laak}): Binckhorst's {n} Participatiewet clients aged 18-26 have no bijzondere bijstand"
