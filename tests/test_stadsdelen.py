"""Stadsdelen of 's-Gravenhage: the mapping file, its place in the warehouse, the dimension and the interpreter."""

from __future__ import annotations

import csv

import pytest

from warehouse.builder import STADSDELEN_CSV, stadsdelen

STADSDELEN = {"Centrum", "Escamp", "Haagse Hout", "Laak", "Leidschenveen-Ypenburg", "Loosduinen", "Scheveningen",
              "Segbroek"}


def _file_rows() -> list[dict[str, str]]:
    with open(STADSDELEN_CSV, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the mapping ---------------------------------------------------------------------------------------------
def test_every_wijk_is_in_exactly_one_of_eight_stadsdelen(warehouse_con):
    rows = _file_rows()
    codes = [r["wijk_code"] for r in rows]
    assert len(rows) == 44 and len(set(codes)) == 44
    assert {r["stadsdeel"] for r in rows} == STADSDELEN
    wijken = dict(warehouse_con.execute(
        "SELECT gebied_code, naam FROM gebied WHERE niveau = 'wijk' AND gemeente_code = 'GM0518'").fetchall())
    assert {r["wijk_code"]: r["wijk"] for r in rows} == wijken


def test_mapping_records_its_source():
    provenance = (STADSDELEN_CSV.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    assert STADSDELEN_CSV.name in provenance and "Den Haag" in provenance


def test_disputed_wijken_follow_the_recorded_choice():
    by_name = {r["wijk"]: r["stadsdeel"] for r in _file_rows()}
    assert by_name["Duinoord"] == "Scheveningen"
    assert by_name["Groente- en Fruitmarkt"] == "Centrum"
    assert by_name["Laakkwartier en Spoorwijk"] == "Laak"


def test_a_name_that_is_not_a_wijk_stops_the_build(warehouse_con):
    import pandas as pd

    from warehouse.builder import BuildError

    gebied = pd.DataFrame(warehouse_con.execute(
        "SELECT gebied_code, naam, niveau, gemeente_code FROM gebied").fetchdf())
    assert len(stadsdelen(gebied)) == 44
    gebied.loc[gebied["gebied_code"] == "WK051811", "naam"] = "Duinoord-Noord"
    with pytest.raises(BuildError, match="WK051811"):
        stadsdelen(gebied)


def test_inhabitants_of_the_stadsdelen_sum_to_the_gemeente(warehouse_con):
    per_year = warehouse_con.execute(
        "SELECT jaar, sum(inwoners), sum(inwoners) FILTER (WHERE stadsdeel IS NOT NULL), count(DISTINCT stadsdeel) "
        "FROM vw_bevolking WHERE gemeente = '''s-Gravenhage' GROUP BY jaar").fetchall()
    assert per_year
    for _jaar, total, in_stadsdelen, n in per_year:
        assert total == in_stadsdelen and n == 8
    # the published CBS 2021 totals per stadsdeel (cross-check of the mapping)
    published = {"Centrum": 105620, "Escamp": 128610, "Haagse Hout": 48160, "Laak": 46265,
                 "Leidschenveen-Ypenburg": 48410, "Loosduinen": 50190, "Scheveningen": 58730, "Segbroek": 62270}
    got = dict(warehouse_con.execute(
        "SELECT stadsdeel, sum(inwoners) FROM vw_bevolking WHERE jaar = 2021 GROUP BY 1").fetchall())
    assert got == published


@pytest.mark.parametrize("view", ["vw_voorziening_jaar", "vw_kosten", "vw_bevolking"])
def test_views_with_wijk_carry_the_stadsdeel_of_the_file(warehouse_con, view):
    mapping = {r["wijk"]: r["stadsdeel"] for r in _file_rows()}
    pairs = warehouse_con.execute(f"SELECT DISTINCT wijk, stadsdeel FROM {view} WHERE gemeente = '''s-Gravenhage'").fetchall()
    assert pairs and all(mapping[w] == s for w, s in pairs)


def test_export_carries_the_table_under_the_views():
    from warehouse.export import BASE_TABLES

    assert "stadsdeel_indeling" in BASE_TABLES


# --- the semantic layer --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    from semantic_layer import Catalogue, load_model

    return Catalogue.from_warehouse(load_model(), warehouse_con.cursor())


def _wijken_of(stadsdeel: str) -> list[str]:
    return sorted(r["wijk"] for r in _file_rows() if r["stadsdeel"] == stadsdeel)


def _in_list(names: list[str]) -> str:
    return ", ".join("'" + n.replace("'", "''") + "'" for n in names)


def _rows(con, compiled) -> list[tuple]:
    cur = con.cursor()
    cur.execute(compiled.sql())
    names = [d[0] for d in cur.description]
    keep = [i for i, n in enumerate(names) if n in {c.name for c in compiled.visible_columns}]
    return [tuple(r[i] for i in keep) for r in cur.fetchall()]


def test_dimension_is_an_area_level_between_gemeente_and_wijk(catalogue):
    dim = catalogue.model.dimensions["stadsdeel"]
    assert dim.spec["kind"] == "area" and dim.spec["level"] == "stadsdeel"
    assert dim.spec["parent"] == "gemeente" and catalogue.model.dimensions["wijk"].spec["parent"] == "stadsdeel"
    assert "Den Haag" in dim.description and "stadsdelen" in dim.description
    assert set(catalogue.values("stadsdeel")) == STADSDELEN
    assert catalogue.value_links()[("wijk", "Duinoord")]["stadsdeel"] == ["Scheveningen"]


def test_stadsdeel_filter_counts_like_the_raw_tables(catalogue, warehouse_con):
    from semantic_layer import SemanticQuery, compile_query

    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], filters=[dict(dimension="stadsdeel", values=["Escamp"]),
                                       dict(dimension="wet", values=["Jeugdwet"])], years=[2023]), catalogue)
    got = _rows(warehouse_con, compiled)
    expected = warehouse_con.execute(f"""
        SELECT count(DISTINCT v.persoon_id) FROM voorziening v JOIN gebied g ON g.gebied_code = v.wijk_code
        WHERE g.naam IN ({_in_list(_wijken_of('Escamp'))}) AND g.gemeente_code = 'GM0518' AND v.wet = 'Jeugdwet'
          AND v.startdatum <= DATE '2023-12-31' AND (v.einddatum IS NULL OR v.einddatum >= DATE '2023-01-01')""").fetchall()
    assert got == expected


