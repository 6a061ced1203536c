"""Offline interpreter: general Dutch rules beyond the development set's wording.

Each test uses a wording that appears in neither the development set nor the held-out set, so it checks
the rule (morphology, cue words, implied figures) rather than one memorised question.
"""

from __future__ import annotations

import pytest

from assistant.text import stem


def q(interpreter, text, context=None):
    result = interpreter.interpret(text, context)
    assert result.kind == "query", (text, result.kind, result.message)
    return result.query


def filters(query) -> dict:
    return {f.dimension: (f.op, list(f.values)) for f in query.filters}


def test_adjective_e_meets_its_base_form():
    assert stem("begrote") == stem("begroot")
    assert stem("totale") == stem("totaal")
    assert stem("oudere") == "ouder"  # no vowel doubling before -er


def test_superlative_of_price_asks_for_costs(interpreter):
    query = q(interpreter, "Welke drie wijken waren in 2022 het duurst voor de jeugdhulp?")
    assert query.metrics == ["kosten"] and query.dimensions == ["wijk"] and query.limit == 3
    assert query.order_by[0].descending and query.years == [2022]


def test_budget_verbs_ask_for_uitputting(interpreter):
    query = q(interpreter, "Is het budget voor inkomensregelingen in 2023 overschreden?")
    assert query.metrics == ["uitputting"] and filters(query) == {"taakveld": ("=", ["6.3"])}
    query = q(interpreter, "Hoe ver is taakveld 6.81 in 2022 uitgeput?")
    assert query.metrics == ["uitputting"] and query.years == [2022]


def test_separable_verbs(interpreter):
    query = q(interpreter, "Hoeveel mensen stroomden in 2021 uit de schuldhulpverlening?")
    assert query.metrics == ["uitstroom"] and query.years == [2021]
    query = q(interpreter, "Wat gaf de gemeente in 2022 uit aan begeleiding?")
    assert query.metrics == ["kosten"] and filters(query) == {"soort": ("=", ["Begeleiding"])}


def test_cost_of_one_client_is_cost_per_client(interpreter):
    query = q(interpreter, "Wat kost een cliënt met beschermd wonen gemiddeld?")
    assert query.metrics == ["kosten_per_client"] and filters(query) == {"soort": ("=", ["Beschermd wonen"])}


def test_population_figure_narrowed_to_a_provision_counts_people(interpreter):
    query = q(interpreter, "Hoeveel inwoners van Moerwijk krijgen hulp bij het huishouden?")
    assert query.metrics == ["clienten"]
    assert filters(query) == {"soort": ("=", ["Hulp bij het huishouden"]), "wijk": ("=", ["Moerwijk"])}
    # without a provision it stays the CBS population figure
    assert q(interpreter, "Hoeveel inwoners heeft Moerwijk?").metrics[0].startswith("cbs_")


def test_percentage_metric_from_its_definition(interpreter):
    query = q(interpreter, "Hoeveel procent van de kinderen in Laakkwartier en Spoorwijk heeft jeugdhulp?")
    assert query.metrics == ["pct_jeugdigen_jeugdhulp"]
    assert filters(query)["wijk"] == ("=", ["Laakkwartier en Spoorwijk"])


def test_top_n_with_a_dimension_word_groups_by_it(interpreter):
    query = q(interpreter, "Top 2 soorten Wmo-voorzieningen naar aantal cliënten")
    assert query.dimensions == ["soort"] and query.limit == 2


def test_two_clauses_ask_two_figures(interpreter):
    query = q(interpreter, "Wat was de begroting voor arbeidsparticipatie in 2021 en hoe hoog was de realisatie?")
    assert query.metrics == ["begroting", "realisatie"] and filters(query) == {"taakveld": ("=", ["6.5"])}


def test_ratio_named_with_its_parts(interpreter):
    query = q(interpreter, "Hoeveel huishoudens in Duindorp hebben te maken met stapeling van voorzieningen?")
    assert query.metrics == ["stapeling"]


def test_more_than_one_law_is_stapeling(interpreter):
    query = q(interpreter, "Hoeveel gezinnen hadden in 2023 hulp uit meer dan één wet?")
    assert query.metrics == ["stapeling"] and query.years == [2023]


def test_waar_with_a_superlative_ranks_wijken(interpreter):
    query = q(interpreter, "Waar wonen de meeste mensen met schuldhulpverlening?")
    assert query.dimensions == ["wijk"] and query.limit == 1 and query.order_by[0].descending


