"""Offline interpreter: Dutch questions -> semantic queries, read from the real catalogue."""

from __future__ import annotations

import time
from datetime import date

import pytest

from assistant.interpreter import OfflineInterpreter
from assistant.text import fold, number_text, split_compound, stem, tokenize
from semantic_layer import Catalogue, load_model


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
    query = q(interpreter, "hoeveel mensen zitten er in de bijstand in de wijk laak?")
    assert filters(query) == {"soort": ("=", ["Bijstand levensonderhoud"]), "wijk": ("=", ["Laakkwartier en Spoorwijk"])}
    query = q(interpreter, "Jeugdhulpcliënten per soort in 2024")
    assert query.metrics == ["clienten"] and query.dimensions == ["soort"] and filters(query) == {"wet": ("=", ["Jeugdwet"])}


def test_ordinary_words_do_not_become_wijk_names(interpreter):
    query = q(interpreter, "Hoeveel cliënten hebben begeleiding in de hele stad?")
    assert "wijk" not in filters(query) and "gemeente" not in filters(query)


def test_number_word_limit_and_relative_years(interpreter):
    query = q(interpreter, "Geef de top vijf wijken met de meeste bijstandsontvangers")
    assert query.limit == 5 and query.dimensions == ["wijk"]
    last = q(interpreter, "Wmo-cliënten in Moerwijk de laatste drie jaar")
    assert last.years == [2022, 2023, 2024] and last.dimensions == ["jaar"]   # the last three years with data


@pytest.mark.parametrize(("today", "text", "year"), [
    (date(2026, 12, 4), "Hoeveel Wmo-cliënten waren er vorig jaar?", 2025),
    (date(2024, 3, 1), "Hoeveel Wmo-cliënten waren er vorig jaar?", 2023),
    (date(2026, 12, 4), "Hoeveel schuldhulpcliënten waren er twee jaar geleden?", 2024),
    (date(2025, 1, 10), "hoeveel jeugdhulpcliënten had Moerwijk 5 jaar geleden", 2020),
    (date(2026, 12, 4), "Hoeveel bijstandsontvangers zijn er dit jaar?", 2026),
    (date(2026, 12, 4), "Hoeveel Wmo-cliënten in het meest recente jaar?", 2024),   # the last year with data
])
def test_relative_years_count_from_today(warehouse_con, today, text, year):
    """'vorig jaar' is the year before today's, not the year before the last year with data; a year without
    data is then said in a question back by the compiler, never replaced by another year."""
    interpreter = OfflineInterpreter(Catalogue.from_warehouse(load_model(), warehouse_con), today=today)
    assert q(interpreter, text).years == [year]


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


