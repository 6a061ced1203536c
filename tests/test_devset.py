"""The interpretation bar of SPEC §7 on the development set: >= 95% right, every out-of-scope and
individual-level question refused. Runs the whole set through the offline interpreter (a few seconds)."""

from __future__ import annotations

import pytest

from assistant.evaluation import REFUSAL_CATEGORIES, evaluate


@pytest.fixture(scope="module")
def report(warehouse_path):
    return evaluate(warehouse_path)


def _misses(report, categories=None, limit=25) -> str:
    lines = [
        f"[{o.turn.key}] {o.turn.question!r}: {o.reason}"
        for o in report.misses
        if categories is None or o.turn.category in categories
    ]
    return "\n".join(lines[:limit]) + (f"\n... en nog {len(lines) - limit}" if len(lines) > limit else "")


def test_development_set_accuracy_is_at_least_95_percent(report):
    assert report.total >= 250
    assert report.accuracy >= 0.95, (
        f"{report.accuracy:.1%} goed ({report.correct}/{report.total}); missers:\n{_misses(report)}"
    )


def test_every_out_of_scope_and_individual_question_is_refused(report):
    targets = [o for o in report.outcomes if o.turn.category in REFUSAL_CATEGORIES]
    assert len(targets) >= 30
    assert report.refusal_rate() == 1.0, _misses(report, REFUSAL_CATEGORIES)


def test_no_small_cell_is_ever_shown(report):
    """Whatever else is wrong, a cell the disclosure rule hides must never be visible in an answer."""
    leaks = [o for o in report.misses if "had onderdrukt moeten worden" in o.reason]
    assert leaks == [], _misses(report)
