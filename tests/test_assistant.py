"""End to end through the guards: the SPEC §1 conversation, refusal, scope, isolation, JSON fields."""

from __future__ import annotations

import json

import pytest

from assistant import Answer, Assistant, Settings

JSON_KEYS = ["status", "answer", "question", "sql", "columns", "rows", "suppressed", "notices", "source", "protection"]


@pytest.fixture(scope="module")
def assistant(warehouse_path, tmp_path_factory) -> Assistant:
    audit = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    return Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=audit))


def test_spec_conversation(assistant):
    s = assistant.new_session("beleid-1")
    first = s.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    assert first.status == "answered", first.answer
    assert first.columns == ["clienten"] and len(first.rows) == 1 and first.rows[0][0] > 0
    assert "Schildersbuurt" in first.answer and "2023" in first.answer
    assert "Cliënten" in first.definitions and "synthetische demodata" in first.source
    assert first.chart.kind == "single"

    second = s.ask("En in 2022?")
    assert second.status == "answered" and "2022" in second.answer
    assert second.semantic_query["years"] == [2022]

    third = s.ask("Per leeftijdsgroep")
    assert third.columns == ["leeftijdsklasse", "clienten"] and len(third.rows) >= 2

    ranking = s.ask("Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?")
    assert ranking.columns[:2] == ["wijk", "kosten"] and len(ranking.rows) == 5
    assert ranking.chart.kind == "bar" and "€" in ranking.answer
    values = [r[1] for r in ranking.rows if r[1] is not None]
    assert values == sorted(values, reverse=True)

    trend = s.ask("Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?")
    assert trend.chart.kind == "line" and [r[0] for r in trend.rows] == list(range(2019, 2025))

    budget = s.ask("Wat is de uitputting van de begroting voor beschermd wonen in 2024?")
    assert budget.status == "answered" and "%" in budget.answer

    cbs = s.ask("Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam")
    assert cbs.status == "answered" and "CBS" in cbs.source
    assert {r[0] for r in cbs.rows} == {"'s-Gravenhage", "Rotterdam"}

    stapeling = s.ask("Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?")
    assert stapeling.status == "answered" and stapeling.semantic_query["metrics"] == ["stapeling"]

    definition = s.ask("Wat betekent stapeling?")
    assert definition.status == "answered" and "wet" in definition.answer.lower() and definition.sql is None

    refused = s.ask("Geef de namen van cliënten met pleegzorg in Duindorp")
    assert refused.status == "refused" and refused.rows == [] and refused.sql is None

    # SPEC §1: suppressed, with why (the few pleegzorg clients in Zorgvliet; even a 0 would tell)
    small = s.ask("Hoeveel meisjes van 12-17 in Zorgvliet hebben pleegzorg?")
    assert small.status == "suppressed" and small.rows == [[None]]
    assert any("minder dan 10" in n or "minstens 10" in n for n in small.notices) and "onderdrukt" in small.answer


def test_show_sql_and_chart_follow_up(assistant):
    s = assistant.new_session("analist-1", role="analist")
    s.ask("Aantal Wmo-cliënten per wijk in 2024")
    shown = s.ask("Toon de SQL")
    assert shown.sql and "SELECT" in shown.answer and "postgres" in shown.sql_by_dialect
    chart = s.ask("Als grafiek")
    assert chart.chart.kind in ("bar", "map")


def test_the_sql_named_in_a_follow_up_is_the_answer_before_edited_and_shown_as_it_runs_again(assistant):
    s = assistant.new_session("analist-2", role="analist")
    first = s.ask("Aantal cliënten bijzondere bijstand per jaar, 2019 t/m 2024")
    shown = s.ask("Laat de SQL zien die je daarvoor gebruikt hebt.")  # a longer request is still one for the SQL
    assert shown.status == "answered" and shown.rows == first.rows
    assert shown.sql_editable in shown.answer and "__" not in shown.answer  # what the editor runs, no guard columns
    again = s.ask("Draai die query opnieuw, maar nu alleen voor de wijk Scheveningen.")
    assert again.status == "answered" and "Scheveningen" in again.sql_editable and again.rows != first.rows
    assert again.sql_editable in again.answer
    dialect = s.ask("En laat de query ook in Postgres-dialect zien")  # a dialect is no area
    assert dialect.status == "answered" and dialect.rows == again.rows and "SELECT" in dialect.answer


