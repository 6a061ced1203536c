"""The SQL an analyst can edit: every compiled question as analyst SQL over the semantic layer, same
figures when it is sent back through the analyst guard."""

from __future__ import annotations

import pytest

from guards import analyst_query
from semantic_layer import Catalogue, SemanticQuery, compile_query, load_model


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con.cursor())


EDITABLE = [
    dict(metrics=["clienten"], dimensions=["wijk"], filters=[dict(dimension="wet", values=["Wmo"])], years=[2024]),
    dict(metrics=["voorzieningen"], dimensions=["soort"], years=[2023]),
    dict(metrics=["huishoudens_met_voorziening"], dimensions=["leeftijdsklasse"], years=[2024]),
    dict(metrics=["instroom"], dimensions=["wijk"], years=[2022], order_by=[dict(field="instroom")], limit=5),
    dict(metrics=["begroting"], dimensions=["taakveld"], years=[2024]),
    dict(metrics=["clienten_per_1000"], dimensions=["wijk"], years=[2024]),
    dict(metrics=["kosten", "kosten_per_client"], dimensions=["wet"], years=[2024]),
    dict(metrics=["clienten"], dimensions=["wet"], year_comparison=dict(base_year=2022, compare_year=2024)),
    dict(metrics=["cbs_inwoners"], dimensions=["gemeente"], filters=[dict(dimension="gemeente", values=["Amsterdam", "Utrecht"])]),
]


def _visible(con, compiled, sql):
    cur = con.cursor()
    names = [d[0] for d in cur.execute(sql).description]
    rows = cur.fetchall()
    keep = [i for i, n in enumerate(names) if n in {c.name for c in compiled.visible_columns}]
    return [tuple(r[i] for i in keep) for r in rows]


@pytest.mark.parametrize("query", EDITABLE, ids=lambda q: "+".join(q["metrics"]) + ("-vergelijking" if "year_comparison" in q else ""))
def test_editable_sql_gives_the_same_figures_through_the_analyst_guard(query, catalogue, warehouse_con):
    compiled = compile_query(SemanticQuery(**query), catalogue)
    editable = compiled.editable_sql()
    assert editable is not None
    assert "__n" not in editable and "WITH" not in editable.upper().split()
    rewritten = analyst_query(editable, catalogue)
    assert _visible(warehouse_con, rewritten, rewritten.sql()) == _visible(warehouse_con, compiled, compiled.sql())


def test_simple_questions_are_written_over_their_view(catalogue):
    compiled = compile_query(SemanticQuery(metrics=["clienten"], dimensions=["wijk"], years=[2024]), catalogue)
    assert "COUNT(DISTINCT persoon_id) AS clienten" in compiled.editable_sql()
    assert "FROM vw_voorziening_jaar" in compiled.editable_sql()


def test_ratio_questions_are_written_with_measure(catalogue):
    compiled = compile_query(SemanticQuery(metrics=["clienten_per_1000"], dimensions=["wijk"], years=[2024]), catalogue)
    assert compiled.editable_sql(pretty=False) == (
        "SELECT wijk, MEASURE(clienten_per_1000) AS clienten_per_1000 FROM semantische_laag WHERE jaar = 2024 GROUP BY wijk"
    )