def test_stadsdeel_group_by_sums_costs_like_the_raw_tables(catalogue, warehouse_con):
    from semantic_layer import SemanticQuery, compile_query

    compiled = compile_query(SemanticQuery(metrics=["kosten"], dimensions=["stadsdeel"], years=[2024]), catalogue)
    got = {r[0]: round(float(r[1]), 2) for r in _rows(warehouse_con, compiled)}
    cases = " ".join(f"WHEN g.naam IN ({_in_list(_wijken_of(s))}) THEN '{s}'" for s in sorted(STADSDELEN))
    expected = {s: round(float(v), 2) for s, v in warehouse_con.execute(f"""
        SELECT CASE {cases} END AS sd, sum(k.bedrag) FROM kosten k
        JOIN voorziening v ON v.voorziening_id = k.voorziening_id JOIN gebied g ON g.gebied_code = v.wijk_code
        WHERE k.jaar = 2024 GROUP BY 1""").fetchall()}
    assert set(got) == STADSDELEN
    assert got == expected


def test_per_1000_inhabitants_of_a_stadsdeel_uses_its_own_population(catalogue, warehouse_con):
    from semantic_layer import SemanticQuery, compile_query

    compiled = compile_query(SemanticQuery(metrics=["clienten_per_1000"], dimensions=["stadsdeel"],
                                           filters=[dict(dimension="wet", values=["Wmo"])], years=[2024]), catalogue)
    got = dict(_rows(warehouse_con, compiled))
    wijken = _wijken_of("Segbroek")
    clients, inhabitants = warehouse_con.execute(f"""
        SELECT (SELECT count(DISTINCT v.persoon_id) FROM voorziening v JOIN gebied g ON g.gebied_code = v.wijk_code
                WHERE g.naam IN ({_in_list(wijken)}) AND v.wet = 'Wmo' AND v.startdatum <= DATE '2024-12-31'
                  AND (v.einddatum IS NULL OR v.einddatum >= DATE '2024-01-01')),
               (SELECT sum(b.inwoners) FROM bevolking b JOIN gebied g ON g.gebied_code = b.wijk_code
                WHERE g.naam IN ({_in_list(wijken)}) AND b.jaar = 2024)""").fetchall()[0]
    assert got["Segbroek"] == pytest.approx(1000 * clients / inhabitants, abs=0.05)