def test_wijk_name_without_its_suffix(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten heeft het Zeeheldenkwartier?")
    short = q(interpreter, "Hoeveel Wmo-cliënten heeft Zeehelden?")
    assert filters(short)["wijk"] == filters(query)["wijk"] == ("=", ["Zeeheldenkwartier"])


def test_one_letter_typo_in_a_short_word(interpreter):
    query = q(interpreter, "wmo kostn 2023")
    assert query.metrics == ["kosten"] and query.years == [2023]


def test_cue_words_in_a_follow_up_are_not_unknown(interpreter):
    first = q(interpreter, "Wat kostte de dagbesteding in 2023?")
    assert q(interpreter, "Opgesplitst per wijk graag", first).dimensions == ["wijk"]
    assert q(interpreter, "En het jaar ervoor?", first).years == [2022]
    assert q(interpreter, "Hoe zag dat er in 2019 uit?", first).years == [2019]
    assert q(interpreter, "Idem voor 2020", first).years == [2020]
    ranked = q(interpreter, "Alleen de drie duurste wijken", q(interpreter, "Opgesplitst per wijk graag", first))
    assert ranked.limit == 3 and ranked.order_by[0].field == "kosten"


@pytest.mark.parametrize("question", [
    "Vertaal het woord jeugdhulp naar het Frans",
    "Hoeveel kost een museumkaart voor 65-plussers?",
    "Wanneer is de volgende commissievergadering over de begroting?",
])
def test_task_and_price_questions_beside_a_domain_word_are_out_of_scope(interpreter, question):
    assert interpreter.interpret(question).kind == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Hoeveel 18-plussers in Moerwijk hebben een Wmo-voorziening?", 18),
        ("Hoeveel 65-plussers in Moerwijk krijgen hulp bij het huishouden?", 65),
        ("Wmo-cliënten 55 plus in de wijk Laak in 2023", 55),
    ],
)
def test_n_plussers_is_an_age_from_n(interpreter, text, age):
    query = q(interpreter, text)
    assert filters(query)["leeftijd"] == (">=", [age])
    assert "leeftijdsklasse" not in filters(query)  # '65-plussers' is not the class 75+


def test_n_plussers_does_not_make_a_foreign_subject_answerable(interpreter):
    assert interpreter.interpret("Wat kost een ov-jaarkaart voor 65-plussers?").kind == "out_of_scope"


def test_75_plussers_is_one_filter(interpreter):
    query = q(interpreter, "Hoeveel 75-plussers in Moerwijk krijgen hulp bij het huishouden?")
    assert [(f.dimension, list(f.values)) for f in query.filters if f.dimension in ("leeftijd", "leeftijdsklasse")] \
        == [("leeftijdsklasse", ["75+"])]


# -- word forms and function words from maintained language data (simplemma, spaCy's Dutch stop words) ----------
@pytest.mark.parametrize(("text", "metric"), [
    ("Wat heeft de Participatiewet in 2021 gekost?", "kosten"),      # 'gekost': a form of 'kosten'
    ("Hoeveel jongeren liepen in 2022 in de jeugdreclassering?", "clienten"),  # 'liepen': a form of 'lopen'
])
def test_another_form_of_a_known_word_is_read_as_that_word(interpreter, text, metric):
    assert q(interpreter, text).metrics == [metric]


def test_a_function_word_is_not_unknown_content(interpreter):
    query = q(interpreter, "Hoe heeft het aantal Wmo-cliënten zich sinds 2020 ontwikkeld?")
    assert query.metrics == ["clienten"] and "jaar" in query.dimensions


def test_a_figure_that_cannot_carry_the_named_provision_is_no_reading(interpreter):
    """Pleegzorg is a soort: the budget figures know only the wider taakveld, so only the costs fit."""
    query = q(interpreter, "Hoeveel geld is er in 2022 aan pleegzorg besteed?")
    assert query.metrics == ["kosten"] and filters(query)["soort"][1] == ["Pleegzorg"]


def test_the_elided_article_is_read_as_het(interpreter):
    query = q(interpreter, "Hoeveel cliënten hadden in 2023 hulp bij 't huishouden in Moerwijk?")
    assert query.metrics == ["clienten"] and filters(query)["soort"][1] == ["Hulp bij het huishouden"]


@pytest.mark.parametrize("text", [
    "Hoe verdelen de jeugdhulpcliënten zich in 2022 over de stadsdelen?",
    "Hoe waren de cliënten van de Jeugdwet in 2022 over de stadsdelen verdeeld?",
])
def test_a_distribution_over_a_plural_dimension_is_a_breakdown(interpreter, text):
    assert q(interpreter, text).dimensions == ["stadsdeel"]


