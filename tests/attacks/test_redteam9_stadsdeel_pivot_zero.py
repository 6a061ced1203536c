"""Red team 9: protected zeros per soort, by the stadsdeel pivot (see test_redteam9_stadsdeel_pivot_age.py).

For a wet group of 1..9 clients in wijk W, and each soort S of the wet:
    A = soort = S AND jaar = J AND stadsdeel != X        B = ... AND wijk NOT IN (X's other wijken)
Equal values: W has nobody with S (same units, same value); B withheld: somebody. E.g. 2021, Zuiderpark
(Jeugdwet: 1 client): Pleegzorg 1.535 / 1.535, Jeugdreclassering 452 / 452, Jeugdbescherming and Jeugdhulp
met verblijf equal too, Jeugdhulp zonder verblijf 6.960 / withheld -> the wijk's one Jeugdwet client has
jeugdhulp zonder verblijf and nothing else.

Success of one instance: as in test_redteam_soort_zero (every soort but one equal, and the remaining soort held
by every client of that wet in that wijk and year). Measured (zero_sd.py, 2019-2024): 4/47 wet groups pinned,
39/129 protected zeros shown as equal values. The test asks only wet groups whose other wijken pass the
left-out rule for every soort (an attacker simply tries them all; the rest give withheld cells)."""

from __future__ import annotations

import pytest

from tests.attacks.test_redteam_soort_zero import SOORTEN, _verdict, small_wet_groups

from tests.attacks.pivot import counts, others_pass, pair, stadsdeel_of, value

pytestmark = pytest.mark.slow


def test_equal_values_around_a_stadsdeel_pivot_show_protected_zeros(truth, fresh_api):
    sd = stadsdeel_of(truth)
    soort_n, wet_n, wet_of = counts(truth)
    groups = [g for g in small_wet_groups(truth)
              if g[1] in sd and all(others_pass(sd, soort_n, wet_n, wet_of, g[0], g[1], s) for s in SOORTEN[g[2]])]
    assert len(groups) >= 3
    wins, zeros_shown, plain = [], [], {}
    for jaar, wijk, wet, n, held in groups:
        zeros = set()
        for soort in SOORTEN[wet]:
            a_sql, b_sql = pair(sd, soort, jaar, wijk)
            if a_sql not in plain:
                plain[a_sql] = value(fresh_api.take_turns(a_sql))
            b = value(fresh_api.take_turns(b_sql))
            if b is not None and b == plain[a_sql]:
                zeros.add(soort)
                if soort not in held:
                    zeros_shown.append((jaar, wijk, wet, n, soort))
        desc, ok = _verdict((jaar, wijk, wet, n, held), zeros)
        if ok:
            wins.append(desc)
    assert not wins and not zeros_shown, (
        f"{len(wins)}/{len(groups)} wet groups of 1..9 clients pinned to one soort: {wins}; "
        f"{len(zeros_shown)} protected zeros shown as equal values, e.g. {zeros_shown[:5]}")
