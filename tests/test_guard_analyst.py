"""An analyst's own SQL: SQL over the semantic layer, compiled by the question compiler, or refused on
its syntax tree (with a Dutch reason) before anything runs."""

from __future__ import annotations

import pytest

import assistant.session as session_module
from assistant import Assistant, Settings
from guards.analyst import analyst_query
from guards.disclosure import DisclosureGuard, ReleaseMemory
from guards.runner import run_guarded
from guards.sql_guard import SqlRefused, check_ast
from semantic_layer import Catalogue, Filter, SemanticQuery, YearComparison, compile_query, load_model


class _Cursor:
    """A warehouse cursor that records every statement and, once armed, fails on any."""

    def __init__(self, con):
        self.cur = con.cursor()
        self.armed = False
        self.executed: list[str] = []

    def cursor(self):
        return self

    def execute(self, sql, params=None):
        self.executed.append(sql)
        if self.armed:
            raise AssertionError(f"er is SQL uitgevoerd: {sql[:80]}")
        self.cur.execute(sql, params or [])
        return self

    def fetchall(self):
        return self.cur.fetchall()

    @property
    def description(self):
        return self.cur.description


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


@pytest.fixture(scope="module")
def sealed(warehouse_con):
    """A catalogue whose warehouse connection fails on any statement after it was built."""
    spy = _Cursor(warehouse_con)
    cat = Catalogue.from_warehouse(load_model(), spy)
    spy.armed = True
    spy.executed.clear()
    return cat, spy


def _same(compiled, query: SemanticQuery, catalogue) -> bool:
    expected = compile_query(query, catalogue)
    return compiled.sql() == expected.sql() and compiled.units_sql() == expected.units_sql()