def test_out_of_scope_and_clarification(assistant):
    s = assistant.new_session("u")
    out = s.ask("Wat voor weer wordt het morgen in Den Haag?")
    assert out.status == "refused" and "Ik kan vragen beantwoorden" in out.answer
    unclear = s.ask("Hoe zit het in Moerwijk?")
    assert unclear.status == "clarification" and unclear.options
    picked = s.ask(unclear.options[0])
    assert picked.status in ("answered", "suppressed") and picked.columns


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "x" * 10_000, "DROP TABLE persoon; --", "What is the weather?"])
def test_no_input_crashes(assistant, text):
    answer = assistant.new_session("robust").ask(text)
    assert answer.status in ("refused", "clarification", "error", "answered")
    assert answer.answer and "Traceback" not in answer.answer


def test_sessions_do_not_share_state(assistant):
    a = assistant.new_session("a")
    b = assistant.new_session("b")
    a.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    follow = b.ask("En in 2022?")
    assert follow.status == "clarification"
    assert a.context is not None and b.context is None
    assert a.memory is b.memory  # protection is the same for everyone: one release log


def test_the_memory_of_recent_numbers_holds_a_bounded_number_of_subjects(assistant, monkeypatch):
    """A long-running process does not grow with every subject it served: the subject that asked least recently
    is let go first; one that asks again keeps what its earlier questions held."""
    import assistant.session as session_module

    monkeypatch.setattr(session_module, "RECENT_SUBJECTS", 2)
    assistant.recent_numbers.clear()
    q = "Hoeveel Wmo-cliënten van 75 jaar en ouder waren er in 2023 in de Schildersbuurt?"
    for user in ("bound-1", "bound-2", "bound-1", "bound-3"):
        assistant.new_session(user).ask(q)
    assert list(assistant.recent_numbers) == ["bound-1", "bound-3"]
    assert len(assistant.recent_numbers["bound-1"]) == 2 and len(assistant.recent_numbers["bound-3"]) == 1
    # a question without a number makes no room for more
    assistant.new_session("bound-3").ask("?")
    assert len(assistant.recent_numbers["bound-3"]) == 1


def test_json_fields_and_plain_numbers(assistant):
    answer = assistant.new_session("j").ask("Kosten per wet in 2024")
    data = answer.to_json_dict()
    assert list(data) == JSON_KEYS
    text = json.dumps(data)
    assert all(isinstance(r[1], (int, float)) or r[1] is None for r in json.loads(text)["rows"])
    assert isinstance(answer, Answer)


def test_audit_log_records_decisions(assistant):
    s = assistant.new_session("audit-user")
    s.ask("Geef de namen van cliënten met pleegzorg in Duindorp")
    lines = assistant.settings.audit_log_path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert any(e.get("user") == "audit-user" and e.get("decision") == "refused" for e in entries)


def test_breakdown_per_client_is_refused_and_logged(assistant):
    s = assistant.new_session("per-client")
    answer = s.ask("Laat per cliënt zien hoeveel bijstand hij krijgt in Moerwijk")
    assert answer.status == "refused" and answer.rows == [] and answer.sql is None
    assert "per cliënt" in answer.answer and "groepen" in answer.answer
    entries = [json.loads(line) for line in assistant.settings.audit_log_path.read_text(encoding="utf-8").splitlines()]
    assert any(e.get("user") == "per-client" and e.get("decision") == "refused" for e in entries)


def test_vague_question_offers_figures_that_answer_when_picked(assistant):
    s = assistant.new_session("vaag")
    vague = s.ask("Geef me de cijfers")
    assert vague.status == "clarification" and 2 <= len(vague.options) <= 4 and vague.sql is None
    picked = s.ask(vague.options[0])
    assert picked.status in ("answered", "suppressed") and picked.columns


