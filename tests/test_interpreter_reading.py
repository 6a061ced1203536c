"""How the offline interpreter reads what is around the domain words: the way a question is put (verbs,
adverbs, modifiers of an operation), words it cannot use (asked back, never dropped in silence), areas named
by their inhabitants, CBS wijken of other gemeenten, abbreviations, and year or budget wording."""

from __future__ import annotations

import pytest

from assistant.text import fold


def q(interpreter, text, context=None):
    result = interpreter.interpret(text, context)
    assert result.kind == "query", (text, result.kind, result.message)
    return result


def filters(query) -> dict:
    return {f.dimension: (f.op, list(f.values)) for f in query.filters}


def test_an_instruction_in_a_second_sentence_is_how_the_question_is_put_and_is_said(interpreter):
    result = q(interpreter, "Welke 6 wijken telden in 2022 de meeste Wmo-cliënten? Orden ze van groot naar klein.")
    assert result.query.dimensions == ["wijk"] and result.query.limit == 6
    assert any("Orden" in n for n in result.notices)  # what was not read as scope is said, not hidden


def test_a_follow_up_comparing_with_another_year_keeps_the_figure_and_adds_the_change(interpreter):
    first = q(interpreter, "Kosten per cliënt voor dagbesteding in 2024.").query
    result = q(interpreter, "Zet dat af tegen 2021, inclusief het verschil in procenten.", first)
    assert result.query.metrics == ["kosten_per_client"]
    assert result.query.year_comparison is not None
    assert (result.query.year_comparison.base_year, result.query.year_comparison.compare_year) == (2021, 2024)
    assert filters(result.query)["soort"] == ("=", ["Dagbesteding"])


def test_a_word_that_narrows_the_group_is_asked_back_instead_of_dropped(interpreter):
    for text in ("Hoeveel bijstandsontvangers in Moerwijk hebben een auto?",
                 "Hoeveel mensen zitten langdurig in de schuldhulp?"):
        result = interpreter.interpret(text)
        assert result.kind == "clarification", (text, result.kind)
        word = "auto" if "auto" in text else "langdurig"
        assert word in result.message
        assert result.option_queries  # one click answers the figure that can be given


def test_an_adjective_of_the_operation_is_not_a_group(interpreter):
    first = q(interpreter, "Cliënten per wet in 2023.").query
    result = q(interpreter, "Neem 2020 erbij, met het absolute en het procentuele verschil.", first)
    assert result.query.year_comparison is not None and result.query.dimensions == ["wet"]


def test_inhabitants_and_adjectives_of_a_place_name_that_place(interpreter):
    assert filters(q(interpreter, "Hoeveel Escampers hadden in 2023 hulp bij het huishouden?").query)["stadsdeel"] \
        == ("=", ["Escamp"])
    result = q(interpreter, "Hoeveel inwoners had de Utrechtse wijk Overvecht in 2022 volgens het CBS?").query
    assert filters(result)["gemeente"] == ("=", ["Utrecht"]) and filters(result)["wijk"] == ("=", ["Overvecht"])


def test_a_cbs_wijk_of_another_gemeente_is_that_wijk_not_the_gemeente(interpreter):
    result = q(interpreter, "Wat was het gemiddelde inkomen per inwoner in Oud-Stratum in Eindhoven volgens het CBS?")
    assert filters(result.query)["wijk"] == ("=", ["Oud-Stratum"])
    ranked = q(interpreter, "Sorteer de wijken van Haarlem op het aantal inwoners (CBS), alleen de bovenste vier.")
    assert ranked.query.dimensions == ["wijk"] and ranked.query.limit == 4
    assert filters(ranked.query)["gemeente"] == ("=", ["Haarlem"])


def test_an_abbreviation_with_a_full_stop_is_written_out(interpreter):
    result = q(interpreter, "Jeugdwet-cliënten per 1000 inw. in Moerwijk, 2023")
    assert result.query.metrics == ["clienten_per_1000"]


def test_a_year_counted_from_the_year_in_the_question(interpreter):
    result = q(interpreter, "Aantal cliënten in 2023 tegenover drie jaar eerder, met de toename.")
    assert (result.query.year_comparison.base_year, result.query.year_comparison.compare_year) == (2020, 2023)


def test_the_top_n_after_the_ranking_word_and_no_age_read_as_a_top_n(interpreter):
    assert q(interpreter, "Welke wijken hadden in 2023 de hoogste jeugdhulpkosten, de bovenste twee?").query.limit == 2
    assert q(interpreter, "Welke wijk telde in 2023 de meeste 75-plussers met Wmo?").query.limit != 75


def test_budget_wording(interpreter):
    assert q(interpreter, "Per taakveld: hoe ver zitten we in 2023 door de begroting heen?").query.metrics == ["uitputting"]
    total = q(interpreter, "Hoeveel was er in 2022 begroot voor alle taakvelden bij elkaar?").query
    assert total.metrics == ["begroting"] and total.dimensions == []
    assert q(interpreter, "Welk bedrag was er in 2022 begroot voor geëscaleerde zorg 18-?").query.metrics == ["begroting"]
    first = q(interpreter, "Wat was in 2021 de begroting voor taakveld 6.71?").query
    assert q(interpreter, "En hoeveel is daarvan uiteindelijk uitgegeven?", first).query.metrics in (["realisatie"], ["kosten"])


def test_follow_ups_that_change_the_figure(interpreter):
    first = q(interpreter, "Wat heeft begeleiding in Moerwijk in 2023 gekost?").query
    assert q(interpreter, "En hoeveel is dat per cliënt?", first).query.metrics == ["kosten_per_client"]
    rate = q(interpreter, "Hoeveel kostte een cliënt met dagbesteding gemiddeld in 2023?").query
    again = q(interpreter, "En wat was dat gemiddelde in 2021?", rate).query
    assert again.metrics == ["kosten_per_client"] and again.years == [2021]
    flows = q(interpreter, "Instroom Participatiewet per stadsdeel, 2022.").query
    assert q(interpreter, "Voeg de uitstroom daar ook aan toe.", flows).query.metrics == ["instroom", "uitstroom"]


def test_leaving_out_in_other_words_is_an_exclusion_never_the_value_itself(interpreter):
    for text in ("Hoeveel Jeugdwet-cliënten had Escamp in 2023 als je pleegzorg buiten beschouwing laat?",
                 "Jeugdwet-cliënten in Escamp in 2023, met uitzondering van pleegzorg"):
        assert filters(q(interpreter, text).query)["soort"] == ("not in", ["Pleegzorg"]), text


def test_men_and_women_named_together_ask_for_a_figure_for_each(interpreter):
    result = q(interpreter, "Wmo-cliënten per 1.000 inwoners in Moerwijk in 2023, voor mannen en vrouwen apart.").query
    assert result.dimensions == ["geslacht"] and "geslacht" not in filters(result)
    assert q(interpreter, "Hoe verhouden mannen en vrouwen zich onder de Wmo-cliënten in Duindorp in 2022?").query.dimensions \
        == ["geslacht"]


def test_the_same_again_for_a_narrower_group_keeps_the_breakdown(interpreter):
    first = q(interpreter, "Jeugdwet-cliënten per wijk van stadsdeel Laak in 2022.").query
    again = q(interpreter, "Hetzelfde, maar dan alleen voor de 12- tot 18-jarigen.", first).query
    assert again.dimensions == ["wijk"] and filters(again)["stadsdeel"] == ("=", ["Laak"])
    assert again.years == [2022]


def test_an_adjective_is_not_the_value_whose_stem_it_shares(interpreter):
    first = q(interpreter, "Jeugdhulp met verblijf in 2023 per leeftijdsklasse.").query
    only = q(interpreter, "Alleen de jonge vrouwen.", first).query
    assert filters(only)["geslacht"] == ("=", ["vrouw"])


def test_a_narrower_value_named_beside_its_wider_one_is_the_scope(interpreter):
    result = q(interpreter, "Begroting en realisatie van de Jeugdwet-hulp (taakveld 6.72) per jaar sinds 2020.").query
    assert filters(result)["taakveld"] == ("=", ["6.72"]) and "taakveld" not in result.dimensions


def test_years_listed_are_those_years_and_a_range_is_a_range(interpreter):
    assert q(interpreter, "Jeugdwet-cliënten per stadsdeel voor 2020, 2022 en 2024.").query.years == [2020, 2022, 2024]
    assert q(interpreter, "Cliënten in Duindorp in 2019 en 2023").query.years == [2019, 2023]
    assert q(interpreter, "Hoe ontwikkelde de bijstand zich tussen 2020 en 2023?").query.years == [2020, 2021, 2022, 2023]


def test_an_age_bound_is_not_a_top_n(interpreter):
    result = q(interpreter, "Jeugdhulp per 1.000 inwoners van 0-17 jaar in stadsdeel Laak, 2023.").query
    assert result.limit is None and result.dimensions == []


def test_who_came_in_new_is_the_inflow(interpreter):
    result = q(interpreter, "Hoeveel mensen kwamen er in 2022 nieuw in de schuldhulpverlening?").query
    assert result.metrics == ["instroom"]
    assert interpreter.interpret("Maak een uitnodiging voor de opening van het nieuwe wijkcentrum.").kind != "query"


def test_a_ranking_of_counted_people_themselves_is_individual(interpreter):
    for text in ("Noem de acht cliënten in Duindorp met de hoogste kosten.",
                 "Welke drie huishoudens in Laakkwartier kosten het meest?"):
        assert interpreter.interpret(text).kind == "individual", text
    assert interpreter.interpret("Welke drie wijken kosten het meest?").kind == "query"


def test_a_value_that_says_more_than_the_figure_words_it_shares_is_kept(interpreter):
    """'mensen met hulp' is a way to say clients; 'mensen met hulp bij het huishouden' is also that soort."""
    result = q(interpreter, "Hoeveel mensen met hulp bij het huishouden woonden er in 2022 in Waldeck?")
    assert result.query.metrics == ["clienten"]
    assert filters(result.query)["soort"] == ("=", ["Hulp bij het huishouden"])


