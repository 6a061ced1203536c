"""Combinations of released counts along one partition of the counting units (area, age, gender).

Cells that differ only in where they lie on one partition (the clients of one soort in one year, for
several wijk lists or age ranges) add up over its atoms (wijken, years of age): every released count is a
linear equation in the atoms' true counts. A combination of them pins down the count of a small group
even where no two cells differ by a few units and no family of cells covers another: four age ranges
[a, c] - [a+1, d] + [c+1, e] - [d+1, e] give the clients aged exactly a, four wijk ``NOT IN`` lists a
small wijk. With the cell key method each combination gives that count plus noise, and averaging many
of them recovers it. So per context the guard asks whether the counts released so far together with a
new table determine the count of a group of 1..k-1 units (one block of atoms, or two) that they did not
determine before; if so, a cell of the new table is withheld: the smallest one the pinned groups need
(every combination of the rows that gives them uses it), and again until nothing small is pinned down.

Where a cell's context holds several years, a person's wijk or age can differ between them and the
equations are approximate; the check still applies (it can only withhold more).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from semantic_layer.compiled import CellScope

__all__ = ["Placement", "placements", "pinned_group", "needed"]

_TOL = 1e-7


@dataclass(frozen=True)
class Placement:
    """Where one cell lies on one partition, or on several at once: the context it shares with comparable cells,
    and its atoms on each partition spanned (the cell is their product: wijken x ages)."""

    context: str
    atoms: tuple[frozenset, ...]
    spans: tuple[str, ...] = ()  # the partitions spanned, by name


def placements(scope: CellScope | None, row: dict[str, Any], measure: Iterable[Any]) -> tuple[Placement, ...]:
    """The cell of a table row (output dimension -> value) and measure (counting unit, metric, column) on
    every partition of ``scope``. A row value a partition does not know (no wijk) leaves that partition out.
    The context describes the cell itself, not how it was asked: its soorten, its years, the atoms of
    the other partitions and any other filter."""
    if scope is None:
        return ()
    unit, metric, column = (str(m) for m in measure)
    soorten = None if scope.soorten is None else set(scope.soorten)
    for dim, values in scope.soorten_by_value.items():
        if dim in row:
            found = set(values.get(str(row[dim]), []))
            soorten = found if soorten is None else soorten & found
    if "jaar" in row and row["jaar"] is not None:
        years = [int(row["jaar"])]
    elif re.fullmatch(rf"{re.escape(metric)}_(\d{{4}})", column):
        years = [int(column[-4:])]  # one year of a comparison
    else:
        years = sorted(scope.years.get(metric, []))
    placed: dict[str, frozenset] = {}
    for part in scope.partitions:
        atoms = set(part.atoms)
        known = True
        for dim, values in part.by_value.items():
            if dim in row:
                found = values.get(str(row[dim]))
                if found is None:
                    known = False
                    break
                atoms &= set(found)
        if known:
            placed[part.name] = frozenset(atoms)
    partitioned = {d for part in scope.partitions for d in part.dimensions} | set(scope.soorten_by_value) | {"jaar"}
    others = sorted((d, str(v)) for d, v in row.items() if d not in partitioned)
    cell = [unit, metric, years, None if soorten is None else sorted(soorten)]
    result = []
    # on each partition and on every combination of them: cells that vary wijk list, age range and gender
    # together are linear equations over the product of their atoms
    spans = [names for r in range(1, len(placed) + 1) for names in itertools.combinations(placed, r)]
    for names in spans:
        rest = sorted((n, sorted(map(str, a))) for n, a in placed.items() if n not in names)
        text = json.dumps([list(names), scope.context, cell, others, rest], sort_keys=True)
        result.append(Placement("+".join(names) + ":" + hashlib.sha256(text.encode()).hexdigest()[:32],
                                tuple(placed[n] for n in names), tuple(names)))
    return tuple(result)


def _blocks(rows: list[tuple[frozenset, ...]]) -> tuple[np.ndarray, list[list[Any]]]:
    """The 0/1 matrix of ``rows`` (each the product of its atom sets, one per partition spanned) over blocks:
    atoms (or tuples of atoms) in exactly the same rows form one block; and each block's atoms. On one
    partition the blocks come in the order of their smallest atom (ages in order of age)."""
    parts = len(rows[0]) if rows else 1
    marginal: list[dict[tuple, list[Any]]] = []  # per partition: the rows an atom lies in -> those atoms
    for d in range(parts):
        pattern: dict[Any, list[int]] = {}
        for i, row in enumerate(rows):
            for a in row[d]:
                pattern.setdefault(a, []).append(i)
        grouped: dict[tuple, list[Any]] = {}
        for a, members in pattern.items():
            grouped.setdefault(tuple(members), []).append(a)
        marginal.append(grouped)
    members_of: dict[tuple, list[Any]] = {}
    for combo in itertools.product(*(list(m.items()) for m in marginal)):
        together = set(combo[0][0]).intersection(*(set(key) for key, _atoms in combo[1:]))
        if not together:
            continue  # no row holds this combination: not a variable
        atoms = combo[0][1] if parts == 1 else [tuple(c) for c in itertools.product(*(a for _k, a in combo))]
        members_of.setdefault(tuple(sorted(together)), []).extend(atoms)
    columns = sorted(members_of, key=lambda key: min(map(_order, members_of[key])))
    matrix = np.zeros((len(rows), len(columns)))
    for j, members in enumerate(columns):
        matrix[list(members), j] = 1.0
    return matrix, [members_of[key] for key in columns]


def _solve(matrix: np.ndarray, sizes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """An orthonormal basis (rows) of the row space of ``matrix``: the groups whose count the rows
    determine are the ones inside it. Given the rows' sizes also the least-squares block counts
    pinv(matrix) @ sizes: a determined group has the count group @ those, the same combination of the
    rows' sizes that lstsq would find; and ``coefficients``, the map from a group to that (least-norm)
    combination of the rows, pinv(matrix).T. One reduced SVD: its cost grows with rows x blocks, not
    with blocks cubed (a context of many wijken x ages has hundreds of blocks)."""
    n = matrix.shape[1]
    if len(matrix) == 0:
        return np.zeros((0, n)), None if sizes is None else np.zeros(n), None
    u, s, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int(np.sum(s > _TOL * max(matrix.shape) * (s[0] if len(s) else 1.0)))
    if sizes is None:
        return vt[:rank], None, None
    coefficients = u[:, :rank] / s[:rank]  # group g (in the row space) = ((vt[:rank] @ g) @ coefficients.T) @ matrix
    counts = vt[:rank].T @ (coefficients.T @ sizes)
    return vt[:rank], counts, coefficients


def _determined(basis: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Which groups (rows of 0/1 over blocks) have a count that follows from the rows: inside their row
    space (``basis``), i.e. nothing is left after projecting onto it."""
    if basis.shape[0] == 0:
        return np.zeros(len(groups), dtype=bool)
    residual = groups - (groups @ basis.T) @ basis
    return np.abs(residual).max(axis=1) < 1e-6


