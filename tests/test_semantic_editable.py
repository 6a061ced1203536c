"""The SQL an analyst can edit: the compiled question as one plain SELECT, same figures through the guards."""

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
]


def _visible(con, compiled, sql):
    cur = con.cursor()
    names = [d[0] for d in cur.execute(sql).description]
    rows = cur.fetchall()
    keep = [i for i, n in enumerate(names) if n in {c.name for c in compiled.visible_columns}]
    return [tuple(r[i] for i in keep) for r in rows]


@pytest.mark.parametrize("query", EDITABLE, ids=lambda q: q["metrics"][0])
def test_editable_sql_gives_the_same_figures_through_the_analyst_guard(query, catalogue, warehouse_con):
    compiled = compile_query(SemanticQuery(**query), catalogue)
    editable = compiled.editable_sql()
    assert editable is not None
    assert "__n" not in editable and "WITH" not in editable.upper().split()
    rewritten = analyst_query(editable, catalogue)
    assert _visible(warehouse_con, rewritten, rewritten.sql()) == _visible(warehouse_con, compiled, compiled.sql())


def test_ratio_questions_have_no_editable_form(catalogue):
    compiled = compile_query(SemanticQuery(metrics=["clienten_per_1000"], dimensions=["wijk"], years=[2024]), catalogue)
    assert compiled.editable_sql() is None
