"""Offline interpreter: Dutch questions -> semantic queries, read from the real catalogue."""

from __future__ import annotations

import time

import pytest

from assistant.interpreter import OfflineInterpreter
from assistant.text import number_text, split_compound, stem, tokenize
from semantic_layer import Catalogue, load_model


@pytest.fixture(scope="module")
def interpreter(warehouse_con) -> OfflineInterpreter:
    catalogue = Catalogue.from_warehouse(load_model(), warehouse_con)
    cur = warehouse_con.cursor()
    crosswalk: dict = {}
    for wet, soort, taakveld in cur.execute("SELECT DISTINCT wet, soort, taakveld FROM vw_voorziening_jaar").fetchall():
        for key in (("wet", wet), ("soort", soort)):
            crosswalk.setdefault(key, {}).setdefault("taakveld", [])
            if taakveld not in crosswalk[key]["taakveld"]:
                crosswalk[key]["taakveld"].append(taakveld)
    return OfflineInterpreter(catalogue, crosswalk=crosswalk)


def q(interpreter, text, context=None):
    result = interpreter.interpret(text, context)
    assert result.kind == "query", (text, result.kind, result.message)
    return result.query


def filters(query) -> dict:
    return {f.dimension: (f.op, list(f.values)) for f in query.filters}


# ----------------------------------------------------------------------------- text helpers
def test_stem_makes_plurals_and_singulars_meet():
    assert stem("huishoudens") == stem("huishouden")
    assert stem("jaren") == stem("jaar")
    assert stem("wetten") == stem("wet")
    assert stem("clienten") == stem("client")


def test_number_words_and_thousands_become_digits():
    assert [t.text for t in tokenize("vijf wijken")] == ["5", "wijken"]
    assert "2023" in number_text("in tweeduizend drieëntwintig")
    assert "1000 inwoners" in number_text("per 1.000 inwoners")


def test_compound_split_uses_known_words():
    assert split_compound("jeugdhulptrajecten", {"jeugdhulp", "traject"}) == ["jeugdhulp", "traject"]
    assert split_compound("fietsenstalling", {"jeugdhulp", "traject"}) is None


# ----------------------------------------------------------------------------- SPEC §1 examples
def test_wmo_clients_in_wijk_and_year(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert query.metrics == ["clienten"]
    assert filters(query) == {"wet": ("=", ["Wmo"]), "wijk": ("=", ["Schildersbuurt"])}
    assert query.years == [2023]
    assert query.dimensions == []


def test_ranking_top_five(interpreter):
    query = q(interpreter, "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?")
    assert query.metrics == ["kosten"] and query.dimensions == ["wijk"] and query.limit == 5
    assert query.order_by[0].field == "kosten" and query.order_by[0].descending
    assert filters(query)["soort"] == ("=", ["Jeugdhulp met verblijf"])


def test_trend_since_year(interpreter):
    query = q(interpreter, "Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?")
    assert query.metrics == ["clienten"] and query.dimensions == ["jaar"]
    assert query.years == [2019, 2020, 2021, 2022, 2023, 2024]
    assert filters(query) == {"soort": ("=", ["Bijstand levensonderhoud"]), "wijk": ("=", ["Moerwijk"])}


def test_budget_question_by_soort_maps_to_taakveld(interpreter):
    query = q(interpreter, "Wat is de uitputting van de begroting voor beschermd wonen in 2024?")
    assert query.metrics == ["uitputting"]
    assert filters(query) == {"taakveld": ("=", ["6.81"])}


def test_gemeente_comparison_uses_cbs(interpreter):
    query = q(interpreter, "Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam")
    assert query.metrics == ["cbs_wmo_clienten_per_1000"]
    assert query.dimensions == ["gemeente"]
    assert set(filters(query)["gemeente"][1]) == {"'s-Gravenhage", "Rotterdam"}


def test_stapeling_in_other_words(interpreter):
    assert q(interpreter, "Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?").metrics == ["stapeling"]
    assert q(interpreter, "Hoeveel huishoudens hadden in 2022 voorzieningen uit twee of meer wetten?").metrics == ["stapeling"]


def test_girls_with_age_range(interpreter):
    query = q(interpreter, "Hoeveel meisjes van 12-17 in Zorgvliet hebben pleegzorg?")
    assert filters(query) == {
        "geslacht": ("=", ["vrouw"]), "wijk": ("=", ["Zorgvliet"]), "soort": ("=", ["Pleegzorg"]),
        "leeftijd": ("between", [12, 17]),
    }


def test_definition_and_overview(interpreter):
    result = interpreter.interpret("Wat betekent stapeling?")
    assert result.kind == "definition" and "stapeling" in result.message.lower()
    overview = interpreter.interpret("Welke gegevens zijn er?")
    assert overview.kind == "overview" and "Cliënten" in overview.message


# ----------------------------------------------------------------------------- language variation
@pytest.mark.parametrize("text", [
    "hoeveel clienten wmo in Moerwijck 2023",
    "Hoeveel WMO-CLIËNTEN waren er in 2023 in Moerwijk?",
    "hoeveel wmo-cliënten waren er in tweeduizend drieëntwintig in Moerwijk",
])
def test_typos_capitals_diacritics_number_words(interpreter, text):
    query = q(interpreter, text)
    assert query.metrics == ["clienten"]
    assert filters(query) == {"wet": ("=", ["Wmo"]), "wijk": ("=", ["Moerwijk"])}
    assert query.years == [2023]


def test_value_synonyms_and_compounds(interpreter):
    query = q(interpreter, "hoeveel mensen zitten er in de bijstand in laak?")
    assert filters(query) == {"soort": ("=", ["Bijstand levensonderhoud"]), "wijk": ("=", ["Laakkwartier en Spoorwijk"])}
    query = q(interpreter, "Jeugdhulpcliënten per soort in 2024")
    assert query.metrics == ["clienten"] and query.dimensions == ["soort"] and filters(query) == {"wet": ("=", ["Jeugdwet"])}


def test_ordinary_words_do_not_become_wijk_names(interpreter):
    query = q(interpreter, "Hoeveel cliënten hebben begeleiding in de hele stad?")
    assert "wijk" not in filters(query) and "gemeente" not in filters(query)


def test_number_word_limit_and_relative_years(interpreter):
    query = q(interpreter, "Geef de top vijf wijken met de meeste bijstandsontvangers")
    assert query.limit == 5 and query.dimensions == ["wijk"]
    assert q(interpreter, "Hoeveel Wmo-cliënten waren er vorig jaar?").years == [2023]
    last = q(interpreter, "Wmo-cliënten in Moerwijk de laatste drie jaar")
    assert last.years == [2022, 2023, 2024] and last.dimensions == ["jaar"]


def test_year_comparison(interpreter):
    query = q(interpreter, "Kosten Wmo in 2024 ten opzichte van 2023")
    assert query.year_comparison is not None
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2023, 2024)