def test_a_plural_dimension_without_a_distribution_is_no_breakdown(interpreter):
    query = q(interpreter, "Hoeveel huishoudens hadden in 2022 een voorziening uit meer dan één van de wetten?")
    assert "wet" not in query.dimensions


def test_a_ranking_ranks_the_dimension_the_question_names(interpreter):
    query = q(interpreter, "Zet de stadsdelen in volgorde van het aantal Wmo-cliënten in 2023, hoogste bovenaan")
    assert query.dimensions == ["stadsdeel"] and query.order_by[0].descending


def test_an_area_named_without_saying_which_is_asked_back(interpreter):
    """'in ons stadsdeel' does not say which one: answering for the whole gemeente would drop it in silence."""
    result = interpreter.interpret("Hoeveel jongeren hadden in 2022 jeugdhulp in ons stadsdeel?")
    assert result.kind == "clarification" and "stadsdeel" in result.message
    assert interpreter.interpret("In welk stadsdeel wonen de meeste Wmo-cliënten?").kind == "query"


@pytest.mark.parametrize("text", ["Vergelijk dat met Escamp", "Zet Escamp ernaast", "En Escamp daarnaast?"])
def test_a_comparison_follow_up_puts_the_new_area_beside_the_old_one(interpreter, text):
    first = q(interpreter, "Hoeveel cliënten had stadsdeel Laak in 2023 met begeleiding?")
    second = q(interpreter, text, first)
    assert sorted(filters(second)["stadsdeel"][1]) == ["Escamp", "Laak"]
    assert filters(q(interpreter, "En in Escamp?", first))["stadsdeel"][1] == ["Escamp"]  # without: in its place


@pytest.mark.parametrize(("text", "metrics"), [
    ("Instroom en kosten per stadsdeel in 2022", ["instroom", "kosten"]),        # no 'kosten per instroom'
    ("Hoeveel cliënten en hoeveel kosten had de Jeugdwet in 2021?", ["clienten", "kosten"]),
    ("Toon per taakveld voor 2022 de realisatie, de begroting en de uitputting", ["realisatie", "begroting", "uitputting"]),
])
def test_figures_named_in_a_list_are_all_given(interpreter, text, metrics):
    assert q(interpreter, text).metrics == metrics


def test_a_figure_whose_name_spans_a_list_of_areas_is_still_that_figure(interpreter):
    query = q(interpreter, "Kosten per cliënt voor pleegzorg in Moerwijk en Bouwlust in 2022")
    assert query.metrics == ["kosten_per_client"]


def test_a_follow_up_with_another_figure_ranks_on_that_figure(interpreter):
    first = q(interpreter, "Welke stadsdelen hadden in 2022 de meeste instroom in de Wmo?")
    second = q(interpreter, "En gesorteerd op uitstroom?", first)
    assert second.metrics == ["uitstroom"] and [o.field for o in second.order_by] == ["uitstroom"]


def test_which_part_of_a_group_asks_for_a_share(interpreter):
    query = q(interpreter, "Welk deel van de jeugdigen in Moerwijk kreeg in 2022 jeugdhulp?")
    assert query.metrics == ["pct_jeugdigen_jeugdhulp"]


def test_a_question_for_the_cbs_figure_never_gets_the_municipal_one(interpreter):
    query = q(interpreter, "Hoeveel bijstandsontvangers telde Den Haag in 2021 volgens het CBS?")
    assert query.metrics == ["cbs_bijstand"]
    assert interpreter.interpret("Hoeveel jongeren met jeugdreclassering telde het CBS in 2021?").kind != "query"


def test_b6_a_trend_over_years_a_figure_lacks_says_which_years_there_are(interpreter):
    result = interpreter.interpret("Hoe ontwikkelde het aantal personen met bijstand volgens het CBS zich sinds 2019?")
    assert result.kind == "query" and result.query.years == [2021, 2024]
    assert any("alleen cijfers over 2021 en 2024" in n for n in result.notices)


def test_b4_a_budget_beside_the_costs_of_a_provision_is_shown_for_its_taakveld_and_says_so(interpreter):
    result = interpreter.interpret("Wat was in 2023 de begroting voor pleegzorg en hoeveel is eraan uitgegeven?")
    assert result.kind == "query" and result.query.metrics[0] == "begroting" and len(result.query.metrics) == 2
    assert "soort" not in filters(result.query) and "taakveld" in filters(result.query)
    assert any("Pleegzorg" in n and "taakveld" in n for n in result.notices)


