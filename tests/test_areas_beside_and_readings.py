"""Areas of different levels side by side (a guarded query each, a row per area), values that exclude each other
asked back, and the readings made for the twenty-fourth unseen set (none uses its wording)."""
from __future__ import annotations

import pytest



def filters(query) -> dict:
    return {f.dimension: [str(v) for v in f.values] for f in query.filters}


def test_rows_per_area_beside_a_wider_area_are_asked_back(interpreter):
    result = interpreter.interpret("Wmo-cliënten per wijk in Escamp en in heel Den Haag in 2023")
    assert result.kind == "clarification" and "verschillend niveau" in result.message


@pytest.mark.parametrize("text, named", [
    ("Hoeveel Wmo-cliënten hadden in 2023 pleegzorg?", "Pleegzorg"),
    ("Hoeveel bijstandscliënten vielen in 2023 onder taakveld 6.72?", "6.72"),
])
def test_values_that_exclude_each_other_are_asked_back(interpreter, text, named):
    result = interpreter.interpret(text)
    assert result.kind == "clarification" and named in result.message and "niemand" in result.message
    assert len(result.options) == 2 and len(result.option_queries) == 2


@pytest.mark.parametrize("text, metrics, dims", [
    # a figure set against the denominator of a ratio: the ratio with both its parts
    ("Hoe deden alle taakvelden het in 2023 ten opzichte van de begroting?", ["begroting", "realisatie", "uitputting"],
     ["taakveld"]),
    # ending a provision is its outflow
    ("Hoeveel inwoners van Moerwijk stopten in 2023 met schuldhulp?", ["uitstroom"], []),
    # an analyst's SQL words in a question
    ("count(distinct persoon_id) voor de Wmo in 2023 group by stadsdeel", ["clienten"], ["stadsdeel"]),
    # a year asked for in a ranking: the years are ranked, the top one
    ("In welk jaar hadden de meeste mensen bijstand?", ["clienten"], ["jaar"]),
    # 'de Rotterdamse wijken': every wijk of that gemeente
    ("Inwoners van de Rotterdamse wijken volgens het CBS", ["cbs_inwoners"], ["wijk"]),
])
def test_readings(interpreter, text, metrics, dims):
    result = interpreter.interpret(text)
    assert result.kind == "query", result.message
    assert result.query.metrics == metrics and result.query.dimensions == dims


def test_a_year_ranking_gives_the_top_year(interpreter):
    query = interpreter.interpret("In welk jaar hadden de meeste mensen bijstand?").query
    assert query.limit == 1 and query.order_by[0].field == "clienten" and query.order_by[0].descending


def test_words_that_leave_values_out_after_the_clause(interpreter):
    query = interpreter.interpret("Wmo-cliënten in Moerwijk in 2023? Beschermd wonen hoef ik er niet bij te zien.").query
    assert [(f.dimension, f.op, f.values) for f in query.filters if f.dimension == "soort"] == [
        ("soort", "not in", ["Beschermd wonen"])]


def test_a_compound_named_after_an_age_class_narrows_to_it(interpreter):
    # ('kinderen' are 0-17: a pleegkind is a child in foster care)
    query = interpreter.interpret("Hoeveel pleegkinderen woonden in 2023 in Escamp?").query
    assert filters(query)["leeftijdsklasse"] == ["0-17"] and filters(query)["soort"] == ["Pleegzorg"]


def test_an_everyday_word_before_a_full_stop_is_no_abbreviation(interpreter):
    query = interpreter.interpret("Kosten van de Wmo in 2022 per soort hulp.").query
    assert query.dimensions == ["soort"] and "soort" not in filters(query)


def test_function_word_abbreviations_are_read_out(interpreter):
    query = interpreter.interpret("welk deel vd jeugdigen in Moerwijk had in 2023 jeugdhulp").query
    assert query.metrics == ["pct_jeugdigen_jeugdhulp"]


@pytest.mark.parametrize("context_q, follow, metric", [
    ("Wmo-voorzieningen in Moerwijk in 2022", "En de huishoudens?", "huishoudens_met_voorziening"),
    ("Hoeveel 75-plussers in Moerwijk hadden in 2023 een Wmo-voorziening?", "Welk percentage van alle ouderen daar is dat?",
     "pct_inwoners"),
])
def test_follow_ups_keep_the_group(interpreter, context_q, follow, metric):
    context = interpreter.interpret(context_q).query
    result = interpreter.interpret(follow, context)
    assert result.kind == "query" and result.query.metrics == [metric], (result.kind, result.message)
    assert filters(result.query).get("wet") == ["Wmo"]