def test_wijk_breakdown_within_a_stadsdeel(catalogue, warehouse_con):
    from semantic_layer import SemanticQuery, compile_query

    compiled = compile_query(SemanticQuery(metrics=["clienten"], dimensions=["wijk"],
                                           filters=[dict(dimension="stadsdeel", values=["Segbroek"])], years=[2024]),
                             catalogue)
    assert sorted(r[0] for r in _rows(warehouse_con, compiled)) == _wijken_of("Segbroek")


def test_guard_population_and_wider_groups_know_the_stadsdeel(catalogue, warehouse_con):
    from semantic_layer import SemanticQuery, compile_query

    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], dimensions=["stadsdeel"], filters=[dict(dimension="geslacht", values=["vrouw"]),
                                                                 dict(dimension="soort", values=["Pleegzorg"])],
        years=[2024]), catalogue)
    population = dict(warehouse_con.execute(compiled.population_ast.sql(dialect="duckdb")).fetchall())
    assert population["Laak"] == warehouse_con.execute(
        f"SELECT sum(inwoners) FROM bevolking b JOIN gebied g ON g.gebied_code = b.wijk_code "
        f"WHERE b.jaar = 2024 AND b.geslacht = 'vrouw' AND g.naam IN ({_in_list(_wijken_of('Laak'))})").fetchall()[0][0]
    assert compiled.parents
    for parent in compiled.parents:
        assert "stadsdeel" in parent.ast.named_selects


def test_cbs_figures_are_not_split_by_stadsdeel(catalogue):
    from semantic_layer import QueryError, SemanticQuery, compile_query

    with pytest.raises(QueryError, match="stadsdeel"):
        compile_query(SemanticQuery(metrics=["cbs_inwoners"], dimensions=["stadsdeel"]), catalogue)


def test_unknown_stadsdeel_is_refused_with_a_suggestion(catalogue):
    from semantic_layer import QueryError, SemanticQuery, compile_query

    with pytest.raises(QueryError, match="Segbroek"):
        compile_query(SemanticQuery(metrics=["clienten"], filters=[dict(dimension="stadsdeel", values=["Segbroeck"])]),
                      catalogue)


@pytest.mark.parametrize("query", [
    dict(metrics=["clienten"], dimensions=["stadsdeel"], filters=[dict(dimension="wet", values=["Wmo"])], years=[2024]),
    dict(metrics=["kosten"], filters=[dict(dimension="stadsdeel", values=["Haagse Hout"])], years=[2023]),
    dict(metrics=["instroom"], dimensions=["wijk"], filters=[dict(dimension="stadsdeel", values=["Loosduinen"])],
         years=[2022]),
])
def test_editable_sql_round_trips(query, catalogue, warehouse_con):
    from guards import analyst_query
    from semantic_layer import SemanticQuery, compile_query
    from semantic_layer.sql_api import from_sql

    compiled = compile_query(SemanticQuery(**query), catalogue)
    editable = compiled.editable_sql()
    assert "stadsdeel" in editable
    assert from_sql(editable, catalogue).dimensions == [d for d in compiled.query.dimensions]
    rewritten = analyst_query(editable, catalogue)
    assert _rows(warehouse_con, rewritten) == _rows(warehouse_con, compiled)


