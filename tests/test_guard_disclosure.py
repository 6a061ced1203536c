"""Disclosure guard on hand-built compiled queries: primary, dominance, secondary, differencing, order."""

from __future__ import annotations

import numpy as np
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from guards import disclosure
from guards.disclosure import DisclosureGuard, ReleaseMemory
from semantic_layer.compiled import CompiledQuery, OutputColumn
from semantic_layer.query import OrderBy, SemanticQuery

K = 10


def _compiled(dims: list[str], measures: list[str], money: bool = False, order: str | None = None, derived: bool = False):
    cols = [OutputColumn(name=d, label=d, kind="dimension") for d in dims]
    for m in measures:
        cols.append(
            OutputColumn(
                name=m,
                label=m,
                kind="measure",
                unit="euro" if money else "aantal",
                metric=m,
                counting_unit="persoon",
                count_column=f"{m}__n",
                max_column=f"{m}__max" if money else None,
            )
        )
        cols.append(OutputColumn(name=f"{m}__n", label="n", kind="guard"))
        if money:
            cols.append(OutputColumn(name=f"{m}__max", label="max", kind="guard"))
    if derived:
        cols.append(
            OutputColumn(name="verschil", label="verschil", kind="measure", metric="clienten", counting_unit="persoon", depends_on=measures)
        )
    query = SemanticQuery(
        metrics=[m for m in measures], dimensions=dims, order_by=[OrderBy(field=order)] if order else []
    )
    return CompiledQuery(query=query, ast=sqlglot.parse_one("SELECT 1"), columns=cols, units_ast=sqlglot.parse_one("SELECT 1"))


def _run(guard, compiled, rows, memory, sets=None, calls=None):
    names = [c.name for c in compiled.columns]

    def fetch():
        if calls is not None:
            calls.append(1)
        dims = [c.name for c in compiled.columns if c.kind == "dimension"]
        measures = [c.name for c in compiled.columns if c.kind == "measure" and not c.depends_on]
        out = []
        for key, per_measure in sets.items():
            out.append(tuple(key) + tuple(per_measure[m] for m in measures))
        return dims + [f"{m}__units" for m in measures], out

    return guard.apply(compiled, names, rows, memory, fetch if sets is not None else None)


def test_primary_suppresses_small_cells_and_keeps_true_zeros():
    c = _compiled(["leeftijdsklasse"], ["clienten"])
    rows = [("0-17", 3, 3), ("18-26", 0, 0), ("27-64", 40, 40), ("65-74", 30, 30), ("75+", 25, 25)]
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    assert res.columns == ["leeftijdsklasse", "clienten"]
    values = {r[0]: r[1] for r in res.rows}
    assert values["0-17"] is None
    assert values["18-26"] == 0  # a true zero is shown
    assert res.status == "answered"
    assert any("minder dan 10" in n for n in res.notices)
    # secondary: the smallest other non-zero cell goes too, so 0-17 cannot be had from a total
    assert values["75+"] is None and values["27-64"] == 40 and values["65-74"] == 30
    assert sorted(res.suppressed) == sorted([[0, 1], [4, 1]])


def test_single_small_cell_is_status_suppressed_and_derived_values_go_with_it():
    c = _compiled([], ["clienten"], derived=True)
    res = DisclosureGuard(K).apply(c, ["clienten", "clienten__n", "verschil"], [(4, 4, 1)], ReleaseMemory(), None)
    assert res.rows == [[None, None]]
    assert res.status == "suppressed"
    assert "4" not in " ".join(res.notices)


def test_dominance_suppresses_a_money_cell_with_one_large_contributor():
    c = _compiled(["wijk"], ["kosten"], money=True)
    rows = [("A", 100_000.0, 40, 60_000.0), ("B", 100_000.0, 40, 30_000.0), ("C", 90_000.0, 30, 20_000.0)]
    res = DisclosureGuard(K, 0.5).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    vals = {r[0]: r[1] for r in res.rows}
    assert vals["A"] is None
    assert any("dominantie" in n for n in res.notices)
    # the secondary rule hides one more cell, so A is not total - B - C
    assert sum(v is None for v in vals.values()) == 2