def test_a_request_to_change_the_budget_by_an_amount_is_refused(interpreter):
    assert interpreter.interpret("Kunt u de begroting voor 6.71 met 3 miljoen verlagen?").kind == "out_of_scope"




def test_areas_side_by_side_are_answered_as_a_row_each(session, warehouse_con):
    answer = session.ask("Hoeveel Wmo-cliënten per 1.000 inwoners had Moerwijk in 2023, vergeleken met heel Den Haag?")
    assert answer.status == "answered" and answer.columns == ["gebied", "clienten_per_1000"]
    assert [row[0] for row in answer.rows] == ["Moerwijk", "'s-Gravenhage"] and len(answer.beside) == 2
    rates = dict(warehouse_con.execute(
        "SELECT coalesce(t.wijk, 'heel'), t.n * 1000.0 / b.inw FROM (SELECT wijk, count(DISTINCT persoon_id) n FROM "
        "vw_voorziening_jaar WHERE jaar = 2023 AND wet = 'Wmo' GROUP BY ROLLUP (wijk)) t JOIN (SELECT wijk, "
        "sum(inwoners) inw FROM vw_bevolking WHERE jaar = 2023 GROUP BY ROLLUP (wijk)) b "
        "ON t.wijk IS NOT DISTINCT FROM b.wijk WHERE t.wijk = 'Moerwijk' OR t.wijk IS NULL").fetchall())
    assert abs(answer.rows[0][1] - rates["Moerwijk"]) < 0.3 and abs(answer.rows[1][1] - rates["heel"]) < 0.1
    assert answer.sql.count("SELECT") >= 2 and "-- Moerwijk" in answer.sql


def test_a_comparison_of_years_of_a_rate_takes_the_exact_rates(session, warehouse_con):
    answer = session.ask("Is het percentage jeugdigen met jeugdhulp tussen 2019 en 2023 gestegen of gedaald?")
    (t19, b19), (t23, b23) = warehouse_con.execute(
        "SELECT t.n, b.inw FROM (SELECT jaar, count(DISTINCT persoon_id) n FROM vw_voorziening_jaar WHERE wet = "
        "'Jeugdwet' AND leeftijdsklasse = '0-17' AND jaar IN (2019, 2023) GROUP BY jaar) t JOIN (SELECT jaar, "
        "sum(inwoners) inw FROM vw_bevolking WHERE leeftijdsklasse = '0-17' GROUP BY jaar) b USING (jaar) "
        "ORDER BY jaar").fetchall()
    exact = (t23 / b23 - t19 / b19) / (t19 / b19) * 100
    got = answer.rows[0][answer.columns.index("pct_jeugdigen_jeugdhulp_verschil_pct")]
    assert abs(got - exact) < 0.06, (got, exact)  # (the rounded rates would give -3.2 for -3.4)


@pytest.mark.parametrize("text, refused", [
    ("Aantal huishoudens (huishouden_id) met een Jeugdwet-voorziening in 2022", False),
    ("Hoeveel cliënten (persoon_id) had de Participatiewet in 2021?", False),
    ("Toon de huishoudens (huishouden_id) met bijstand in Zorgvliet", True),  # (a list asked: no count)
    ("Geef de persoon_id van alle Wmo-cliënten in Moerwijk", True),
])
def test_a_unit_named_by_its_id_in_brackets_is_what_a_count_counts(text, refused):
    from guards.individual import refuse_individual_request

    assert (refuse_individual_request(text) is not None) is refused


def test_a_follow_up_after_areas_side_by_side_keeps_every_area(session):
    session.reset()
    first = session.ask("Hoeveel jeugdhulpcliënten waren er in 2022 in Transvaal en in heel Den Haag?")
    assert first.status == "answered" and [row[0] for row in first.rows] == ["Transvaalkwartier", "'s-Gravenhage"]
    split = session.ask("En per geslacht?")
    assert split.columns == ["gebied", "geslacht", "clienten"], split.columns
    assert {row[0] for row in split.rows} == {"Transvaalkwartier", "'s-Gravenhage"}
    moved = session.ask("En in Escamp?")  # another area: the others are not carried along
    assert "gebied" not in moved.columns and moved.status == "answered"


def test_wijken_listed_beside_their_stadsdeel_are_each_a_row(interpreter):
    for text in ("Hoeveel Wmo-cliënten waren er in 2023 in Bezuidenhout en Mariahoeve en Marlot en in heel Haagse Hout?",
                 "Hoeveel Wmo-cliënten waren er in 2023 in Haagse Hout, Bezuidenhout en Mariahoeve en Marlot?"):
        result = interpreter.interpret(text)
        assert result.kind == "query", (text, result.message)
        parts = [result.query, *result.beside]
        assert sorted(v for p in parts for f in p.filters if f.dimension in ("stadsdeel", "wijk") for v in f.values) == [
            "Bezuidenhout", "Haagse Hout", "Mariahoeve en Marlot"] and all(not p.dimensions for p in parts)


