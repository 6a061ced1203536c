"""Analyst SQL over the semantic layer: SemanticQuery -> SQL -> SemanticQuery compiles to the same SQL,
for every verified example, every question of the development set and random valid queries."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.evaluation import load_devset
from assistant.interpreter import OfflineInterpreter
from guards.analyst import analyst_query
from semantic_layer import Catalogue, QueryError, SemanticQuery, compile_query, load_model
from semantic_layer.sql_api import SEMANTIC_RELATION, SqlApiError, compile_sql, from_sql, to_sql


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


def _sql(node) -> str | None:
    return None if node is None else node.sql(dialect="duckdb")


def assert_round_trip(query: SemanticQuery, catalogue) -> str:
    """to_sql(query) is the compiled query's editable SQL, and translating it back compiles to the same
    SQL (values, unit sets, wider groups, complete domains)."""
    compiled = compile_query(query, catalogue)
    text = to_sql(query, catalogue)
    assert text == compiled.editable_sql()
    back = compile_sql(text, catalogue)
    assert back.sql() == compiled.sql(), text
    assert back.units_sql() == compiled.units_sql(), text
    assert _sql(back.parent_ast) == _sql(compiled.parent_ast), text
    assert back.domains == compiled.domains, text
    assert [c.model_dump() for c in back.columns] == [c.model_dump() for c in compiled.columns], text
    return text


def test_every_metric_example_round_trips(catalogue):
    checked = 0
    for metric in catalogue.model.metrics.values():
        for example in metric.examples:
            assert_round_trip(SemanticQuery(**example.query), catalogue)
            checked += 1
    assert checked >= 30


def _devset_queries(catalogue) -> list[tuple[str, SemanticQuery]]:
    interpreter = OfflineInterpreter(catalogue)
    found: list[tuple[str, SemanticQuery]] = []
    for conversation in load_devset():
        context = None
        for turn in conversation.turns:
            interp = interpreter.interpret(turn.question, context)
            if interp.kind not in ("query", "show_sql", "chart") or interp.query is None:
                continue
            try:
                compile_query(interp.query, catalogue)
            except QueryError:
                continue
            found.append((turn.key, interp.query))
            context = interp.query
    return found


def test_every_development_set_query_round_trips(catalogue):
    queries = _devset_queries(catalogue)
    assert len(queries) >= 200
    forms = {"view": 0, "measure": 0, "comparison": 0}
    for key, query in queries:
        try:
            text = assert_round_trip(query, catalogue)
        except (SqlApiError, AssertionError) as err:
            raise AssertionError(f"{key}: {query.model_dump(exclude_defaults=True)}: {err}") from None
        forms["comparison" if query.year_comparison else "measure" if SEMANTIC_RELATION in text else "view"] += 1
    assert all(n >= 5 for n in forms.values()), forms


def test_editable_sql_is_accepted_back_by_the_analyst_guard(catalogue):
    for _key, query in _devset_queries(catalogue)[::7]:
        compiled = compile_query(query, catalogue)
        assert analyst_query(compiled.editable_sql(), catalogue).sql() == compiled.sql()


def test_canonical_queries_come_back_unchanged(catalogue):
    query = SemanticQuery(metrics=["instroom"], dimensions=["wijk", "geslacht"], years=[2023],
                          filters=[{"dimension": "wet", "op": "in", "values": ["Wmo"]},
                                   {"dimension": "leeftijd", "op": "between", "values": [18, 64]}],
                          order_by=[{"field": "instroom", "descending": True}], limit=10)
    text = to_sql(query, catalogue, pretty=False)
    assert text == (
        "SELECT wijk, geslacht, COUNT(DISTINCT persoon_id) FILTER(WHERE is_instroom) AS instroom "
        "FROM vw_voorziening_jaar WHERE jaar = 2023 AND wet IN ('Wmo') AND leeftijd BETWEEN 18 AND 64 "
        "GROUP BY wijk, geslacht ORDER BY instroom DESC LIMIT 10"
    )
    assert from_sql(text, catalogue) == query


def test_ratios_several_metrics_and_comparisons_use_measure(catalogue):
    ratio = to_sql(SemanticQuery(metrics=["clienten_per_1000"], dimensions=["wijk"], years=[2024]), catalogue, pretty=False)
    assert ratio == ("SELECT wijk, MEASURE(clienten_per_1000) AS clienten_per_1000 FROM semantische_laag "
                     "WHERE jaar = 2024 GROUP BY wijk")
    mixed = to_sql(SemanticQuery(metrics=["begroting", "realisatie"], dimensions=["taakveld"], years=[2024]), catalogue, pretty=False)
    assert "MEASURE(begroting) AS begroting, MEASURE(realisatie) AS realisatie FROM semantische_laag" in mixed
    comparison = SemanticQuery(metrics=["kosten"], dimensions=["wet"],
                               year_comparison={"base_year": 2022, "compare_year": 2024}, order_by=[{"field": "kosten"}])
    text = to_sql(comparison, catalogue, pretty=False)
    assert text == (
        "SELECT wet, MEASURE(kosten) FILTER(WHERE jaar = 2022) AS kosten_2022, "
        "MEASURE(kosten) FILTER(WHERE jaar = 2024) AS kosten_2024 FROM semantische_laag "
        "GROUP BY wet ORDER BY kosten_2024 DESC"
    )
    compiled = compile_sql(text, catalogue)
    assert [c.name for c in compiled.visible_columns] == [
        "wet", "kosten_2022", "kosten_2024", "kosten_verschil", "kosten_verschil_pct"]


def test_implicit_dimensions_are_written_out(catalogue):
    # several wijken in a filter, several years: the result shows them, so the SQL names them
    query = SemanticQuery(metrics=["clienten"], filters=[{"dimension": "wijk", "values": ["Moerwijk", "Laak"]}],
                          years=[2022, 2023])
    text = to_sql(query, catalogue, pretty=False)
    assert text.startswith("SELECT wijk, jaar, COUNT(DISTINCT persoon_id) AS clienten") and text.endswith("GROUP BY wijk, jaar")
    assert_round_trip(query, catalogue)


def test_the_two_kosten_measures_are_told_apart_by_name(catalogue):
    assert from_sql("SELECT SUM(bedrag) AS realisatie FROM vw_kosten", catalogue).metrics == ["realisatie"]
    assert from_sql("SELECT SUM(bedrag) FROM vw_kosten", catalogue).metrics == ["kosten"]


def test_translation_needs_no_warehouse():
    # from_sql reads only the model: a catalogue without any warehouse values translates the same
    bare = Catalogue(load_model())
    query = from_sql("SELECT jaar, MEASURE(uitputting) FROM semantische_laag WHERE taakveld = '6.81' GROUP BY jaar", bare)
    assert query.metrics == ["uitputting"] and query.dimensions == ["jaar"]


# ---------------------------------------------------------------------------------------- random
@st.composite
def semantic_queries(draw, catalogue):
    model = catalogue.model
    names = sorted(model.metrics)
    first = draw(st.sampled_from(names))
    metrics = [first]
    if draw(st.integers(0, 3)) == 0:
        metrics.append(draw(st.sampled_from([m for m in names if m != first])))
    allowed = sorted(set.intersection(*(set(model.metrics[m].dimensions) for m in metrics)))
    assume(allowed)
    shown = [d for d in allowed if not model.dimensions[d].spec.get("filter_only")]
    dims = draw(st.lists(st.sampled_from(shown), max_size=2, unique=True)) if shown else []
    filters = []
    for _ in range(draw(st.integers(0, 2))):
        dim = draw(st.sampled_from(allowed))
        kind = model.dimensions[dim].spec["kind"]
        if kind == "numeric":
            op = draw(st.sampled_from([">=", "<=", ">", "<", "=", "between", "in"]))
            n = 2 if op == "between" else draw(st.integers(1, 3)) if op == "in" else 1
            values = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
        elif kind == "year":
            op = draw(st.sampled_from([">=", "<=", "between", "!=", "not in"]))
            n = 2 if op == "between" else 1
            values = draw(st.lists(st.sampled_from(catalogue.years), min_size=n, max_size=n, unique=op == "between"))
        else:
            choices = catalogue.values(dim)
            assume(choices)
            op = draw(st.sampled_from(["=", "!=", "in", "not in"]))
            n = draw(st.integers(1, min(3, len(choices)))) if op in ("in", "not in") else 1
            values = draw(st.lists(st.sampled_from(choices), min_size=n, max_size=n, unique=True))
        filters.append({"dimension": dim, "op": op, "values": values})
    years = catalogue.years_for(first)
    assume(years)
    query: dict = {"metrics": metrics, "dimensions": dims, "filters": filters}
    shape = draw(st.sampled_from(["latest", "years", "comparison"]))
    if shape == "years":
        query["years"] = draw(st.lists(st.sampled_from(years), min_size=1, max_size=min(3, len(years)), unique=True))
    elif shape == "comparison" and "jaar" not in dims and len(years) > 1:
        base, compare = draw(st.lists(st.sampled_from(years), min_size=2, max_size=2, unique=True))
        query["year_comparison"] = {"base_year": base, "compare_year": compare}
    if draw(st.booleans()):
        fields = metrics + dims
        if "year_comparison" in query:
            fields += [f"{metrics[0]}_verschil", f"{metrics[0]}_verschil_pct"]
        query["order_by"] = [{"field": draw(st.sampled_from(fields)), "descending": draw(st.booleans())}]
        query["limit"] = draw(st.none() | st.integers(1, 20))
    return SemanticQuery(**query)


@pytest.fixture(scope="module")
def random_queries(catalogue):
    return semantic_queries(catalogue)


def test_random_valid_semantic_queries_round_trip(catalogue, random_queries):
    seen = {"compiled": 0}

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(random_queries)
    def check(query):
        try:
            compile_query(query, catalogue)
        except QueryError:
            assume(False)
        seen["compiled"] += 1
        assert_round_trip(query, catalogue)

    check()
    assert seen["compiled"] >= 50


def test_a_bare_metric_orders_a_comparison_by_its_compare_year(catalogue):
    text = ("SELECT wet, MEASURE(kosten) FILTER (WHERE jaar = 2022) AS kosten_2022, "
            "MEASURE(kosten) FILTER (WHERE jaar = 2024) AS kosten_2024 FROM semantische_laag GROUP BY wet ORDER BY kosten DESC")
    compiled = compile_sql(text, catalogue)
    question = SemanticQuery(metrics=["kosten"], dimensions=["wet"], order_by=[{"field": "kosten"}],
                             year_comparison={"base_year": 2022, "compare_year": 2024})
    assert compiled.sql() == compile_query(question, catalogue).sql()