def test_differencing_against_an_earlier_answer_is_suppressed_without_revealing_the_difference():
    guard, memory = DisclosureGuard(K), ReleaseMemory()
    total = _compiled([], ["clienten"])
    everyone = list(range(1000, 1100))
    res1 = _run(guard, total, [(100, 100)], memory, {(): {"clienten": everyone}})
    assert res1.rows == [[100]]
    adults = everyone[:95]  # "18 jaar en ouder": five minors fewer
    res2 = _run(guard, total, [(95, 95)], memory, {(): {"clienten": adults}})
    assert res2.rows == [[None]] and res2.status == "suppressed"
    text = " ".join(res2.notices)
    assert "eerder" in text and "5" not in text
    # a genuinely different group of similar size is released
    other = list(range(5000, 5096))
    res3 = _run(guard, total, [(96, 96)], memory, {(): {"clienten": other}})
    assert res3.rows == [[96]]


def test_margin_released_earlier_minus_visible_cells_never_gives_back_a_small_group():
    guard, memory = DisclosureGuard(K), ReleaseMemory()
    classes = {"18-26": list(range(0, 12)), "27-64": list(range(12, 37)), "65-74": list(range(37, 47)), "75+": list(range(47, 57))}
    minors = list(range(57, 60))
    by_class = _compiled(["leeftijdsklasse"], ["clienten"])
    rows = [(k, len(v), len(v)) for k, v in classes.items()]
    res1 = _run(guard, by_class, rows, memory, {(k,): {"clienten": v} for k, v in classes.items()})
    assert all(r[1] is not None for r in res1.rows)  # a breakdown without the minors is fine
    total = _compiled([], ["clienten"])
    res2 = _run(guard, total, [(60, 60)], memory, {(): {"clienten": sum(classes.values(), []) + minors}})
    assert res2.rows == [[None]]  # 60 - 57 would give the three minors


def test_lazy_units_are_not_fetched_when_sizes_rule_out_any_conflict():
    guard, memory, calls = DisclosureGuard(K), ReleaseMemory(), []
    c = _compiled(["wijk"], ["clienten"])
    rows = [("Moerwijk", 2000, 2000), ("Schildersbuurt", 3100, 3100)]
    sets = {("Moerwijk",): {"clienten": list(range(2000))}, ("Schildersbuurt",): {"clienten": list(range(5000, 8100))}}
    res = _run(guard, c, rows, memory, sets, calls)
    assert [r[1] for r in res.rows] == [2000, 3100]
    assert calls == []
    # asking the same table again needs the sets (equal sizes), fetched once for both questions
    res = _run(guard, c, rows, memory, sets, calls)
    assert [r[1] for r in res.rows] == [2000, 3100]
    assert 1 <= len(calls) <= 2


def test_without_unit_sets_a_possible_difference_fails_closed():
    guard, memory = DisclosureGuard(K), ReleaseMemory()
    total = _compiled([], ["clienten"])
    assert _run(guard, total, [(100, 100)], memory, None).rows == [[100]]
    assert _run(guard, total, [(97, 97)], memory, None).rows == [[None]]


def test_suppressed_rows_move_to_the_end_of_a_ranking():
    c = _compiled(["wijk"], ["clienten"], order="clienten")
    rows = [("A", 300, 300), ("B", 200, 200), ("C", 5, 5), ("D", 100, 100), ("E", 50, 50)]
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    assert [r[0] for r in res.rows][-2:] == ["C", "E"]  # C primary, E secondary
    assert all(r[1] is None for r in res.rows[-2:])
    assert [r[1] for r in res.rows[:3]] == [300, 200, 100]