def test_out_of_scope_with_an_area_is_refused_not_answered_for_the_area(assistant):
    answer = assistant.new_session("scope").ask("Hoeveel kost een parkeervergunning in Scheveningen?")
    assert answer.status == "refused" and answer.sql is None and "Ik kan vragen beantwoorden" in answer.answer


def _measure_cells(answer):
    measures = [j for j, c in enumerate(answer.columns) if c not in ("wijk", "gemeente", "jaar", "wet", "soort",
                                                                      "taakveld", "leeftijdsklasse", "geslacht")]
    return {(r, c) for r in range(len(answer.rows)) for c in measures}


def test_partly_suppressed_table_is_answered_and_names_what_is_hidden(assistant):
    answer = assistant.new_session("deels").ask("Kosten van hulp bij het huishouden per wijk in 2024")
    hidden = {tuple(p) for p in answer.suppressed}
    assert hidden and hidden < _measure_cells(answer)
    assert answer.status == "answered"
    for r, c in hidden:
        assert answer.rows[r][c] is None
        assert answer.rows[r][0] in answer.answer  # the wijk whose figure is hidden is named
    assert f"{len(hidden)} van de {len(answer.rows)} cijfers" in answer.answer
    assert "minder dan 10" in answer.answer and any("minder dan 10" in n for n in answer.notices)
    data = json.loads(json.dumps(answer.to_json_dict()))
    assert data["status"] == "answered" and sorted(map(tuple, data["suppressed"])) == sorted(hidden)


def test_fully_suppressed_answer_has_status_suppressed_and_says_why(assistant):
    answer = assistant.new_session("geheel").ask("Schuldhulpcliënten in Hoornwijk per geslacht in 2024")
    assert {tuple(p) for p in answer.suppressed} == _measure_cells(answer) != set()
    assert answer.status == "suppressed"
    assert all(row[-1] is None for row in answer.rows)
    assert "getoond om inwoners te beschermen" in answer.answer and "minder dan 10" in answer.answer


def test_follow_up_with_a_soort_of_another_wet_drops_the_old_wet(assistant):
    s = assistant.new_session("wetwissel")
    s.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    other = s.ask("En pleegzorg?")
    filters = {f["dimension"]: f["values"] for f in other.semantic_query["filters"]}
    assert filters == {"wijk": ["Schildersbuurt"], "soort": ["Pleegzorg"]}
    assert other.status in ("answered", "suppressed") and other.rows


def test_an_excluded_area_is_named_as_excluded_in_the_answer(tmp_path, warehouse_path):
    from assistant.session import Assistant
    from assistant.settings import Settings

    # a release log of its own: what the rest of the suite released may withhold this cell (the wording is tested)
    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                                   release_log_path=tmp_path / "vrijgaven.sqlite"))
    s = assistant.new_session("analist-1", role="analist")
    a = s.run_sql("SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = 2024 "
                  "AND wet = 'Wmo' AND wijk NOT IN ('Bezuidenhout', 'Mariahoeve en Marlot')")
    assert a.status == "answered", a.answer
    assert "zonder Bezuidenhout en Mariahoeve en Marlot" in a.answer
    assert "in Bezuidenhout" not in a.answer


def test_overspent_taakvelden_are_those_whose_shown_uitputting_is_above_100(tmp_path, warehouse_path, warehouse_con):
    from assistant.session import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                                   release_log_path=tmp_path / "vrijgaven.sqlite"))
    answer = assistant.new_session("raad").ask("Op welke taakvelden is in 2023 meer uitgegeven dan begroot?")
    assert answer.status == "answered" and answer.columns == ["taakveld", "uitputting", "begroting", "realisatie"]
    shown = {row[0]: row[1] for row in answer.rows}
    assert shown and all(v > 100 for v in shown.values())
    truth = dict(warehouse_con.execute("""
        SELECT b.taakveld, 100.0 * r.uitgegeven / b.begroot FROM
          (SELECT taakveld, sum(begroot) AS begroot FROM vw_begroting WHERE jaar = 2023 GROUP BY taakveld) b JOIN
          (SELECT taakveld, sum(bedrag) AS uitgegeven FROM vw_kosten WHERE jaar = 2023 GROUP BY taakveld) r
          USING (taakveld)
    """).fetchall())
    # every taakveld clearly over (or clearly within) its budget is listed (or not) accordingly
    assert {t for t, pct in truth.items() if pct > 101} <= set(shown) <= {t for t, pct in truth.items() if pct > 99}
    assert "boven 100%" in answer.answer


