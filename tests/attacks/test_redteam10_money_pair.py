"""Red team 10, finding 4: two cost cells that differ by exactly one client's provision-year row(s) (same persons)
are both released. SPEC §5 lists money differencing on provision-year rows among the exact checks.
Fails if both cells of any pair are shown."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, one, truth, use_fresh_log

pytestmark = pytest.mark.slow

PAIRS = [("Vogelwijk", 2022, "Maatschappelijke opvang", "Vervoersvoorziening"),
         ("Westbroekpark en Duttendel", 2022, "Jeugdreclassering", "Jeugdhulp zonder verblijf"),
         ("Hoornwijk", 2022, "Woningaanpassing", "Hulpmiddelen")]


def test_cost_pair_differing_by_one_provision_is_not_both_released(tmp_path, monkeypatch):
    both = []
    for i, (W, J, S5, Sx) in enumerate(PAIRS):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        b = one(s2, f"SELECT MEASURE(kosten) FROM semantische_laag WHERE wijk = '{W}' AND jaar = {J} AND soort = '{Sx}'")
        a = one(s1, f"SELECT MEASURE(kosten) FROM semantische_laag WHERE wijk = '{W}' AND jaar = {J} "
                    f"AND soort IN ('{S5}', '{Sx}')")
        if a is not None and b is not None:
            t = truth(f"select sum(bedrag) from vw_kosten where wijk='{W}' and jaar={J} and soort='{S5}'")[0][0]
            both.append((W, J, S5, round(a - b, 2), t))
    assert not both, f"cost of a single client's provision estimated by A-B (estimate, truth): {both}"
