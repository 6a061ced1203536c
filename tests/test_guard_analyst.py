"""An analyst's own SQL: rewritten with exact guard columns, or refused with a Dutch reason."""

from __future__ import annotations

import pytest

from guards.analyst import analyst_query
from guards.disclosure import DisclosureGuard, ReleaseMemory
from guards.runner import run_guarded
from guards.sql_guard import SqlRefused, check_ast
from semantic_layer import Catalogue, compile_query, load_model
from semantic_layer.query import SemanticQuery


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


def _rows(con, sql):
    cur = con.cursor().execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def test_counts_get_exact_unit_counts_per_cell(warehouse_con, catalogue):
    compiled = analyst_query(
        "SELECT wijk, geslacht, COUNT(*) AS regels, COUNT(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 65) AS ouderen "
        "FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk, geslacht",
        catalogue,
    )
    kinds = {c.name: (c.kind, c.count_column, c.counting_unit) for c in compiled.columns}
    assert kinds["wijk"][0] == "dimension" and kinds["geslacht"][0] == "dimension"
    assert kinds["regels"] == ("measure", "regels__n", "persoon")
    assert kinds["ouderen"] == ("measure", "ouderen__n", "persoon")
    got = {(r["wijk"], r["geslacht"]): r for r in _rows(warehouse_con, compiled.sql())}
    truth = _rows(
        warehouse_con,
        "SELECT wijk, geslacht, COUNT(DISTINCT persoon_id) AS n, COUNT(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 65) AS n65 "
        "FROM vw_voorziening_jaar WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk, geslacht",
    )
    assert len(got) == len(truth) > 40
    for t in truth:
        row = got[(t["wijk"], t["geslacht"])]
        assert row["regels__n"] == t["n"] and row["ouderen__n"] == t["n65"]


def test_households_are_the_counting_unit_when_households_are_counted(catalogue):
    compiled = analyst_query("SELECT wijk, COUNT(DISTINCT huishouden_id) AS hh FROM vw_voorziening_jaar GROUP BY wijk", catalogue)
    col = next(c for c in compiled.columns if c.name == "hh")
    assert col.counting_unit == "huishouden"
    assert "huishouden_id" in compiled.units_sql()


def test_money_gets_the_largest_share_and_units(warehouse_con, catalogue):
    compiled = analyst_query(
        "SELECT soort, SUM(bedrag) AS kosten FROM vw_kosten WHERE jaar = 2024 AND wijk = 'Moerwijk' GROUP BY soort ORDER BY kosten DESC",
        catalogue,
    )
    col = next(c for c in compiled.columns if c.name == "kosten")
    assert col.max_column == "kosten__max" and col.metric == "kosten"
    rows = {r["soort"]: r for r in _rows(warehouse_con, compiled.sql())}
    truth = _rows(
        warehouse_con,
        "SELECT soort, MAX(s) AS mx FROM (SELECT soort, persoon_id, SUM(bedrag) AS s FROM vw_kosten "
        "WHERE jaar = 2024 AND wijk = 'Moerwijk' GROUP BY soort, persoon_id) GROUP BY soort",
    )
    for t in truth:
        assert rows[t["soort"]]["kosten__max"] == pytest.approx(t["mx"], rel=1e-6)
    units = {r["soort"]: r["kosten__units"] for r in _rows(warehouse_con, compiled.units_sql())}
    assert all(len(units[s]) == rows[s]["kosten__n"] for s in rows)
    assert [o.field for o in compiled.query.order_by] == ["kosten"]


def test_rewritten_sql_still_passes_the_sql_guard(catalogue):
    compiled = analyst_query("SELECT jaar, AVG(bedrag) AS gem FROM vw_kosten GROUP BY jaar", catalogue)
    check_ast(compiled.ast, catalogue.allowed_views())


def test_published_views_may_be_read_row_by_row(warehouse_con, catalogue):
    compiled = analyst_query("SELECT jaar, taakveld, begroot FROM vw_begroting WHERE jaar = 2024", catalogue)
    assert all(c.counting_unit is None for c in compiled.columns)
    result, _sql = run_guarded(warehouse_con.cursor(), compiled, catalogue.allowed_views(), DisclosureGuard(), ReleaseMemory())
    assert result.status == "answered" and len(result.rows) >= 7 and not result.suppressed