@pytest.mark.parametrize(("text", "year"), [
    ("En vier jaar eerder?", 2019), ("en een jaar terug", 2022), ("En het jaar ervoor?", 2022),
    ("En het jaar erna?", 2024), ("En 1 jaar later?", 2024),
])
def test_a_year_counted_from_the_year_asked_before(interpreter, text, year):
    first = q(interpreter, "Hoeveel cliënten met begeleiding had stadsdeel Laak in 2023?")
    second = q(interpreter, text, first)
    assert second.years == [year] and second.metrics == first.metrics and second.filters == first.filters


@pytest.mark.parametrize(("text", "dimension"), [
    ("Deel dat eens op naar leeftijdsklasse.", "leeftijdsklasse"),
    ("splits het graag uit naar geslacht", "geslacht"),
])
def test_a_separable_verb_with_its_particle_at_the_end_is_question_language(interpreter, text, dimension):
    first = q(interpreter, "Hoeveel Jeugdwet-cliënten had Escamp in 2021?")
    assert q(interpreter, text, first).dimensions == [dimension]


@pytest.mark.parametrize("text", ["Leg dat getal eens naast 2021", "Zet die cijfers naast 2021"])
def test_the_figure_asked_before_beside_another_year(interpreter, text):
    first = q(interpreter, "Wat waren de kosten per cliënt voor hulpmiddelen in 2023?")
    second = q(interpreter, text, first)
    assert second.metrics == first.metrics
    assert second.year_comparison is not None and (second.year_comparison.base_year,
                                                   second.year_comparison.compare_year) == (2021, 2023)


@pytest.mark.parametrize(("text", "metric", "op", "value"), [
    ("Welke wijken telden in 2022 meer dan 2.000 cliënten met jeugdhulp?", "clienten", ">", 2000.0),
    ("In welke wijken waren de kosten voor hulpmiddelen in 2021 hooguit 50000 euro?", "kosten", "<=", 50000.0),
    ("Welke wijken hadden in 2024 meer dan 80 Wmo-cliënten per 1.000 inwoners?", "clienten_per_1000", ">", 80.0),
])
def test_a_bound_on_a_count_amount_or_rate_keeps_only_the_rows_that_meet_it(interpreter, text, metric, op, value):
    query = q(interpreter, text)
    assert query.dimensions == ["wijk"]
    assert [(c.metric, c.op, c.value) for c in query.conditions] == [(metric, op, value)]


def test_an_age_or_a_year_after_a_comparative_is_no_bound(interpreter):
    query = q(interpreter, "Welke wijken hadden in 2024 de meeste cliënten ouder dan 80 jaar?")
    assert query.conditions == [] and any(f.dimension == "leeftijd" for f in query.filters)
    assert q(interpreter, "Welke wijken hadden meer cliënten dan in 2020?").conditions == []
    assert q(interpreter, "Welke wijken hadden in 2023 de meeste jeugdhulpcliënten onder de 12?").conditions == []
    assert q(interpreter, "Welke wijken hebben huishoudens met hulp onder 3 of meer wetten?").conditions == []


def test_a_year_counted_from_an_answer_without_a_year_counts_from_the_year_it_showed(interpreter):
    """'het jaar daarvoor' after a question answered for the last year with data (no year named)."""
    first = interpreter.interpret("Hoeveel Wmo-cliënten zijn er in Moerwijk?", None).query
    assert first.years is None
    before = interpreter.interpret("En het jaar daarvoor?", first)
    assert before.kind == "query" and before.query.years == [2023]


@pytest.mark.parametrize(("text", "main", "bounded", "value"), [
    ("Hoogste 3 wijken op kosten per cliënt voor dagbesteding in 2023, alleen wijken met meer dan 150 cliënten",
     "kosten_per_client", "clienten", 150.0),
    ("Gemiddelde duur van begeleiding per wijk in 2024, alleen voor wijken met minstens 80 cliënten.",
     "gemiddelde_duur", "clienten", 80.0),
    ("Welke gemeenten met meer dan 150.000 inwoners hadden volgens het CBS de meeste Wmo-cliënten per 1000 inwoners?",
     "cbs_wmo_clienten_per_1000", "cbs_inwoners", 150000.0),
])
def test_a_bound_on_another_figure_bounds_that_figure_shown_beside(interpreter, text, main, bounded, value):
    """The words after the number name the figure bounded; it is shown after the figure asked, never the
    bound applied to the figure asked (a cost per client 'boven 150' is not 'meer dan 150 cliënten')."""
    query = q(interpreter, text)
    assert query.metrics[0] == main and bounded in query.metrics
    assert [(c.metric, c.value) for c in query.conditions] == [(bounded, value)]