@pytest.mark.parametrize("descending", [False, True])
def test_a_lowest_first_top_n_says_that_withheld_rows_may_be_lower_than_those_shown(descending):
    rows = [("A", 300, 300), ("B", 200, 200), ("C", 5, 5), ("D", 100, 100), ("E", 3, 3)]
    c = _compiled(["wijk"], ["clienten"], order="clienten")
    c.query.order_by[0].descending = descending
    full = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    released = [r for r in full.rows if r[1] is not None]
    withheld = len(full.rows) - len(released)
    assert withheld >= 2
    c.query.limit = 2
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    assert res.rows == released[:2]
    cut = [n for n in res.notices if "lager liggen dan de getoonde" in n]
    if descending:
        assert cut == []
    else:
        assert len(cut) == 1 and f"Naast deze 2 zijn er {withheld} rij" in cut[0]
    assert not any("staan onderaan" in n for n in res.notices)  # no withheld row is shown, so none is 'at the bottom'


def test_missing_guard_column_fails_closed():
    c = _compiled([], ["clienten"])
    res = DisclosureGuard(K).apply(c, ["clienten"], [(500,)], ReleaseMemory(), None)
    assert res.rows == [[None]] and res.status == "suppressed"


def test_cbs_figures_without_counting_unit_are_released_as_published():
    cols = [
        OutputColumn(name="gemeente", label="gemeente", kind="dimension"),
        OutputColumn(name="cbs_wmo_clienten", label="Wmo", kind="measure", metric="cbs_wmo_clienten"),
    ]
    c = CompiledQuery(query=SemanticQuery(metrics=["cbs_wmo_clienten"]), ast=sqlglot.parse_one("SELECT 1"), columns=cols)
    res = DisclosureGuard(K).apply(c, ["gemeente", "cbs_wmo_clienten"], [("Vlieland", 5)], ReleaseMemory(), None)
    assert res.rows == [["Vlieland", 5]] and res.status == "answered"


def test_measures_on_the_same_units_are_hidden_together():
    # kosten / kosten per cliënt would give back a hidden number of cliënten
    c = _compiled(["wijk"], ["clienten", "kosten"])
    rows = [("A", 40, 40, 4000.0, 40), ("B", 3, 3, 300.0, 3), ("C", 30, 30, 3000.0, 30), ("D", 12, 12, 1200.0, 12)]
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    by_wijk = {r[0]: r[1:] for r in res.rows}
    assert by_wijk["B"] == [None, None] and by_wijk["D"] == [None, None]
    assert by_wijk["A"] == [40, 4000.0]


