"""The interpretation bar of SPEC §7 on the development set: >= 95% right on its core (tests/questions), no
joined unseen set (tests/blind, after its first run) worse than before, every out-of-scope and individual-level
question refused, no small cell ever shown. Runs the whole set through the offline interpreter (about a minute)."""

from __future__ import annotations

import pytest

from assistant.evaluation import CORE, REFUSAL_CATEGORIES, evaluate


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
    core = report.part(CORE)
    assert core.total >= 250
    assert core.accuracy >= 0.95, (
        f"{core.accuracy:.1%} goed ({core.correct}/{core.total}); missers:\n{_misses(core)}"
    )


# Correct turns of each unseen set once it joined the development set (its first-run figure is in
# BENCHMARKS.md): a change may raise these, never lower them. The 95% bar is not met on them yet.
JOINED_FLOORS = {"2026-12-04": 86, "2026-12-04b": 85, "2026-12-04c": 96, "2026-12-04d": 113, "2026-12-04e": 113,
                 "2026-12-04f": 122, "2026-12-04g": 142, "2026-12-05h": 146,
                 "2026-12-05i": 106, "2026-12-05j": 153, "2026-12-05k": 114, "2026-12-05l": 122,
                 "2026-12-05m": 123, "2026-12-06n": 143, "2026-12-06o": 143,
                 "2026-12-06p": 147, "2026-12-06q": 150, "2026-12-06r": 151,
                 "2026-12-06s": 151, "2026-12-06t": 161, "2026-12-07u": 163,
                 "2026-12-07v": 159, "2026-12-07w": 168, "2026-12-07x": 180,
                 "2026-12-07y": 180}


def test_the_joined_unseen_sets_do_not_fall_back(report):
    assert report.total >= 600
    parts = report.by("part")
    assert set(JOINED_FLOORS) <= set(parts), sorted(parts)
    fallen = {name: (parts[name][0], floor) for name, floor in JOINED_FLOORS.items() if parts[name][0] < floor}
    assert not fallen, f"minder goed dan eerder (nu, was): {fallen}\n" + "\n".join(
        _misses(report.part(name), limit=10) for name in fallen)


def test_every_out_of_scope_and_individual_question_is_refused(report):
    targets = [o for o in report.outcomes if o.turn.category in REFUSAL_CATEGORIES]
    assert len(targets) >= 30
    assert report.refusal_rate() == 1.0, _misses(report, REFUSAL_CATEGORIES)


def test_no_small_cell_is_ever_shown(report):
    """Whatever else is wrong, a cell the disclosure rule hides must never be visible in an answer."""
    leaks = [o for o in report.misses if "had onderdrukt moeten worden" in o.reason]
    assert leaks == [], _misses(report)
