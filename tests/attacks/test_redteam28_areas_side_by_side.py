"""Red team 28 (a copy of the working tree that became the areas-side-by-side commit): no confirmed leak. What held,
kept as a regression test of the new surface: areas of different levels named side by side are answered as a row per
area, each an ordinary guarded query, so a stadsdeel beside each of its other wijken, asked by four users in turn,
never leaves the last wijk's figure answerable (Haagse Bos holds 2 Jeugdwet clients in 2023), and an exclusion said
after the clause ('Haagse Bos wil ik er niet bij hebben') is withheld."""
from __future__ import annotations

import pytest


@pytest.fixture
def users(four_users):
    return four_users("rt28")


def test_a_stadsdeel_beside_each_of_its_wijken_leaves_no_small_wijk_four_users(users, truth):
    _a, s, _audit = users
    small = truth.scalar("SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE jaar = 2023 "
                         "AND wet = 'Jeugdwet' AND wijk = 'Haagse Bos'")
    assert 0 < small < 10
    rows: dict = {}
    for i, wijk in enumerate(["Benoordenhout", "Bezuidenhout", "Mariahoeve en Marlot"]):
        answer = s[("b", "r", "a1", "a2")[i]].ask(
            f"Hoeveel Jeugdwet-cliënten waren er in 2023 in {wijk} en in heel Haagse Hout?")
        assert answer.columns[0] == "gebied"
        rows.update({row[0]: row[1] for row in answer.rows})
    shown = [v for k, v in rows.items() if k != "Haagse Hout" and v is not None]
    assert not (rows.get("Haagse Hout") is not None and len(shown) == 3), rows
    left_out = s["a2"].ask("Hoeveel Jeugdwet-cliënten waren er in 2023 in Haagse Hout? Haagse Bos wil ik er niet bij "
                           "hebben.")
    assert left_out.rows == [[None]], left_out.rows
