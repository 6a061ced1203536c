"""Red team 10, leak 2: whether a wijk's only client of soort S5 also has soort Sx (same wet).
A: wijk = W AND jaar = J AND soort IN (S5, Sx); B: wijk = W AND jaar = J AND soort = Sx.
Equal -> has Sx; A withheld while B shown -> has not (38/38 right before the fix). A must stay withheld
whatever the client has: the test fails if A is shown for any of them."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, one, truth, use_fresh_log

pytestmark = pytest.mark.slow


def targets():
    return truth("""
    with c as (select distinct jaar, wijk, wet, soort, persoon_id from vw_voorziening_jaar),
    g as (select jaar, wijk, wet, soort, count(*) n, min(persoon_id) pid from c group by all),
    big as (select jaar, wijk, wet, soort sx from g where n >= 12)
    select g.jaar, g.wijk, g.soort, g.pid, list(sx order by sx) from g join big using (jaar, wijk, wet)
    where g.n = 1 and sx != g.soort and g.wijk not in ('Wateringse Veld', 'Haagse Bos')
    group by g.jaar, g.wijk, g.soort, g.pid order by hash(g.jaar || g.wijk || g.soort) limit 10""")


def test_provision_profile_of_a_wijks_only_client_not_recoverable(tmp_path, monkeypatch):
    shown = []
    for i, (J, W, S5, pid, sxs) in enumerate(targets()):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        has = {r[0] for r in truth(f"select distinct soort from vw_voorziening_jaar where jaar={J} and persoon_id={pid}")}
        for sx in sxs:
            b = one(s2, f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = '{W}' AND jaar = {J} AND soort = '{sx}'")
            a = one(s1, f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = '{W}' AND jaar = {J} "
                        f"AND soort IN ('{S5}', '{sx}')")
            if a is not None:  # shown although S5's part is one client: equal says 'has Sx', withheld 'has not'
                shown.append((J, W, S5, sx, a == b, sx in has))
    assert not shown, f"{len(shown)} cells shown whose pair with soort = Sx tells about one client: {shown[:8]}"