def _order(atom: Any) -> tuple:
    return (str(type(atom)), atom)


def _small_groups(block_counts: np.ndarray, k: int) -> np.ndarray:
    """The groups of blocks checked, as 0/1 rows, those alone whose least-squares count is 1..k-1 (only
    they can matter: a determined group has exactly that count): every single block, every pair (a
    wijk's clients of one age split by gender into two blocks), every run of three or more neighbouring
    blocks (ages a..a+2 split into three blocks by other cells), and every triple where there are few
    blocks (wijk lists). Sums are taken without building every group, so a context of hundreds of blocks
    is checked for pairs and runs as well."""
    c = np.asarray(block_counts, dtype=float)
    n = len(c)

    def small(values: np.ndarray) -> np.ndarray:
        return (values >= 0.5) & (values < k - 0.5)

    def rows(members: list[np.ndarray]) -> np.ndarray:
        out = np.zeros((len(members[0]) if members else 0, n))
        for column in members:
            out[np.arange(len(column)), column] = 1.0
        return out

    parts = [rows([np.flatnonzero(small(c))])]
    i, j = np.nonzero(np.triu(small(c[:, None] + c[None, :]), 1))
    parts.append(rows([i, j]))
    prefix = np.concatenate([[0.0], np.cumsum(c)])
    lo, hi = np.nonzero(np.triu(small(prefix[None, :] - prefix[:, None]), 3))  # blocks lo..hi-1, three or more
    runs = np.zeros((len(lo), n))
    if len(lo):
        cols = np.arange(n)[None, :]
        runs = ((cols >= lo[:, None]) & (cols < hi[:, None])).astype(float)
    parts.append(runs)
    if 3 <= n <= 40:
        triples = np.asarray(list(itertools.combinations(range(n), 3)))
        chosen = triples[small(c[triples].sum(axis=1))]
        parts.append(rows([chosen[:, 0], chosen[:, 1], chosen[:, 2]]) if len(chosen) else np.zeros((0, n)))
    return np.vstack(parts)


@dataclass
class _Pinned:
    """The small groups a system of cells newly pins down (rows of ``groups`` over blocks), and for each
    the rows it needs: every way of writing the group as a combination of the rows uses them."""

    blocks: list[list[Any]]
    groups: np.ndarray
    counts: np.ndarray
    needs: np.ndarray  # groups x rows, True where the group cannot be had without that row
    origin: list[list[int]]  # per row of the system: the indices of the cells that are it (a cell asked twice is one row)

    def first(self) -> tuple[frozenset, float]:
        return frozenset(a for j in np.flatnonzero(self.groups[0]) for a in self.blocks[j]), float(self.counts[0])