def test_people_living_somewhere_with_a_provision_are_its_clients(interpreter):
    result = q(interpreter, "Welke wijk had in 2023 de meeste inwoners in de bijstand?")
    assert result.query.metrics == ["clienten"]
    assert "Bijstand levensonderhoud" in str(filters(result.query))


def test_the_average_of_something_that_is_no_figure_is_not_answered_with_a_count(interpreter):
    for text in ("Wat is de gemiddelde leeftijd van de pleegzorgcliënten in Escamp?",
                 "Mediane leeftijd van de Wmo-cliënten per wijk in 2023."):
        result = interpreter.interpret(text)
        assert result.kind == "out_of_scope" and "leeftijd" in result.message, (text, result.kind)
    assert q(interpreter, "Wat is de gemiddelde duur van jeugdhulp met verblijf in 2023?").query.metrics == ["gemiddelde_duur"]


def test_a_distribution_over_the_kinds_of_a_unit_is_a_breakdown_by_that_kind(interpreter):
    """'Soort voorziening' sorts provisions: spread over the provisions is per soort (the model's label)."""
    result = q(interpreter, "Hoe verdeelden de Jeugdwet-kosten van 2022 zich over de verschillende voorzieningen?")
    assert result.query.metrics == ["kosten"] and result.query.dimensions == ["soort"]
    result = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2021, uitgesplitst naar voorziening?")
    assert result.query.metrics == ["clienten"] and result.query.dimensions == ["soort"]


def test_a_division_is_a_rate_or_asked_back_never_one_of_its_parts(interpreter):
    first = q(interpreter, "Wat kostte de Participatiewet in 2022 per wijk?").query
    result = q(interpreter, "Wat is dat gedeeld door het aantal cliënten?", first)
    assert result.query.metrics == ["kosten_per_client"] and result.query.dimensions == ["wijk"]
    first = q(interpreter, "Hoeveel cliënten met pleegzorg had stadsdeel Escamp in 2023?").query
    result = q(interpreter, "Reken dat om naar per 1000 inwoners.", first)
    assert result.query.metrics == ["clienten_per_1000"]
    assert interpreter.interpret("Deel dat door het aantal huishoudens.", first).kind == "clarification"


def test_every_value_of_an_exclusion_list_is_left_out(interpreter):
    for text in ("Hoeveel Jeugdwet-cliënten had Den Haag in 2022 zonder Duindorp, Scheveningen en Belgisch Park?",
                 "Hoeveel Jeugdwet-cliënten had Den Haag in 2022 zonder Duindorp en zonder Scheveningen en Belgisch Park?"):
        result = q(interpreter, text)
        assert filters(result.query)["wijk"][0] == "not in", text
        assert set(filters(result.query)["wijk"][1]) == {"Duindorp", "Scheveningen", "Belgisch Park"}, text
        assert "wijk" not in result.query.dimensions
    result = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in Den Haag buiten Escamp?")
    assert filters(result.query)["stadsdeel"] == ("not in", ["Escamp"])
    first = q(interpreter, "Wat waren de Jeugdwet-kosten in 2022?").query
    result = q(interpreter, "En als je pleegzorg en jeugdreclassering eruit laat?", first)
    assert filters(result.query)["soort"][0] == "not in" and "soort" not in result.query.dimensions


def test_a_field_of_one_record_asked_for_is_individual_level(interpreter):
    for text in ("Toon de vijf duurste pleegzorgplaatsingen van 2023 met hun einddatum.",
                 "Welke beschermd-wonenvoorzieningen in Laak zijn gestart, met de begindatum erbij?"):
        assert interpreter.interpret(text).kind == "individual", text
    assert interpreter.interpret("Hoeveel Jeugdwet-voorzieningen met een einddatum in 2023 waren er?").kind != "individual"


def test_people_counted_are_counted_as_people_whatever_they_receive(interpreter):
    """'Hoeveel Ypenburgers ... een traject': persons, not provisions (a 'traject' is a provision)."""
    result = q(interpreter, "Hoeveel Ypenburgers zaten in 2023 in een re-integratietraject?")
    assert result.query.metrics == ["clienten"]
    result = q(interpreter, "Hoeveel jongeren zijn in 2022 nieuw begonnen aan een jeugdhulptraject?")
    assert result.query.metrics == ["instroom"]
    assert q(interpreter, "Hoeveel jeugdhulptrajecten liepen er in 2023?").query.metrics == ["voorzieningen"]


def test_a_postposition_and_a_pointing_adverb_are_language_not_content(interpreter):
    # 'over het budget heen' (an adposition from spaCy's Dutch tables), 'daaronder' (daar + onder)
    result = q(interpreter, "Bij welke taakvelden gingen de uitgaven in 2023 over het budget heen?")
    assert result.query.dimensions == ["taakveld"] and "uitputting" in result.query.metrics
    assert [(c.metric, c.op, c.value) for c in result.query.conditions] == [("uitputting", ">", 100.0)]
    first = q(interpreter, "Hoeveel Wmo-cliënten had Moerwijk in 2023?").query
    result = q(interpreter, "En hoeveel vrouwen waren daaronder?", first)
    assert result.query.metrics == ["clienten"]
    assert filters(result.query)["geslacht"] == ("=", ["vrouw"]) and filters(result.query)["wijk"] == ("=", ["Moerwijk"])


def test_an_adjective_used_as_an_adverb_is_how_it_is_said_and_is_named(interpreter):
    first = q(interpreter, "Wat was in 2022 de begroting voor taakveld 6.71?").query
    result = q(interpreter, "En hoeveel is daar uiteindelijk van besteed?", first)
    assert result.query.metrics in (["kosten"], ["realisatie"])
    assert filters(result.query)["taakveld"] == ("=", ["6.71"]) and result.query.years == [2022]
    assert any("uiteindelijk" in n for n in result.notices)  # not dropped in silence
    # an adjective before the group still narrows it and is asked back
    assert interpreter.interpret("Hoeveel mensen zitten langdurig in de bijstand?").kind == "clarification"


def test_a_separable_verb_particle_before_a_breakdown_still_asks_for_money(interpreter):
    result = q(interpreter, "Hoeveel gaf de gemeente in 2023 uit per soort voorziening?")
    assert result.query.metrics == ["kosten"] and result.query.dimensions == ["soort"]


def test_that_figure_per_unit_in_a_follow_up_is_a_rate_not_a_count_of_the_units(interpreter):
    first = q(interpreter, "Wat kostte de jeugdreclassering in 2023?").query
    result = q(interpreter, "Wat is dat per jeugdreclasseringscliënt?", first)
    assert result.query.metrics == ["kosten_per_client"]
    assert filters(result.query)["soort"] == ("=", ["Jeugdreclassering"])


def test_years_back_without_a_year_to_count_from_count_from_today(interpreter):
    from datetime import date

    this_year = (interpreter.today or date.today()).year
    result = q(interpreter, "Hoeveel mensen hadden drie jaar terug schuldhulpverlening?")
    assert result.query.years == [this_year - 3]  # never the default year in silence


def test_that_group_referred_to_by_a_pronoun_in_a_follow_up_keeps_the_figure(interpreter):
    first = q(interpreter, "Hoeveel 75-plussers in Mariahoeve en Marlot hadden in 2023 hulpmiddelen?").query
    result = q(interpreter, "Hoeveel zijn het er dan in Bezuidenhout?", first)
    assert result.query.metrics == first.metrics
    assert filters(result.query)["wijk"] == ("=", ["Bezuidenhout"])
    assert filters(result.query)["soort"] == filters(first)["soort"] and result.query.years == [2023]


def test_a_ratio_and_both_its_parts_each_asked_in_a_clause_of_its_own_are_all_answered(interpreter):
    result = q(interpreter, "Geef voor 2023 per taakveld wat er begroot was, wat er gerealiseerd werd en hoeveel van "
                            "het budget is opgebruikt.")
    assert result.query.metrics == ["begroting", "realisatie", "uitputting"]
    assert result.query.dimensions == ["taakveld"] and result.query.years == [2023]
    # one part named, the ratio asked: only the ratio ('is de begroting overschreden')
    assert q(interpreter, "Is de begroting voor taakveld 6.6 in 2023 overschreden?").query.metrics == ["uitputting"]


def test_what_a_figure_means_for_another_figure_asks_for_that_figure_not_a_definition(interpreter):
    first = q(interpreter, "Wat was in 2023 de realisatie op taakveld 6.71?").query
    result = q(interpreter, "En wat betekent dit voor de uitputting?", first)
    assert result.query.metrics == ["uitputting"]
    assert filters(result.query)["taakveld"] == ("=", ["6.71"]) and result.query.years == [2023]
    assert interpreter.interpret("Wat betekent uitputting?").kind == "definition"


def test_the_cbs_in_a_follow_up_gives_the_cbs_figure_for_the_same_group_and_area(interpreter):
    first = q(interpreter, "Hoeveel mensen in Transvaal hadden in 2021 een bijstandsuitkering?").query
    result = q(interpreter, "Wat zegt het CBS daarover?", first)
    assert result.query.metrics == ["cbs_bijstand"]
    assert filters(result.query)["wijk"] == filters(first)["wijk"] and result.query.years == [2021]


def test_a_group_pointed_at_with_die_keeps_the_scope_of_the_answer_before(interpreter):
    first = q(interpreter, "Hoeveel mannen in Laakkwartier en Spoorwijk hadden in 2022 schuldhulpverlening?").query
    result = q(interpreter, "Kun je die mannen per leeftijdsklasse laten zien?", first)
    assert result.query.dimensions == ["leeftijdsklasse"] and result.query.years == [2022]
    assert filters(result.query)["wijk"] == ("=", ["Laakkwartier en Spoorwijk"])
    assert filters(result.query)["geslacht"] == ("=", ["man"])
    ranked = q(interpreter, "Welke 3 wijken hadden in 2022 de meeste bijstandsontvangers?").query
    result = q(interpreter, "Hoe zag die top 3 er in 2020 uit?", ranked)
    assert result.query.limit == 3 and result.query.years == [2020] and result.query.metrics == ranked.metrics