def test_age_words_and_thresholds(interpreter):
    query = q(interpreter, "Hoeveel vrouwen van 75 jaar en ouder hebben hulp bij het huishouden?")
    assert filters(query) == {"geslacht": ("=", ["vrouw"]), "soort": ("=", ["Hulp bij het huishouden"]),
                              "leeftijd": (">=", [75])}
    young = q(interpreter, "Hoeveel Wmo-cliënten jonger dan 65 zijn er in Waldeck?")
    assert filters(young)["leeftijd"] == ("<=", [64]) and "leeftijdsklasse" not in filters(young)


# ----------------------------------------------------------------------------- conversation
def test_follow_ups_reuse_previous_query(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    second = q(interpreter, "En in 2022?", first)
    assert second.years == [2022] and filters(second) == filters(first)
    third = q(interpreter, "Per leeftijdsgroep", second)
    assert third.dimensions == ["leeftijdsklasse"] and third.years == [2022]
    fourth = q(interpreter, "Alleen vrouwen", third)
    assert filters(fourth)["geslacht"] == ("=", ["vrouw"])
    fifth = q(interpreter, "En voor Moerwijk?", fourth)
    assert filters(fifth)["wijk"] == ("=", ["Moerwijk"]) and filters(fifth)["wet"] == ("=", ["Wmo"])


def test_new_topic_starts_fresh(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    fresh = q(interpreter, "Wat waren de kosten van pleegzorg in 2022?", first)
    assert fresh.metrics == ["kosten"] and filters(fresh) == {"soort": ("=", ["Pleegzorg"])}


def test_show_sql_and_chart_follow_ups(interpreter):
    first = q(interpreter, "Aantal Wmo-cliënten per wijk in 2024")
    assert interpreter.interpret("Toon de SQL", first).kind == "show_sql"
    chart = interpreter.interpret("Als grafiek", first)
    assert chart.kind == "chart" and chart.query == first


# ----------------------------------------------------------------------------- clarification, scope
def test_clarification_offers_options(interpreter):
    result = interpreter.interpret("Hoe zit het in Moerwijk?")
    assert result.kind == "clarification"
    assert len(result.options) >= 2 and set(result.option_queries) and "Moerwijk" in str(
        next(iter(result.option_queries.values())).filters)


def test_follow_up_without_conversation_asks_what_is_meant(interpreter):
    result = interpreter.interpret("En in 2022?")
    assert result.kind == "clarification" and result.options


@pytest.mark.parametrize("text", [
    "Wat voor weer wordt het morgen in Den Haag?",
    "Hoeveel misdrijven waren er in 2023 in Laak?",
    "Wat is de hoofdstad van Frankrijk?",
])
def test_out_of_scope_says_what_it_can_do(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "out_of_scope"
    assert "Ik kan vragen beantwoorden over" in result.message