# ----------------------------------------------------------------------------- scope: what the semantic layer names
@pytest.mark.parametrize("text", [
    "Hoeveel kost een hondenbelasting in Moerwijk?",  # 'kost' alone does not make it a cost question of ours
    "Wat zijn de kosten van een paspoort?",
    "Wat is de gemiddelde huurprijs in Laak?",
    "Hoeveel scholen zijn er in Ypenburg?",
    "Wat was de score van de wedstrijd in Den Haag gisteren?",
    "Hoeveel bomen staan er in het Zuiderpark?",  # 'bomen' is part of a wijk name, not a name by itself
])
def test_unknown_subject_without_domain_term_is_out_of_scope(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "out_of_scope", (result.kind, result.query)
    assert "Ik kan vragen beantwoorden over" in result.message


@pytest.mark.parametrize("text", [
    "Waar kan ik een uitkering aanvragen?",
    "Hoe vraag ik bijzondere bijstand aan?",
])
def test_service_questions_about_ones_own_situation_are_out_of_scope(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "out_of_scope" and "gemeente" in result.message


def test_everyday_verbs_and_typos_of_question_words_keep_a_question_in_scope(interpreter):
    query = q(interpreter, "Hoevel cliënten telde Moerwijk eigenlijk in 2022?")
    assert query.metrics == ["clienten"] and filters(query) == {"wijk": ("=", ["Moerwijk"])} and query.years == [2022]
    social = q(interpreter, "Hoeveel is er in 2023 uitgegeven in het sociaal domein?")
    assert social.metrics == ["kosten"] and social.filters == [] and social.years == [2023]


@pytest.mark.parametrize("text", ["Hoeveel dan?", "Toon de cijfers", "Wat is het aantal in Moerwijk?", "Iets over 2022"])
def test_vague_questions_ask_which_figure(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "clarification", (result.kind, result.query)
    assert 2 <= len(result.options) <= 4 and len(result.option_queries) == len(result.options)


def test_vague_count_question_offers_counts_with_its_area(interpreter):
    result = interpreter.interpret("Wat is het aantal in Moerwijk?")
    for query in result.option_queries.values():
        assert interpreter.model.metrics[query.metrics[0]].unit == "aantal"
        assert filters(query)["wijk"] == ("=", ["Moerwijk"])


def test_a_misspelt_area_in_lower_case_is_asked_about_not_dropped(interpreter):
    """'in moerwyk' must not be answered for the whole city: the option carries the whole question."""
    result = interpreter.interpret("hoeveel mensen in moerwyk zitten in de bijstand, sinds 2019 graag")
    assert result.kind == "clarification" and "moerwyk" in result.message
    chosen = result.option_queries[fold("Moerwijk")]
    assert filters(chosen)["wijk"] == ("=", ["Moerwijk"]) and chosen.metrics == ["clienten"]
    # common words after 'in' / 'uit' are no places
    assert interpreter.interpret("Uit nieuwsgierigheid: wat kostte beschermd wonen in 2022?").kind == "query"


def test_unknown_area_name_is_asked_about_not_ignored(interpreter):
    result = interpreter.interpret("Wat kost schuldhulp in Zuidwal?")
    assert result.kind == "clarification" and "Zuidwal" in result.message
    home = result.option_queries[fold("'s-Gravenhage")]
    assert home.metrics == ["kosten"] and filters(home) == {"wet": ("=", ["Schuldhulpverlening"])}


@pytest.mark.parametrize("text", [
    "Laat per persoon zien welke voorzieningen er zijn in Laak",
    "Bijstand per huishouden in Moerwijk in 2023",
    "Toon de jeugdhulp per kind in Zorgvliet",
])
def test_breakdown_per_individual_is_refused(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "individual" and "groepen" in result.message


def test_cost_per_client_is_a_ratio_not_a_row_per_client(interpreter):
    query = q(interpreter, "Wmo-kosten per cliënt per wijk in 2023")
    assert query.metrics == ["kosten_per_client"] and query.dimensions == ["wijk"]


def test_breakdown_per_individual_as_follow_up_is_refused(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert interpreter.interpret("Per cliënt", first).kind == "individual"


# ----------------------------------------------------------------------------- meaning vs data
@pytest.mark.parametrize("text", ["Wat is pleegzorg?", "Wat is uitstroom?", "Wat is Moerwijk?"])
def test_what_is_without_data_context_is_a_definition(interpreter, text):
    assert interpreter.interpret(text).kind == "definition"


@pytest.mark.parametrize("text, metric", [
    ("Wat was de uitstroom uit de bijstand vorig jaar?", "uitstroom"),
    ("Wat zijn de kosten in Moerwijk?", "kosten"),
    ("Wat is de stapeling in het meest recente jaar?", "stapeling"),
])
def test_what_is_with_a_period_or_area_asks_for_data(interpreter, text, metric):
    query = q(interpreter, text)
    assert query.metrics == [metric] and query.dimensions == [] and query.order_by == []


# ----------------------------------------------------------------------------- metric choice
def test_provisions_counted_versus_persons_having_one(interpreter):
    assert q(interpreter, "Hoeveel Jeugdwet-voorzieningen liepen er in 2023?").metrics == ["voorzieningen"]
    persons = q(interpreter, "Hoeveel mensen hebben een Jeugdwet-voorziening in de wijk Laak?")
    assert persons.metrics == ["clienten"] and filters(persons)["wet"] == ("=", ["Jeugdwet"])
    households = q(interpreter, "Hoeveel huishoudens hebben een Wmo-voorziening?")
    assert households.metrics == ["huishoudens_met_voorziening"]


def test_verb_of_flow_wins_over_generic_persons(interpreter):
    assert q(interpreter, "Hoeveel mensen zijn in 2023 uitgestroomd uit de bijstand?").metrics == ["uitstroom"]
    assert q(interpreter, "Hoeveel mensen zijn in 2023 ingestroomd in de Wmo?").metrics == ["instroom"]


def test_kind_of_provision_with_a_wet_in_between_groups_by_soort(interpreter):
    query = q(interpreter, "Welk soort Jeugdwet-voorziening kostte in 2023 het meest?")
    assert query.metrics == ["kosten"] and query.dimensions == ["soort"] and query.limit == 1
    assert filters(query) == {"wet": ("=", ["Jeugdwet"])}


def test_budget_words(interpreter):
    over = q(interpreter, "Wat was de overschrijding op beschermd wonen in 2023?")
    assert over.metrics == ["uitputting"] and filters(over) == {"taakveld": ("=", ["6.81"])}
    pair = q(interpreter, "Begroting vs realisatie voor arbeidsparticipatie in 2022")
    assert pair.metrics == ["begroting", "realisatie"] and filters(pair) == {"taakveld": ("=", ["6.5"])}


def test_more_or_fewer_than_another_year_is_a_comparison(interpreter):
    query = q(interpreter, "Hoeveel minder bijstandsontvangers waren er in 2024 dan in 2021?")
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2021, 2024)
    assert query.dimensions == []


def test_compare_follow_up_with_one_year(interpreter):
    first = q(interpreter, "Wat waren de kosten van de Jeugdwet in 2022?")
    second = q(interpreter, "Vergelijk dat met 2024", first)
    assert second.metrics == ["kosten"] and filters(second) == {"wet": ("=", ["Jeugdwet"])}
    assert (second.year_comparison.base_year, second.year_comparison.compare_year) == (2022, 2024)


def test_most_recent_year_is_a_year_not_a_ranking(interpreter):
    query = q(interpreter, "Hoeveel jeugdhulpcliënten waren er in het meest recente jaar?")
    assert query.years == [2024] and query.order_by == [] and query.dimensions == []
    ranked = q(interpreter, "Welke wijk had in het meest recente jaar de meeste bijstandsontvangers?")
    assert ranked.dimensions == ["wijk"] and ranked.limit == 1 and ranked.years == [2024]


@pytest.mark.parametrize("text, word", [
    ("Hoeveel wachtenden zijn er voor beschermd wonen?", "wachtenden"),
    ("Hoeveel klachten over de Wmo waren er in 2023?", "klachten"),
])
def test_unknown_thing_counted_is_out_of_scope_even_with_a_domain_term(interpreter, text, word):
    result = interpreter.interpret(text)
    assert result.kind == "out_of_scope" and f"'{word}'" in result.message


def test_unknown_verb_beside_a_named_metric_does_not_refuse(interpreter):
    query = q(interpreter, "Hoeveel huishoudens kampen met stapeling in Moerwijk?")
    assert query.metrics == ["stapeling"] and filters(query) == {"wijk": ("=", ["Moerwijk"])}


def test_first_noun_of_a_van_phrase_is_the_metric(interpreter):
    query = q(interpreter, "Wat was de realisatie van de begroting voor taakveld 6.6 in 2023?")
    assert query.metrics == ["realisatie"] and filters(query) == {"taakveld": ("=", ["6.6"])}


def test_question_with_its_own_subject_is_not_a_follow_up(interpreter):
    first = q(interpreter, "Hoeveel inwoners telt Rotterdam volgens het CBS?")
    fresh = q(interpreter, "Hoeveel ouderen hebben een scootmobiel?", first)
    assert fresh.metrics == ["clienten"] and "gemeente" not in filters(fresh)
    assert filters(fresh)["soort"] == ("=", ["Hulpmiddelen"])
    wmo = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    part = q(interpreter, "Hoeveel daarvan hebben begeleiding?", wmo)
    assert filters(part)["wijk"] == ("=", ["Schildersbuurt"]) and part.years == [2023]


def test_follow_up_naming_the_whole_gemeente_drops_the_area_and_keeps_the_rest(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk?")
    whole = q(interpreter, "En in heel Den Haag?", first)
    assert "wijk" not in filters(whole) and filters(whole)["wet"] == ("=", ["Wmo"]) and whole.years == [2023]
    by_wijk = q(interpreter, "Bijstandsontvangers per wijk in 2024")
    assert "wijk" not in q(interpreter, "En in heel Den Haag?", by_wijk).dimensions


def test_top_n_holds_across_an_adjective_between_the_number_and_the_area(interpreter):
    for text in ("Welke 5 Haagse wijken hadden in 2024 de meeste bijstandsontvangers?",
                 "Welke drie Haagse wijken hadden in 2023 de minste Wmo-cliënten?"):
        query = q(interpreter, text)
        assert query.limit in (5, 3) and query.dimensions == ["wijk"] and query.order_by, text


def test_an_exclusion_becomes_a_not_in_filter_also_for_a_list_and_in_a_follow_up(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2024 in Moerwijk, behalve de maatschappelijke opvang?")
    assert filters(query)["soort"] == ("not in", ["Maatschappelijke opvang"]) and filters(query)["wet"] == ("=", ["Wmo"])
    first = q(interpreter, "Wat kostte de Wmo in 2024 per soort?")
    second = q(interpreter, "en dan zonder beschermd wonen en maatschappelijke opvang", first)
    assert filters(second)["soort"] == ("not in", ["Beschermd wonen", "Maatschappelijke opvang"])
    assert "soort" in second.dimensions
    # a provision whose name holds 'zonder' is a provision, not an exclusion
    assert filters(q(interpreter, "Jeugdhulp zonder verblijf in Moerwijk in 2023"))["soort"] == (
        "=", ["Jeugdhulp zonder verblijf"])


def test_a_percentage_the_query_cannot_carry_is_asked_back_with_the_figure_it_can_give_as_option(interpreter):
    # a share of a sum of money spent is the part over the whole, two guarded sums
    money = interpreter.interpret("Welk percentage van de kosten van de Wmo ging in 2024 naar Waldeck?")
    assert money.kind == "query" and money.query.metrics == ["kosten"] and money.whole is not None
    assert filters(money.query)["wijk"] == ("=", ["Waldeck"]) and "wijk" not in filters(money.whole)
    # a percentage the query cannot carry is asked back, with the figure it can give as the option
    result = interpreter.interpret("Welk percentage van de Wmo-cliënten in Waldeck had in 2024 meer dan één voorziening?")
    assert result.kind == "clarification" and "percentage" in result.message
    (option,) = result.options
    query = result.option_queries[fold(option)]
    assert query.metrics == ["voorzieningen"] and filters(query)["wijk"] == ("=", ["Waldeck"])
    # a share of the clients themselves is the part over the whole, two counts (never a share of inhabitants)
    share = interpreter.interpret("Welk percentage van de Wmo-cliënten in Waldeck was in 2024 een vrouw?")
    assert share.kind == "query" and share.whole is not None and filters(share.whole)["wijk"] == ("=", ["Waldeck"])
    # a percentage of an age group of inhabitants is the percentage of the inhabitants, over its age classes
    older = q(interpreter, "Welk percentage van de 75-plussers in Waldeck had in 2024 een Wmo-voorziening?")
    assert older.metrics == ["pct_inwoners"] and filters(older)["leeftijdsklasse"] == ("=", ["75+"])
    assert q(interpreter, "Hoeveel procent van de 65-plussers in Waldeck had in 2024 Wmo?").metrics == ["pct_inwoners"]
    assert "leeftijd" not in filters(older)
    # ages that are no union of classes cannot be a share of the inhabitants (their counts exist per class)
    assert interpreter.interpret("Welk percentage van de 70-plussers in Waldeck had in 2024 Wmo?").kind == "clarification"
    # where the figure is itself a percentage or a rate, nothing is missing
    assert q(interpreter, "Welk percentage van de jongeren in Moerwijk had in 2024 jeugdhulp?").metrics == [
        "pct_jeugdigen_jeugdhulp"]
    assert q(interpreter, "Bijstandsontvangers per 1.000 inwoners per wijk in 2024").metrics == ["clienten_per_1000"]


def test_a_follow_up_that_points_back_with_dat_keeps_the_whole_scope(interpreter):
    """'Wat kostte dat?' after one soort in one wijk: the costs of that group, not of the whole city."""
    first = q(interpreter, "Hoeveel cliënten hadden in 2022 dagbesteding in Laakkwartier en Spoorwijk?")
    costs = q(interpreter, "Wat kostte dat?", first)
    assert costs.metrics == ["kosten"] and filters(costs) == filters(first) and costs.years == [2022]


def test_a_bare_per_client_after_costs_is_the_cost_per_client_not_rows_per_person(interpreter):
    first = q(interpreter, "Wat kostte hulp bij het huishouden in 2024 in Escamp?")
    rate = q(interpreter, "En per cliënt?", first)
    assert rate.metrics == ["kosten_per_client"] and filters(rate) == filters(first) and rate.years == [2024]
    # without a figure before it, 'per persoon' still asks for rows about individuals
    assert interpreter.interpret("En per persoon?").kind == "individual"


@pytest.mark.parametrize("text", ["Zet de instroom er ook bij", "En de instroom daarnaast?"])
def test_a_figure_added_in_a_follow_up_joins_the_figure_before(interpreter, text):
    first = q(interpreter, "Uitstroom uit de bijstand per wijk in 2022")
    both = q(interpreter, text, first)
    assert both.metrics == ["uitstroom", "instroom"] and both.dimensions == ["wijk"] and both.years == [2022]
    assert filters(both) == filters(first)


def test_values_named_apart_are_a_breakdown_not_a_silent_total(interpreter):
    query = q(interpreter, "Hoeveel Jeugdwet-cliënten had Escamp in 2022, mannen en vrouwen afzonderlijk?")
    assert query.dimensions == ["geslacht"] and query.metrics == ["clienten"]


@pytest.mark.parametrize("text, descending", [
    ("Kosten van de bijstand per stadsdeel in 2023 van hoog naar laag", True),
    ("Kosten van de bijstand per stadsdeel in 2023, van laag naar hoog", False),
    ("Kosten van de bijstand per stadsdeel in 2023, aflopend", True),
])
def test_an_order_asked_on_its_own_sorts_the_table(interpreter, text, descending):
    query = q(interpreter, text)
    assert query.dimensions == ["stadsdeel"]
    assert [(o.field, o.descending) for o in query.order_by] == [("kosten", descending)]


def test_a_common_word_is_no_short_name_of_a_wijk(interpreter):
    """'staat' (Staten of Statenkwartier, stemmed) is a verb before it is a wijk: 'hoe staat X ervoor'."""
    query = q(interpreter, "Hoe staat Rotterdam ervoor met de bijstand in 2023 volgens het CBS?")
    assert "wijk" not in filters(query)


def test_figures_listed_with_commas_are_all_given(interpreter):
    query = q(interpreter, "realisatie, begroting en uitputting per taakveld in 2022")
    assert sorted(query.metrics) == ["begroting", "realisatie", "uitputting"] and query.dimensions == ["taakveld"]


def test_what_a_welke_question_asks_about_decides_whether_it_is_in_scope(interpreter):
    assert interpreter.interpret("Welke wethouder is verantwoordelijk voor de Wmo in Escamp?").kind == "out_of_scope"
    assert q(interpreter, "Welke 3 wijken hadden in 2024 de meeste Wmo-cliënten?").limit == 3


def test_a_change_asked_with_vs_runs_forward_in_time(interpreter):
    query = q(interpreter, "Zijn de kosten per cliënt van pleegzorg hoger geworden, 2024 vs 2021?")
    assert query.metrics == ["kosten_per_client"]  # 'per cliënt' beside a figure is a rate, not rows per person
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2021, 2024)


def test_dat_without_an_earlier_question_is_asked_back(interpreter):
    result = interpreter.interpret("Wat kost dat per persoon?")
    assert result.kind == "clarification"


def test_one_value_chosen_after_a_breakdown_leaves_its_column(interpreter):
    first = q(interpreter, "Wmo-cliënten in Moerwijk in 2023 per leeftijdsklasse en geslacht")
    women = q(interpreter, "Alleen de vrouwen, en dan per 1.000 inwoners van die leeftijdsklasse", first)
    assert women.metrics == ["clienten_per_1000"] and women.dimensions == ["leeftijdsklasse"]
    assert filters(women)["geslacht"] == ("=", ["vrouw"])


def test_niet_meegerekend_excludes_only_what_stands_before_it(interpreter):
    query = q(interpreter, "Hoeveel Jeugdwet-cliënten had Moerwijk in 2023, pleegzorg niet meegerekend?")
    assert filters(query)["wijk"] == ("=", ["Moerwijk"])
    assert filters(query)["soort"][0] == "not in"


@pytest.mark.parametrize("text", [
    "Hoeveel Jeugdwet-cliënten telde Duindorp in 2022 als we pleegzorg niet meetellen?",
    "Jeugdwet-cliënten in Duindorp in 2022, als je pleegzorg niet meeneemt",
])
def test_leaving_out_in_any_tense_of_its_verb_excludes(interpreter, text):
    query = q(interpreter, text)
    assert filters(query)["soort"] == ("not in", ["Pleegzorg"]) and query.dimensions == []


def test_values_listed_only_to_be_left_out_make_no_breakdown(interpreter):
    query = q(interpreter, "Wmo-kosten 2022, de hulpmiddelen en de begeleiding niet meegerekend")
    assert filters(query)["soort"][0] == "not in" and set(filters(query)["soort"][1]) == {"Hulpmiddelen", "Begeleiding"}
    assert query.dimensions == []
    asked = q(interpreter, "Wmo-kosten 2022 per soort voorziening, zonder hulpmiddelen en begeleiding")
    assert asked.dimensions == ["soort"]


def test_an_area_before_dan_is_an_area(interpreter):
    query = q(interpreter, "Wonen er meer Wmo-cliënten in Duindorp dan in Bezuidenhout?")
    assert filters(query)["wijk"] == ("in", ["Duindorp", "Bezuidenhout"])


@pytest.mark.parametrize("text", [
    "Hoeveel huishoudens in Duindorp kregen in 2022 hulp uit verschillende wetten?",
    "Aantal huishoudens met voorzieningen vanuit diverse wetten in 2022",
    "Hoeveel gezinnen hadden in 2022 voorzieningen uit minstens twee wetten?",
])
def test_several_laws_in_other_words_is_stapeling(interpreter, text):
    query = q(interpreter, text)
    assert query.metrics == ["stapeling"] and query.conditions == []


@pytest.mark.parametrize("text", ["En voor de hele gemeente?", "en in de gehele stad", "En als we naar heel Den Haag kijken?"])
def test_the_whole_city_in_a_follow_up_drops_the_area(interpreter, text):
    first = q(interpreter, "Hoeveel Wmo-cliënten had Duindorp in 2023?")
    query = q(interpreter, text, first)
    assert "wijk" not in filters(query) and filters(query)["wet"] == ("=", ["Wmo"]) and query.years == [2023]


def test_an_imperative_edit_of_the_previous_question_keeps_it(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten had Duindorp in 2023?")
    query = q(interpreter, "Beperk het tot 65 jaar en ouder", first)
    assert filters(query)["wijk"] == ("=", ["Duindorp"]) and filters(query)["leeftijd"] == (">=", [65])


def test_minstens_is_a_bound_not_the_lowest(interpreter):
    query = q(interpreter, "Hoeveel huishoudens in Duindorp hadden in 2022 minstens één voorziening?")
    assert query.order_by == [] and query.limit is None and query.dimensions == []
    lowest = q(interpreter, "Welke wijk had in 2022 de minste Wmo-cliënten?")
    assert lowest.order_by and lowest.order_by[0].descending is False


def test_a_misspelt_area_anywhere_is_asked_about_and_each_option_carries_it(interpreter):
    result = interpreter.interpret("Wmo-cliënten Duindrop 2022")
    assert result.kind == "clarification"
    chosen = result.option_queries[fold("Duindorp")]
    assert filters(chosen)["wijk"] == ("=", ["Duindorp"]) and chosen.years == [2022]


def test_daarvan_without_an_earlier_question_is_asked_back(interpreter):
    assert interpreter.interpret("En hoeveel daarvan zijn 65-plussers?").kind == "clarification"


@pytest.mark.parametrize("text, metric", [
    ("Hoeveel jongeren zijn in 2023 uit de jeugdhulp gestroomd?", "uitstroom"),
    ("Hoeveel jongeren zijn in 2023 de jeugdhulp in gestroomd?", "instroom"),
])
def test_the_particle_of_a_flow_decides_its_direction(interpreter, text, metric):
    assert q(interpreter, text).metrics == [metric]


@pytest.mark.parametrize("text, op", [
    ("Op welke taakvelden is in 2023 meer uitgegeven dan begroot?", ">"),
    ("Welke taakvelden zijn in 2022 overschreden?", ">"),
    ("Welke taakvelden bleven in 2024 binnen de begroting?", "<="),
])
def test_over_or_under_budget_keeps_only_those_taakvelden_with_the_amounts(interpreter, text, op):
    query = q(interpreter, text)
    assert query.dimensions == ["taakveld"]
    assert set(query.metrics) == {"begroting", "realisatie", "uitputting"}
    assert [(c.metric, c.op, c.value) for c in query.conditions] == [("uitputting", op, 100.0)]


def test_a_bound_in_percent_on_a_percentage_keeps_only_those_rows(interpreter):
    query = q(interpreter, "Welke wijken hadden in 2024 meer dan 12 procent jeugdigen met jeugdhulp?")
    assert [(c.metric, c.op, c.value) for c in query.conditions] == [("pct_jeugdigen_jeugdhulp", ">", 12.0)]
    # a single figure answers a yes/no question itself: no bound
    assert q(interpreter, "Is de begroting voor taakveld 6.6 in 2023 overschreden?").conditions == []


@pytest.mark.parametrize("text, age", [
    ("Hoeveel cliënten van 19 jaar had Moerwijk in 2023?", 19),
    ("Hoeveel mensen die 70 jaar oud zijn hadden in 2024 een Wmo-voorziening?", 70),
    ("Hoeveel 16-jarigen kregen in 2022 jeugdhulp?", 16),
])
def test_one_age_is_a_filter_not_dropped(interpreter, text, age):
    assert filters(q(interpreter, text))["leeftijd"] == ("between", [age, age])


def test_an_age_class_named_in_a_follow_up_is_one_filter(interpreter):
    first = q(interpreter, "Hoeveel cliënten hadden in 2023 een rolstoel van de Wmo?")
    for text in ("En hoeveel daarvan zijn 65-plussers?", "En hoeveel daarvan zijn 75-plussers?"):
        older = q(interpreter, text, first)
        # 'daarvan': a part of the group counted before, not the CBS count of older inhabitants
        assert older.metrics == first.metrics and older.years == first.years
        ages = [f for f in older.filters if f.dimension in ("leeftijd", "leeftijdsklasse")]
        assert len(ages) == 1, ages


@pytest.mark.parametrize("text", [
    "Hoeveel kost een kind in de pleegzorg per jaar, in 2022?",
    "Wat is het gemiddelde bedrag per Wmo-cliënt in 2022?",
    "Wat waren in 2022 de uitgaven per bijstandsontvanger?",
])
def test_an_amount_for_one_person_is_the_cost_per_client(interpreter, text):
    assert q(interpreter, text).metrics == ["kosten_per_client"]


def test_an_amount_without_a_person_stays_the_total(interpreter):
    assert q(interpreter, "Wat kostte de pleegzorg in 2022?").metrics == ["kosten"]


def test_an_age_said_with_a_verb_is_a_filter(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten in Duindorp waren 45 jaar, in 2022?")
    assert filters(query)["leeftijd"] == ("between", [45, 45])


def test_a_word_cut_short_before_en_or_dan_shares_the_next_words_tail():
    from assistant.text import expand_elisions

    assert expand_elisions("hoeveel dak- en thuislozen") == "hoeveel daklozen en thuislozen"
    assert expand_elisions("meer in- dan uitgestroomd") == "meer ingestroomd dan uitgestroomd"
    assert expand_elisions("van 18- t/m 26-jarigen") == "van 18- t/m 26-jarigen"  # ages are read as a range


def test_in_and_out_flow_in_one_question_is_never_one_of_them_in_silence(interpreter):
    result = interpreter.interpret("Stroomden er in 2022 meer jongeren de jeugdhulp in- dan uit?")
    assert result.kind == "clarification" or set(result.query.metrics) == {"instroom", "uitstroom"}


def test_an_everyday_infinitive_inside_a_follow_up_is_still_content(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten had Duindorp in 2023?")
    assert interpreter.interpret("En parkeren in Moerwijk?", first).kind == "out_of_scope"


@pytest.mark.parametrize("text", [
    "Hadden we in 2023 meer Wmo-cliënten dan een jaar eerder?",
    "Waren er in 2023 minder Wmo-cliënten dan het jaar daarvoor?",
    "Is het aantal Wmo-cliënten in 2023 gedaald ten opzichte van een jaar eerder?",
])
def test_more_than_a_year_earlier_compares_the_two_years(interpreter, text):
    query = q(interpreter, text)
    assert query.year_comparison is not None and (query.year_comparison.base_year,
                                                  query.year_comparison.compare_year) == (2022, 2023)
    assert filters(query)["wet"] == ("=", ["Wmo"])


def test_an_unknown_compound_that_starts_with_a_provision_is_read_as_it_or_asked_back_never_left_out(interpreter):
    # the provision and an everyday word: read as the provision, and said so
    result = interpreter.interpret("Hoeveel jongeren in Duindorp hadden in 2022 een pleegzorgbesluit?")
    assert result.kind == "query" and any("pleegzorgbesluit" in n for n in result.notices)
    assert filters(result.query)["soort"] == ("=", ["Pleegzorg"]) and filters(result.query)["wijk"] == ("=", ["Duindorp"])
    assert result.query.years == [2022]
    # what the rest of the word is the head of is not that provision: asked back with it as the option
    result = interpreter.interpret("Hoeveel pleegzorgaanbieders waren er in 2022 in Duindorp?")
    assert result.kind in ("clarification", "out_of_scope") and "pleegzorgaanbieders" in result.message