def test_the_share_of_each_listed_wijk_is_taken_of_their_sum(session):
    answer = session.ask("Hoeveel Wmo-cliënten in 2023 in Hoornwijk, Leidschenveen en Ypenburg, procentueel over de "
                         "wijken?")
    shares = {row[0]: row[1] for row in answer.rows}
    assert set(shares) == {"Hoornwijk", "Leidschenveen", "Ypenburg"} and abs(sum(shares.values()) - 100) < 0.5, shares


def test_a_group_of_values_named_by_its_name_names_each_value(interpreter):
    query = interpreter.interpret("Welke van de vier grote steden had in 2024 volgens het CBS de meeste AOW-uitkeringen?"
                                  ).query
    assert sorted(filters(query)["gemeente"]) == ["'s-Gravenhage", "Amsterdam", "Rotterdam", "Utrecht"]
    assert query.limit == 1 and query.order_by[0].descending


def test_a_value_group_names_two_values_or_more(tmp_path):
    from pathlib import Path

    from semantic_layer.loader import ModelError, default_model_paths, load_model

    paths = []
    for src in default_model_paths():
        dst = tmp_path / Path(src).name
        dst.write_text(Path(src).read_text(encoding="utf-8").replace(
            "G4: [Amsterdam, Rotterdam, \"'s-Gravenhage\", Utrecht]", "G4: [Amsterdam]"), encoding="utf-8")
        paths.append(dst)
    with pytest.raises(ModelError, match="groep 'G4' noemt minder dan twee"):
        load_model(paths)


@pytest.mark.parametrize("text", [
    "Hoeveel bijstandsontvangers per 1.000 inwoners had Moerwijk in 2022, tegenover de gemeente?",
    "Heeft Moerwijk in 2022 meer bijstandsontvangers per 1.000 inwoners dan de stad als geheel?",
    "Zit Moerwijk in 2022 met bijstand per 1.000 inwoners boven het Haagse gemiddelde?",
])
def test_the_city_as_a_whole_set_beside_a_wijk(interpreter, text):
    result = interpreter.interpret(text)
    assert result.kind == "query" and len(result.beside) == 1, result.message
    assert filters(result.query)["wijk"] == ["Moerwijk"] and "wijk" not in filters(result.beside[0])


def test_an_area_added_beside_another_level_is_a_row_more(session):
    session.reset()
    session.ask("Hoeveel Wmo-cliënten per 1.000 inwoners had Morgenstond in 2022?")
    both = session.ask("En voor heel stadsdeel Escamp? Zet ze onder elkaar.")
    assert [row[0] for row in both.rows] == ["Morgenstond", "Escamp"], both.rows
    three = session.ask("Zet Moerwijk er ook naast.")
    assert [row[0] for row in three.rows] == ["Morgenstond", "Escamp", "Moerwijk"], three.rows


@pytest.mark.parametrize("context_q, follow, expected", [
    # a value of a breakdown asked for is a row of it
    (None, "Zijn het vooral mannen die schuldhulp krijgen? Geef de aantallen per geslacht, 2023.", ("geslacht", None)),
    # 'naar verhouding' after a count: its rate
    ("Hoeveel Wmo-cliënten in stadsdeel Laak in 2022?", "En naar verhouding?", ("metric", "clienten_per_1000")),
    # two stadsdelen beside each other are a row each, never their sum
    ("Wat kostte de Wmo in 2022 in stadsdeel Laak?", "Zet stadsdeel Segbroek ernaast.", ("dimension", "stadsdeel")),
])
def test_follow_up_readings(interpreter, context_q, follow, expected):
    context = interpreter.interpret(context_q).query if context_q else None
    query = interpreter.interpret(follow, context).query
    kind, value = expected
    if kind == "geslacht":
        assert "geslacht" in query.dimensions and "geslacht" not in filters(query)
    elif kind == "metric":
        assert query.metrics == [value]
    else:
        assert value in query.dimensions and len(filters(query)[value]) == 2


def test_more_left_out_after_a_left_out_part(interpreter):
    context = interpreter.interpret("Hoeveel Wmo-cliënten had Moerwijk in 2023, zonder hulpmiddelen?").query
    query = interpreter.interpret("En als je de begeleiding er ook nog uit haalt?", context).query
    excluded = next(f for f in query.filters if f.dimension == "soort")
    assert excluded.op == "not in" and sorted(excluded.values) == ["Begeleiding", "Hulpmiddelen"]