def test_rows_whose_judged_figure_is_withheld_are_left_out_whatever_they_hold(tmp_path, warehouse_path):
    """A bound on a percentage per wijk: a withheld cell cannot be judged, so its row goes (both ways), and
    the answer says so."""
    from assistant.session import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                                   release_log_path=tmp_path / "vrijgaven.sqlite"))
    answer = assistant.new_session("x").ask("Welke wijken hadden in 2024 meer dan 5 procent jeugdigen met jeugdhulp?")
    column = answer.columns.index("pct_jeugdigen_jeugdhulp")
    assert answer.rows and all(row[column] is not None and row[column] > 5 for row in answer.rows)
    assert any("weggelaten" in n for n in answer.notices)


def test_the_change_of_a_percentage_is_given_in_procentpunten(assistant):
    session = assistant.new_session(user="raad", role="raadslid")
    answer = session.ask("Hoe is de uitputting van taakveld 6.81 veranderd tussen 2021 en 2023?")
    assert answer.status == "answered", answer.answer
    assert "verschil +12,5 procentpunt" in answer.answer.replace("\u00a0", " ")


def test_a_budget_answer_names_each_taakveld_beside_its_code(assistant):
    session = assistant.new_session(user="raad", role="raadslid")
    answer = session.ask("Wat was de uitputting per taakveld in 2023?")
    assert answer.status == "answered", answer.answer
    assert "6.3 Inkomensregelingen: " in answer.answer and "6.81 " in answer.answer


def test_a_budget_ratio_is_drawn_against_100_percent_and_a_count_is_not(assistant):
    session = assistant.new_session("raad-budget", role="raadslid")
    budget = session.ask("Wat is de uitputting van de begroting per taakveld in 2024?")
    assert budget.chart.kind == "bar" and budget.chart.reference == 100.0
    counts = session.ask("Hoeveel Wmo-cliënten per stadsdeel in 2024?")
    assert counts.chart.reference is None
    rates = session.ask("Welke drie stadsdelen hadden in 2024 de minste Wmo-cliënten per 1000 inwoners?")
    assert rates.status == "answered" and rates.chart.reference is None  # a rate over inhabitants: no line


def test_b5_a_taakveld_asked_by_name_is_named_in_the_answer(assistant):
    answer = assistant.new_session("raad-taakveld", role="raadslid").ask(
        "Wat was de uitputting voor beschermd wonen in 2024?")
    assert answer.status == "answered"
    assert "6.81 Geëscaleerde zorg 18+" in answer.answer


def test_a_relative_year_without_data_is_said_and_the_year_before_offered(assistant):
    """'vorig jaar' on 2026-12-04 is 2025: no figures yet. Said in a question back (never 2024's figure
    under 2025's name), with the last year that has figures as an option that answers that query."""
    session = assistant.new_session("beleid-vorig-jaar")
    back = session.ask("Hoeveel mensen ontvingen vorig jaar bijstand in Moerwijk?")
    assert back.status == "clarification" and "2025" in back.answer and back.options == ["2024"]
    chosen = session.ask("2024")
    assert chosen.status == "answered" and chosen.semantic_query["years"] == [2024]
    assert {"dimension": "wijk", "op": "=", "values": ["Moerwijk"]} in chosen.semantic_query["filters"]


def test_how_many_more_in_one_area_than_another_says_the_difference_of_the_shown_figures(assistant):
    from assistant.compose import format_value

    answer = assistant.new_session("beleid-verschil").ask(
        "Hoeveel meer Wmo-cliënten waren er in 2023 in Bezuidenhout dan in Duindorp?")
    assert answer.status == "answered" and len(answer.rows) == 2
    shown = {row[0]: row[1] for row in answer.rows}
    diff = shown["Bezuidenhout"] - shown["Duindorp"]
    word = "meer" if diff > 0 else "minder"
    assert f"Verschil: {format_value(abs(diff), 'aantal')} {word} in Bezuidenhout dan in Duindorp." in answer.answer


