"""Red team 8: absent rows of a table grouped by wet AND soort (or wet and taakveld) say 0 inside a wet group
of 1..9 clients.

`test_redteam_soort_zero.py` closed the shapes `soort = X` (a shown 0) and `GROUP BY soort` with a wet filter
(absent rows): there the guard fills in every soort of the wet and hides them all. Grouped by wet *and* soort
(in analyst SQL, or in words: "per wet en soort voorziening") only the (wet, soort) pairs with clients come
back, each suppressed, so the absent pairs are shown zeros whose wider group (the wet in the wijk) holds
1..9 clients (SPEC §5: "nor a 0 whose wider group (or population) has 1 to k−1 units"). When one soort is
left, every client of that wet in that wijk has it (e.g. 2024, Zorgvliet: the 2 Participatiewet clients both
have Bijzondere bijstand; Forepark: no Jeugdwet client of Forepark has Pleegzorg, Jeugdbescherming or
Jeugdhulp met verblijf).

One statement per wijk (all years at once). Success of one instance: as in test_redteam_soort_zero."""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import sql_literal
from tests.attacks.test_redteam_soort_zero import SOORTEN, _verdict, small_wet_groups

pytestmark = pytest.mark.slow  # many questions per target; run with the attack suite

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)


def _present(answer) -> set[tuple[int, str, str]]:
    return {(r[0], r[1], r[2]) for r in answer.get("rows") or [] if r}


def test_group_by_wet_and_soort_in_small_wet_group_api(truth, fresh_api):
    instances = small_wet_groups(truth)
    assert len(instances) >= 20
    by_wijk = collections.defaultdict(list)
    for inst in instances:
        by_wijk[inst[1]].append(inst)
    wins, zero_cells, zero_revealed = [], 0, 0
    for i, (wijk, insts) in enumerate(sorted(by_wijk.items())):
        a = fresh_api.take_turns(
            f"SELECT jaar, wet, soort, MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = {sql_literal(wijk)} "
            f"AND jaar IN {YEARS} GROUP BY jaar, wet, soort")
        if a["status"] == "refused":
            continue
        present = _present(a)
        for inst in insts:
            jaar, _, wet, n, held = inst
            zeros = {s for s in SOORTEN[wet] if (jaar, wet, s) not in present}
            zero_cells += len(set(SOORTEN[wet]) - held)
            zero_revealed += len(zeros - held)
            desc, ok = _verdict(inst, zeros)
            if ok:
                wins.append(desc)
    assert not wins, (f"{len(wins)}/{len(instances)} wet groups of 1..9 clients grouped by wet and soort list one soort "
                      f"only (absent rows say 0; {zero_revealed}/{zero_cells} protected zeros shown): {wins[:5]}")


def test_group_by_wet_and_taakveld_in_small_wet_group_api(truth, fresh_api):
    """The same with taakveld: Zorgvliet 2024 lists Participatiewet only under 6.3 (and not 6.5 Re-integratie)."""
    rows = truth.rows("""
        SELECT jaar, wijk, wet, count(DISTINCT persoon_id) AS n, list(DISTINCT taakveld) AS tv
        FROM truth_active WHERE wet IN ('Wmo', 'Jeugdwet', 'Participatiewet') AND jaar = 2024
        GROUP BY jaar, wijk, wet HAVING n BETWEEN 1 AND 9""")
    taakvelden = {"Wmo": {"6.6", "6.71", "6.81"}, "Jeugdwet": {"6.72", "6.82"}, "Participatiewet": {"6.3", "6.5"}}
    wins = []
    for jaar, wijk, wet, n, held in rows:
        a = fresh_api.take_turns(
            f"SELECT wet, taakveld, MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = {sql_literal(wijk)} "
            f"AND jaar = {jaar} GROUP BY wet, taakveld")
        listed = {r[1] for r in a.get("rows") or [] if r and r[0] == wet}
        if a["status"] != "refused" and len(listed) == 1 and listed < taakvelden[wet] and set(held) == listed:
            wins.append((jaar, wijk, wet, n, f"all {n} under {listed}"))
    assert not wins, f"{len(wins)}/{len(rows)} small wet groups pinned to one taakveld by absent rows: {wins[:5]}"
