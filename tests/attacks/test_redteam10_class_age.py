"""Red team 10, leak 1 (ages): the exact age of a wijk's only client of soort S in one leeftijdsklasse, where the
wijk's S group is large. Pair 'city' vs 'city without W' on leeftijd BETWEEN a AND b inside the class; equal
values say W has nobody of S in a..b. Claim age x only when both [class_lo, x-1] and [x+1, class_hi] are shown
equal. The test fails if any exact age is confirmed right."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, one, truth, use_fresh_log

pytestmark = pytest.mark.slow

CLS = {'18-26': (18, 26), '65-74': (65, 74)}


def rng(l, h):
    return f"leeftijd BETWEEN {l} AND {h}"

def targets():
    return truth("""
    with c as (select jaar, wijk, soort, leeftijdsklasse, leeftijd, persoon_id from vw_voorziening_jaar),
    g as (select jaar, wijk, soort, leeftijdsklasse, count(distinct persoon_id) n, min(leeftijd) age from c group by all),
    ws as (select jaar, wijk, soort, count(distinct persoon_id) nws from c group by all),
    cg as (select jaar, soort, leeftijdsklasse, count(distinct persoon_id) ncg from c group by all)
    select g.jaar, g.wijk, g.soort, g.leeftijdsklasse, age
    from g join ws using (jaar, wijk, soort) join cg using (jaar, soort, leeftijdsklasse)
    where n = 1 and nws >= 10 and ncg >= 80 and leeftijdsklasse in ('18-26', '65-74')
      and wijk not in ('Wateringse Veld', 'Haagse Bos')
    order by hash(jaar || wijk || soort || leeftijdsklasse) limit 12""")


def test_exact_age_of_small_class_member_not_recoverable(tmp_path, monkeypatch):
    hits = []
    for i, (J, W, S, L, true_age) in enumerate(targets()):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        def eq(cond):
            base = f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = '{S}' AND jaar = {J} AND {cond}"
            a = one(s1, base); b = one(s2, base + f" AND wijk != '{W}'")
            return a is not None and a == b, a
        clo, chi = CLS[L]; lo, hi = clo, chi
        while lo < hi:
            m = (lo + hi + 1) // 2
            e, a = eq(rng(m, chi))
            if e: hi = m - 1
            elif a is not None: lo = m
            else: break
        if lo == hi:
            up = lo == chi or eq(rng(lo + 1, chi))[0]
            dn = lo == clo or eq(rng(clo, lo - 1))[0]
            if up and dn and lo == true_age:
                hits.append((J, W, S, L, lo))
    assert not hits, f"exact age confirmed for {len(hits)}/12 single-client groups: {hits}"