def _pinned(rows: list, sizes: list[int], new: list[bool], k: int, wider: list[dict | None] | None = None) -> _Pinned | None:
    if sum(new) == 0 or len(rows) < 2:
        return None
    # a row repeated (the same cell asked again) adds no equation; it is earlier when asked before
    merged: dict[tuple, list] = {}
    for i, (row, size, is_new, w) in enumerate(zip(rows, sizes, new, wider or [None] * len(rows))):
        row = row if isinstance(row, tuple) else (row,)  # one partition: a plain atom set
        entry = merged.setdefault(row, [0.0, [], True, w])
        entry[0] += size
        entry[1].append(i)
        entry[2] = entry[2] and is_new
        entry[3] = None if entry[3] is None or w is None else {kind: n for kind, n in entry[3].items() if w.get(kind) == n}
    distinct = list(merged)
    sizes = [total / len(origin) for total, origin, _new, _w in merged.values()]
    new = [is_new for _total, _origin, is_new, _w in merged.values()]
    widths = [w for *_rest, w in merged.values()]
    if not any(new):
        return None
    matrix, blocks = _blocks(distinct)
    n = matrix.shape[1]
    if n == 0:
        return None
    basis, block_counts, coefficients = _solve(matrix, np.asarray(sizes, dtype=float))
    # a determined group has the count groups @ block_counts: only groups of 1..k-1 units can matter
    groups = _small_groups(block_counts, k)
    # and groups of 0 whose wider group (the same atoms without the narrowing, soorten lifted to their wet)
    # holds 1..k-1 units: that 0 says that none of those few has what the cells narrow to
    kinds = set.intersection(*(set(w) for w in widths)) if all(w for w in widths) else set()
    for kind in sorted(kinds):
        wider_counts = basis.T @ (coefficients.T @ np.asarray([w[kind] for w in widths], dtype=float))
        candidates = _small_groups(wider_counts, k)
        zero = candidates[np.abs(candidates @ block_counts) < 0.5]
        if len(zero):
            groups = np.vstack([groups, zero])
    counts = groups @ block_counts
    now = np.flatnonzero(_determined(basis, groups))
    if not len(now):
        return None
    old_rows = matrix[[i for i, is_new in enumerate(new) if not is_new]]
    if len(old_rows):
        now = now[~_determined(_solve(old_rows)[0], groups[now])]
    if not len(now):
        return None
    # a group's least-norm combination of the rows; a row is needed where it has a weight there and no
    # combination of the rows that sums to nothing involves it (the row is not a combination of others)
    weights = (groups[now] @ basis.T) @ coefficients.T
    replaceable = np.zeros(len(matrix), dtype=bool)
    if len(matrix) > basis.shape[0]:
        left_null = np.linalg.svd(matrix, full_matrices=True)[0][:, basis.shape[0]:]
        replaceable = np.abs(left_null).max(axis=1) > 1e-6
    needs = (np.abs(weights) > 1e-6) & ~replaceable[None, :]
    return _Pinned(blocks, groups[now], counts[now], needs, [o for _t, o, _n, _w in merged.values()])


def pinned_group(rows: list[frozenset | tuple[frozenset, ...]], sizes: list[int], new: list[bool], k: int,
                 wider: list[dict | None] | None = None) -> tuple[frozenset, float] | None:
    """Does the system of ``rows`` (atom sets with their true sizes; ``new`` marks the current table's
    cells) determine the count of a group of 1..k-1 units that the earlier rows alone did not, or a 0 of a
    group whose wider group holds 1..k-1 units (``wider``: per row, the true sizes of its wider groups by
    kind)? Returns (the group's atoms, its count) or None."""
    found = _pinned(rows, sizes, new, k, wider)
    return None if found is None else found.first()


def needed(rows: list[frozenset | tuple[frozenset, ...]], sizes: list[int], new: list[bool], k: int,
           wider: list[dict | None] | None = None) -> tuple[int, bool] | None:
    """A current cell (index into ``rows``) to withhold when the system pins down a small group, and
    whether withholding it is enough (then no small group is pinned down any more); None when none is.
    The smallest current cell that every pinned group needs and without which none is pinned; else the
    smallest current cell some pinned group needs (the caller asks again), else the smallest."""
    wider = wider or [None] * len(rows)
    found = _pinned(rows, sizes, new, k, wider)
    if found is None:
        return None
    order = sorted((i for i, is_new in enumerate(new) if is_new), key=lambda i: sizes[i])
    sole = {o[0]: r for r, o in enumerate(found.origin) if len(o) == 1}  # a cell asked once in this system
    by_all, by_some = found.needs.all(axis=0), found.needs.any(axis=0)
    for i in order:
        if i in sole and by_all[sole[i]]:
            keep = [j for j in range(len(rows)) if j != i]
            if _pinned([rows[j] for j in keep], [sizes[j] for j in keep], [new[j] for j in keep], k,
                       [wider[j] for j in keep]) is None:
                return i, True
    return next((i for i in order if i in sole and by_some[sole[i]]), order[0]), False
