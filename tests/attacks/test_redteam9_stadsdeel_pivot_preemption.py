"""Red team 9: availability. One analyst statement around a stadsdeel pivot (the city without the other wijken of
stadsdeel X; shown, since what it leaves out passes the left-out rule) withholds the plain stadsdeel figure of
X for every user, in every process: city - B = X's other wijken, so X's own figure would complete W's small
part (once the city-wide figure has been given, as it usually has). E.g. 2021, Jeugdhulp zonder verblijf: after `wijk NOT IN (Bouwlust en Vrederust, Leyenburg, Moerwijk,
Morgenstond, Rustenburg en Oostbroek, Wateringse Veld)` (6.958) a beleidsmaker's "Hoeveel cliënten met
jeugdhulp zonder verblijf waren er in 2021 in stadsdeel Escamp?" is niet getoond (2.482 on a fresh log), and
so are "Den Haag zonder Escamp" and, in "per stadsdeel", Escamp and Haagse Hout."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import sql_literal

from tests.attacks.pivot import counts, others_pass, pair, stadsdeel_of

pytestmark = pytest.mark.slow


def test_a_pivot_statement_does_not_blank_the_stadsdeel_figure_for_everyone(truth, fresh_api):
    sd = stadsdeel_of(truth)
    soort_n, wet_n, wet_of = counts(truth)
    targets, seen = [], set()
    for (j, w, s), n in sorted(soort_n.items()):
        if j == 2021 and 1 <= n <= 9 and w in sd and (s, sd[w]) not in seen and \
                others_pass(sd, soort_n, wet_n, wet_of, j, w, s):
            seen.add((s, sd[w]))
            targets.append((j, w, s))
    targets = targets[:3]
    assert targets
    blanked = []
    for j, w, s in targets:
        _, b_sql = pair(sd, s, j, w)
        city = f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(s)} AND jaar = {j}"
        assert fresh_api.sql(fresh_api.s2, city)["status"] == "answered"  # the headline figure, asked by anyone
        pivot = fresh_api.sql(fresh_api.s1, b_sql)
        plain = fresh_api.sql(fresh_api.s2, (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = "
                                             f"{sql_literal(s)} AND jaar = {j} AND stadsdeel = {sql_literal(sd[w])}"))
        if pivot["status"] == "answered" and plain["status"] != "answered":
            blanked.append((j, s, sd[w], f"pivot around {w} shown", plain["status"]))
    assert not blanked, f"a stadsdeel figure is withheld for everyone after one pivot statement: {blanked}"
