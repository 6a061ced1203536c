"""Suggested follow-ups (issue B1): each carries a whole semantic query the semantic layer answers, keeps what
the question fixed (area, wet, soort) and changes one thing; nothing is offered that cannot be answered."""

from __future__ import annotations


def _by_label(answer) -> dict[str, dict]:
    return {s.label: s.query for s in answer.suggestions}


def test_a_single_figure_for_a_wijk_gets_the_year_before_a_breakdown_and_the_whole_gemeente(session):
    answer = session.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    offered = _by_label(answer)
    assert list(offered) == ["En in 2022?", "En per leeftijdsklasse?", "En in heel Den Haag?"]
    wet, wijk = ({"dimension": "wet", "op": "=", "values": ["Wmo"]},
                 {"dimension": "wijk", "op": "=", "values": ["Schildersbuurt"]})
    assert offered["En in 2022?"]["years"] == [2022] and wet in offered["En in 2022?"]["filters"]
    assert offered["En per leeftijdsklasse?"]["dimensions"] == ["leeftijdsklasse"]
    assert wijk in offered["En per leeftijdsklasse?"]["filters"]   # not per wijk: the wijk is the question's
    assert offered["En in heel Den Haag?"]["filters"] == [wet] and offered["En in heel Den Haag?"]["years"] == [2023]
    for label, query in offered.items():
        followed = session.ask_query(label, query)
        assert followed.status == "answered", (label, followed.answer)
        assert followed.semantic_query == query


def test_a_top_n_per_wijk_keeps_its_ranking_for_another_year_and_drops_it_for_the_gemeente(session):
    answer = session.ask("Welke 5 wijken hadden in 2024 de meeste bijstandsontvangers?")
    offered = _by_label(answer)
    assert offered["En in 2023?"]["limit"] == 5 and offered["En in 2023?"]["dimensions"] == ["wijk"]
    whole = offered["En in heel Den Haag?"]
    assert whole["dimensions"] == [] and "limit" not in whole and whole["order_by"] == []


def test_the_first_year_with_data_offers_no_year_before(session):
    first = min(session.assistant.catalogue.years_for("clienten"))
    answer = session.ask(f"Hoeveel Wmo-cliënten waren er in {first}?")
    assert answer.status == "answered"
    assert all(not label.startswith("En in 20") for label in _by_label(answer))


def test_refusals_and_clarifications_offer_nothing(session):
    assert session.ask("Wat is het adres van de oudste Wmo-cliënt?").suggestions == []
    assert session.ask("Hoeveel cliënten waren er in Atlantis?").suggestions == []



def test_a_breakdown_for_one_year_gets_its_course_over_the_years(session):
    answer = session.ask("Hoeveel Wmo-cliënten waren er in 2024 per leeftijdsklasse?")
    offered = _by_label(answer)
    assert list(offered) == ["En in 2023?", "En het verloop sinds 2019?"]
    trend = offered["En het verloop sinds 2019?"]
    assert trend["dimensions"] == ["leeftijdsklasse", "jaar"] and trend["years"][0] == 2019 and 2024 in trend["years"]
    followed = session.ask_query("En het verloop sinds 2019?", trend)
    assert followed.status == "answered" and {row[1] for row in followed.rows} >= {2019, 2024}
    # per wijk (45 wijken x the years) it is not offered
    assert "En het verloop sinds 2019?" not in _by_label(session.ask("Hoeveel Wmo-cliënten waren er in 2024 per wijk?"))


def test_every_follow_up_offered_for_the_core_questions_compiles(warehouse_path):
    """Follow-ups are offered after validating them only (no SQL is built until one is chosen): every one offered
    for the first turn of each core question compiles."""
    import duckdb

    from assistant.evaluation import QUESTIONS_DIR, load_devset
    from assistant.interpreter import OfflineInterpreter
    from assistant.suggestions import follow_ups
    from semantic_layer import Catalogue, SemanticQuery, compile_query, load_model

    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        catalogue = Catalogue.from_warehouse(load_model(), con)
    interpreter = OfflineInterpreter(catalogue)
    offered = 0
    for conversation in load_devset(QUESTIONS_DIR):
        result = interpreter.interpret(conversation.turns[0].question)
        if result.kind != "query" or result.query is None:
            continue
        for suggestion in follow_ups(result.query, catalogue):
            compile_query(SemanticQuery.model_validate(suggestion.query), catalogue)
            offered += 1
    assert offered > 300
