"""Red team 9: the gender of a small soort group inside a large wijk, by pivoting on a wet exclusion.

    A: SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = W AND jaar = J AND geslacht = g
       AND wet != X                                -- left out: W's clients of wet X as one part (>= k)
    B: ... AND soort NOT IN (<X's soorten but S>)  -- left out: each other soort of X (0 or >= k); S stays in

B - A is W's clients of S (with nothing outside X) of gender g. Equal values: none of W's 1..9 clients of S is
g — a 0 whose wider group (the same group without the gender narrowing) holds 1..9, which the product hides
when asked directly. E.g. 2023, Vruchtenbuurt, Re-integratie (4 clients, all women); 2021, Duinoord,
Maatschappelijke opvang (1 client: a woman). Measured (soortpivot3.py, all 101 such groups 2019-2024): the
gender composition right 99/101 (chance 95/101: most groups are mixed), and every one of the 6 single-gender
groups recovered, 0 wrong claims."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import K, sql_literal
from tests.attacks.test_redteam_soort_zero import SOORTEN

from tests.attacks.pivot import value

pytestmark = pytest.mark.slow


def test_a_wet_exclusion_pivot_does_not_show_a_gender_absent_from_a_small_soort_group(truth, fresh_api):
    ok = lambda n: n == 0 or n >= K  # noqa: E731
    rows = truth.rows("SELECT jaar, wijk, wet, soort, count(DISTINCT persoon_id) FROM truth_active GROUP BY ALL")
    sn = {(j, w, s): n for j, w, x, s, n in rows}
    wn = {(j, w, x): n for j, w, x, n in truth.rows(
        "SELECT jaar, wijk, wet, count(DISTINCT persoon_id) FROM truth_active GROUP BY ALL")}
    targets = sorted((j, w, x, s, n) for j, w, x, s, n in rows if 1 <= n <= K - 1 and x in SOORTEN
                     and len(SOORTEN[x]) > 1 and ok(wn[(j, w, x)])
                     and all(ok(sn.get((j, w, o), 0)) for o in SOORTEN[x] if o != s))
    single = []
    for j, w, x, s, n in targets:
        genders = {g for (g,) in truth.rows("SELECT DISTINCT geslacht FROM truth_active WHERE jaar = ? AND wijk = ? "
                                            "AND soort = ?", [j, w, s])}
        if len(genders) == 1:
            single.append((j, w, x, s, n, ({"man", "vrouw"} - genders).pop()))
    assert len(single) >= 3
    shown = []
    for j, w, x, s, n, absent in single:
        base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = {sql_literal(w)} AND jaar = {j} "
                f"AND geslacht = {sql_literal(absent)}")
        a = value(fresh_api.take_turns(base + f" AND wet != {sql_literal(x)}"))
        b = value(fresh_api.take_turns(base + " AND soort NOT IN ("
                                       + ", ".join(sql_literal(o) for o in SOORTEN[x] if o != s) + ")"))
        if a is not None and a == b:
            shown.append((j, w, s, f"{n} clients", f"no {absent}"))
    assert not shown, f"{len(shown)}/{len(single)} single-gender groups of 1..9 clients shown by equal values: {shown}"
