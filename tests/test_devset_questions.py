"""The development set itself: well formed, large and varied enough, and its expected SQL independent and consistent."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.evaluation import (
    HELPER_TABLES,
    REFUSAL_CATEGORIES,
    all_turns,
    expected_table,
    load_devset,
    open_expected,
    tables_in,
)

REQUIRED_CATEGORIES = {
    "wmo", "jeugd", "bijstand", "schuldhulp", "uitsplitsing", "instroom_uitstroom", "kosten", "begroting",
    "trend", "vergelijking", "cbs", "ranking", "per_1000", "stapeling", "definitie", "typo_informeel",
    "relatieve_tijd", "vervolgvraag", "onderdrukt", "buiten_scope", "individueel", "verduidelijking",
}


@pytest.fixture(scope="module")
def conversations():
    return load_devset()


@pytest.fixture(scope="module")
def turns(conversations):
    return all_turns(conversations)


def test_set_is_large_and_covers_every_question_type_and_user_group(conversations, turns):
    assert len(turns) >= 250
    categories = Counter(t.category for t in turns)
    assert REQUIRED_CATEGORIES <= set(categories), REQUIRED_CATEGORIES - set(categories)
    assert all(categories[c] >= 5 for c in REQUIRED_CATEGORIES), categories
    assert {t.group for t in turns} == {"beleidsmaker", "analist", "raadslid"}
    follow_ups = [c for c in conversations if len(c.turns) > 1]
    assert len(follow_ups) >= 10
    assert sum(len(c.turns) - 1 for c in follow_ups) >= 25


def test_single_questions_are_not_duplicated(conversations):
    singles = Counter(c.turns[0].question.casefold() for c in conversations if len(c.turns) == 1)
    assert [q for q, n in singles.items() if n > 1] == []


def test_refusal_categories_expect_a_refusal_and_no_table(turns):
    targets = [t for t in turns if t.category in REFUSAL_CATEGORIES]
    assert len(targets) >= 30
    assert all(t.status == "refused" and t.sql is None for t in targets)


def test_expected_sql_reads_only_the_independent_helper_tables(turns):
    for turn in turns:
        if turn.has_table:
            used = tables_in(turn.sql)
            assert used and used <= HELPER_TABLES, (turn.key, used)


def test_expected_tables_run_and_match_declared_columns_and_status(turns, warehouse_path):
    con = open_expected(warehouse_path)
    try:
        for turn in turns:
            if not turn.has_table:
                continue
            table = expected_table(con, turn)
            assert table.rows, f"{turn.key}: verwachte tabel is leeg"
            suppressed = table.suppression_level() != "none"
            assert suppressed == (turn.status == "suppressed"), (turn.key, turn.status, table.suppression_level())
            if turn.ranked:
                assert "LIMIT" in turn.sql.upper() or len(table.rows) > 1, turn.key
    finally:
        con.close()


def test_spec_examples_have_the_expected_shape(warehouse_path, conversations):
    """The SPEC §1 example conversation: one number, then 2022, then per age class with small cells hidden."""
    conversation = next(c for c in conversations if c.id == "gesprek-01")
    con = open_expected(warehouse_path)
    try:
        first, second, per_age = (expected_table(con, t) for t in conversation.turns[:3])
    finally:
        con.close()
    assert len(first.rows) == 1 and first.rows[0][0] > 1000
    assert len(second.rows) == 1 and second.rows[0][0] != first.rows[0][0]
    classes = [r[0] for r in per_age.rows]
    assert len(classes) >= 4 and set(classes) <= {"0-17", "18-26", "27-64", "65-74", "75+"}
