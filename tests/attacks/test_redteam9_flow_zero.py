"""Red team 9: instroom and uitstroom of a group of 1..9 clients are shown as 0.

`SELECT MEASURE(instroom) FROM vw_voorziening_jaar WHERE wijk = 'Zuiderpark' AND soort = 'Schuldhulpverlening'
AND jaar = 2022` gives 0 while the group it is drawn from (the wijk's Schuldhulpverlening clients in 2022, also
its whole Schuldhulpverlening wet group) is one resident: the answer says that this one resident's schuldhulp
started before 2022. The instroom and uitstroom of a year are subsets of the clients of that year; a 0 whose
wider group holds 1..k-1 units is what SPEC §5 forbids to show ("nor a 0 whose wider group (or population) has
1 to k-1 units"), and the product already hides such zeros for soorten, ages and genders.
The same zero comes out city-wide: instroom with and without `wijk != 'Zuiderpark'` 1.829 / 1.829.
Measured (flow.py, 594 cells of 1..9 clients, 2020-2024): 52 of the 123 true zeros of instroom and 47 of the 118
of uitstroom shown as 0 (every shown 0 is right)."""

from __future__ import annotations

import pytest

from tests.attacks.conftest import sql_literal

pytestmark = pytest.mark.slow


def test_flows_of_a_small_group_are_not_shown_as_zero(truth, fresh_api):
    cells = truth.rows("""
        SELECT wijk, soort, jaar, count(DISTINCT persoon_id) AS n,
               count(DISTINCT persoon_id) FILTER (WHERE year(startdatum) = jaar) AS inst,
               count(DISTINCT persoon_id) FILTER (WHERE year(einddatum) = jaar) AS uit
        FROM truth_active WHERE jaar BETWEEN 2021 AND 2024
        GROUP BY wijk, soort, jaar HAVING n BETWEEN 1 AND 9 AND (inst = 0 OR uit = 0)
        ORDER BY hash(wijk || soort || jaar::VARCHAR) LIMIT 40""")
    assert len(cells) >= 20
    shown = []
    for wijk, soort, jaar, n, inst, uit in cells:
        for metric, true in (("instroom", inst), ("uitstroom", uit)):
            if true:
                continue
            answer = fresh_api.take_turns(
                f"SELECT MEASURE({metric}) FROM vw_voorziening_jaar WHERE wijk = {sql_literal(wijk)} "
                f"AND soort = {sql_literal(soort)} AND jaar = {jaar}")
            rows = answer.get("rows") or []
            if answer.get("status") == "answered" and rows and rows[0][-1] == 0:
                shown.append((wijk, soort, jaar, f"{n} clients", f"{metric} 0"))
    assert not shown, f"{len(shown)} zeros of a group of 1..9 clients shown: {shown[:6]}"