def test_one_guard_shared_by_concurrent_sessions_keeps_sessions_apart():
    import threading

    guard = DisclosureGuard(K)
    total = _compiled([], ["clienten"])
    everyone = list(range(1000, 1100))
    outcomes: dict[int, list] = {}

    def session(i: int) -> None:
        memory = ReleaseMemory()
        got = []
        for _ in range(20):
            got.append(_run(guard, total, [(100, 100)], memory, {(): {"clienten": everyone}}).rows[0][0])
            got.append(_run(guard, total, [(95, 95)], memory, {(): {"clienten": everyone[:95]}}).rows[0][0])
        outcomes[i] = got

    threads = [threading.Thread(target=session, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(outcomes[i] == [100, None] * 20 for i in range(8))
    # a fresh session may see the 95 cell: nothing of the other sessions leaked into it
    assert _run(guard, total, [(95, 95)], ReleaseMemory(), {(): {"clienten": everyone[:95]}}).rows == [[95]]


def test_hidden_money_cells_together_must_not_be_dominated_either():
    # A is dominated (70k of 100k); hiding only B (5k, small top) next to it would leave A+B = 105k
    # with one person at 70k: the margin minus the visible cells would still expose that person
    c = _compiled(["wijk"], ["kosten"], money=True)
    rows = [
        ("A", 100_000.0, 40, 70_000.0),
        ("B", 5_000.0, 20, 1_000.0),
        ("C", 200_000.0, 50, 20_000.0),
        ("D", 300_000.0, 60, 30_000.0),
    ]
    res = DisclosureGuard(K, 0.5).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    hidden = {r[0] for r in res.rows if r[1] is None}
    assert {"A", "B"} <= hidden and len(hidden) == 3


def test_rows_a_group_by_left_out_are_filled_in_beside_a_suppressed_cell():
    # only "vrouw" came back (3 people); without a "man" row the reader knows all 3 are women
    c = _compiled(["wijk", "geslacht"], ["clienten"])
    c.domains = {"geslacht": ["man", "vrouw"]}
    rows = [("A", "vrouw", 3, 3), ("B", "man", 40, 40), ("B", "vrouw", 35, 35)]
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], rows, ReleaseMemory(), None)
    assert [r[:2] for r in res.rows] == [["A", "man"], ["A", "vrouw"], ["B", "man"], ["B", "vrouw"]]
    assert res.rows[0][2] is None and res.rows[1][2] is None  # the filled-in zero goes with the small cell
    # B gets no extra rows; along wijk its cells now cover A's hidden ones, so they go too
    assert [r[2] for r in res.rows[2:]] == [None, None]


def test_no_rows_are_added_where_nothing_is_suppressed():
    c = _compiled(["geslacht"], ["clienten"])
    c.domains = {"geslacht": ["man", "vrouw"]}
    res = DisclosureGuard(K).apply(c, [x.name for x in c.columns], [("vrouw", 30, 30)], ReleaseMemory(), None)
    assert res.rows == [["vrouw", 30]]


def test_a_small_wider_group_hides_the_narrowed_cell_even_at_zero_or_absent():
    # 'meisjes met pleegzorg per wijk': wijk B has 4 pleegzorg clients, none of them girls, so the
    # GROUP BY gave no row for B; showing B as 0 or leaving it out would say they are all boys
    c = _compiled(["wijk"], ["clienten"])
    names = [x.name for x in c.columns]
    wider = (names, [("A", 60, 60), ("B", 4, 4), ("C", 50, 50)])
    res = DisclosureGuard(K).apply(c, names, [("A", 30, 30), ("C", 40, 40)], ReleaseMemory(), None, wider)
    # B is shown, as hidden; A goes too (secondary), so a total minus the rest does not give B back
    assert res.rows == [["A", None], ["B", None], ["C", 40]]
    assert any("afbakening naar leeftijd" in n for n in res.notices)


def test_added_rows_take_their_suppression_decisions_with_them_when_sorted():
    # C (3 people) is suppressed before B is added; after sorting A, B, C the decision must stay on C
    c = _compiled(["wijk"], ["clienten"])
    names = [x.name for x in c.columns]
    wider = (names, [("A", 70, 70), ("B", 4, 4), ("C", 5, 5)])
    res = DisclosureGuard(K).apply(c, names, [("C", 3, 3), ("A", 50, 50)], ReleaseMemory(), None, wider)
    assert [r[0] for r in res.rows] == ["A", "B", "C"]
    assert res.rows[2][1] is None and res.rows[1][1] is None


def test_a_small_wider_group_for_one_measure_leaves_the_other_measures_to_the_usual_rules():
    # measure a (persons): wider group of 4, hidden even at 0; measure b (households, so not hidden
    # along with a): 3 households in the narrowed cell itself, a small cell in its own right
    c = _compiled(["wijk"], ["a", "b"])
    next(col for col in c.columns if col.name == "b").counting_unit = "huishouden"
    names = [x.name for x in c.columns]
    row = {"wijk": "X", "a": 0, "a__n": 0, "b": 3, "b__n": 3}
    wider = (["wijk", "a__n", "b__n"], [("X", 4, 50)])
    res = DisclosureGuard(K).apply(c, names, [tuple(row[n] for n in names)], ReleaseMemory(), None, wider)
    assert res.rows == [["X", None, None]]