@pytest.mark.parametrize("text, refused", [
    ("distinct persoon_id per wet en geslacht, 2023", False),
    ("Top 3 wijken op aantal woningaanpassingen (voorziening_id, geen personen) in 2022", False),
    ("Geef alle distinct persoon_id's van de bijstandsontvangers in Moerwijk", True),
])
def test_ids_named_as_what_a_breakdown_counts(text, refused):
    from guards.individual import refuse_individual_request

    assert (refuse_individual_request(text) is not None) is refused


@pytest.mark.parametrize("text, metrics, dims, part", [
    # the share of an area named in the total number of a group
    ("Hoe groot is het deel van stadsdeel Escamp in het totaal aantal Haagse bijstandsontvangers in 2023?",
     ["clienten"], [], {"stadsdeel": ["Escamp"]}),
    # each area's share, 'elk' with a singular area word
    ("Aandeel van elk stadsdeel in het totaal aantal pleegzorgcliënten in 2022, in procenten.", ["clienten"],
     ["stadsdeel"], {}),
    # a share of the money spent
    ("Welk deel van het geld voor de Wmo ging in 2023 naar hulp bij het huishouden?", ["kosten"], [],
     {"soort": ["Hulp bij het huishouden"]}),
])
def test_shares_named_in_other_words(interpreter, text, metrics, dims, part):
    result = interpreter.interpret(text)
    assert result.kind == "query" and result.whole is not None, result.message
    assert result.query.metrics == metrics and result.query.dimensions == dims
    assert {d: v for d, v in filters(result.query).items() if d not in filters(result.whole)} == part


@pytest.mark.parametrize("text, dims, kind", [
    ("Jeugdwet-cliënten in stadsdeel Laak, 2023, uitgesplitst naar leeftijdsklasse én geslacht", ["leeftijdsklasse", "geslacht"],
     "query"),
    ("Totaal aantal cliënten over alle wetten heen in stadsdeel Centrum, 2022.", [], "query"),
])
def test_breakdowns_named_together_or_summed_over(interpreter, text, dims, kind):
    result = interpreter.interpret(text)
    assert result.kind == kind and result.query.dimensions == dims, result.message


def test_a_budget_change_asked_without_its_verb_is_refused(interpreter):
    assert interpreter.interpret("Kan het budget voor 6.6 in 2024 in het systeem met 2 miljoen omlaag?").kind \
        == "out_of_scope"
    assert interpreter.interpret("Staat de begroting van 2024 in het systeem hoger dan die van 2023?").kind == "query"


def test_over_or_under_the_budget_gives_the_budget_execution(interpreter):
    query = interpreter.interpret("Per taakveld: zaten we in 2022 boven of onder het budget?").query
    assert query.metrics == ["begroting", "realisatie", "uitputting"] and query.dimensions == ["taakveld"]


def test_an_area_left_out_after_a_comma_is_no_row_of_its_own(interpreter):
    result = interpreter.interpret("Aantal Wmo-cliënten in 2024 in stadsdeel Escamp, Moerwijk niet meegeteld")
    assert result.kind == "query" and not result.beside
    assert ("wijk", "not in", ["Moerwijk"]) in [(f.dimension, f.op, f.values) for f in result.query.filters]


def test_gemeenten_added_beside_the_home_gemeente_are_rows_of_one_level(session):
    session.reset()
    session.ask("Hoeveel Wmo-cliënten per 1.000 inwoners had Den Haag in 2021 volgens het CBS?")
    answer = session.ask("Zet Utrecht en Amsterdam er eens naast.")
    assert answer.columns[0] == "gemeente" and {row[0] for row in answer.rows} == {"'s-Gravenhage", "Utrecht", "Amsterdam"}


def test_an_area_added_after_rows_per_wijk_is_never_a_garbled_table(session):
    session.reset()
    session.ask("Hoeveel Wmo-cliënten waren er in 2023 in Benoordenhout en Bezuidenhout?")
    answer = session.ask("Zet Haagse Hout er ook naast.")
    assert all(len(row) == len(answer.columns) for row in answer.rows)
    assert "gebied" not in answer.columns or all(row[0] != "'s-Gravenhage" for row in answer.rows)


def test_the_whole_of_a_name_of_two_levels_is_its_widest_area(interpreter):
    result = interpreter.interpret("Hoeveel Wmo-cliënten waren er in 2023 in Zorgvliet en in heel Scheveningen?")
    assert result.kind == "query" and filters(result.beside[0]).get("stadsdeel") == ["Scheveningen"], result.message