@pytest.mark.parametrize("text", [
    "Welk percentage van de begroting voor maatwerkdienstverlening 18- is in 2022 besteed?",
    "hoeveel procent van het budget per taakveld ging er in 2024 doorheen",
])
def test_a_percentage_of_a_figure_is_the_percentage_taken_of_it(interpreter, text):
    """The semantic layer's one percentage whose denominator is the figure named (the uitputting: realisatie over
    begroting); a percentage of the money spent going somewhere is a share of two sums."""
    assert q(interpreter, text).metrics == ["uitputting"]
    money = interpreter.interpret("Hoeveel procent van de kosten ging naar begeleiding?", None)
    assert money.kind == "query" and money.whole is not None and money.query.metrics == ["kosten"]


@pytest.mark.parametrize(("text", "name"), [
    ("Hoeveel Wmo-cliënten waren er in 2022 in Loosduinen-West?", "Loosduinen-West"),
    ("bijstand in escamp-oost 2024", "escamp-oost"),
    ("Hoeveel jeugdhulpcliënten had Centrum-Zuid in 2023?", "Centrum-Zuid"),
])
def test_a_part_of_an_area_the_catalogue_does_not_know_is_asked_back_by_its_whole_name(interpreter, text, name):
    """Never the area the name starts with: 'Loosduinen-West' is not Loosduinen."""
    result = interpreter.interpret(text, None)
    assert result.kind == "clarification" and f"'{name}'" in result.message


def test_hyphenated_names_of_known_areas_and_figures_are_read_as_usual(interpreter):
    assert filters(q(interpreter, "Hoeveel Wmo-cliënten in Leidschenveen-Ypenburg in 2024?"))["stadsdeel"][1] == ["Leidschenveen-Ypenburg"]
    assert filters(q(interpreter, "Hoeveel jeugdhulp-cliënten in Moerwijk in 2024?"))["wijk"][1] == ["Moerwijk"]


def test_what_is_not_counted_names_no_group(interpreter):
    """'het aantal dossiers, niet het aantal jongeren': the jongeren are not a filter on the dossiers."""
    query = q(interpreter, "Hoeveel voorzieningen Jeugdwet liepen er in 2022? Dus het aantal voorzieningen, niet het aantal jongeren.")
    assert query.metrics == ["voorzieningen"]
    assert not {"leeftijd", "leeftijdsklasse"} & set(filters(query))


def test_how_one_year_relates_to_another_is_a_year_comparison(interpreter):
    query = q(interpreter, "Hoe verhoudt het aantal bijstandsontvangers in 2022 zich tot dat in 2019?")
    assert query.year_comparison is not None
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2019, 2022)


@pytest.mark.parametrize("text", [
    "Zet voor 2022 per taakveld de begroting naast wat er is uitgegeven",
    "per taakveld in 2023: de begroting tegenover de realisatie",
])
def test_figures_set_beside_each_other_are_one_table(interpreter, text):
    """'X naast wat er Y', 'X tegenover Y': two figures side by side, not a question which one."""
    query = q(interpreter, text)
    assert len(query.metrics) == 2 and "begroting" in query.metrics and query.dimensions == ["taakveld"]


def test_what_is_that_as_a_percentage_of_the_inhabitants_is_the_percentage_of_the_figure_just_answered(interpreter):
    """'Wat is dat als percentage van alle jeugdigen ...' refers to the figure answered (not a term to define):
    the semantic layer's percentage of inhabitants whose numerator it is and whose definition the query has."""
    first = q(interpreter, "Hoeveel kinderen kregen in 2022 jeugdhulp in Transvaalkwartier?")
    share = q(interpreter, "Wat is dat als percentage van alle jeugdigen in die wijk?", first)
    assert share.metrics == ["pct_jeugdigen_jeugdhulp"] and share.years == [2022]
    assert filters(share)["wijk"][1] == ["Transvaalkwartier"] and "wet" not in filters(share)
    # any other group: the percentage of the inhabitants, with the same scope
    wmo = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2022 in Transvaalkwartier?")
    share = q(interpreter, "Wat is dat als percentage van de inwoners?", wmo)
    assert share.metrics == ["pct_inwoners"] and filters(share)["wet"] == ("=", ["Wmo"]) and share.years == [2022]