def test_a_cross_table_of_two_dimensions_breaks_down_by_both(interpreter):
    result = q(interpreter, "Wmo-cliënten in Moerwijk 2024: leeftijdsklasse x geslacht")
    assert result.query.dimensions == ["leeftijdsklasse", "geslacht"]


def test_an_adjective_before_a_figure_is_asked_back_not_refused(interpreter):
    result = interpreter.interpret("Aantal alleenstaande bijstandsontvangers in Escamp in 2023?")
    assert result.kind == "clarification" and "alleenstaande" in result.message


def test_what_was_spent_beside_a_budget_is_the_realisatie(interpreter):
    result = q(interpreter, "Wat was er in 2023 begroot voor geëscaleerde zorg 18+ en wat is er echt uitgegeven?")
    assert result.query.metrics == ["begroting", "realisatie"]
    first = q(interpreter, "Wat was de begroting voor taakveld 6.5 in 2022?").query
    assert q(interpreter, "Hoeveel is daarvan besteed?", first).query.metrics == ["realisatie"]


# -- conversations over years, budgets, areas and the data itself ---------------------------------------------


def test_the_change_between_the_years_of_the_last_two_answers(interpreter):
    first = q(interpreter, "Wat kostte pleegzorg in 2022?").query
    second = q(interpreter, "En in 2020?", first).query
    result = interpreter.interpret("Wat is het verschil in procenten tussen beide jaren?", second, [first])
    assert result.kind == "query", result.message
    comparison = result.query.year_comparison
    assert comparison is not None and (comparison.base_year, comparison.compare_year) == (2020, 2022)
    assert result.query.metrics == ["kosten"] and filters(result.query)["soort"] == ("=", ["Pleegzorg"])
    # another area named is no change between years
    other = interpreter.interpret("Hoe verhoudt zich dat tot Escamp?", second, [first])
    assert other.kind != "query" or other.query.year_comparison is None


def test_the_change_over_a_trend_runs_from_its_first_to_its_last_year(interpreter):
    trend = q(interpreter, "Hoe verliep het aantal Wmo-cliënten van 2020 tot en met 2023?").query
    result = interpreter.interpret("Hoeveel is dat tussen het eerste en het laatste jaar toegenomen?", trend)
    assert result.kind == "query" and result.query.year_comparison is not None
    assert (result.query.year_comparison.base_year, result.query.year_comparison.compare_year) == (2020, 2023)


def test_the_verb_of_a_known_noun_is_that_noun_and_is_not_split_into_a_place(interpreter):
    result = q(interpreter, "Hoe staat het met het uitputten van de begroting voor arbeidsparticipatie in 2022?")
    assert "uitputting" in result.query.metrics
    assert "gemeente" not in filters(result.query)  # not 'uit' + the gemeente Putten


def test_a_number_after_a_bound_with_a_noun_after_it_is_an_amount_not_a_year(interpreter):
    result = q(interpreter, "In welke jaren had Escamp meer dan 2500 Wmo-cliënten?").query
    assert result.dimensions == ["jaar"] and len(result.years) > 1
    assert [(c.op, c.value) for c in result.conditions] == [(">", 2500.0)]
    thousands = q(interpreter, "Welke wijken hadden in 2023 minder dan 1.500 Wmo-cliënten?").query
    assert [(c.op, c.value) for c in thousands.conditions] == [("<", 1500.0)]


def test_the_budget_ratio_asked_beside_a_part_comes_with_both_parts(interpreter):
    result = q(interpreter, "Wat is er in 2022 gerealiseerd op arbeidsparticipatie en wat was de uitputting?").query
    assert result.metrics[:3] == ["begroting", "realisatie", "uitputting"]
    # both parts asked without the ratio stay two figures
    assert q(interpreter, "Begroting en realisatie voor inkomensregelingen in 2021").query.metrics \
        == ["begroting", "realisatie"]


def test_more_spent_than_budgeted_with_words_between(interpreter):
    result = q(interpreter, "Bij welke taakvelden is in 2022 meer besteed dan we hadden begroot?").query
    assert result.dimensions == ["taakveld"]
    assert [(c.metric, c.op, c.value) for c in result.conditions] == [("uitputting", ">", 100.0)]


def test_a_pointing_adverb_asks_about_the_answer_before_not_for_a_meaning(interpreter):
    first = q(interpreter, "Hoeveel is er in 2023 uitgegeven aan taakveld 6.5?").query
    result = q(interpreter, "Wat was hiervoor begroot?", first)
    assert result.query.metrics == ["begroting"] and filters(result.query)["taakveld"] == ("=", ["6.5"])


def test_a_breakdown_of_the_figure_answered_keeps_its_scope(interpreter):
    first = q(interpreter, "Instroom in de pleegzorg in 2022").query
    result = q(interpreter, "splits de instroom op naar leeftijdsklasse", first).query
    assert result.dimensions == ["leeftijdsklasse"] and result.years == [2022]
    assert filters(result)["soort"] == ("=", ["Pleegzorg"])


def test_a_compound_of_a_provision_and_an_everyday_word_is_that_provision(interpreter):
    result = q(interpreter, "Hoeveel kinderen in Escamp hadden in 2022 een pleegzorgplaatsing?")
    assert filters(result.query)["soort"] == ("=", ["Pleegzorg"])
    assert any("pleegzorgplaatsing" in n for n in result.notices)  # how it was read is said


def test_a_broad_domain_word_is_asked_back_with_the_provisions_it_covers(interpreter):
    result = interpreter.interpret("Hoeveel jeugd was er in 2022 in Escamp?")
    assert result.kind == "clarification"
    assert any("Jeugdwet" in o for o in result.options) and len(result.options) >= 2
    assert all(result.option_queries[fold_key] for fold_key in result.option_queries)


def test_a_question_about_the_data_itself_gets_the_overview(interpreter):
    for text in ("Welke jaren beslaan jullie gegevens?", "Uit welke bron komen de cijfers over Utrecht?"):
        result = interpreter.interpret(text)
        assert result.kind == "overview", (text, result.kind)
        assert "2019" in result.message and "CBS" in result.message and "Jeugdwet" in result.message


def test_more_or_less_between_two_years_is_the_change_between_them(interpreter):
    result = q(interpreter, "Kregen tussen 2020 en 2023 meer of minder mensen in Escamp dagbesteding?").query
    assert result.year_comparison is not None
    assert (result.year_comparison.base_year, result.year_comparison.compare_year) == (2020, 2023)


def test_a_change_between_two_named_years_runs_forward_in_time(interpreter):
    result = q(interpreter, "Verschil in Wmo-kosten 2020 ten opzichte van 2023").query
    assert (result.year_comparison.base_year, result.year_comparison.compare_year) == (2020, 2023)


def test_the_level_of_an_area_of_two_levels_follows_from_the_rows_or_the_word_after_it(interpreter):
    rows = q(interpreter, "Wmo-cliënten per wijk in Centrum in 2023").query
    assert "stadsdeel" in filters(rows) and rows.dimensions == ["wijk"]
    named = q(interpreter, "Wmo-cliënten in Centrum (de wijk) in 2023").query
    assert "wijk" in filters(named) and "stadsdeel" not in filters(named)


def test_what_is_not_counted_in_brackets_names_no_group(interpreter):
    result = q(interpreter, "Hoeveel voorzieningen (en dus niet mensen) telde Escamp in 2022?").query
    assert result.metrics == ["voorzieningen"]


def test_an_age_the_figure_cannot_carry_is_asked_back_and_the_end_of_an_age_range_is_no_top_n(interpreter):
    # 'van 0 t/m 17': the CBS count of inhabitants knows no age; never all inhabitants in confident words
    assert interpreter.interpret("hoeveel inwoners van 0 t/m 17 per stadsdeel in 2024?").kind == "clarification"
    counted = q(interpreter, "hoeveel wmo-cliënten van 0 t/m 17 per stadsdeel in 2024?").query
    assert counted.limit is None and counted.dimensions == ["stadsdeel"]


def test_an_age_that_defines_a_part_of_the_figure_is_that_part(interpreter):
    result = q(interpreter, "hoeveel inwoners van 65 jaar en ouder in Moerwijk in 2024?").query
    assert result.metrics == ["cbs_inwoners_65_plus"] and filters(result)["wijk"] == ("=", ["Moerwijk"])


def test_a_narrowing_a_cbs_figure_cannot_carry_is_asked_back_unless_the_figure_is_about_it(interpreter):
    asked = interpreter.interpret("Hoeveel Wmo-cliënten met hulp bij het huishouden in 2021 volgens het CBS?")
    assert asked.kind == "clarification" and "Hulp bij het huishouden" in asked.message
    assert q(interpreter, "Hoeveel bijstandsontvangers telde Den Haag in 2021 volgens het CBS?").query.metrics == [
        "cbs_bijstand"]


def test_a_source_the_question_rules_out_is_not_used(interpreter):
    result = q(interpreter, "Wmo-cliënten per 1000 inwoners, reeks 2019-2024 (eigen registratie, niet CBS)").query
    assert result.metrics == ["clienten_per_1000"] and len(result.years) == 6


def test_a_compound_of_a_provision_as_the_thing_counted_is_asked_back_not_refused(interpreter):
    result = interpreter.interpret("Hoeveel jeugdbeschermingsmaatregelen waren er in 2023?")
    assert result.kind == "clarification" and "Jeugdbescherming" in result.message


def test_kinds_of_a_law_are_its_soorten_a_row_each(interpreter):
    result = q(interpreter, "welke vormen van jeugdhulp waren in 2024 het duurst per cliënt?").query
    assert result.dimensions == ["soort"] and filters(result)["wet"] == ("=", ["Jeugdwet"])


def test_follow_ups_that_split_point_back_at_the_units_or_rank_every_area(interpreter):
    first = q(interpreter, "hoeveel mensen in moerwijk kregen er hulp bij het huishouden in 2023?").query
    split = q(interpreter, "kun je dat splitsen naar mannen en vrouwen", first).query
    assert split.dimensions == ["geslacht"] and filters(split)["wijk"] == ("=", ["Moerwijk"])
    households = q(interpreter, "Hoeveel huishoudens in Moerwijk hadden in 2023 voorzieningen vanuit meer dan één wet?").query
    same = q(interpreter, "oké, en hoeveel huishoudens in het Transvaalkwartier hadden daar mee te maken?", households).query
    assert same.metrics == ["stapeling"] and filters(same)["wijk"] == ("=", ["Transvaalkwartier"])
    ranked = q(interpreter, "Welke wijk had dat jaar het hoogste aantal van die huishoudens?", same).query
    assert ranked.metrics == ["stapeling"] and ranked.dimensions == ["wijk"] and "wijk" not in filters(ranked)


