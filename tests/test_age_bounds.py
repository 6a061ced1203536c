"""Rule 0a of the disclosure guard: an age bound inside an age class. 'Leeftijd >= a' answered, withheld or equal
to the plain figure told, a year at a time, the age of the youngest client (red team 5); a cell in a class that
the bounds cut is now shown only with k or more units in each run of that class's ages, kept or left out."""

from __future__ import annotations

import pytest

from guards.analyst import analyst_query
from guards.disclosure import DisclosureGuard, ReleaseMemory
from guards.runner import run_guarded
from semantic_layer import Catalogue, load_model

K = 10


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


def _run(sql, catalogue, warehouse_con):
    compiled = analyst_query(sql, catalogue)
    result, _ = run_guarded(warehouse_con.cursor(), compiled, catalogue.allowed_views(), DisclosureGuard(), ReleaseMemory())
    return compiled, result


def _count(con, where: str) -> int:
    return con.execute(f"SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE {where}").fetchone()[0]


def test_bounds_at_class_limits_cut_nothing(catalogue):
    for bound in ("leeftijd >= 18", "leeftijd < 65", "leeftijd BETWEEN 27 AND 74", "leeftijd > 74"):
        compiled = analyst_query(f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE jaar = 2024 AND {bound}",
                                 catalogue)
        assert compiled.age_cut == [] and compiled.age_runs == [], bound


def test_a_bound_inside_a_class_splits_it_into_runs(catalogue):
    compiled = analyst_query(
        "SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE jaar = 2024 AND leeftijd >= 30 AND leeftijd <> 40",
        catalogue)
    assert compiled.age_cut == ["27-64"]
    assert [(r.ages, r.kept) for r in compiled.age_runs] == [((27, 29), False), ((30, 39), True), ((40, 40), False),
                                                             ((41, 64), True)]
    assert all(r.ast is not None for r in compiled.age_runs)


def test_a_zero_below_a_bound_inside_a_class_is_not_shown(catalogue, warehouse_con):
    # the youngest Wmo client of a large wijk: 'younger than that age' is 0, which said 'nobody younger'
    wijk, youngest = warehouse_con.execute(
        "SELECT wijk, min(leeftijd) FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk "
        "HAVING count(DISTINCT persoon_id) > 500 AND min(leeftijd) NOT IN (0, 18, 27, 65, 75) ORDER BY wijk LIMIT 1"
    ).fetchone()
    where = f"jaar = 2024 AND wet = 'Wmo' AND wijk = '{wijk}'"
    assert _count(warehouse_con, f"{where} AND leeftijd < {youngest}") == 0
    for bound in (f"leeftijd < {youngest}", f"leeftijd < {youngest + 1}", f"leeftijd >= {youngest}",
                  f"leeftijd >= {youngest + 1}"):
        _, result = _run(f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE {where} AND {bound}",
                         catalogue, warehouse_con)
        assert result.rows == [[None]], bound
        assert any("leeftijdsgrens midden in een leeftijdsklasse" in n for n in result.notices), bound


def test_a_bound_with_enough_on_both_sides_is_answered(catalogue, warehouse_con):
    where = "jaar = 2024 AND wet = 'Wmo'"
    assert _count(warehouse_con, f"{where} AND leeftijd BETWEEN 27 AND 49") >= K
    assert _count(warehouse_con, f"{where} AND leeftijd BETWEEN 50 AND 64") >= K
    _, result = _run(f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE {where} AND leeftijd >= 50",
                     catalogue, warehouse_con)
    true = _count(warehouse_con, f"{where} AND leeftijd >= 50")
    assert result.rows[0][0] is not None and abs(result.rows[0][0] - true) <= 5


def test_classes_the_bound_does_not_cut_keep_their_figures(catalogue, warehouse_con):
    _, result = _run("SELECT wijk, leeftijdsklasse, MEASURE(clienten) FROM vw_voorziening_jaar WHERE jaar = 2024 "
                     "AND wet = 'Wmo' AND leeftijd >= 70 GROUP BY wijk, leeftijdsklasse", catalogue, warehouse_con)
    rows = {(r[0], r[1]): r[2] for r in result.rows}
    big = warehouse_con.execute(
        "SELECT wijk FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' AND leeftijd >= 75 GROUP BY wijk "
        "HAVING count(DISTINCT persoon_id) >= 100 ORDER BY wijk LIMIT 1").fetchone()[0]
    assert rows[(big, "75+")] is not None  # 75+ is whole: no run to check


def test_rows_the_group_by_left_out_come_back_hidden(catalogue, warehouse_con):
    # a wijk with nobody younger than the bound had no row at all: its absence said 0
    _, result = _run("SELECT wijk, MEASURE(clienten) FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' "
                     "AND leeftijd < 21 GROUP BY wijk", catalogue, warehouse_con)
    shown = {r[0] for r in result.rows}
    with_anyone_18_26 = {w for (w,) in warehouse_con.execute(
        "SELECT DISTINCT wijk FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' "
        "AND leeftijd BETWEEN 18 AND 26").fetchall()}
    assert with_anyone_18_26 <= shown
    empty = [r for r in result.rows if _count(warehouse_con, f"jaar = 2024 AND wet = 'Wmo' AND wijk = '{r[0]}' "
                                                             "AND leeftijd < 21") == 0]
    assert empty and all(r[1] is None for r in empty)