# ------------------------------------------------------------------------------------------- accepted
ACCEPTED = {
    "count per wijk": (
        "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
        "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk ORDER BY clienten DESC",
        dict(metrics=["clienten"], dimensions=["wijk"], years=[2024], filters=[Filter(dimension="wet", op="=", values=["Wmo"])],
             order_by=[{"field": "clienten", "descending": True}]),
    ),
    "no alias": (
        "select count(distinct huishouden_id) from vw_voorziening_jaar where wijk = 'Moerwijk'",
        dict(metrics=["huishoudens_met_voorziening"], filters=[Filter(dimension="wijk", op="=", values=["Moerwijk"])]),
    ),
    "flag in FILTER": (
        "SELECT jaar, COUNT(DISTINCT persoon_id) FILTER (WHERE is_instroom) AS instroom FROM vw_voorziening_jaar "
        "WHERE jaar IN (2022, 2023) GROUP BY jaar",
        dict(metrics=["instroom"], dimensions=["jaar"], years=[2022, 2023]),
    ),
    "flag in WHERE": (
        "SELECT jaar, COUNT(DISTINCT persoon_id) AS instroom FROM vw_voorziening_jaar "
        "WHERE is_instroom AND jaar IN (2022, 2023) GROUP BY jaar",
        dict(metrics=["instroom"], dimensions=["jaar"], years=[2022, 2023]),
    ),
    "money and two dimensions": (
        "SELECT soort, geslacht, SUM(bedrag) AS kosten FROM vw_kosten WHERE jaar = 2024 AND wijk = 'Moerwijk' "
        "GROUP BY geslacht, soort ORDER BY kosten DESC LIMIT 5",
        dict(metrics=["kosten"], dimensions=["soort", "geslacht"], years=[2024],
             filters=[Filter(dimension="wijk", op="=", values=["Moerwijk"])], order_by=[{"field": "kosten"}], limit=5),
    ),
    "average": (
        "SELECT AVG(duur_dagen) AS gemiddelde_duur FROM vw_voorziening_jaar WHERE soort = 'Beschermd wonen'",
        dict(metrics=["gemiddelde_duur"], filters=[Filter(dimension="soort", op="=", values=["Beschermd wonen"])]),
    ),
    "budget": (
        "SELECT taakveld, SUM(begroot) AS begroting FROM vw_begroting WHERE jaar = 2024 GROUP BY taakveld",
        dict(metrics=["begroting"], dimensions=["taakveld"], years=[2024]),
    ),
    "age bounds and negations": (
        "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = 2024 "
        "AND leeftijd BETWEEN 18 AND 64 AND NOT wet = 'Jeugdwet' AND wijk NOT IN ('Moerwijk') AND 75 > leeftijd GROUP BY wijk",
        dict(metrics=["clienten"], dimensions=["wijk"], years=[2024], filters=[
            Filter(dimension="leeftijd", op="between", values=[18, 64]), Filter(dimension="wet", op="!=", values=["Jeugdwet"]),
            Filter(dimension="wijk", op="not in", values=["Moerwijk"]), Filter(dimension="leeftijd", op="<", values=[75])]),
    ),
    "ratio through MEASURE": (
        "SELECT wijk, MEASURE(clienten_per_1000) FROM semantische_laag WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk",
        dict(metrics=["clienten_per_1000"], dimensions=["wijk"], years=[2024], filters=[Filter(dimension="wet", op="=", values=["Wmo"])]),
    ),
    "MEASURE over a view it reads": (
        "SELECT soort, MEASURE(kosten_per_client) AS kosten_per_client FROM vw_kosten WHERE jaar = 2024 GROUP BY soort",
        dict(metrics=["kosten_per_client"], dimensions=["soort"], years=[2024]),
    ),
    "several metrics": (
        "SELECT taakveld, MEASURE(begroting), MEASURE(realisatie), MEASURE(uitputting) FROM semantische_laag "
        "WHERE jaar = 2024 GROUP BY taakveld ORDER BY uitputting DESC",
        dict(metrics=["begroting", "realisatie", "uitputting"], dimensions=["taakveld"], years=[2024],
             order_by=[{"field": "uitputting"}]),
    ),
    "CBS indicator": (
        "SELECT gemeente, MEASURE(cbs_inwoners) FROM semantische_laag WHERE gemeente IN ('Amsterdam', 'Rotterdam') GROUP BY gemeente",
        dict(metrics=["cbs_inwoners"], dimensions=["gemeente"], filters=[Filter(dimension="gemeente", op="in", values=["Amsterdam", "Rotterdam"])]),
    ),
    "year comparison": (
        "SELECT wijk, MEASURE(clienten) FILTER (WHERE jaar = 2022) AS clienten_2022, "
        "MEASURE(clienten) FILTER (WHERE jaar = 2024) AS clienten_2024 FROM semantische_laag GROUP BY wijk "
        "ORDER BY clienten_verschil DESC LIMIT 3",
        dict(metrics=["clienten"], dimensions=["wijk"], year_comparison=YearComparison(base_year=2022, compare_year=2024),
             order_by=[{"field": "clienten_verschil"}], limit=3),
    ),
    "year range as a filter": (
        "SELECT jaar, MEASURE(stapeling) FROM semantische_laag WHERE jaar >= 2022 GROUP BY jaar",
        dict(metrics=["stapeling"], dimensions=["jaar"], filters=[Filter(dimension="jaar", op=">=", values=[2022])]),
    ),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_sql_compiles_like_the_same_question(name, sealed):
    cat, spy = sealed
    sql, expected = ACCEPTED[name]
    compiled = analyst_query(sql, cat)
    assert compiled.query == SemanticQuery(**expected)
    assert _same(compiled, SemanticQuery(**expected), cat)
    check_ast(compiled.ast, cat.allowed_views())
    assert spy.executed == []


def test_analyst_result_is_guarded_like_a_question(warehouse_con, catalogue):
    sql = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
           "WHERE jaar = 2024 AND soort = 'Pleegzorg' GROUP BY wijk")
    compiled = analyst_query(sql, catalogue)
    res, _sql = run_guarded(warehouse_con.cursor(), compiled, catalogue.allowed_views(), DisclosureGuard(), ReleaseMemory())
    values = [r[1] for r in res.rows]
    assert None in values and all(v is None or v >= 10 or v == 0 for v in values)
    assert res.columns == ["wijk", "clienten"]


def test_gender_breakdown_gets_domain_completion(catalogue):
    # the old open surface had no complete domain for GROUP BY geslacht: an absent row said 0
    compiled = analyst_query(
        "SELECT geslacht, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
        "WHERE jaar = 2024 AND wijk = 'Zorgvliet' AND soort = 'Pleegzorg' GROUP BY geslacht", catalogue)
    assert compiled.domains == {"geslacht": ["man", "vrouw"]}


def test_limit_is_the_semantic_query_limit(catalogue):
    # LIMIT is no longer pasted into the analyst's SQL: it is the question's top-N, compiled the same way
    compiled = analyst_query(
        "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = 2024 "
        "GROUP BY wijk ORDER BY clienten LIMIT 3", catalogue)
    question = SemanticQuery(metrics=["clienten"], dimensions=["wijk"], years=[2024],
                             order_by=[{"field": "clienten", "descending": False}], limit=3)
    assert compiled.query.limit == 3 and _same(compiled, question, catalogue)


def test_narrowing_by_age_gets_the_wider_group(catalogue):
    compiled = analyst_query(
        "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
        "WHERE jaar = 2024 AND soort = 'Pleegzorg' AND leeftijd >= 12 GROUP BY wijk", catalogue)
    assert compiled.parent_ast is not None


