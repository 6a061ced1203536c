"""The evaluator's rules: disclosure on expected rows, table comparison, judging an answer, surviving a crash."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.evaluation import (
    Conversation,
    Report,
    Table,
    Turn,
    apply_disclosure,
    compare_tables,
    judge,
    run,
)


def test_disclosure_nulls_counts_from_one_to_nine_and_keeps_zero_and_ten():
    table = apply_disclosure(
        ["wijk", "clienten", "clienten__n"],
        [("A", 0, 0), ("B", 1, 1), ("C", 9, 9), ("D", 10, 10)],
    )
    assert table.columns == ["wijk", "clienten"]
    assert [r[1] for r in table.rows] == [0, None, None, 10]
    assert table.suppressed == {(1, 1), (2, 1)}
    assert table.suppression_level() == "partial"


def test_disclosure_suppresses_a_rate_by_its_numerator_and_money_by_dominance():
    rate = apply_disclosure(["clienten_per_1000", "clienten_per_1000__n"], [(4.2, 7)])
    assert rate.rows == [[None]] and rate.suppression_level() == "full"
    money = apply_disclosure(["kosten", "kosten__n", "kosten__max"], [(1000.0, 20, 600.0), (1000.0, 20, 400.0)])
    assert [r[0] for r in money.rows] == [None, 1000.0]
    per_client = apply_disclosure(
        ["kosten_per_client", "kosten_per_client__n", "kosten_per_client__max", "kosten_per_client__total"],
        [(50.0, 20, 400.0, 1000.0)],
    )
    assert per_client.rows == [[50.0]]


def _t(columns, rows, suppressed=()):
    return Table(list(columns), [list(r) for r in rows], set(suppressed))


def test_identical_tables_match_in_any_row_order_and_with_rounding():
    expected = _t(["wijk", "clienten_per_1000"], [("Moerwijk", 90.04), ("Laak", 57.26)])
    got = _t(["clienten_per_1000", "wijk"], [(57.3, "laak"), (90.0, "Moerwijk")])
    assert compare_tables(expected, got) is None


def test_wrong_value_missing_row_and_extra_column_are_misses():
    expected = _t(["wijk", "clienten"], [("Moerwijk", 100), ("Laak", 50)])
    assert "verwacht 50" in compare_tables(expected, _t(["wijk", "clienten"], [("Moerwijk", 100), ("Laak", 51)]))
    assert "rijen" in compare_tables(expected, _t(["wijk", "clienten"], [("Moerwijk", 100)]))
    extra = _t(["wijk", "geslacht", "clienten"], [("Moerwijk", "man", 100), ("Laak", "vrouw", 50)])
    assert "geslacht" in compare_tables(expected, extra)
    assert "ontbreekt" in compare_tables(expected, _t(["clienten"], [(150,)]))


def test_money_is_compared_to_the_cent_and_counts_exactly():
    assert compare_tables(_t(["kosten"], [(1234.567,)]), _t(["kosten"], [(1234.57,)])) is None
    assert compare_tables(_t(["kosten"], [(1234.567,)]), _t(["kosten"], [(1234.6,)])) is not None
    assert compare_tables(_t(["clienten"], [(12,)]), _t(["clienten"], [(13,)])) is not None


def test_a_constant_filter_echo_column_is_allowed_on_one_side_only():
    expected = _t(["clienten"], [(3320,)])
    assert compare_tables(expected, _t(["wijk", "jaar", "clienten"], [("Schildersbuurt", 2021, 3320)])) is None
    both = _t(["wijk", "clienten"], [("Moerwijk", 3320)])
    assert "rijen" in compare_tables(both, _t(["wijk", "clienten"], [("Schildersbuurt", 3320)]))


def test_a_zero_row_counts_as_an_absent_row():
    expected = _t(["wijk", "clienten"], [("Moerwijk", 100)])
    assert compare_tables(expected, _t(["wijk", "clienten"], [("Moerwijk", 100), ("Oostduinen", 0)])) is None


def test_a_shown_small_cell_is_a_miss_and_secondary_suppression_is_bounded():
    expected = _t(["wijk", "clienten"], [("A", None), ("B", 40), ("C", 50)], {(0, 1)})
    leak = _t(["wijk", "clienten"], [("A", 4), ("B", 40), ("C", 50)])
    assert "onderdrukt moeten worden" in compare_tables(expected, leak)
    one_more = _t(["wijk", "clienten"], [("A", None), ("B", None), ("C", 50)], {(0, 1), (1, 1)})
    assert compare_tables(expected, one_more) is None
    too_many = _t(["wijk", "clienten"], [("A", None), ("B", None), ("C", None)], {(0, 1), (1, 1), (2, 1)})
    assert "onterecht onderdrukt" in compare_tables(expected, too_many)
    unsuppressed = _t(["wijk", "clienten"], [("B", 40), ("C", 50)])
    listed = _t(["wijk", "clienten"], [("B", None), ("C", 50)], {(0, 1)})
    assert "onterecht onderdrukt" in compare_tables(unsuppressed, listed)
    assert compare_tables(unsuppressed, _t(["wijk", "clienten"], [("B", None), ("C", 50)])) is not None


def test_ranked_questions_compare_order_but_allow_ties():
    expected = _t(["wijk", "kosten"], [("A", 300.0), ("B", 200.0), ("C", 200.0)])
    assert compare_tables(expected, _t(["wijk", "kosten"], [("A", 300.0), ("C", 200.0), ("B", 200.0)]), True) is None
    swapped = _t(["wijk", "kosten"], [("B", 200.0), ("A", 300.0), ("C", 200.0)])
    assert "volgorde" in compare_tables(expected, swapped, True)
    assert compare_tables(expected, swapped, False) is None


def _turn(**kw):
    base = dict(conversation="x", index=0, question="q", status="answered", category="wmo", group="analist")
    base.update(kw)
    return Turn(**base)


def test_judge_checks_status_text_and_table():
    table_turn = _turn(sql="SELECT 1", columns=("clienten",))
    expected = _t(["clienten"], [(12,)])
    good = SimpleNamespace(status="answered", answer="Er waren 12 cliënten.", columns=["clienten"], rows=[[12]], suppressed=[])
    assert judge(table_turn, expected, good) is None
    assert "status" in judge(table_turn, expected, SimpleNamespace(**{**vars(good), "status": "suppressed"}))
    assert "leeg" in judge(table_turn, expected, SimpleNamespace(**{**vars(good), "answer": " "}))
    hidden = _t(["clienten"], [(None,)], {(0, 0)})
    shown = SimpleNamespace(status="suppressed", answer="Te klein.", columns=["clienten"], rows=[[4]], suppressed=[])
    assert "onderdrukt" in judge(table_turn, hidden, shown)

    definition = _turn(answer_contains=("wet",))
    assert judge(definition, None, SimpleNamespace(status="answered", answer="Voorzieningen uit twee wetten")) is None
    assert "noemt" in judge(definition, None, SimpleNamespace(status="answered", answer="Iets anders"))
    refusal = _turn(status="refused", category="individueel")
    assert judge(refusal, None, SimpleNamespace(status="answered", answer="12 mensen")) is not None


def test_run_counts_an_exception_as_a_miss_and_continues():
    turns = (_turn(conversation="c", index=0, status="refused", category="individueel"),
             _turn(conversation="c", index=1, status="refused", category="buiten_scope"))
    conversation = Conversation("c", "individueel", "analist", turns, "test.yaml")

    class Session:
        def __init__(self):
            self.asked = 0

        def ask(self, question):
            self.asked += 1
            if self.asked == 1:
                raise RuntimeError("kapot")
            return SimpleNamespace(status="refused", answer="Dat kan ik niet geven.")

    outcomes = run([conversation], {}, lambda _cid: Session())
    assert [o.ok for o in outcomes] == [False, True]
    assert "uitzondering" in outcomes[0].reason
    report = Report(outcomes, 0.1)
    assert report.accuracy == 0.5 and report.refusal_rate() == 0.5
    assert "| individueel | 0 | 1 | 0% |" in report.markdown()


def test_a_cell_that_adds_few_units_to_public_figures_is_suppressed():
    table = apply_disclosure(["jaar", "clienten", "clienten__n", "clienten__rest"],
                             [(2020, 900, 900, None), (2021, 907, 907, 7), (2022, 950, 950, None)])
    assert table.rows == [[2020, 900], [2021, None], [2022, 950]]
    assert table.suppressed == {(1, 1)}


def test_a_suppressed_row_has_no_place_in_a_ranking():
    expected = Table(["wijk", "pct"], [["A", None], ["B", 17.5], ["C", 15.2]], {(0, 1)})
    listed_last = Table(["wijk", "pct"], [["B", 17.5], ["C", 15.2], ["A", None]], {(2, 1)})
    assert compare_tables(expected, listed_last, True) is None
    swapped = Table(["wijk", "pct"], [["C", 15.2], ["B", 17.5], ["A", None]], {(2, 1)})
    assert "volgorde" in compare_tables(expected, swapped, True)


def test_a_miss_answered_with_figures_counts_as_confidently_wrong_and_a_question_back_does_not():
    turns = (_turn(conversation="w", index=0, status="refused", category="individueel"),
             _turn(conversation="w", index=1, status="refused", category="individueel"),
             _turn(conversation="w", index=2, status="refused", category="individueel"))
    conversation = Conversation("w", "individueel", "analist", turns, "test.yaml")
    replies = iter([SimpleNamespace(status="answered", answer="12 mensen"),
                    SimpleNamespace(status="clarification", answer="Bedoelt u ...?"),
                    SimpleNamespace(status="refused", answer="Dat kan ik niet geven.")])
    outcomes = run([conversation], {}, lambda _cid: SimpleNamespace(ask=lambda q: next(replies)))
    report = Report(outcomes, 0.1)
    assert [o.ok for o in outcomes] == [False, False, True]
    assert [o.turn.index for o in report.confidently_wrong] == [0]
    assert "confidently wrong" in report.markdown() and "(1/3)" in report.markdown()
