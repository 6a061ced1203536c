"""The prefilters that keep the disclosure guard's exact checks fast must never drop a real case:
every true subset, superset and small difference survives them (else the guard would release it)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from guards.disclosure import (_as_units, _Cell, _CellIndex, _Fixed, _may_be_subset, _same_units, _sketches_apart,
                              _SketchTable, as_sketch)

K = 10

unit_sets = st.lists(
    st.one_of(
        st.frozensets(st.integers(0, 5_000), max_size=60),
        st.frozensets(st.integers(0, 300), min_size=1, max_size=40),
    ),
    min_size=2,
    max_size=12,
)


def _cells(sets: list[frozenset[int]]) -> list[_Cell]:
    cells = []
    for i, units in enumerate(sets):
        key = ((i,), "m")
        arr = _as_units(sorted(units))
        cells.append(_Cell(len(arr), _Fixed({key: arr}), key[0], "m"))
    return cells


@settings(max_examples=300, deadline=None)
@given(unit_sets, st.data())
def test_prefilters_keep_every_true_relation(sets, data):
    # make real subsets and near-copies likely: derive some sets from others
    sets = list(sets)
    for _ in range(data.draw(st.integers(0, 4))):
        base = sorted(sets[data.draw(st.integers(0, len(sets) - 1))])
        drop = data.draw(st.integers(0, min(len(base), K + 2)))
        extra = frozenset(data.draw(st.lists(st.integers(0, 5_000), max_size=3)))
        sets.append(frozenset(base[drop:]) | (extra if data.draw(st.booleans()) else frozenset()))
    cells = _cells(sets)
    index = _CellIndex(cells)
    for i, a in enumerate(sets):
        subsets = set(index.possible_subsets(i).tolist())
        supersets = set(index.possible_supersets(i).tolist())
        near = {id(c) for c in index.near_in_size(i, K)}
        for j, b in enumerate(sets):
            if i == j:
                continue
            if b < a:
                assert j in subsets, (sorted(b), sorted(a))
            if a < b:
                assert j in supersets, (sorted(a), sorted(b))
            if 0 < len(a ^ b) < K:
                assert id(cells[j]) in near, (sorted(a), sorted(b))


def test_prefilters_rule_out_unrelated_cells():
    wijk_a = frozenset(range(1_000, 1_400))
    wijk_b = frozenset(range(5_000, 5_400))
    inside_a = frozenset(range(1_000, 1_100))
    scattered = frozenset(range(1_000, 9_000, 40))  # spans both ranges, holds none of inside_a
    index = _CellIndex(_cells([wijk_a, wijk_b, inside_a, scattered]))
    assert index.possible_subsets(0).tolist() == [2]
    assert index.possible_subsets(1).tolist() == []
    assert index.possible_supersets(2).tolist() == [0]
    assert index.near_in_size(0, K) == []
    assert np.array_equal(index.possible_supersets(3), np.array([], dtype=np.int64))


def _sketched(sets: list[frozenset[int]], width: int) -> list[_Cell]:
    """Cells whose units have random distinct record keys, with the bottom-``width`` sketch and key sum
    the compiler computes in SQL."""
    rng = np.random.default_rng(7)
    universe = sorted(set().union(*sets))
    keys = dict(zip(universe, rng.choice(2**32, size=len(universe), replace=False).tolist()))
    cells = []
    for i, units in enumerate(sets):
        key = ((i,), "m")
        arr = _as_units(sorted(units))
        unit_keys = sorted(keys[u] for u in units)
        cells.append(_Cell(len(arr), _Fixed({key: arr}), key[0], "m", sketch=as_sketch(unit_keys[:width]),
                           key_sum=sum(unit_keys) % 2**32))
    return cells


@settings(max_examples=300, deadline=None)
@given(unit_sets, st.data(), st.just(64))
def test_sketch_prefilters_keep_every_true_relation(sets, data, width):
    """The sketch tests (which decide, before any unit set is fetched, which released cells take part in
    the exact checks) never rule out a true subset, superset or small difference, whatever the sketch
    width; equal key sums only for equal sets."""
    sets = list(sets)
    for _ in range(data.draw(st.integers(0, 4))):
        base = sorted(sets[data.draw(st.integers(0, len(sets) - 1))])
        drop = data.draw(st.integers(0, min(len(base), K + 2)))
        sets.append(frozenset(base[drop:]))
    sets = [s for s in sets if s]
    cells = _sketched(sets, width)
    table = _SketchTable()
    table.extend(cells)
    for i, a in enumerate(sets):
        holders = set(table.may_hold(cells[i]).tolist())
        insides = set(table.may_be_inside(cells[i]).tolist())
        for j, b in enumerate(sets):
            if i == j:
                continue
            if b < a:
                assert _may_be_subset(cells[j], cells[i]) and j in insides, (sorted(b), sorted(a))
            if a < b:
                assert _may_be_subset(cells[i], cells[j]) and j in holders, (sorted(a), sorted(b))
            if 0 < len(a ^ b) < K:
                assert not _sketches_apart(cells[i], cells[j], K) and not _same_units(cells[i], cells[j])
            if a == b:
                assert _same_units(cells[i], cells[j])


def test_sketches_rule_out_unrelated_cells():
    wijk_a = frozenset(range(1_000, 1_400))
    wijk_b = frozenset(range(5_000, 5_400))
    near_a = frozenset(range(1_000, 1_395)) | frozenset(range(5_000, 5_003))  # 5 fewer, 3 others: |a ^ b| = 8
    cells = _sketched([wijk_a, wijk_b, near_a], 64)
    assert _sketches_apart(cells[0], cells[1], K)
    assert not _sketches_apart(cells[0], cells[2], K)
    assert not _may_be_subset(cells[1], cells[0]) and not _may_be_subset(cells[0], cells[1])


def test_every_sketch_from_the_warehouse_is_whole(warehouse_con):
    """Published cells and compiled queries give sketches of exactly min(size, 64) keys: a malformed sketch
    (say, a tuple read as one value) would make the prefilters drop true conflicts, so the guard ignores it,
    and here none may be malformed."""
    from guards.disclosure import PublishedCells

    cells = PublishedCells.from_warehouse(warehouse_con.cursor()).cells
    assert cells and all(c.sketch is not None and len(c.sketch) == min(c.size, 64) for c in cells)
    bad = _Cell(100, None, (), "m", sketch=as_sketch([5, 64]))  # type: ignore[arg-type]
    assert bad.sketch is None


@settings(max_examples=200, deadline=None)
@given(unit_sets, st.data())
def test_prefilters_keep_every_cell_that_lies_nearly_inside_another(sets, data):
    """With slack k-1 (margins over cells that stick out of T by a few units), the unit-set index and the
    sketches keep every pair where S lies inside T but for at most k-1 of its units."""
    sets = list(sets)
    for _ in range(data.draw(st.integers(1, 4))):
        base = sorted(sets[data.draw(st.integers(0, len(sets) - 1))])
        drop = data.draw(st.integers(0, min(len(base), K + 2)))
        extra = frozenset(data.draw(st.lists(st.integers(0, 5_000), max_size=K + 2)))
        sets.append(frozenset(base[drop:]) | extra)
    sets = [s for s in sets if s]
    index = _CellIndex(_cells(sets))
    sketched = _sketched(sets, 64)
    table = _SketchTable()
    table.extend(sketched)
    for j, t in enumerate(sets):
        inside = set(index.possible_subsets(j, K - 1).tolist())
        sketch_inside = set(table.may_be_inside(sketched[j], K - 1).tolist())
        for i, s in enumerate(sets):
            if i == j or len(s - t) > K - 1:
                continue
            assert i in inside, (sorted(s), sorted(t))
            assert j in set(index.possible_supersets(i, K - 1).tolist()), (sorted(s), sorted(t))
            assert i in sketch_inside and _may_be_subset(sketched[i], sketched[j], K - 1), (sorted(s), sorted(t))
            assert j in set(table.may_hold(sketched[i], K - 1).tolist()), (sorted(s), sorted(t))


def test_slack_prefilters_still_rule_out_cells_that_stick_out_by_k_or_more():
    t = frozenset(range(1_000, 1_400))
    sticks_out = frozenset(range(1_300, 1_700))  # 300 units outside t
    nearly = frozenset(range(1_300, 1_405))  # 5 units outside t
    index = _CellIndex(_cells([t, sticks_out, nearly]))
    assert index.possible_subsets(0, K - 1).tolist() == [2]
    cells = _sketched([t, sticks_out, nearly], 64)
    table = _SketchTable()
    table.extend(cells)
    assert set(table.may_be_inside(cells[0], K - 1).tolist()) - {0} == {2}  # 0: t itself
