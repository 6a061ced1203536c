"""Red team 10, leak 1b: inside one wijk, (W, S, J, geslacht = g) vs the same AND leeftijdsklasse != L.
Equal values say W's 1..9 clients of S in class L have no member of gender g. Fails if any gender is pinned right."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, one, truth, use_fresh_log

pytestmark = pytest.mark.slow


def targets():
    return truth("""
    with c as (select jaar, wijk, soort, leeftijdsklasse, geslacht, persoon_id from vw_voorziening_jaar),
    g as (select jaar, wijk, soort, leeftijdsklasse, count(distinct persoon_id) n, min(geslacht) gs from c group by all),
    wg as (select jaar, wijk, soort, count(distinct persoon_id) filter (where geslacht='man') nm,
                  count(distinct persoon_id) filter (where geslacht='vrouw') nv from c group by all)
    select jaar, wijk, soort, leeftijdsklasse, gs from g join wg using (jaar, wijk, soort)
    where n = 1 and nm >= 10 and nv >= 10 and wijk not in ('Haagse Bos', 'Wateringse Veld')
    order by hash(jaar || wijk || soort || leeftijdsklasse || 's8') limit 10""")


def test_gender_not_pinned_by_a_class_exclusion(tmp_path, monkeypatch):
    pinned = []
    for i, (J, W, S, L, tg) in enumerate(targets()):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        eq = {}
        for g in ("vrouw", "man"):
            base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = '{W}' AND soort = '{S}' "
                    f"AND jaar = {J} AND geslacht = '{g}'")
            a = one(s1, base); b = one(s2, base + f" AND leeftijdsklasse != '{L}'")
            eq[g] = a is not None and a == b
        claim = "man" if eq["vrouw"] and not eq["man"] else "vrouw" if eq["man"] and not eq["vrouw"] else None
        if claim == tg:
            pinned.append((J, W, S, L, claim))
    assert not pinned, f"gender of a wijk's only client in a class pinned for {len(pinned)}/10: {pinned}"