def test_one_figure_over_one_year_carries_the_same_figure_a_year_earlier(assistant):
    """The council's single figure shows its change since the year before: that figure is the one the
    earlier year's own question releases (same guards, same protected value), and none where there is no
    earlier year or the figure is withheld."""
    session = assistant.new_session(user="jaar-1")
    now = session.ask("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    before = assistant.new_session(user="jaar-2").ask("Hoeveel Wmo-cliënten waren er in 2022 in de Schildersbuurt?")
    assert now.previous == {"jaar": 2022, "waarde": before.rows[0][0]}
    assert session.ask("Hoeveel Wmo-cliënten waren er in 2019 in de Schildersbuurt?").previous is None  # first year
    per_wijk = session.ask("Hoeveel Wmo-cliënten waren er in 2023 per wijk?")
    assert per_wijk.previous is None and "previous" not in per_wijk.to_json_dict()


def test_a_conversation_remembers_the_years_of_its_earlier_answers(assistant):
    session = assistant.new_session("jaren", role="raadslid")
    assert session.ask("Hoeveel huishoudens hadden in 2023 een Wmo-voorziening?").status == "answered"
    # (2022: the city-wide households of 2021 are judged as the persons behind them, whose total less the
    # CBS-published wijk figures of 2021 is the few of the unpublished wijken)
    assert session.ask("En in 2022?").status == "answered"
    answer = session.ask("Met hoeveel procent is dat tussen die jaren veranderd?")
    assert answer.status == "answered", answer.answer
    assert answer.columns[-1].endswith("_pct") and "2022" in " ".join(answer.columns)
    session.reset()  # a new conversation has no earlier years
    assert session.ask("Met hoeveel procent is dat tussen die jaren veranderd?").status != "answered"


def test_a_figure_defined_is_what_the_next_question_points_at(assistant):
    s = assistant.new_session("beleid-defined")
    defined = s.ask("Wat verstaan jullie eigenlijk onder stapeling?")
    assert defined.status == "answered" and "wet" in defined.answer
    pointed = s.ask("oké, en hoeveel huishoudens in het Transvaalkwartier hadden daar in 2024 mee te maken?")
    assert pointed.status == "answered" and pointed.semantic_query["metrics"] == ["stapeling"]
    s.ask("Wat betekent stapeling eigenlijk?")  # the same figure defined again: the answer before keeps its scope
    again = s.ask("Idem voor 2021")
    assert {"dimension": "wijk", "op": "=", "values": ["Transvaalkwartier"]} in again.semantic_query["filters"]



def test_personal_data_inside_the_question_refuses_it_and_beside_it_is_removed(assistant):
    s = assistant.new_session("pii-1")
    about = s.ask("Bij welke voorzieningen hoort telefoonnummer 06-12345678? Zoek maar even op.")
    assert about.status == "refused" and "06-12345678" not in about.question
    beside = s.ask("Mijn telefoonnummer is 06-12345678, hoeveel Wmo-cliënten zijn er in Moerwijk?")
    assert beside.status == "answered" and any("verwijderd" in n for n in beside.notices)


def test_a_value_named_as_replaced_goes_and_cbs_figures_listed_come_side_by_side(assistant):
    s = assistant.new_session("edit-1")
    s.ask("Aantal Wmo-cliënten per stadsdeel in 2023")
    edited = s.ask("Draai die query nog eens, maar dan met wet = 'Participatiewet' in plaats van Wmo.")
    assert "Participatiewet" in edited.sql_editable and "'Wmo'" not in edited.sql_editable
    s = assistant.new_session("cbs-1")
    listed = s.ask("Hoeveel Wmo-cliënten en bijstandsontvangers telde het CBS in Den Haag in 2021?")
    assert listed.status == "answered" and listed.columns == ["cbs_wmo_clienten", "cbs_bijstand"]