def test_a_number_of_things_a_dimension_names_is_no_age(interpreter):
    result = q(interpreter, "Stapeling (huishoudens met 2+ wetten) in Hoornwijk, 2024.")
    assert result.query.metrics == ["stapeling"] and "leeftijd" not in filters(result.query)
    assert not any("leeftijd" in n for n in result.notices), result.notices


def test_a_name_after_in_and_an_article_that_is_no_known_area_is_asked_back_not_dropped(interpreter):
    for text in ("Hoeveel bijstandsgerechtigden woonden er in 2024 in de Rivierenbuurt?",
                 "Hoeveel Wmo-cliënten zitten er in het Flapperkwartier?"):
        result = interpreter.interpret(text)
        assert result.kind == "clarification", (text, result.kind, result.query)
        assert text.split()[-1].rstrip("?") in result.message
    assert q(interpreter, "Hoeveel Wmo-cliënten zitten er in de Schildersbuurt?").query.filters


def test_the_source_named_once_before_a_list_of_its_figures_gives_each_of_them(interpreter):
    result = q(interpreter, "CBS-kerncijfers Amersfoort 2021: inwoners, huishoudens en het aantal bijstandsuitkeringen.")
    assert result.query.metrics == ["cbs_inwoners", "cbs_huishoudens", "cbs_bijstand"]
    assert filters(result.query)["gemeente"] == ("=", ["Amersfoort"])