# ------------------------------------------------------------------------------------------- refused
REFUSED = {
    # the red team's findings
    "group by age": ("SELECT leeftijd, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar GROUP BY leeftijd", "leeftijdsklasse"),
    "group by start date": ("SELECT startdatum, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar GROUP BY startdatum", "startdatum"),
    "group by end date": ("SELECT einddatum, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar GROUP BY einddatum", "einddatum"),
    "case oracle in where": (
        "SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
        "WHERE CASE WHEN wijk = 'Zorgvliet' AND leeftijd = 17 THEN 1 / 0 ELSE 1 END = 1", "CASE"),
    "cast oracle in where": (
        "SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE CAST(soort AS INTEGER) = 1", "CAST"),
    "cast with ::": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE leeftijd::VARCHAR = '17'", "CAST"),
    "new measure family": ("SELECT COUNT(DISTINCT persoon_id) + 0 AS clienten FROM vw_voorziening_jaar", "geen dimensie en geen maat"),
    "scaled measure": ("SELECT wijk, SUM(bedrag) * 1 AS kosten FROM vw_kosten GROUP BY wijk", "geen dimensie en geen maat"),
    # common mistakes
    "select star": ("SELECT * FROM vw_voorziening_jaar", "SELECT *"),
    "person key": ("SELECT persoon_id, COUNT(DISTINCT voorziening_id) AS voorzieningen FROM vw_voorziening_jaar GROUP BY persoon_id", "sleutel"),
    "person key in where": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE persoon_id = 1000123", "sleutel"),
    "bsn": ("SELECT bsn FROM vw_kosten", "identificerend"),
    "naam": ("SELECT naam, COUNT(*) FROM vw_kosten GROUP BY naam", "identificerend"),
    "identity table": ("SELECT COUNT(*) FROM persoon_identiteit", "persoon_identiteit"),
    "raw table": ("SELECT wijk_code, COUNT(DISTINCT persoon_id) FROM voorziening GROUP BY wijk_code", "niet toegestaan"),
    "subquery": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM (SELECT * FROM vw_voorziening_jaar)", "Subquery"),
    "subquery in where": ("SELECT SUM(bedrag) AS kosten FROM vw_kosten WHERE wijk IN (SELECT wijk FROM vw_bevolking)", "Subquery"),
    "join": ("SELECT v.wijk, COUNT(DISTINCT v.persoon_id) AS clienten FROM vw_voorziening_jaar v JOIN vw_kosten k ON k.wijk = v.wijk GROUP BY v.wijk", "JOIN"),
    "two tables": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar, vw_kosten", "JOIN"),
    "cte": ("WITH a AS (SELECT wijk FROM vw_kosten) SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk", "WITH"),
    "union": ("SELECT SUM(bedrag) AS kosten FROM vw_kosten UNION SELECT SUM(bedrag) FROM vw_kosten", "UNION"),
    "window": ("SELECT wijk, SUM(SUM(bedrag)) OVER () AS kosten FROM vw_kosten GROUP BY wijk", "enster"),
    "multiple statements": ("SELECT SUM(bedrag) AS kosten FROM vw_kosten; SELECT 1", "één SQL-opdracht"),
    "delete": ("DELETE FROM kosten", "alleen-lezen"),
    "create": ("CREATE TABLE x AS SELECT 1 AS a", "alleen-lezen"),
    "function in where": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE lower(wijk) = 'moerwijk'", "functie"),
    "max": ("SELECT wijk, MAX(bedrag) AS m FROM vw_kosten GROUP BY wijk", "functie"),
    "count star": ("SELECT wijk, COUNT(*) AS n FROM vw_kosten GROUP BY wijk", "COUNT(*)"),
    "count without distinct": ("SELECT COUNT(persoon_id) AS clienten FROM vw_voorziening_jaar", "COUNT(DISTINCT"),
    "aggregate of no metric": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_kosten", "SUM(bedrag) AS kosten"),
    "free alias": ("SELECT wijk, COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar GROUP BY wijk", "AS clienten"),
    "dimension alias": ("SELECT wijk AS buurt, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar GROUP BY wijk", "eigen naam"),
    "filter with a population of its own": (
        "SELECT COUNT(DISTINCT persoon_id) FILTER (WHERE leeftijd = 18) AS clienten FROM vw_voorziening_jaar", "FILTER"),
    "measure with a flag": ("SELECT MEASURE(clienten) FROM semantische_laag WHERE is_instroom", "vlag"),
    "unknown measure": ("SELECT MEASURE(bedrag) FROM semantische_laag", "geen maat"),
    "aggregate on the semantic relation": ("SELECT SUM(bedrag) AS kosten FROM semantische_laag", "MEASURE"),
    "or": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wet = 'Wmo' OR leeftijd = 18", "OR"),
    "column to column": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk = gemeente", "andere kolom"),
    "expression in where": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE leeftijd + 1 = 18", "geen dimensie"),
    "is null": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk IS NULL", "dimensie <op> waarde"),
    "like": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk LIKE 'Zorg%'", "dimensie <op> waarde"),
    "not between": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE leeftijd NOT BETWEEN 1 AND 90", "NOT BETWEEN"),
    "having": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk HAVING SUM(bedrag) > 1000", "HAVING"),
    "distinct": ("SELECT DISTINCT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk", "DISTINCT"),
    "group by missing": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten", "GROUP BY"),
    "group by other than select": ("SELECT SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk", "GROUP BY"),
    "group by all": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY ALL", "GROUP BY ALL"),
    "order by hidden": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk ORDER BY COUNT(DISTINCT persoon_id)", "ORDER BY"),
    "offset": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk ORDER BY kosten LIMIT 1 OFFSET 3", "OFFSET"),
    "huge limit": ("SELECT wijk, SUM(bedrag) AS kosten FROM vw_kosten GROUP BY wijk LIMIT 100000", "LIMIT"),
    "union of wijken in one cell": (
        "SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk IN ('Moerwijk', 'Zorgvliet')", "SELECT en GROUP BY"),
    "unknown wijk": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk = 'Atlantis'", "geen bekende wijk"),
    "dimension the metric lacks": ("SELECT wijk, SUM(begroot) AS begroting FROM vw_begroting GROUP BY wijk", "wijk"),
    "one comparison column": (
        "SELECT MEASURE(clienten) FILTER (WHERE jaar = 2022) AS clienten_2022 FROM semantische_laag", "vergelijking"),
    "no measure": ("SELECT wijk FROM vw_kosten GROUP BY wijk", "maat"),
    "table function": ("SELECT COUNT(*) FROM read_csv('/etc/passwd')", "niet toegestaan"),
    "placeholder": ("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE wijk = ?", "Parameter"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_everything_outside_the_query_space_is_refused_before_anything_runs(name, sealed):
    cat, spy = sealed
    sql, fragment = REFUSED[name]
    with pytest.raises(SqlRefused) as info:
        analyst_query(sql, cat)
    reason = info.value.reason
    assert reason[0].isupper() and fragment in reason, reason
    assert spy.executed == []


def test_refusals_name_what_is_allowed(sealed):
    cat, _spy = sealed
    with pytest.raises(SqlRefused) as info:
        analyst_query("SELECT leeftijd, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar GROUP BY leeftijd", cat)
    reason = info.value.reason
    dims = [n for n, d in cat.model.dimensions.items() if not d.spec.get("filter_only")]
    assert all(d in reason for d in dims)
    assert "COUNT(DISTINCT persoon_id) AS clienten" in reason and "MEASURE(" in reason


def test_refusal_does_not_depend_on_the_data(sealed):
    # the same oracle aimed at a small and at a large group: the same refusal, word for word
    cat, _spy = sealed
    reasons = set()
    for wijk, age in (("Zorgvliet", 17), ("Moerwijk", 40)):
        with pytest.raises(SqlRefused) as info:
            analyst_query(
                "SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
                f"WHERE CASE WHEN wijk = '{wijk}' AND leeftijd = {age} THEN 1 / 0 ELSE 1 END = 1", cat)
        reasons.add(info.value.reason)
    assert len(reasons) == 1


def test_compiled_analyst_sql_passes_the_sql_guard(catalogue):
    compiled = analyst_query("SELECT jaar, AVG(duur_dagen) AS gemiddelde_duur FROM vw_voorziening_jaar WHERE jaar >= 2022 GROUP BY jaar", catalogue)
    check_ast(compiled.ast, catalogue.allowed_views())
    assert compiled.columns[0].name == "jaar" and compiled.columns[1].count_column == "gemiddelde_duur__n"


@pytest.fixture(scope="module")
def assistant(warehouse_path, tmp_path_factory) -> Assistant:
    audit = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    return Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=audit))


def test_session_runs_nothing_for_refused_sql(assistant, monkeypatch):
    ran = []
    real = session_module.run_guarded

    def recording(*args, **kwargs):
        ran.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(session_module, "run_guarded", recording)
    session = assistant.new_session(user="analist-zonder-uitvoer", role="analist")
    for sql, _fragment in REFUSED.values():
        answer = session.run_sql(sql)
        assert answer.status in ("refused", "error") and answer.rows == [], sql
    assert ran == []
    answer = session.run_sql(ACCEPTED["count per wijk"][0])
    assert answer.status in ("answered", "suppressed") and len(ran) == 1


def test_editable_sql_of_an_answer_runs_as_analyst_sql(assistant):
    session = assistant.new_session(user="analist-bewerkt", role="analist")
    answer = session.ask("Kosten per cliënt per wijk in 2024")
    assert answer.status in ("answered", "suppressed") and "MEASURE(kosten_per_client)" in answer.sql_editable
    again = session.run_sql(answer.sql_editable)
    assert again.status == answer.status and again.sql == answer.sql and again.rows == answer.rows