def test_analyst_result_is_guarded_like_a_question(warehouse_con, catalogue):
    res, _sql = run_guarded(
        warehouse_con.cursor(),
        analyst_query("SELECT wijk, COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar WHERE jaar = 2024 AND soort = 'Pleegzorg' GROUP BY wijk", catalogue),
        catalogue.allowed_views(),
        DisclosureGuard(),
        ReleaseMemory(),
    )
    values = [r[1] for r in res.rows]
    assert None in values and all(v is None or v >= 10 or v == 0 for v in values)


REFUSED = {
    "join": "SELECT v.wijk, COUNT(*) AS n FROM vw_voorziening_jaar v JOIN vw_kosten k ON k.voorziening_id = v.voorziening_id GROUP BY v.wijk",
    "subquery": "SELECT COUNT(*) AS n FROM (SELECT wijk FROM vw_kosten GROUP BY wijk)",
    "scalar subquery in filter": "SELECT COUNT(*) AS n FROM vw_kosten WHERE bedrag > (SELECT AVG(bedrag) FROM vw_kosten)",
    "cte": "WITH a AS (SELECT wijk, COUNT(*) AS n FROM vw_kosten GROUP BY wijk) SELECT wijk, n FROM a",
    "having": "SELECT wijk, COUNT(*) AS n FROM vw_kosten GROUP BY wijk HAVING COUNT(*) > 100",
    "rollup": "SELECT wijk, COUNT(*) AS n FROM vw_kosten GROUP BY ROLLUP (wijk)",
    "expression group key": "SELECT leeftijd / 10 AS d, COUNT(*) AS n FROM vw_kosten GROUP BY leeftijd / 10",
    "max": "SELECT wijk, MAX(bedrag) AS m FROM vw_kosten GROUP BY wijk",
    "case in aggregate": "SELECT wijk, SUM(CASE WHEN geslacht = 'vrouw' THEN bedrag END) AS k FROM vw_kosten GROUP BY wijk",
    "column outside aggregate": "SELECT wijk, COUNT(*) + leeftijd AS n FROM vw_kosten GROUP BY wijk",
    "mixed filters in one column": "SELECT COUNT(*) FILTER (WHERE wet = 'Wmo') - COUNT(*) FILTER (WHERE wet = 'Jeugdwet') AS d FROM vw_kosten",
    "reserved name": "SELECT wijk, COUNT(*) AS n__n FROM vw_kosten GROUP BY wijk",
    "duplicate name": "SELECT wijk, COUNT(*) AS n, SUM(bedrag) AS n FROM vw_kosten GROUP BY wijk",
    "select distinct": "SELECT DISTINCT wijk, COUNT(*) AS n FROM vw_kosten GROUP BY wijk",
    "order by hidden aggregate": "SELECT wijk, SUM(bedrag) AS k FROM vw_kosten GROUP BY wijk ORDER BY MAX(bedrag)",
    "window": "SELECT wijk, SUM(COUNT(*)) OVER () AS n FROM vw_kosten GROUP BY wijk",
    "unlabelled groups": "SELECT COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar GROUP BY wijk",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unsafe_shapes_are_refused_in_dutch(catalogue, name):
    with pytest.raises(SqlRefused) as info:
        analyst_query(REFUSED[name], catalogue)
    assert info.value.reason[0].isupper() and len(info.value.reason) > 20


def test_every_model_example_compiles_to_sql_the_guard_admits(catalogue):
    model = catalogue.model
    checked = 0
    for metric in model.metrics.values():
        for example in metric.examples:
            compiled = compile_query(SemanticQuery(**example.query), catalogue)
            check_ast(compiled.ast, catalogue.allowed_views())
            checked += 1
    assert checked >= 10


def test_every_metric_in_every_shape_passes_the_sql_guard(catalogue):
    from semantic_layer import QueryError
    from semantic_layer.query import YearComparison

    admitted = 0
    for metric in catalogue.model.metrics:
        for dims in ([], ["wijk"], ["jaar"], ["leeftijdsklasse", "geslacht"], ["soort"], ["taakveld"], ["gemeente"]):
            for comparison in (None, YearComparison(base_year=2022, compare_year=2023)):
                query = dict(metrics=[metric], dimensions=dims, year_comparison=comparison)
                if dims:
                    query.update(order_by=[{"field": metric}], limit=5)
                try:
                    compiled = compile_query(SemanticQuery(**query), catalogue)
                except QueryError:
                    continue  # not a valid question for this metric: the compiler says so in Dutch
                check_ast(compiled.ast, catalogue.allowed_views())
                admitted += 1
    assert admitted >= 100