def test_two_disjoint_cells_that_together_nearly_cover_an_earlier_cell_are_not_both_released():
    # [18, 40] + [41, 70] - [19, 70] = the clients aged exactly 18; no two of the three differ by a few
    guard, memory = DisclosureGuard(K), ReleaseMemory()
    total = _compiled([], ["clienten"])
    aged_18 = list(range(0, 4))
    aged_19_40 = list(range(100, 160))
    aged_41_70 = list(range(200, 290))

    def ask(units):
        return _run(guard, total, [(len(units), len(units))], memory, {(): {"clienten": units}}).rows[0][0]

    assert ask(aged_18 + aged_19_40) is not None  # [18, 40]
    assert ask(aged_19_40 + aged_41_70) is not None  # [19, 70]
    assert ask(aged_41_70) is None  # [41, 70] would complete the combination
    # the same with the union asked last
    memory = ReleaseMemory()
    assert ask(aged_18 + aged_19_40) is not None and ask(aged_41_70) is not None
    assert ask(aged_19_40 + aged_41_70) is None
    # a third cell that is not part of such a combination is released
    assert ask(list(range(500, 580))) is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 3, 6, 12, 20, 40]), min_size=7, max_size=7),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=2, max_size=8))
def test_the_exact_checks_decide_the_same_with_and_without_the_bitmap(atom_sizes, questions):
    """The exact checks mark unit ids in one bitmap where ids are small integers and search sorted ids
    otherwise: both ways withhold the same cells of the same sequence of questions (ranges of blocks of
    units, as age ranges are)."""
    starts = np.cumsum([0] + atom_sizes)
    atoms = [list(range(100 + starts[i], 100 + starts[i + 1])) for i in range(len(atom_sizes))]

    def released(limit: int) -> list[bool]:
        saved, disclosure._Marks.LIMIT = disclosure._Marks.LIMIT, limit
        try:
            guard, memory, total = DisclosureGuard(K), ReleaseMemory(), _compiled([], ["clienten"])
            shown = []
            for q in questions:
                units = [u for a in range(min(q), max(q) + 1) for u in atoms[a]]
                rows = _run(guard, total, [(len(units), len(units))], memory, {(): {"clienten": units}}).rows
                shown.append(rows[0][0] is not None)
            return shown
        finally:
            disclosure._Marks.LIMIT = saved

    assert released(1 << 26) == released(0)


def test_a_cell_asked_again_is_not_judged_again_and_a_new_cell_near_it_still_is():
    """A cell with the units of one released before tells nothing new (the cell key method gives it the same value,
    and every combination of released cells was judged when its last cell was released), so it is given again
    without fetching any unit set; a new cell a few units from it is still withheld (the released twin is its
    partner)."""
    guard, memory = DisclosureGuard(K), ReleaseMemory()
    compiled = _compiled([], ["clienten"])
    compiled.columns.append(OutputColumn(name="clienten__uk", label="uk", kind="guard"))
    names = [c.name for c in compiled.columns]

    def ask(units: list[int]) -> tuple[int | None, int]:
        calls = []

        def fetch():
            calls.append(1)
            return ["clienten__units"], [(units,)]

        result = guard.apply(compiled, names, [(len(units), len(units), sum(units) % 2**32)], memory, fetch)
        return result.rows[0][0], len(calls)

    a, b = list(range(1000, 1100)), list(range(5000, 5100))
    assert ask(a) == (100, 0)
    assert ask(b) == (100, 1)  # as large as a: only the unit sets tell that they are far apart
    assert ask(a) == (100, 0)  # asked again: nothing fetched, nothing judged
    assert ask(a + [7, 8, 9])[0] is None  # a and three more: withheld against a's released twin