def test_analyst_sql_groups_and_filters_by_stadsdeel(catalogue, warehouse_con):
    from semantic_layer.sql_api import from_sql

    query = from_sql("SELECT stadsdeel, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
                     "WHERE jaar = 2024 AND stadsdeel IN ('Laak', 'Escamp') GROUP BY stadsdeel", catalogue)
    assert query.dimensions == ["stadsdeel"]
    assert [(f.dimension, sorted(f.values)) for f in query.filters] == [("stadsdeel", ["Escamp", "Laak"])]


# --- the interpreter -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def interpreter(catalogue):
    from assistant.interpreter import OfflineInterpreter

    return OfflineInterpreter(catalogue)


def _flt(query) -> dict[str, list]:
    return {f.dimension: list(f.values) for f in query.filters}


def _ask(interpreter, text, context=None):
    result = interpreter.interpret(text, context)
    assert result.kind == "query", (text, result.kind, result.message)
    return result.query


@pytest.mark.parametrize(("text", "stadsdeel"), [
    ("Wat kostte de jeugdbescherming in stadsdeel Segbroek in 2022?", "Segbroek"),
    ("Aantal Wmo-voorzieningen in Leidschenveen-Ypenburg vorig jaar", "Leidschenveen-Ypenburg"),
    ("hoeveel bijstandsgerechtigden wonen er in escamp", "Escamp"),
    ("Hoeveel huishoudens in Haagse Hout hebben een voorziening?", "Haagse Hout"),
])
def test_a_stadsdeel_name_is_an_area(interpreter, text, stadsdeel):
    query = _ask(interpreter, text)
    assert _flt(query).get("stadsdeel") == [stadsdeel] and "wijk" not in _flt(query)


def test_per_stadsdeel_groups_by_the_stadsdeel(interpreter):
    query = _ask(interpreter, "Uitstroom uit de Participatiewet per stadsdeel, 2023")
    assert query.dimensions == ["stadsdeel"] and query.metrics == ["uitstroom"]


def test_wijken_of_one_stadsdeel(interpreter):
    query = _ask(interpreter, "Laat de dagbesteding per wijk zien voor stadsdeel Laak")
    assert query.dimensions == ["wijk"] and _flt(query)["stadsdeel"] == ["Laak"]


@pytest.mark.parametrize(("text", "dimension", "value"), [
    ("Jeugdhulpkosten in het stadsdeel Loosduinen", "stadsdeel", "Loosduinen"),
    ("Jeugdhulpkosten in de wijk Loosduinen", "wijk", "Loosduinen"),
    ("Hoeveel pleegzorg in stadsdeel Centrum?", "stadsdeel", "Centrum"),
    ("Hoeveel pleegzorg in wijk Centrum?", "wijk", "Centrum"),
    ("Schuldhulp in 2021 in stadsdeel Laak", "stadsdeel", "Laak"),
    ("Schuldhulp in 2021 in de wijk Laak", "wijk", "Laakkwartier en Spoorwijk"),
])
def test_the_level_word_decides_a_shared_name(interpreter, text, dimension, value):
    query = _ask(interpreter, text)
    areas = {d: v for d, v in _flt(query).items() if d in ("stadsdeel", "wijk")}
    assert areas == {dimension: [value]}
    assert dimension not in query.dimensions