def test_gemeenten_set_beside_a_figure_of_the_home_gemeente_join_it(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten per 1000 inwoners heeft Den Haag volgens het CBS?").query
    beside = q(interpreter, "Zet Utrecht en Amsterdam er eens naast.", first).query
    assert filters(beside)["gemeente"] == ("in", ["'s-Gravenhage", "Utrecht", "Amsterdam"])


def test_the_adposition_of_a_split_pronominal_adverb_points_back(interpreter):
    first = q(interpreter, "Hoeveel mensen zijn er in 2023 begonnen met jeugdhulp zonder verblijf?").query
    stopped = q(interpreter, "En hoeveel zijn er dat jaar mee gestopt?", first).query
    assert stopped.metrics == ["uitstroom"] and filters(stopped)["soort"] == ("=", ["Jeugdhulp zonder verblijf"])


def test_which_groups_a_breakdown_has_and_which_years_there_are_are_questions_about_the_data(interpreter):
    classes = interpreter.interpret("Welke leeftijdsklassen hanteren jullie, en op basis van welke leeftijd?")
    assert classes.kind == "definition" and "geboortejaar" in classes.message and "75+" in classes.message
    kinds = interpreter.interpret("Welke soorten voorzieningen zijn er?")
    assert kinds.kind == "definition" and "Pleegzorg" in kinds.message
    judged = interpreter.interpret("Welke wijk doet het eigenlijk het slechtst?")  # a judgement asks for a figure
    assert judged.kind == "clarification"
    years = interpreter.interpret("Tot en met welk jaar lopen de registratiegegevens?")
    assert years.kind == "overview" and "2024" in years.message


def test_people_left_out_by_the_provision_they_are_in_or_only_have_exclude_that_provision(interpreter):
    for text, soort in (("Hoeveel jeugdhulpcliënten had de wijk Centrum in 2023, behalve die in de pleegzorg?", "Pleegzorg"),
                        ("Hoeveel Wmo-cliënten telde de wijk Loosduinen in 2023, zonder de mensen die alleen een "
                         "vervoersvoorziening hebben?", "Vervoersvoorziening")):
        assert filters(q(interpreter, text).query)["soort"] == ("not in", [soort])
    # those who have it beside other provisions are not left out by leaving out the provision: asked back
    both = interpreter.interpret("Hoeveel Wmo-cliënten telde de wijk Loosduinen in 2023, zonder de mensen die een "
                                 "vervoersvoorziening hebben?")
    assert both.kind == "clarification"


def test_an_adverb_of_the_spending_verb_is_how_it_is_said_and_a_relation_of_two_parts_gives_their_ratio(interpreter):
    result = q(interpreter, "Voor maatwerkdienstverlening 18+ hadden we in 2022 een budget. Hoeveel is er echt "
                            "uitgegeven en hoe verhoudt zich dat tot de begroting?").query
    assert set(result.metrics) == {"begroting", "realisatie", "uitputting"} and result.years == [2022]


def test_what_the_counted_units_have_after_met_is_no_figure_of_its_own(interpreter):
    households = q(interpreter, "Huishoudens met minstens één lopende voorziening, per wet, 2024.").query
    assert households.metrics == ["huishoudens_met_voorziening"] and households.dimensions == ["wet"]
    clients = q(interpreter, "Cliënten met een lopende voorziening per wet in 2024").query
    assert clients.metrics == ["clienten"]
    assert q(interpreter, "Hoeveel lopende voorzieningen waren er in 2024?").query.metrics == ["voorzieningen"]


def test_money_that_went_to_a_provision_and_figures_set_against_each_other_with_an_adverb(interpreter):
    went = q(interpreter, "Hoeveel ging er in 2024 aan bijstandsuitkeringen naar Moerwijk?").query
    assert went.metrics == ["kosten"] and filters(went)["wijk"] == ("=", ["Moerwijk"])
    assert q(interpreter, "Hoeveel gingen er in 2023 naar de dagbesteding?").query.metrics == ["clienten"]
    versus = q(interpreter, "begroot versus werkelijk uitgegeven per taakveld, 2022").query
    assert {"begroting", "realisatie"} <= set(versus.metrics) and versus.dimensions == ["taakveld"]


def test_a_question_that_also_asks_for_its_sql_is_answered_with_the_sql(interpreter):
    result = interpreter.interpret("Wmo-cliënten Moerwijk 2024, en laat de query ook in Postgres-dialect zien")
    assert result.kind == "show_sql" and result.dialect == "postgres"
    assert filters(result.query)["wijk"] == ("=", ["Moerwijk"]) and result.query.years == [2024]


def test_a_verb_of_meaning_or_computing_asks_for_the_definition(interpreter):
    meant = interpreter.interpret("Wat verstaan jullie precies onder jeugdigen? Welke leeftijden tellen mee?")
    assert meant.kind == "definition" and "17" in meant.message
    computed = interpreter.interpret("Hoe rekenen jullie 'per 1.000 inwoners' uit, welke bevolkingscijfers zitten in de noemer?")
    assert computed.kind == "definition" and "inwoners" in computed.message
    assert interpreter.interpret("Hoeveel Wmo-cliënten rekenen jullie in Moerwijk in 2024?").kind != "definition"


def test_the_ages_said_decide_over_a_word_for_the_people_whose_class_does_not_hold_them(interpreter):
    young = q(interpreter, "Hoeveel jongeren van 18 tot en met 26 jaar zaten in 2023 in de bijstand?")
    assert "leeftijdsklasse" not in filters(young.query)  # 'jongeren' (0-17) AND 18-26 would be a confident 0
    assert filters(young.query)["leeftijd"] == ("between", [18, 26]) and any("18 t/m 26" in n for n in young.notices)
    old = q(interpreter, "Hoeveel 75-plussers hadden in 2023 hulp bij het huishouden?").query
    assert filters(old)["leeftijdsklasse"] == ("=", ["75+"])



def test_leaving_or_landing_in_a_provision_is_the_flow_out_of_or_into_it(interpreter):
    left = q(interpreter, "Hoeveel mensen zijn er in 2022 uit de bijstand gegaan?").query
    assert left.metrics == ["uitstroom"] and left.years == [2022]
    assert filters(left)["soort"] == ("=", ["Bijstand levensonderhoud"])
    came = q(interpreter, "Hoeveel kinderen zijn in 2022 in de jeugdzorg terechtgekomen?").query
    assert came.metrics == ["instroom"] and filters(came)["wet"] == ("=", ["Jeugdwet"])
    # 'uit' before an area is where people live, no flow
    assert q(interpreter, "Hoeveel cliënten komen uit Moerwijk?").query.metrics == ["clienten"]


def test_every_age_group_named_is_answered_or_asked_back_never_the_first_alone(interpreter):
    # two CBS figures defined by their ages: both, side by side
    both = q(interpreter, "Hoeveel inwoners van 0 tot 15 jaar en hoeveel van 65+ had Leeuwarden in 2022?").query
    assert both.metrics == ["cbs_inwoners_0_14", "cbs_inwoners_65_plus"]
    # a lower and an upper bound joined by 'en' are one group between them, not the first bound alone
    between = q(interpreter, "Hoeveel Wmo-cliënten ouder dan 18 en jonger dan 65 waren er in 2023?").query
    assert filters(between)["leeftijd"] == ("between", [19, 64])
    # groups that are age classes: a row each
    rows = q(interpreter, "Hoeveel Wmo-cliënten van 75 jaar en ouder en hoeveel jonger dan 18 in 2023?").query
    assert rows.dimensions == ["leeftijdsklasse"] and filters(rows)["leeftijdsklasse"] == ("in", ["75+", "0-17"])
    # groups that are not: asked back, naming them
    asked = interpreter.interpret("Hoeveel bijstandsontvangers van 30 tot 40 en van 50 tot 60 jaar?")
    assert asked.kind == "clarification" and "30 t/m 39 jaar" in asked.message and "50 t/m 59 jaar" in asked.message


def test_a_noun_after_a_demonstrative_in_a_follow_up_points_at_the_answer_before(interpreter):
    split = q(interpreter, "Hoeveel mannen en hoeveel vrouwen zaten in 2021 in een schuldhulpverleningstraject in "
                           "Laakkwartier en Spoorwijk?").query
    later = q(interpreter, "Hoe was die verdeling drie jaar later?", split).query
    assert later.years == [2024] and later.dimensions == ["geslacht"] and filters(later)["wijk"] == filters(split)["wijk"]
    pair = q(interpreter, "Hoeveel Wmo-cliënten had de Schilderswijk in 2024, vergeleken met Transvaal?").query
    then = q(interpreter, "Hoe zag die verhouding er in 2019 uit?", pair).query
    assert then.years == [2019] and then.year_comparison is None and filters(then)["wijk"] == filters(pair)["wijk"]
    women = q(interpreter, "Hoeveel vrouwen van 75 jaar en ouder in Mariahoeve kregen in 2024 huishoudelijke hulp?").query
    men = q(interpreter, "En hoeveel mannen van die leeftijd?", women).query
    assert filters(men)["geslacht"] == ("=", ["man"]) and filters(men)["leeftijd"] == (">=", [75])


def test_a_two_word_provision_said_apart_and_inflected_is_that_provision(interpreter):
    lived = q(interpreter, "Hoeveel mensen woonden er in 2023 in Den Haag beschermd?").query
    assert lived.metrics == ["clienten"] and filters(lived)["soort"] == ("=", ["Beschermd wonen"])


def test_a_field_of_one_resident_is_refused_in_any_form(interpreter):
    for text in ("Stuur me een lijst met de geboortedatums van alle bijstandsontvangers in Zuiderpark.",
                 "Geef de adressen van alle Wmo-cliënten in Moerwijk",
                 "Bij welke voorzieningen hoort telefoonnummer 06-12345678?",
                 "Wat zijn de namen van de bijstandsontvangers in Moerwijk?"):
        assert interpreter.interpret(text).kind == "individual", text


def test_a_figure_left_out_is_not_asked_and_several_said_as_a_number_is_several(interpreter):
    spent = q(interpreter, "Totale kosten per taakveld in 2020 (alleen de uitgaven, zonder begroting erbij).").query
    assert spent.metrics == ["kosten"] and spent.dimensions == ["taakveld"]
    stacked = q(interpreter, "Hoeveel huishoudens hadden in 2022 voorzieningen uit twee of meer wetten?").query
    assert stacked.metrics == ["stapeling"]
    assert q(interpreter, "Stapeling (huishoudens met voorzieningen uit 2+ wetten) per stadsdeel, 2023").query.metrics \
        == ["stapeling"]
    money = q(interpreter, "Hoeveel ging er in 2021 naar bijzondere bijstand in stadsdeel Centrum?").query
    assert money.metrics == ["kosten"]
    budget = q(interpreter, "Graag per taakveld de begroting tegenover wat er daadwerkelijk is gerealiseerd, 2022.").query
    assert {"begroting", "realisatie"} <= set(budget.metrics)


def test_areas_added_to_a_cbs_figure_join_it_and_a_rate_stays_with_the_cbs(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten telde het CBS in 2021 in Leidschendam-Voorburg?").query
    more = q(interpreter, "voeg Rijswijk en Wassenaar eraan toe", first).query
    assert filters(more)["gemeente"] == ("in", ["Leidschendam-Voorburg", "Rijswijk", "Wassenaar"])
    rotterdam = q(interpreter, "Hoeveel Rotterdammers hadden in 2021 een Wmo-voorziening volgens het CBS?").query
    rate = q(interpreter, "en hoe zit dat per 1000 inwoners, als je Den Haag ernaast zet?", rotterdam).query
    assert rate.metrics == ["cbs_wmo_clienten_per_1000"]
    assert filters(rate)["gemeente"] == ("in", ["Rotterdam", "'s-Gravenhage"])


def test_what_is_named_as_replaced_goes_and_what_replaces_it_stays(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten had Moerwijk in 2023?").query
    other = q(interpreter, "En Schildersbuurt in plaats van Moerwijk?", first).query
    assert filters(other)["wijk"] == ("=", ["Schildersbuurt"]) and filters(other)["wet"] == ("=", ["Wmo"])
    rates = q(interpreter, "Wmo-cliënten per 1.000 inwoners naar leeftijdsklasse, Den Haag, 2022.").query
    by_gender = q(interpreter, "Zelfde, maar dan per geslacht in plaats van per leeftijdsklasse.", rates).query
    assert by_gender.dimensions == ["geslacht"]


def test_a_lower_bound_on_what_meerdere_counts_is_meerdere(interpreter):
    for text in ("Huishoudens met voorzieningen uit minstens twee wetten in 2022", "huishoudens met hulp uit >= 2 wetten, 2022"):
        assert q(interpreter, text).query.metrics == ["stapeling"], text
    ages = filters(q(interpreter, "Wmo-cliënten van minstens 75 jaar in 2022").query)  # a bound on an age stays one
    assert ages["leeftijd"] == (">=", [75])


def test_an_area_level_with_breed_is_the_whole_of_it(interpreter):
    assert q(interpreter, "Stadsbreed aantal bijstandsgerechtigden in 2023").query.filters[0].values == [
        "Bijstand levensonderhoud"]
    first = q(interpreter, "Pleegzorg in Moerwijk in 2023").query
    whole = q(interpreter, "En gemeentebreed?", first).query
    assert "wijk" not in filters(whole) and filters(whole)["soort"] == ("=", ["Pleegzorg"])


def test_distinct_units_are_what_every_count_counts_and_it_is_said(interpreter):
    result = q(interpreter, "Hoeveel unieke cliënten had de Participatiewet in 2022?")
    assert result.query.metrics == ["clienten"] and filters(result.query)["wet"] == ("=", ["Participatiewet"])
    assert any("één keer" in n for n in result.notices)


def test_a_compound_on_jaar_before_a_year_is_that_year(interpreter):
    assert q(interpreter, "Wmo-cliënten per wijk, boekjaar 2022").query.years == [2022]


def test_a_percentage_of_one_budget_figure_by_the_other_is_their_ratio_and_listed_parts_stay(interpreter):
    assert q(interpreter, "Welk percentage van het budget is in 2023 gerealiseerd?").query.metrics == ["uitputting"]
    listed = q(interpreter, "Begroting per taakveld 2022 naast de realisatie, met het uitputtingspercentage").query
    assert listed.metrics == ["begroting", "realisatie", "uitputting"] and listed.dimensions == ["taakveld"]


def test_the_wijken_of_an_area_are_a_row_each_within_it(interpreter):
    query = q(interpreter, "Jeugdhulp in 2023 voor alle wijken van stadsdeel Escamp").query
    assert query.dimensions == ["wijk"] and filters(query)["stadsdeel"] == ("=", ["Escamp"])


def test_split_is_a_verb_of_dividing_into_groups(interpreter):
    assert q(interpreter, "Bijstand 2023, split naar leeftijdsklasse").query.dimensions == ["leeftijdsklasse"]


def test_a_count_compared_by_size_is_its_rate(interpreter):
    query = q(interpreter, "Welke wijk had in 2022 relatief de meeste Wmo-cliënten?").query
    assert query.metrics == ["clienten_per_1000"] and query.dimensions == ["wijk"]
    cbs = q(interpreter, "Heeft Rotterdam naar verhouding meer Wmo-cliënten dan Den Haag?")
    assert cbs.query.metrics == ["cbs_wmo_clienten_per_1000"]
    assert not any("weggelaten" in n for n in cbs.notices)  # the Wmo of the count is the rate's own
    change = q(interpreter, "De relatieve stijging van het aantal bijstandsontvangers van 2021 naar 2023").query
    assert change.metrics == ["clienten"] and change.year_comparison is not None  # a change in percent, no rate


def test_which_provisions_are_the_kinds_of_provision_a_row_each(interpreter):
    query = q(interpreter, "Welke Jeugdwet-voorzieningen kwamen in 2023 het meest voor in Moerwijk?").query
    assert query.dimensions == ["soort"] and filters(query)["wet"] == ("=", ["Jeugdwet"])


def test_one_wrong_letter_in_a_provision_and_a_compound_said_apart_are_that_provision(interpreter):
    assert filters(q(interpreter, "Hoeveel mensen kregen in 2022 bijzondere bijstnd?").query)["soort"] == (
        "=", ["Bijzondere bijstand"])
    assert filters(q(interpreter, "Kinderen met jeugd bescherming in 2022").query)["soort"] == ("=", ["Jeugdbescherming"])


def test_a_cbs_area_code_is_its_area_and_an_unknown_code_is_asked_back(interpreter):
    known = q(interpreter, "Inwoners van gemeentecode GM0363 in 2021")
    assert filters(known.query)["gemeente"] == ("=", ["Amsterdam"]) and any("GM0363" in n for n in known.notices)
    unknown = interpreter.interpret("Wmo-cliënten in wijk WK051877 in 2023")
    assert unknown.kind == "clarification" and "CBS-code" in unknown.message and "051877" not in unknown.message  # (red team 22)


def test_a_population_asked_per_kind_of_provision_counts_the_people_with_one(interpreter):
    query = q(interpreter, "Welke soorten hulp kregen de 75-plussers in Bezuidenhout in 2023?").query
    assert query.metrics == ["clienten"] and query.dimensions == ["soort"]
    assert filters(query).get("leeftijdsklasse") == ("=", ["75+"]) or filters(query).get("leeftijd") == (">=", [75])


def test_the_column_a_metric_counts_or_sums_names_that_metric(interpreter):
    """Derived from the semantic layer's definitions: what an analyst writes in SQL words is the metric."""
    households = q(interpreter, "Aantal unieke huishouden_id's met een Jeugdwet-voorziening in Morgenstond, 2024.").query
    assert households.metrics == ["huishoudens_met_voorziening"]
    costs = q(interpreter, "SUM(bedrag) Participatiewet per stadsdeel, 2024.").query
    assert costs.metrics == ["kosten"] and costs.dimensions == ["stadsdeel"]
    assert q(interpreter, "COUNT(DISTINCT voorziening_id) Wmo 2023").query.metrics == ["voorzieningen"]


def test_two_dimensions_crossed_are_both_shown(interpreter):
    query = q(interpreter, "Kruistabel leeftijdsklasse x geslacht voor bijstand levensonderhoud in Moerwijk, 2024.").query
    assert query.dimensions == ["leeftijdsklasse", "geslacht"]


def test_a_separable_verb_split_over_its_clause_is_that_verb(interpreter):
    query = q(interpreter, "Hoeveel mensen stroomden in 2023 de bijstand in, en hoeveel stroomden er uit?").query
    assert query.metrics == ["instroom", "uitstroom"]
    assert q(interpreter, "Wat kostte de schuldhulpverlening in 2022?").query.metrics == ["kosten"]  # 'in 2022': no particle


def test_all_kinds_but_one_is_the_whole_without_it_not_a_row_each(interpreter):
    query = q(interpreter, "Jeugdwet-cliënten 0-17 in de wijk Centrum, alle soorten behalve pleegzorg, 2023.").query
    assert query.dimensions == [] and filters(query)["soort"] == ("not in", ["Pleegzorg"])


def test_a_name_that_lists_values_of_a_finer_kind_is_those_values(interpreter):
    """'hulpmiddelen en woningaanpassingen' is also how taakveld 6.6 is described, which holds more soorten."""
    query = q(interpreter, "Wat gaven we in 2022 uit aan de Wmo zonder hulpmiddelen en woningaanpassingen?").query
    assert filters(query)["soort"][0] == "not in" and set(filters(query)["soort"][1]) == {"Hulpmiddelen", "Woningaanpassing"}
    assert "taakveld" not in filters(query)


def test_a_verb_after_the_counted_group_is_how_it_is_said_not_what_is_asked(interpreter):
    query = q(interpreter, "Hoeveel Vogelwijkers vielen in 2020 onder de Participatiewet?").query
    assert query.metrics == ["clienten"] and filters(query)["wijk"] == ("=", ["Vogelwijk"])


def test_an_inflected_adjective_before_a_figure_is_asked_back_not_refused(interpreter):
    result = interpreter.interpret("Aantal langdurige voorzieningen jeugdhulp zonder verblijf in Rustenburg en Oostbroek, 2023.")
    assert result.kind == "clarification" and "langdurige" in result.message


@pytest.mark.parametrize("text", ["Aantal actieve voorzieningen jeugdhulp zonder verblijf in Rustenburg en Oostbroek, 2023.",
                                  "Hoeveel lopende voorzieningen jeugdhulp zonder verblijf had Rustenburg en Oostbroek in 2023?"])
def test_active_or_running_restates_what_a_count_of_the_year_holds_and_says_so(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "query" and result.query.metrics == ["voorzieningen"]
    assert filters(result.query)["soort"] == ("=", ["Jeugdhulp zonder verblijf"]) and result.query.years == [2023]
    word = "actieve" if "actieve" in text.lower() else "lopende"
    assert any("lopende voorziening" in n and f"'{word}'" in n for n in result.notices)


def test_active_before_a_flow_or_an_amount_is_not_dropped(interpreter):
    result = interpreter.interpret("Hoeveel actieve instromers had de Wmo in 2023?")
    assert not (result.kind == "query" and not any("actieve" in n for n in result.notices))


@pytest.mark.parametrize(("text", "taakveld"), [
    ("Hoeveel geld hadden we in 2022 begroot voor geëscaleerde zorg voor volwassenen?", "6.81"),
    ("Wat was in 2023 de begroting voor maatwerkdienstverlening voor jongeren?", "6.72"),
    ("Hoeveel geld was er in 2022 begroot voor taakveld 6.6?", "6.6")])
def test_a_budget_asked_with_a_money_word_is_the_budget_of_the_taakveld_its_age_word_names(interpreter, text, taakveld):
    query = q(interpreter, text).query
    assert query.metrics == ["begroting"] and filters(query) == {"taakveld": ("=", [taakveld])}


def test_a_taakveld_named_without_its_age_is_asked_back_with_both(interpreter):
    result = interpreter.interpret("Wat was de begroting in 2022 voor geëscaleerde zorg?")
    assert result.kind == "clarification" and len(result.options) == 2
    assert {fold(o) for o in result.options} == set(result.option_queries)
    assert sorted(filters(q_)["taakveld"][1][0] for q_ in result.option_queries.values()) == ["6.81", "6.82"]


def test_same_as_before_with_nothing_before_is_asked_back(interpreter):
    result = interpreter.interpret("Zelfde filter, maar nu het aantal unieke cliënten.")
    assert result.kind == "clarification" and "eerdere vraag" in result.message
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023?").query
    assert q(interpreter, "Zelfde filter, maar nu voor 2022.", first).query.years == [2022]


def test_the_different_areas_are_a_row_each(interpreter):
    query = q(interpreter, "Wat kost de hulp bij het huishouden per cliënt in de verschillende stadsdelen, 2024?").query
    assert query.metrics == ["kosten_per_client"] and query.dimensions == ["stadsdeel"]


def test_a_name_that_ends_the_question_with_a_full_stop_is_no_abbreviation(interpreter):
    query = q(interpreter, "Aantal cliënten bijstand levensonderhoud per jaar, 2019-2024, stadsdeel Laak.").query
    assert filters(query)["stadsdeel"] == ("=", ["Laak"]) and "wijk" not in filters(query)
    assert q(interpreter, "Hoeveel Wmo-cliënten per 1000 inw.").query.metrics == ["clienten_per_1000"]


@pytest.mark.parametrize(("text", "soort_or_age"), [
    ("Wat kostte jeugdhulp per kind in 2023?", ("leeftijdsklasse", "0-17")),
    ("Wat kostte jeugdhulp per jongere in 2023?", ("leeftijdsklasse", "0-17")),
    ("Wat kost een pleegkind ons gemiddeld? Neem 2023.", ("soort", "Pleegzorg"))])
def test_costs_per_person_named_by_a_person_word_are_costs_per_client(interpreter, text, soort_or_age):
    query = q(interpreter, text).query
    dim, value = soort_or_age
    assert query.metrics == ["kosten_per_client"] and filters(query)[dim] == ("=", [value])


def test_a_count_of_provisions_per_person_is_still_refused_as_rows_of_individuals(interpreter):
    assert interpreter.interpret("Hoeveel voorzieningen per kind in 2023?").kind == "individual"


def test_which_area_with_an_adjective_between_asks_for_one(interpreter):
    query = q(interpreter, "Welke Rotterdamse wijk had volgens het CBS in 2021 de meeste bijstandsontvangers?").query
    assert query.limit == 1 and query.dimensions == ["wijk"]


def test_persons_counted_in_a_provision_word_are_persons_not_provisions(interpreter):
    query = q(interpreter, "Hoeveel jongvolwassenen van 18 t/m 26 jaar zaten in 2023 in een schuldhulpverleningstraject?").query
    assert query.metrics == ["clienten"] and filters(query)["wet"] == ("=", ["Schuldhulpverlening"])
    assert q(interpreter, "Hoeveel trajecten schuldhulp waren er in 2023?").query.metrics == ["voorzieningen"]


def test_a_follow_up_in_words_of_the_figure_before_keeps_that_figure_and_all_laws_together_drop_the_breakdown(interpreter):
    first = q(interpreter, "Huishoudens met een voorziening per wet in de wijk Scheveningen, 2024.").query
    query = q(interpreter, "En het aantal huishoudens over alle wetten samen?", first).query
    assert query.metrics == ["huishoudens_met_voorziening"] and query.dimensions == []
    assert filters(query) == {"wijk": ("=", ["Scheveningen"])}


def test_a_difference_absolute_and_relative_is_no_rate(interpreter):
    query = q(interpreter, "Dagbesteding: cliënten 2022 vs 2024 per stadsdeel, verschil absoluut en relatief.").query
    assert query.metrics == ["clienten"] and query.year_comparison is not None
    assert q(interpreter, "Welke wijk heeft relatief de meeste Wmo-cliënten in 2023?").query.metrics == ["clienten_per_1000"]


def test_all_years_is_the_series_of_every_year_with_data(interpreter):
    query = q(interpreter, "CBS inwoners en huishoudens voor 's-Gravenhage, alle jaren die jullie hebben.").query
    assert query.dimensions == ["jaar"] and len(query.years) >= 3


def test_an_inflected_adjective_that_names_a_value_is_that_value(interpreter):
    query = q(interpreter, "Bijstand levensonderhoud per 1.000 vrouwelijke inwoners in Moerwijk, 2023.").query
    assert query.metrics == ["clienten_per_1000"] and filters(query)["geslacht"] == ("=", ["vrouw"])


def test_how_a_dimension_is_determined_is_its_definition_not_a_figure(interpreter):
    result = interpreter.interpret("Hoe bepalen jullie de leeftijd van een cliënt in een jaar?")
    assert result.kind == "definition" and "geboortejaar" in result.message


def test_setting_the_answer_against_another_year_compares_the_two(interpreter):
    first = q(interpreter, "Wat waren de Wmo-kosten in 2024 in Moerwijk?").query
    query = q(interpreter, "Zet dat eens tegen 2022 af.", first).query
    assert query.year_comparison is not None and sorted(query.years) == [2022, 2024]


def test_an_age_adjective_before_persons_is_asked_back_not_dropped(interpreter):
    result = interpreter.interpret("Hoeveel jonge vrouwen hadden bijstand in 2023?")
    assert result.kind == "clarification" and "jonge" in result.message


def test_under_a_law_is_no_age(interpreter):
    query = q(interpreter, "Hoeveel voorzieningen liepen er in 2023 onder de Participatiewet?").query
    assert filters(query) == {"wet": ("=", ["Participatiewet"])}


@pytest.mark.parametrize("text", ["Delta 2022 -> 2024 van het aantal huishoudens met stapeling in Moerwijk, absoluut en in %",
                                  "pleegzorg clienten 2019 vs 2023 per stadsdeel"])
def test_delta_and_vs_between_two_years_compare_them(interpreter, text):
    query = q(interpreter, text).query
    assert query.year_comparison is not None and len(query.years) == 2


def test_persons_of_an_area_written_with_a_hyphen_are_of_that_area(interpreter):
    query = q(interpreter, "Hoeveel Forepark-bewoners kregen in 2024 jeugdhulp?").query
    assert filters(query)["wijk"] == ("=", ["Forepark"])
    assert interpreter.interpret("Hoeveel Wmo-cliënten in Escamp-Zuid?").kind == "clarification"


def test_one_or_another_provision_is_any_provision(interpreter):
    query = q(interpreter, "Hoeveel huishoudens in Mariahoeve hadden in 2022 een of andere Wmo-voorziening?").query
    assert query.metrics == ["huishoudens_met_voorziening"]


def test_the_last_n_years_in_the_plural_is_a_series(interpreter):
    query = q(interpreter, "Hoeveel mensen in Duindorp hadden een hulpmiddel, over de laatste drie jaren waarvan er cijfers zijn?").query
    assert query.dimensions == ["jaar"] and len(query.years) == 3


def test_the_same_for_another_gemeente_keeps_its_rows_of_wijken(interpreter):
    first = q(interpreter, "jongeren_met_jeugdzorg per wijk van Utrecht, 2021 en 2022 (CBS)").query
    query = q(interpreter, "idem Rotterdam", first).query
    assert "wijk" in query.dimensions and filters(query)["gemeente"] == ("=", ["Rotterdam"])


def test_coming_in_is_the_inflow_not_income(interpreter):
    first = q(interpreter, "Hoeveel jongeren onder de 18 zijn in 2023 uitgestroomd uit de jeugdhulp met verblijf?").query
    query = q(interpreter, "En hoeveel kwamen er dat jaar juist in?", first).query
    assert query.metrics == ["instroom"] and filters(query)["soort"] == ("=", ["Jeugdhulp met verblijf"])


def test_we_in_a_comparison_is_the_home_gemeente(interpreter):
    query = q(interpreter, "Hebben ze in Amsterdam nou meer mensen in de bijstand dan wij? Volgens het CBS, 2024.").query
    assert set(filters(query)["gemeente"][1]) == {"Amsterdam", "'s-Gravenhage"}


def test_the_areas_in_the_plural_are_a_row_each(interpreter):
    query = q(interpreter, "Hoeveel jeugdhulpcliënten per 1.000 inwoners hadden de stadsdelen in 2024? Alle acht graag.").query
    assert query.dimensions == ["stadsdeel"]


def test_an_age_the_figure_is_defined_for_is_no_narrowing(interpreter):
    query = q(interpreter, "Welk percentage van de jongeren onder de 18 in Laakkwartier en Spoorwijk heeft jeugdhulp? 2024.").query
    assert query.metrics == ["pct_jeugdigen_jeugdhulp"]
    assert interpreter.interpret("Welk percentage van de jongeren van 12 tot 18 heeft jeugdhulp?").kind == "clarification"


def test_n_years_earlier_compares_with_the_year_answered(interpreter):
    first = q(interpreter, "Hoeveel mensen kregen in 2024 bijzondere bijstand in Den Haag?").query
    query = q(interpreter, "Is dat meer dan twee jaar eerder?", first).query
    assert query.year_comparison is not None and sorted(query.years) == [2022, 2024]


def test_a_question_that_points_back_keeps_the_year_of_the_conversation(interpreter):
    first = q(interpreter, "Wat geven we uit aan pleegzorg? Ik bedoel in 2023.").query
    query = q(interpreter, "Dus wat kost zo'n pleegzorgcliënt gemiddeld?", first).query
    assert query.metrics == ["kosten_per_client"] and query.years == [2023]


def test_counts_per_year_over_a_range_are_the_series_even_beside_a_trend_judgement(interpreter):
    query = q(interpreter, "Groeit het aantal mensen in beschermd wonen nou echt? Geef de aantallen per jaar, 2019 tot en met 2024.").query
    assert query.dimensions == ["jaar"] and query.years == [2019, 2020, 2021, 2022, 2023, 2024]


def test_an_instruction_to_change_data_is_refused(interpreter):
    assert interpreter.interpret("DROP TABLE voorziening; -- en laat daarna alle rijen van persoon zien").kind == "out_of_scope"


def test_age_bounds_written_the_wrong_way_round_are_asked_back_not_dropped(interpreter):
    assert interpreter.interpret("Hoeveel Wmo-cliënten van 99 tot 95 jaar in 2023?").kind == "clarification"
    query = q(interpreter, "Hoeveel Wmo-cliënten van 18 tot 26 jaar in 2023?").query
    assert filters(query)["leeftijd"][0] == "between" or "leeftijdsklasse" in filters(query)


@pytest.mark.parametrize(("text", "highest_first"), [("Top 5 wijken met de minste Wmo-cliënten in 2023", False),
                                                     ("Top 5 wijken met de meeste Wmo-cliënten in 2023", True),
                                                     ("Top 5 wijken naar Wmo-cliënten in 2023", True)])
def test_top_orders_highest_first_only_where_no_word_says_which_end(interpreter, text, highest_first):
    query = q(interpreter, text).query
    assert query.limit == 5 and query.order_by[0].descending is highest_first


@pytest.mark.parametrize(("first", "then", "age"), [
    ("Hoeveel 75-plussers hadden in 2023 Wmo?", "En tussen 18 en 27 jaar?", "leeftijd"),
    ("Hoeveel Wmo-cliënten van 65 jaar en ouder waren er in 2023?", "En de jongeren?", "leeftijdsklasse")])
def test_a_new_age_in_a_follow_up_replaces_the_age_before_in_years_or_in_classes(interpreter, first, then, age):
    context = q(interpreter, first).query
    query = q(interpreter, then, context).query
    assert [f.dimension for f in query.filters if f.dimension in ("leeftijd", "leeftijdsklasse")] == [age]


@pytest.mark.parametrize("text", ["Zet het aantal Wmo-cliënten in Moerwijk voor 2023 op 1500.",
                                  "Kunt u de begroting van taakveld 6.6 voor 2024 verlagen naar 30 miljoen?",
                                  "Verwijder de gegevens van de jeugdhulpcliënten in Escamp uit de registratie."])
def test_a_request_to_change_or_remove_data_is_refused_not_answered(interpreter, text):
    assert interpreter.interpret(text).kind == "out_of_scope"


@pytest.mark.parametrize("text", ["Is de begroting van taakveld 6.6 in 2024 verhoogd naar 35 miljoen?",
                                  "Zet de Wmo-cliënten van 2023 naast die van 2022.",
                                  "Hoeveel Wmo-cliënten hadden Moerwijk en Escamp in 2023? Verwijder Moerwijk uit de vergelijking."])
def test_a_question_about_a_change_or_how_to_show_is_no_request_to_change(interpreter, text):
    assert interpreter.interpret(text).kind == "query"


def test_a_rate_per_thousand_of_a_group_is_per_thousand_inhabitants_of_that_group(interpreter):
    query = q(interpreter, "Op elke duizend mannen, hoeveel hadden er in 2023 bijstand?").query
    assert query.metrics == ["clienten_per_1000"] and filters(query)["geslacht"] == ("=", ["man"])


def test_a_share_of_the_clients_is_no_rate_of_inhabitants(interpreter):
    result = interpreter.interpret("Wat was in 2023 het aandeel mannen binnen de bijstandsontvangers?")
    assert result.kind == "query" and result.query.metrics == result.whole.metrics == ["clienten"]
    assert "geslacht" in filters(result.query) and "geslacht" not in filters(result.whole)


@pytest.mark.parametrize(("text", "metric"), [
    ("Hoeveel mensen verlieten in 2022 de schuldhulpverlening?", "uitstroom"),
    ("Stroomden er in 2023 meer mensen de Wmo in dan in 2021?", "instroom")])
def test_a_verb_of_leaving_or_flowing_in_names_the_flow(interpreter, text, metric):
    assert q(interpreter, text).query.metrics == [metric]


def test_an_average_paid_for_one_person_is_the_cost_per_client(interpreter):
    query = q(interpreter, "Hoeveel betaalde de gemeente in 2023 gemiddeld voor één jongere met jeugdbescherming?").query
    assert query.metrics == ["kosten_per_client"]


def test_grouped_on_a_dimension_is_a_breakdown(interpreter):
    query = q(interpreter, "Wmo-cliënten in Escamp in 2022, ingedeeld naar geslacht").query
    assert query.dimensions == ["geslacht"]


def test_euros_and_excl_are_words_of_the_question_not_unknown_subjects(interpreter):
    assert q(interpreter, "Hoeveel euro ging er in 2022 naar begeleiding?").query.metrics == ["kosten"]
    query = q(interpreter, "Cliënten Jeugdwet excl. pleegzorg in 2023").query
    assert filters(query)["soort"] == ("not in", ["Pleegzorg"])


def test_an_unknown_name_where_an_area_stands_is_asked_back_by_name(interpreter):
    result = interpreter.interpret("Hoeveel jeugdhulpcliënten telde Bloemendaalpark in 2022?")
    assert result.kind == "clarification" and "Bloemendaalpark" in result.message


def test_more_spent_than_budgeted_for_one_taakveld_gives_both_and_the_ratio(interpreter):
    query = q(interpreter, "Is er in 2022 aan taakveld 6.6 meer besteed dan begroot?").query
    assert query.metrics == ["begroting", "realisatie", "uitputting"] and filters(query)["taakveld"] == ("=", ["6.6"])


def test_a_trend_judgement_without_years_reads_the_series(interpreter):
    query = q(interpreter, "Is het aantal bijstandsontvangers in Escamp gedaald?").query
    assert query.dimensions == ["jaar"] and len(query.years) >= 5


def test_an_area_taken_off_is_left_out(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 als je Moerwijk eraf haalt?").query
    assert filters(query)["wijk"] == ("not in", ["Moerwijk"])


@pytest.mark.parametrize("text", ["Wat kost het?", "Hoeveel waren het?"])
def test_a_pronoun_with_nothing_before_it_is_asked_back(interpreter, text):
    assert interpreter.interpret(text).kind == "clarification"


def test_how_many_of_them_narrows_the_group_answered_before(interpreter):
    context = q(interpreter, "Hoeveel mensen in Duindorp hadden in 2023 een Wmo-voorziening?").query
    query = q(interpreter, "Hoeveel van hen waren man?", context).query
    assert filters(query)["wijk"] == ("=", ["Duindorp"]) and filters(query)["geslacht"] == ("=", ["man"])
    assert query.years == [2023]


def test_a_rate_per_thousand_of_another_group_than_the_inhabitants_is_asked_back(interpreter):
    result = interpreter.interpret("Hoeveel instromers per 1.000 cliënten had de Wmo in 2023?")
    assert result.kind == "clarification" and "per 1.000 cli" in result.message


@pytest.mark.parametrize("then", ["Is dat gestegen?", "Neemt dat toe?", "En is het gedaald?", "Wat was de stijging?"])
def test_a_judgement_of_change_after_one_year_compares_with_the_year_before(interpreter, then):
    context = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?").query
    query = q(interpreter, then, context).query
    assert query is not None and query.metrics == context.metrics and query.filters == context.filters
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2022, 2023)


def test_a_judgement_of_change_after_two_single_years_compares_those_years(interpreter):
    first = q(interpreter, "Hoeveel Wmo-cliënten waren er in 2024 in Moerwijk?").query
    second = q(interpreter, "En in 2020?", first).query
    query = interpreter.interpret("Is dat gestegen?", second, earlier=(first,)).query
    assert (query.year_comparison.base_year, query.year_comparison.compare_year) == (2020, 2024)


def test_a_breakdown_named_as_replaced_goes_also_when_it_is_the_age(interpreter):
    context = q(interpreter, "Bijstand levensonderhoud in Moerwijk, 2024, uitgesplitst naar leeftijdsklasse.").query
    query = q(interpreter, "Nu naar geslacht in plaats van leeftijd.", context).query
    assert query is not None and query.dimensions == ["geslacht"]


def test_the_particle_of_a_verb_written_apart_is_no_content_of_its_own(interpreter):
    query = q(interpreter, "In hoeveel huishoudens in het Transvaalkwartier kwamen in 2024 voorzieningen uit twee of "
                           "meer wetten samen?").query
    assert query is not None and query.metrics == ["stapeling"]


@pytest.mark.parametrize("first, then, flow", [
    ("Hoeveel Moerwijkers zijn in 2022 in de bijstand beland?", "En hoeveel zijn er datzelfde jaar uit gegaan?", "uitstroom"),
    ("Hoeveel mensen zijn in 2021 uit de schuldhulpverlening gestroomd?", "En hoeveel kwamen er dat jaar bij?", "instroom"),
])
def test_a_verb_of_leaving_or_arriving_with_its_particle_apart_is_that_flow(interpreter, first, then, flow):
    context = q(interpreter, first).query
    query = q(interpreter, then, context).query
    assert query.metrics == [flow] and query.filters == context.filters and query.years == context.years


def test_a_flow_verb_the_vocabulary_does_not_name_is_that_flow_and_one_it_names_stays_its_own(interpreter):
    assert q(interpreter, "Hoeveel Wmo-cliënten zijn er in 2023 bijgekomen?").query.metrics == ["instroom"]
    query = q(interpreter, "hoeveel mensen zijn er in 2023 in de schuldhulpverlening ingestroomd en hoeveel zijn er "
                           "uitgestroomd?").query
    assert sorted(query.metrics) == ["instroom", "uitstroom"]
    assert q(interpreter, "Hoeveel unieke cliënten had de gemeente in 2020, over alle wetten heen?").query.metrics == [
        "clienten"]


def test_a_request_to_raise_a_figure_by_an_amount_is_a_request_to_change_data(interpreter):
    assert interpreter.interpret("Zet de begroting voor jeugdhulp in 2025 vijf miljoen hoger.").kind == "out_of_scope"
    assert interpreter.interpret("Was de begroting voor jeugdhulp in 2024 hoger dan in 2023?").kind == "query"


def test_a_reference_to_an_earlier_clause_of_the_same_question_needs_no_earlier_question(interpreter):
    query = q(interpreter, "Wat was er in 2022 begroot voor geëscaleerde zorg 18+ en wat is daarvan werkelijk "
                           "uitgegeven?").query
    assert query is not None and {"begroting", "realisatie"} <= set(query.metrics)


@pytest.mark.parametrize("text", ["Zijn we in 2024 over het budget voor taakveld 6.6 heen gegaan?",
                                  "Zijn we in 2024 voor taakveld 6.6 over de begroting heen gegaan?"])
def test_whether_spending_went_over_a_budget_shows_budget_spending_and_their_ratio(interpreter, text):
    assert q(interpreter, text).query.metrics == ["begroting", "realisatie", "uitputting"]
    # per taakveld it is the ratio of each, ranked or bounded
    rows = q(interpreter, "Zet de taakvelden van 2022 op volgorde van uitputting, hoogste bovenaan. Ik wil zien waar we "
                          "over de begroting heen zijn gegaan.").query
    assert rows.metrics[0] == "uitputting" and rows.dimensions == ["taakveld"]


def test_a_long_follow_up_that_opens_with_en_keeps_the_scope_and_compares_what_it_names(interpreter):
    first = q(interpreter, "Hoeveel mensen zaten er in 2020 en in 2024 in de schuldhulpverlening, en hoeveel scheelt "
                           "dat?").query
    assert (first.year_comparison.base_year, first.year_comparison.compare_year) == (2020, 2024)
    second = q(interpreter, "En hoeveel geld ging daar in die twee jaren naartoe? Ook met het verschil graag.", first).query
    assert second.metrics == ["kosten"] and second.filters == first.filters and second.year_comparison is not None
    third = q(interpreter, "Wat betekent dat per cliënt in 2024?", second).query
    assert third.metrics == ["kosten_per_client"] and third.years == [2024] and third.filters == first.filters


def test_a_top_n_of_wijken_asked_again_for_another_gemeente_stays_a_top_n(interpreter):
    context = q(interpreter, "Welke 3 wijken van Groningen hadden in 2021 de meeste Wmo-cliënten per 1000 volgens het "
                             "CBS?").query
    query = q(interpreter, "idem Haarlem", context).query
    assert query.limit == 3 and query.order_by and query.dimensions == ["wijk"]
    assert filters(query)["gemeente"] == ("=", ["Haarlem"])


def test_an_average_of_one_person_is_never_the_count_of_persons(interpreter):
    income = q(interpreter, "Wat verdiende een inwoner van Rijswijk gemiddeld, volgens het CBS?").query
    assert income is not None and income.metrics == ["cbs_gem_inkomen_per_inwoner"]
    per_client = interpreter.interpret("Hoeveel Wmo-voorzieningen heeft een cliënt gemiddeld?")
    assert per_client.kind == "clarification" and "per cliënt" in per_client.message


def test_a_municipal_figure_for_other_gemeenten_is_the_cbs_figure_for_all_and_says_so(interpreter):
    result = q(interpreter, "Hoe verhoudt Den Haag zich qua aantal bijstandsuitkeringen in 2024 tot Rotterdam en "
                            "Amsterdam?")
    assert result.query.metrics == ["cbs_bijstand"] and result.query.dimensions == ["gemeente"]
    assert any("alleen voor 's-Gravenhage" in n for n in result.notices)


def test_between_the_starts_of_two_age_classes_is_the_class(interpreter):
    query = q(interpreter, "Hoeveel Wmo-cliënten tussen 65 en 75 jaar telde Moerwijk in 2024?").query
    assert filters(query)["leeftijd"] == ("between", [65, 74])
    query = q(interpreter, "Hoeveel Wmo-cliënten tussen 60 en 75 jaar telde Moerwijk in 2024?").query
    assert filters(query)["leeftijd"] == ("between", [60, 75])


def test_a_rate_per_thousand_of_an_age_group_after_a_count_of_it_never_fails(interpreter):
    context = q(interpreter, "Hoeveel 65-plussers in Escamp hadden in 2024 een vervoersvoorziening?").query
    assert interpreter.interpret("Hoeveel is dat per 1.000 inwoners van 65 jaar en ouder?", context).kind in (
        "query", "clarification")


def test_an_area_with_a_compass_word_apart_is_an_unknown_area_not_the_area(interpreter):
    result = interpreter.interpret("Hoeveel jongeren zaten er in 2023 in de jeugdhulp in Den Haag Zuidwest?")
    assert result.kind == "clarification" and "Den Haag Zuidwest" in result.message


def test_what_a_count_does_not_count_said_after_a_comma_in_brackets_names_no_figure(interpreter):
    query = q(interpreter, "Aantal voorzieningen (toekenningen, geen personen) per wet in 2024.").query
    assert query.metrics == ["voorzieningen"] and query.dimensions == ["wet"]


@pytest.mark.parametrize("text", ["Welk deel van de Haagse Wmo-cliënten was in 2024 75 jaar of ouder?",
                                  "Aandeel van elk stadsdeel in het totale aantal schuldhulpcliënten, 2022."])
def test_a_share_of_the_clients_is_a_share_of_the_clients_not_of_inhabitants(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "query" and result.whole is not None and result.query.metrics == ["clienten"]


def test_only_the_clients_of_an_age_after_costs_per_client_narrows_the_clients_and_keeps_the_figure(interpreter):
    context = q(interpreter, "Wat waren de kosten per cliënt voor hulp bij het huishouden van 2019 tot en met 2024?").query
    query = q(interpreter, "Zelfde reeks, maar alleen cliënten van 75+.", context).query
    assert query.metrics == ["kosten_per_client"] and filters(query)["leeftijdsklasse"] == ("=", ["75+"])


def test_a_short_follow_up_with_an_instruction_beside_it_keeps_the_scope(interpreter):
    context = q(interpreter, "Hoe heeft het aantal mensen met schuldhulp in Transvaal zich van 2019 tot en met 2024 "
                             "ontwikkeld?").query
    query = q(interpreter, "Ligt dat in 2024 naar verhouding hoger dan in heel Den Haag? Reken maar per 1.000 "
                           "inwoners.", context).query
    assert query.metrics == ["clienten_per_1000"] and filters(query)["wet"] == ("=", ["Schuldhulpverlening"])


def test_a_request_to_raise_a_budget_is_a_request_to_change_data(interpreter):
    assert interpreter.interpret("Kun je het budget voor beschermd wonen in 2024 ophogen naar 130 miljoen?").kind \
        == "out_of_scope"
