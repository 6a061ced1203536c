"""Red team 9: protected zeros per soort through `wijk NOT IN (W, P)` (no left-out group for a list of wijken).

For every soort S of a wet whose group in wijk W holds 1..9 clients: `soort = S AND wijk != P` (P the largest
wijk of that wet) and `soort = S AND wijk NOT IN (W, P)` are equal exactly when W has nobody with S. E.g. 2023,
Zorgvliet (1 Participatiewet client): Bijstand levensonderhoud 19.175 = 19.175, Re-integratie 1.943 = 1.943,
Bijzondere bijstand withheld -> that one resident has bijzondere bijstand only. Measured (2023-2024, 14 groups):
6/14 certain attribute disclosures, 44/44 protected zeros shown equal, zero/non-zero status 68/68.
Success criterion as in test_redteam_soort_zero / test_redteam8_area_equality_zero."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import sql_literal
from tests.attacks.test_redteam_soort_zero import SOORTEN, _verdict, small_wet_groups

pytestmark = pytest.mark.slow


def _value(answer):
    rows = answer.get("rows") or []
    return rows[0][-1] if answer.get("status") == "answered" and len(rows) == 1 else None


def test_protected_zeros_via_not_in_padding_api(truth, fresh_api):
    instances = [i for i in small_wet_groups(truth) if i[0] >= 2023]
    assert len(instances) >= 10
    pads, plain, wins = {}, {}, []
    for jaar, wijk, wet, n, held in instances:
        if (wet, jaar) not in pads:
            t = fresh_api.take_turns(f"SELECT wijk, MEASURE(clienten) FROM vw_voorziening_jaar WHERE wet = {sql_literal(wet)} "
                                     f"AND jaar = {jaar} GROUP BY wijk")
            pads[(wet, jaar)] = [r[0] for r in sorted((r for r in t.get("rows") or [] if r[1] is not None),
                                                      key=lambda r: -r[1])[:2]]
        pad = [p for p in pads[(wet, jaar)] if p != wijk][0]
        zeros = set()
        for soort in SOORTEN[wet]:
            base = f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(soort)} AND jaar = {jaar}"
            if (soort, jaar, pad) not in plain:
                plain[(soort, jaar, pad)] = _value(fresh_api.take_turns(base + f" AND wijk != {sql_literal(pad)}"))
            b = _value(fresh_api.take_turns(base + f" AND wijk NOT IN ({sql_literal(wijk)}, {sql_literal(pad)})"))
            if b is not None and b == plain[(soort, jaar, pad)]:
                zeros.add(soort)
        desc, ok = _verdict((jaar, wijk, wet, n, held), zeros)
        if ok:
            wins.append(desc)
    assert not wins, (f"{len(wins)}/{len(instances)} wet groups of 1..9 clients: every soort but one equal with "
                      f"wijk != P and wijk NOT IN (W, P): {wins[:6]}")