@pytest.mark.parametrize(("text", "wijk"), [
    ("Hoeveel kinderen met jeugdhulp met verblijf in Scheveningen?", "Scheveningen"),
    ("Beschermd wonen Loosduinen 2022", "Loosduinen"),
    ("Hoeveel mensen in Laak zitten in de schuldhulp?", "Laakkwartier en Spoorwijk"),
])
def test_a_bare_shared_name_asks_which_level_with_both_queries(interpreter, text, wijk):
    result = interpreter.interpret(text)
    assert result.kind == "clarification", (text, result.kind)
    assert "stadsdeel" in result.message and "wijk" in result.message
    assert len(result.options) == 2 and len(result.option_queries) == 2
    levels = {}
    for option in result.options:
        from assistant.text import fold

        query = result.option_queries[fold(option)]
        levels.update({d: v for d, v in _flt(query).items() if d in ("stadsdeel", "wijk")})
    assert levels["wijk"] == [wijk] and len(levels["stadsdeel"]) == 1


def test_a_shared_name_beside_wijken_is_a_wijk(interpreter):
    query = _ask(interpreter, "Vergelijk het aantal Wmo-cliënten in Duindorp en Scheveningen")
    assert sorted(_flt(query)["wijk"]) == ["Duindorp", "Scheveningen"]


def test_follow_up_keeps_the_level_of_the_conversation(interpreter):
    first = _ask(interpreter, "Hoeveel mensen kregen in 2024 een scootmobiel in stadsdeel Escamp?")
    second = _ask(interpreter, "En in Laak?", first)
    assert _flt(second)["stadsdeel"] == ["Laak"] and "wijk" not in _flt(second)
    wijk_first = _ask(interpreter, "Hoeveel mensen kregen in 2024 een scootmobiel in Moerwijk?")
    wijk_second = _ask(interpreter, "En in Laak?", wijk_first)
    assert _flt(wijk_second)["wijk"] == ["Laakkwartier en Spoorwijk"] and "stadsdeel" not in _flt(wijk_second)
    per_stadsdeel = _ask(interpreter, "Kosten Wmo per stadsdeel in 2023")
    narrowed = _ask(interpreter, "En alleen Centrum?", per_stadsdeel)
    assert _flt(narrowed)["stadsdeel"] == ["Centrum"]


def test_ranking_over_stadsdelen_returns_one(interpreter):
    query = _ask(interpreter, "Welk stadsdeel telde in 2022 de minste Wmo-cliënten?")
    assert query.dimensions == ["stadsdeel"] and query.limit == 1 and not query.order_by[0].descending


def test_answer_names_the_level(tmp_path, warehouse_path):
    from assistant.session import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl"))
    session = assistant.new_session("stadsdeel")
    answer = session.ask("Hoeveel Wmo-cliënten had stadsdeel Segbroek in 2021?")
    assert answer.status == "answered" and "stadsdeel Segbroek" in answer.answer
    follow = session.ask("En Loosduinen?")  # the conversation is about stadsdelen
    assert follow.status == "answered" and "stadsdeel Loosduinen" in follow.answer
    session = assistant.new_session("nieuw")
    back = session.ask("Hoeveel Wmo-cliënten had Loosduinen in 2021?")
    assert back.status == "clarification" and back.options == ["stadsdeel Loosduinen", "wijk Loosduinen"]
    chosen = session.ask("de wijk")
    assert chosen.status == "answered" and "wijk Loosduinen" in chosen.answer


def test_a_stadsdeel_total_does_not_open_a_small_wijk_by_differencing(tmp_path, warehouse_path, warehouse_con):
    from assistant.session import Assistant
    from assistant.settings import Settings

    small = warehouse_con.execute(
        "SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar "
        "WHERE jaar = 2024 AND soort = 'Re-integratie' AND wijk = 'Binckhorst'").fetchall()[0][0]
    assert 0 < small < 10  # the attack needs a small wijk beside a large one in one stadsdeel
    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                                   release_log_path=tmp_path / "release.sqlite"))
    session = assistant.new_session("verschil")
    total = session.ask("Hoeveel cliënten met re-integratie in stadsdeel Laak in 2024?")
    big = session.ask("Hoeveel cliënten met re-integratie in de wijk Laakkwartier en Spoorwijk in 2024?")
    # never both: the total minus the wijk is the Binckhorst cell. The stadsdeel beside one of its wijken leaves
    # out the rest, here Binckhorst's 1..9, so the stadsdeel figure is withheld and the wijk's stays answerable
    assert total.status == "suppressed" and big.status == "answered"


