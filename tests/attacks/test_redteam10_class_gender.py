"""Red team 10, leak 1: the gender of the residents of a small (wijk, soort, leeftijdsklasse) group that sits
inside a large (wijk, soort) group.

    A: soort = S AND jaar = J AND leeftijdsklasse = L AND geslacht = g
    B: the same AND wijk != W

W's part of the cell is judged without the narrowing (W ∩ S holds >= 10 clients), so B is shown; A == B says
W ∩ S ∩ L holds nobody of gender g. Where W ∩ S ∩ L holds 1..9 clients, that is a protected zero.
The test asks 12 single-client groups and fails if the pair pins the gender of any of them."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, one, truth, use_fresh_log

pytestmark = pytest.mark.slow


def targets():
    rows = truth("""
    with c as (select jaar, wijk, soort, leeftijdsklasse, geslacht, persoon_id from vw_voorziening_jaar),
    g as (select jaar, wijk, soort, leeftijdsklasse, count(distinct persoon_id) n, min(geslacht) gsl from c group by all),
    ws as (select jaar, wijk, soort, count(distinct persoon_id) nws from c group by all),
    cg as (select jaar, soort, leeftijdsklasse, count(distinct persoon_id) ncg from c group by all)
    select g.jaar, g.wijk, g.soort, g.leeftijdsklasse, gsl
    from g join ws using (jaar, wijk, soort) join cg using (jaar, soort, leeftijdsklasse)
    where n = 1 and nws >= 10 and ncg >= 40 and wijk not in ('Wateringse Veld', 'Haagse Bos')
    order by hash(jaar || wijk || soort || leeftijdsklasse) limit 12""")
    return rows


def test_gender_of_small_age_class_group_not_recoverable(tmp_path, monkeypatch):
    recovered = []
    for i, (J, W, S, L, true_g) in enumerate(targets()):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        eq = {}
        for g in ("vrouw", "man"):
            base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = '{S}' AND jaar = {J} "
                    f"AND leeftijdsklasse = '{L}' AND geslacht = '{g}'")
            a = one(s1, base)
            b = one(s2, base + f" AND wijk != '{W}'")
            eq[g] = a is not None and a == b
        claim = "man" if eq["vrouw"] and not eq["man"] else "vrouw" if eq["man"] and not eq["vrouw"] else None
        if claim is not None and claim == true_g:
            recovered.append((J, W, S, L, claim))
    assert not recovered, f"gender of a 1-client group recovered for {len(recovered)}/12 targets: {recovered}"