def test_a_cbs_figure_for_a_stadsdeel_is_shown_for_its_wijken_with_a_notice(interpreter):
    result = interpreter.interpret("Hoeveel AOW-ontvangers telde het CBS in 2021 in stadsdeel Haagse Hout?")
    assert result.kind == "query" and result.query.metrics[0].startswith("cbs_")
    assert sorted(_flt(result.query)["wijk"]) == _wijken_of("Haagse Hout")
    assert any("stadsdeel" in n and "per wijk" in n for n in result.notices)


def test_a_stadsdeel_follow_up_replaces_a_wijk_outside_it(interpreter):
    first = _ask(interpreter, "Hoeveel jongeren kregen in 2023 jeugdhulp in Vogelwijk?")
    second = _ask(interpreter, "En in stadsdeel Escamp?", first)
    assert _flt(second)["stadsdeel"] == ["Escamp"] and "wijk" not in _flt(second)


@pytest.mark.parametrize("question, areas", [
    ("Hoeveel Wmo-cliënten waren er in 2023 in Escamp en de Schildersbuurt?", ("Schildersbuurt", "Escamp")),
    ("Hoeveel Wmo-cliënten waren er in 2023 in Escamp en Moerwijk?", ("Moerwijk", "Escamp")),
    ("Hoeveel Wmo-cliënten waren er in 2023 in Schildersbuurt vergeleken met heel Den Haag?",
     ("Schildersbuurt", "'s-Gravenhage")),
    ("Hoeveel inwoners hadden Zorgvliet en Delft in 2022?", ("Zorgvliet", "Delft")),
])
def test_areas_of_different_levels_side_by_side_are_a_query_each(interpreter, question, areas):
    # one query shows one level (a filter on both gave the smaller area's figure, or 0, under both names): a query
    # per area, each with the question's figure, year and narrowing, and the area alone
    result = interpreter.interpret(question)
    assert result.kind == "query", result.message
    parts = [result.query, *result.beside]
    named = [[v for d in ("gemeente", "stadsdeel", "wijk") for v in _flt(p).get(d, [])] or ["'s-Gravenhage"]
             for p in parts]
    assert sorted(n for names in named for n in names) == sorted(areas) and all(len(n) == 1 for n in named)
    assert all(p.metrics == parts[0].metrics and p.years == parts[0].years for p in parts)
    assert all({d: v for d, v in _flt(p).items() if d not in ("gemeente", "stadsdeel", "wijk")}
               == {d: v for d, v in _flt(parts[0]).items() if d not in ("gemeente", "stadsdeel", "wijk")} for p in parts)


def test_a_wijk_placed_in_a_stadsdeel_that_does_not_hold_it_is_asked_back(interpreter):
    result = interpreter.interpret("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt in Escamp?")
    assert result.kind == "clarification" and "ligt niet in" in result.message


@pytest.mark.parametrize("question, wijk", [
    ("Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk in Escamp?", "Moerwijk"),
    ("Hoeveel inwoners had de Delftse wijk Voorhof in 2022?", "Voorhof"),
])
def test_an_area_named_as_the_place_of_a_wijk_qualifies_it(interpreter, question, wijk):
    result = interpreter.interpret(question)
    assert result.kind == "query" and _flt(result.query)["wijk"] == [wijk]


def test_per_wijk_beside_a_gemeente_with_numbered_wijken_is_a_breakdown(interpreter):
    # Rijswijk's CBS wijken are called 'Wijk 01' .. 'Wijk 11': the word 'wijk' alone names none of them
    result = interpreter.interpret("Hoeveel Wmo-cliënten waren er in 2023 in Den Haag, Delft en Rijswijk per wijk?")
    assert result.kind == "query" and "wijk" in result.query.dimensions and "wijk" not in _flt(result.query)
