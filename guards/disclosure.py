"""Disclosure guard: minimum cell size, suppression, exact checks against the release log, perturbation.

For every measure cell the compiled query carries the number of distinct counting units behind it
(``count_column``), for money the largest single unit's contribution (``max_column``), and the sums of
record keys the cell key method needs (``<m>__ck`` ...; see semantic_layer/compiled.py). Every rule
below judges TRUE values; only what is finally shown is perturbed. The guard applies, in order:

0. **Small wider groups** — where the question narrows to age or gender (``compiled.parent_ast``:
   the same cells without that narrowing), a cell whose wider group holds 1..k-1 units is
   suppressed even at 0, and added if the GROUP BY left it out: 'meisjes met pleegzorg in Zorgvliet:
   0' would say that the one child there is a boy.
   **Age bounds inside an age class** (rule 0a; ``compiled.age_cut`` / ``age_runs``) — where a bound on
   leeftijd cuts an age class ('leeftijd >= 30' cuts 27-64), a cell in that class is shown only if each run
   of the class's ages, kept (30..64) and left out (27..29), holds k or more units; otherwise it is hidden,
   even at 0, and added where the GROUP BY left it out, always for the same reason. Shown / hidden / equal to
   the plain figure for a bound moved a year at a time would give the age of the youngest or oldest client.
1. **Primary suppression** — a cell with 1..k-1 units is suppressed, and with it every value in the
   same row derived from it (``depends_on``: change, % change) or resting on the same kind of units
   (cliënten, kosten and kosten per cliënt of one group give each other back by multiplication).
   A rate over a population of 1..k-1 residents is suppressed too.
2. **Dominance** — a money cell where one unit contributes more than ``dominance`` of the value.
   A GROUP BY returns no row for a group with nobody in it. Where a group along a dimension with a
   fixed domain (``compiled.domains``: geslacht, leeftijdsklasse) holds a suppressed cell, the absent
   rows are added as zeros first: "vrouw: onderdrukt" without a row for "man" would say that the
   hidden people are all women.
   **Small populations** — no figure, not even 0, for a cell whose residents (``compiled.population_ast``,
   also for rows just added) number 1..k-1: "0 cliënten" would say that none of those few has help.
3. **Secondary suppression in the table** — along every dimension (``jaar`` only for money: distinct
   persons do not add up over years, euros do), a group of cells with exactly one suppressed cell, or
   with suppressed cells that together hold only 1..k-1 units (or, for money, are together still
   dominated by one unit), loses its smallest other cell too.
4. **Exact checks against the release log** — with the exact unit sets (``units_ast``, fetched lazily
   only when sizes make a conflict possible) the guard compares every cell about to be released with
   every cell released before to anyone, in any process (``guards.release_log.ReleaseLog``; the CBS
   figures that equal a warehouse cell count as released) and in this table:
   * differencing: a symmetric difference of 1..k-1 units is refused;
   * margins: for a cell T and the released cells inside it, the remainder of T (after the largest
     disjoint family, and after all of them together) must not hold 1..k-1 units, and no two
     released cells whose union is T may overlap in 1..k-1 units (inclusion-exclusion).
   A conflict suppresses the smallest cell of the current table involved; repeat until clean.
   Pairs that cannot conflict (sizes too far apart, disjoint id ranges, a bit signature of the ids
   that rules out inclusion) are skipped before any exact comparison. Cells are compared within one
   counting unit (persons, households) and family (every count or rate of distinct units; money;
   each average); across units and for money the perturbation below is what protects.
5. **Perturbation** (``guards.perturbation``, the cell key method) — every shown count is its true
   value plus a deviation of at most D read from the published table by (count, cell key); money and
   other totals move by a fraction of their largest contribution; rates, shares, averages, per-client
   costs and changes are computed from the perturbed parts. The same cell gives the same value to
   everyone, always, so repeating or rewording a question averages nothing away.

Order and limit come last: rows are ranked by their released values, rows whose sort value is
suppressed follow ordered by their dimensions only, and a top-N is cut from that, so a position in a
ranking leaks nothing. Notices explain in Dutch why cells are missing without revealing any hidden
value or difference.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlglot import exp

from guards.combinations import needed, placements
from guards.perturbation import CellKeyPerturbation
from semantic_layer.compiler import SKETCH_SIZE
from semantic_layer.dialects import BottomKeys
from semantic_layer.compiled import CompiledQuery, OutputColumn

__all__ = ["DisclosureGuard", "GuardResult", "PublishedCells", "ReleaseMemory"]

FetchUnits = Callable[[], tuple[list[str], list[tuple]]]
_PROBE = 64  # units of a cell tried first when asking whether it lies (nearly) inside another
_SIGNATURE_BITS = 1024

_REASONS = {
    # one text for small cells and the cells hidden beside them: which of the two a table holds says whether a
    # group was empty (a filled-in 0 beside one small cell: red team 11)
    "primary": "Cellen met minder dan {k} {units} zijn onderdrukt (minimale celgrootte), met alle waarden die daarvan "
               "zijn afgeleid en zo nodig extra cellen, zodat een onderdrukte cel niet via totalen of andere cellen kan "
               "worden teruggerekend.",
    "dominance": "Een bedrag is onderdrukt omdat één {unit} meer dan {pct}% ervan bepaalt (dominantieregel).",
    "differencing": "Cellen zijn onderdrukt omdat ze, samen met een eerder gegeven antwoord of een andere cel in deze tabel, iets over een kleine groep (minder dan {k} {units}) zouden prijsgeven.",
    "left_out": "Cellen zijn onderdrukt omdat wat de vraag weglaat (een wijk, stadsdeel, wet of soort) hier minder dan {k} {units} telt: het verschil met het cijfer zonder die weglating zou iets over die personen zeggen, ook als het 0 is.",
    "narrowed": "Cellen zijn onderdrukt omdat de bredere groep (zonder de afbakening naar leeftijd, geslacht of soort) minder dan {k} {units} telt of er maar enkele van verschilt: ook een 0 zou iets over die personen zeggen.",
    "age_bound": "Cellen met een leeftijdsgrens midden in een leeftijdsklasse ({classes}) zijn onderdrukt: zo'n cel wordt alleen getoond als elk deel van die klasse, binnen én buiten de grens, minstens {k} {units} telt; anders zou de leeftijd van de jongste of oudste te herleiden zijn. Een grens aan het begin van een leeftijdsklasse heeft die beperking niet.",
    "unknown": "Cellen zijn onderdrukt omdat hun celgrootte niet kon worden vastgesteld.",
    "population": "Cijfers over een groep van minder dan {k} inwoners zijn onderdrukt (ook een 0 zou iets over die inwoners zeggen).",
    "order": "Rijen met onderdrukte waarden staan onderaan, zodat hun plaats in de volgorde niets verraadt.",
    "order_cut": "Naast deze {limit} zijn er {n} rij(en) met een onderdrukte waarde: die kunnen lager liggen dan de "
                 "getoonde, maar hun plaats in de volgorde wordt niet getoond.",
    "unjudged": "{n} rij(en) met een onderdrukte waarde zijn weggelaten: of zij aan de voorwaarde voldoen, wordt niet getoond.",
}
_UNIT_WORDS = {"persoon": ("personen", "persoon"), "huishouden": ("huishoudens", "huishouden")}


@dataclass
class GuardResult:
    """What may be shown: visible columns, rows with suppressed cells as None, and why."""

    columns: list[str]
    rows: list[list[Any]]
    suppressed: list[list[int]]
    notices: list[str]
    status: str  # "answered" | "suppressed"


_VIEW_UNITS = {"personen": "persoon", "voorzieningen": "voorziening"}


def _counts_given_away(col: OutputColumn, r: int, m: str, value, loader, row_key: tuple) -> list[tuple[str, _Cell]]:
    """The counts a released cell also gives away, each as a cell of its own with its counting unit: a ratio's
    denominator (kosten / kosten per cliënt = the perturbed count of the cell's clients, ``<m>__noemer__units``;
    red team 13), and the other units behind a count (``col.views``: where clients, households and provisions are
    one to one, as in bijstand, a count of one is a count of the others: ``<m>__<view>__units``; red team 14).
    Empty counts are left out."""
    found: list[tuple[str, _Cell]] = []
    parts = [("noemer", col.counting_unit, f"{m}__noemer_schets", f"{m}__noemer_uk")] \
        if col.counted_size == f"{m}__noemer_n" else []
    parts += [(v, _VIEW_UNITS[v], f"{m}__{v}__schets", f"{m}__{v}__uk") for v in col.views]
    for part, unit, sketch_col, key_col in parts:
        n = _int_or_none(value(r, f"{m}__{part}_n"))
        if n and unit is not None:
            found.append((unit, _Cell(n, loader, row_key, f"{m}__{part}", sketch=as_sketch(value(r, sketch_col)),
                                      key_sum=_int_or_none(value(r, key_col)))))
    return found


def _family(col: OutputColumn) -> str:
    """Cells whose unit sets the exact checks compare with each other: every count or rate of distinct
    units is one family (releasing two of them on nested groups releases the size of the difference,
    whatever they are called); money is one family; an average is its own."""
    if col.release == "average":
        return f"gemiddelde:{col.metric}"
    if col.max_column is not None:
        return "bedrag"
    return "aantal"


def _as_units(values: Any) -> np.ndarray:
    if values is None:
        return np.empty(0, dtype=np.int64)
    items = list(values)
    try:
        arr = np.asarray(items, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        arr = np.asarray([str(v) for v in items])
    arr.sort()
    if len(arr) > 1 and np.any(arr[1:] == arr[:-1]):
        arr = np.unique(arr)
    return arr


def _key(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "is_integer") and not isinstance(value, (int, bool)):  # Decimal
        try:
            return int(value) if value == int(value) else float(value)
        except (TypeError, ValueError, OverflowError):
            return str(value)
    return value


class _LazyUnits:
    """The unit sets of one compiled query, fetched once, only when first needed."""

    def __init__(self, fetch: FetchUnits | None, dimension_names: list[str], units_sql: str | None = None):
        self._fetch = fetch
        self._dims = dimension_names
        self.dimension_names = list(dimension_names)
        self.units_sql = units_sql if fetch is not None else None  # how a release log finds the sets again
        self._sets: dict[tuple[tuple, str], np.ndarray] | None = None
        self._failed = fetch is None
        self._lock = threading.Lock()

    def get(self, row_key: tuple, measure: str) -> np.ndarray | None:
        with self._lock:
            if self._sets is None and not self._failed:
                try:
                    names, rows = self._fetch()  # type: ignore[misc]
                except Exception:  # a failed fetch must never release anything: callers fail closed
                    self._failed = True
                    return None
                positions = {n: i for i, n in enumerate(names)}
                if not all(d in positions for d in self._dims):
                    self._failed = True
                    return None
                sets: dict[tuple[tuple, str], np.ndarray] = {}
                unit_cols = [(n[: -len("__units")], i) for n, i in positions.items() if n.endswith("__units")]
                for row in rows:
                    k = tuple(_key(row[positions[d]]) for d in self._dims)
                    for measure_name, i in unit_cols:
                        sets[(k, measure_name)] = _as_units(row[i])
                self._sets = sets
            if self._sets is None:
                return None
            return self._sets.get((row_key, measure))


@dataclass
class _Cell:
    size: int
    loader: _LazyUnits
    row_key: tuple
    measure: str
    current: tuple[int, str] | None = None  # (row, measure) in the table being decided
    sketch: np.ndarray | None = field(default=None, repr=False)  # the smallest record keys of its units
    key_sum: int | None = None  # the sum of all its units' record keys (mod 2**32)
    wider: dict[str, int] | None = None  # true size of each of its wider groups (kind -> size)
    _units: np.ndarray | None = field(default=None, repr=False)
    _resolved: bool = False
    _signature: np.ndarray | None = field(default=None, repr=False)
    _probe: np.ndarray | None = field(default=None, repr=False)

    @property
    def cut(self) -> float:
        """Every unit key up to this value is in the sketch (all of them when the sketch is complete)."""
        if self.sketch is None:
            return -1.0
        return float("inf") if len(self.sketch) >= self.size else float(self.sketch[-1])

    def __post_init__(self) -> None:
        # a sketch holds the min(size, SKETCH_SIZE) smallest keys; anything else is not one (never trusted)
        if self.sketch is not None and len(self.sketch) != min(self.size, SKETCH_SIZE):
            self.sketch = None

    def units(self) -> np.ndarray | None:
        if not self._resolved:
            self._units = self.loader.get(self.row_key, self.measure)
            self._resolved = True
        return self._units

    def probe(self) -> np.ndarray:
        """Up to ``_PROBE`` of its units, evenly spread (all of them in a small cell); computed once."""
        if self._probe is None:
            units = self.units()
            assert units is not None
            self._probe = units if len(units) <= _PROBE else units[np.linspace(0, len(units) - 1, _PROBE).astype(int)]
        return self._probe

    def signature(self) -> np.ndarray:
        """A bitmap of the unit ids modulo ``_SIGNATURE_BITS`` (packed): a subset's bits are a subset
        of its superset's bits, so one vectorised AND rules out most pairs before an exact check.
        Only for cells with a known unit set; computed once per cell."""
        if self._signature is None:
            units = self.units()
            assert units is not None
            ids = units if units.dtype.kind in "iu" else np.asarray([hash(u) for u in units.tolist()], dtype=np.int64)
            bits = np.zeros(_SIGNATURE_BITS, dtype=bool)
            bits[np.mod(ids, _SIGNATURE_BITS)] = True
            self._signature = np.packbits(bits).view(np.uint64)
        return self._signature


def as_sketch(values: Any) -> np.ndarray | None:
    """A sketch (a list of record keys from SQL) as a sorted array of distinct keys."""
    if values is None:
        return None
    if isinstance(values, str):  # T-SQL: the ordered keys as text
        values = [v for v in values.split(",") if v.strip()]
    try:
        return np.unique(np.asarray(list(values), dtype=np.int64))
    except (TypeError, ValueError, OverflowError):
        return None


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _same_units(a: _Cell, b: _Cell) -> bool:
    """Equal size and equal key sum: the same units (two different sets of one size have the same sum
    of random 32-bit keys with probability 2**-32)."""
    return a.key_sum is not None and a.size == b.size and a.key_sum == b.key_sum


def _sketches_apart(a: _Cell, b: _Cell, k: int) -> bool:
    """True when the sketches prove |A xor B| >= k: below the smaller cut both sketches hold every unit
    key of their cell, so keys there that only one holds are units in one cell and not in the other."""
    if a.sketch is None or b.sketch is None:
        return False
    cut = min(a.cut, b.cut)
    return len(np.setxor1d(a.sketch[a.sketch <= cut], b.sketch[b.sketch <= cut], assume_unique=True)) >= k


def _may_be_subset(s: _Cell, t: _Cell, slack: int = 0) -> bool:
    """False when the sketches prove that more than ``slack`` units of S lie outside T: below both cuts
    each sketch holds every key of its cell, so a key of S there that T's sketch lacks is such a unit."""
    if s.sketch is None or t.sketch is None:
        return True
    below = s.sketch[s.sketch <= min(s.cut, t.cut)]
    return int(np.count_nonzero(~np.isin(below, t.sketch, assume_unique=True))) <= slack


def _member(keys: np.ndarray, sketch: np.ndarray) -> np.ndarray:
    """``np.isin(keys, sketch)`` for a sorted sketch of at most a few hundred keys: a binary search per
    key instead of sorting every key of the table (the released cells' keys run into the hundreds of
    thousands)."""
    if not len(sketch):
        return np.zeros(keys.shape, bool)
    pos = np.minimum(np.searchsorted(sketch, keys), len(sketch) - 1)
    return sketch[pos] == keys


class _SketchTable:
    """The sketches of a growing list of cells as arrays (appended as cells are released), so that one
    current cell is compared with thousands of released cells in a few vectorised steps."""

    WIDTH = 64

    def __init__(self) -> None:
        self.count = 0
        self.sizes = np.zeros(16, np.int64)
        self.cuts = np.zeros(16, float)
        self.mins = np.zeros(16, float)
        self.known = np.zeros(16, bool)
        self.keys = np.full((16, self.WIDTH), -1, np.int64)
        self._inside: dict[int, tuple[int, np.ndarray, int]] = {}  # t -> (cells tested, inside, their sizes)
        self._identities: set[tuple[int, int]] = set()  # (size, key sum) of every cell: its unit set

    def extend(self, cells: list[_Cell]) -> None:
        for cell in cells[self.count:]:
            if self.count == len(self.sizes):
                grow = len(self.sizes)
                self.sizes = np.concatenate([self.sizes, np.zeros(grow, np.int64)])
                self.cuts = np.concatenate([self.cuts, np.zeros(grow, float)])
                self.mins = np.concatenate([self.mins, np.zeros(grow, float)])
                self.known = np.concatenate([self.known, np.zeros(grow, bool)])
                self.keys = np.concatenate([self.keys, np.full((grow, self.WIDTH), -1, np.int64)])
            i = self.count
            self.sizes[i] = cell.size
            if cell.key_sum is not None:
                self._identities.add((cell.size, cell.key_sum))
            sketch = cell.sketch
            self.known[i] = sketch is not None and len(sketch) > 0
            if self.known[i]:
                self.cuts[i] = cell.cut
                self.mins[i] = float(sketch[0])
                width = min(len(sketch), self.WIDTH)
                self.keys[i, :width] = sketch[:width]
                if width < len(sketch):  # a longer sketch than the table holds: only its first WIDTH keys
                    self.cuts[i] = float(sketch[width - 1])
            self.count += 1

    def near_in_size(self, size: int, k: int) -> np.ndarray:
        return np.flatnonzero(np.abs(self.sizes[: self.count] - size) < k)

    def holds(self, cell: _Cell) -> bool:
        """Was a cell with exactly these units released before (``_same_units``)?"""
        return cell.key_sum is not None and (cell.size, cell.key_sum) in self._identities

    def may_hold(self, cell: _Cell, slack: int = 0) -> np.ndarray:
        """Indices of cells that the sketches do not rule out as holding ``cell`` but for at most ``slack``
        of its units (larger cells only when ``slack`` is 0)."""
        n = self.count
        sizes = self.sizes[:n]
        big = sizes > cell.size if slack == 0 else sizes >= cell.size - slack
        if cell.sketch is None or not len(cell.sketch):
            return np.flatnonzero(big)
        rows = np.flatnonzero(big & self.known[:n])  # only these need the sketch test
        keys = self.keys[rows]
        cut = np.minimum(self.cuts[rows], cell.cut)
        mine_below = np.searchsorted(cell.sketch, cut, side="right")  # keys of cell below each cut
        shared = (_member(keys, cell.sketch) & (keys <= cut[:, None])).sum(axis=1)
        held = np.zeros(n, bool)
        held[rows] = mine_below - shared <= slack
        return np.flatnonzero(big & (held | ~self.known[:n]))

    def may_be_inside(self, cell: _Cell, slack: int = 0, start: int = 0) -> np.ndarray:
        """Indices (from ``start``) of cells that the sketches do not rule out as lying inside ``cell`` but
        for at most ``slack`` of their units (smaller cells only when ``slack`` is 0)."""
        n = self.count
        sizes = self.sizes[start:n]
        small = sizes < cell.size if slack == 0 else sizes <= cell.size + slack
        if cell.sketch is None or not len(cell.sketch):
            return start + np.flatnonzero(small)
        known = self.known[start:n]
        rows = np.flatnonzero(small & known)  # only these need the sketch test
        keys = self.keys[start + rows]
        cut = np.minimum(self.cuts[start + rows], cell.cut)
        outside = ((keys >= 0) & (keys <= cut[:, None]) & ~_member(keys, cell.sketch)).sum(axis=1)
        inside = np.zeros(n - start, bool)
        inside[rows] = outside <= slack
        return start + np.flatnonzero(small & (inside | ~known))

    def inside_of(self, t: int, cell: _Cell, slack: int) -> tuple[np.ndarray, int]:
        """``may_be_inside`` of the released cell ``t`` (itself left out) and the sum of their sizes,
        kept between questions: released cells never change, so only cells added since are tested."""
        upto, found, total = self._inside.get(t, (0, np.zeros(0, np.int64), 0))
        if upto < self.count:
            more = self.may_be_inside(cell, slack, start=upto)
            more = more[more != t]
            found = np.concatenate([found, more])
            total += int(self.sizes[more].sum())
            self._inside[t] = (self.count, found, total)
        return found, total


class _Fixed:
    """A loader for unit sets that are already known."""

    def __init__(self, sets: dict[tuple[tuple, str], np.ndarray]):
        self._sets = sets

    def get(self, row_key: tuple, measure: str) -> np.ndarray | None:
        return self._sets.get((row_key, measure))


# Figures CBS publishes per wijk that the municipal registration reproduces exactly (SPEC §3):
# (CBS column, the same population in vw_voorziening_jaar)
_PUBLISHED = (
    ("wmo_clienten", "wet = 'Wmo'"),
    ("bijstand", "soort = 'Bijstand levensonderhoud'"),
    ("jongeren_met_jeugdzorg", "wet = 'Jeugdwet' AND leeftijd <= 17"),
)


class PublishedCells:
    """Cells anyone can read elsewhere (CBS wijk figures) and that equal a warehouse cell exactly.

    Every session starts with them as released, so "CBS figure minus a narrower question" is caught
    like any other difference. Load once per process with :meth:`from_warehouse`.
    """

    def __init__(self, cells: list[_Cell]):
        self.cells = cells

    @classmethod
    def from_warehouse(cls, con: Any) -> "PublishedCells":
        """Every CBS figure, per wijk and per gemeente, that equals the count of a warehouse cell."""
        from sqlglot import condition, select

        from semantic_layer.dialects import render
        from warehouse.backends import dialect_of

        dialect = dialect_of(con)
        cells: list[_Cell] = []
        for column, population in _PUBLISHED:
            for level, area in (("wijk", "wijk"), ("gemeente", "gemeente")):
                published = (
                    select("c.jaar", "c.gebied", exp.column(column, table="c"))
                    .from_("vw_cbs_kerncijfers AS c")
                    .where(exp.column("niveau", table="c").eq(level))
                    .where(exp.column(column, table="c").is_(exp.null()).not_())
                    .where(condition("c.gemeente_code IN (SELECT DISTINCT gemeente_code FROM vw_voorziening_jaar)"))
                )
                figures = {(j, g): n for j, g, n in con.execute(render(published, dialect)).fetchall()}
                years = sorted({j for j, _g in figures})
                if not years:
                    continue
                units = (
                    select("jaar", area, "ARRAY_AGG(DISTINCT persoon_id) AS units",
                           exp.alias_(BottomKeys(this=exp.column("persoon_sleutel"),
                                                 expression=exp.Literal.number(SKETCH_SIZE)), "schets"),
                           "SUM(DISTINCT persoon_sleutel) % 4294967296 AS uk")
                    .from_("vw_voorziening_jaar")
                    .where(condition(population))
                    .where(exp.column("jaar").isin(*[exp.Literal.number(y) for y in years]))
                    .group_by("jaar", area)
                )
                for jaar, name, ids, sketch, key_sum in con.execute(render(units, dialect)).fetchall():
                    arr = _as_units(ids)
                    if figures.get((jaar, name)) == len(arr) and len(arr) > 0:
                        key = ((jaar, name), f"{column}:{level}")
                        cells.append(_Cell(len(arr), _Fixed({key: arr}), key[0], key[1],  # type: ignore[arg-type]
                                           sketch=as_sketch(sketch), key_sum=int(key_sum)))
        return cls(cells)


class ReleaseMemory:
    """Per user session: every cell released so far, per counting unit and kind of value.

    Unit sets are kept as sorted numpy arrays, fetched lazily: a released cell whose set was never
    needed keeps a reference to its query's loader and is resolved the first time a later cell could
    conflict with it. ``published`` cells (CBS figures) count as released from the start.
    """

    def __init__(self, published: PublishedCells | None = None) -> None:
        self._cells: dict[tuple[str, str], list[_Cell]] = {}
        self._lock = threading.RLock()
        self.relations: dict[tuple[int, int], int] = {}  # (id(cell), id(cell)) -> size of their overlap
        self._sketches: dict[tuple[str, str], _SketchTable] = {}
        self._placed: dict[str, dict[Any, tuple[int, dict | None]]] = {}
        if published is not None:
            self._cells[("persoon", "aantal")] = list(published.cells)

    def cells(self, counting_unit: str, family: str) -> list[_Cell]:
        with self._lock:
            return list(self._cells.get((counting_unit, family), []))

    def sketches(self, counting_unit: str, family: str) -> tuple[list[_Cell], _SketchTable]:
        """The released cells of one family and their sketches, index for index."""
        with self._lock:
            cells = list(self._cells.get((counting_unit, family), []))
            table = self._sketches.setdefault((counting_unit, family), _SketchTable())
            table.extend(cells)
            return cells, table

    def add(self, counting_unit: str, family: str, cell: _Cell) -> None:
        with self._lock:
            cell.current = None
            self._cells.setdefault((counting_unit, family), []).append(cell)

    def placed(self, context: str) -> list[tuple[Any, int, dict | None]]:
        """The released cells of one context on one partition (``guards.combinations``): atoms, true size,
        true sizes of its wider groups (kind -> size)."""
        with self._lock:
            return [(atoms, n, wider) for atoms, (n, wider) in self._placed.get(context, {}).items()]

    def place(self, placements: tuple, size: int, wider: list[dict | None] | None = None) -> None:
        """Remember where a released cell (a 0 included) lies on each partition, with its wider groups' sizes
        there (one per placement)."""
        with self._lock:
            for p, w in zip(placements, wider or [None] * len(placements)):
                self._placed.setdefault(p.context, {})[p.atoms] = (size, w)

    def __len__(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._cells.values())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """The guard's checks and records of one table happen as one step (see ReleaseLog)."""
        with self._lock:
            yield

    def clear(self) -> None:
        with self._lock:
            self._cells.clear()
            self.relations.clear()
            self._sketches.clear()
            self._placed.clear()


def _zero_value(spec: OutputColumn | None) -> Any:
    """The value of a column in a group with nobody in it: 0 for counts, unit counts, rates and
    money totals; undefined (None) for per-person averages and derived changes."""
    if spec is None:
        return None
    if spec.kind == "guard":
        return 0
    if spec.kind != "measure" or spec.depends_on or spec.count_column is None:
        return None
    if spec.unit in ("aantal", "per 1.000", "procent"):
        return 0
    if spec.release == "magnitude":
        return 0
    return None


def _zero_row(column_names: list[str], specs: dict[str, OutputColumn], dimension_values: dict[str, Any]) -> list:
    """A row for a group with nobody in it: its dimension values, and each other column's zero value."""
    return [dimension_values[name] if name in dimension_values else _zero_value(specs.get(name))
            for name in column_names]


def _meets(value: float, op: str, bound: float) -> bool:
    return {">": value > bound, ">=": value >= bound, "<": value < bound, "<=": value <= bound}[op]


def _sort_key(value: Any) -> tuple:
    if value is None:
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


def _intersection_size(a: np.ndarray, b: np.ndarray) -> int:
    """|a n b| for sorted arrays of distinct ids (binary search of the smaller in the larger)."""
    if len(a) == 0 or len(b) == 0:
        return 0
    if len(a) > len(b):
        a, b = b, a
    if a[-1] < b[0] or b[-1] < a[0]:
        return 0
    idx = np.searchsorted(b, a)
    idx[idx == len(b)] = 0
    return int(np.count_nonzero(b[idx] == a))


def _intersection_sizes(t: np.ndarray, others: list[np.ndarray]) -> list[int]:
    """|t n o| for each of ``others`` (sorted arrays of distinct ids, like ``t``): one binary search of
    all of them in ``t`` instead of one per pair."""
    lengths = [len(o) for o in others]
    if not len(t) or not sum(lengths):
        return [0] * len(others)
    flat = np.concatenate([o for o in others if len(o)])
    if flat.dtype.kind != t.dtype.kind:  # ids of another kind never meet
        return [_intersection_size(t, o) for o in others]
    idx = np.searchsorted(t, flat)
    idx[idx == len(t)] = 0
    owner = np.repeat(np.arange(len(others)), lengths)
    return np.bincount(owner, weights=t[idx] == flat, minlength=len(others)).astype(int).tolist()


def _is_subset(small: np.ndarray, big: np.ndarray) -> bool:
    if len(small) > len(big):
        return False
    if len(small) == 0:
        return True
    if small[0] < big[0] or small[-1] > big[-1]:
        return False
    # cheap rejection first: a few evenly spaced members of `small` must be in `big`
    probe = small[:: max(1, len(small) // 8)]
    idx = np.searchsorted(big, probe)
    idx[idx == len(big)] = 0
    if not np.array_equal(big[idx], probe):
        return False
    return _intersection_size(small, big) == len(small)


class _Marks:
    """One scratch bitmap over the unit ids of the cells of one exact check: whether a unit lies in a cell is
    then one lookup instead of a binary search in the cell's units. Only for non-negative integer ids below
    ``LIMIT`` (``for_cells`` gives None otherwise, and the binary searches are used). Every marking is
    undone before the next one (``marked``)."""

    LIMIT = 1 << 26

    def __init__(self, size: int):
        self.mask = np.zeros(size, dtype=bool)

    @classmethod
    def for_cells(cls, cells: list[_Cell]) -> _Marks | None:
        top = -1
        for c in cells:
            units = c.units()
            if units is None or units.dtype.kind not in "iu":
                return None
            if len(units):
                if units[0] < 0:
                    return None
                top = max(top, int(units[-1]))
        return cls(top + 1) if top < cls.LIMIT else None

    def count_in(self, units: np.ndarray) -> int:
        return int(np.count_nonzero(self.mask[units]))

    def marked(self, *unit_sets: np.ndarray) -> _Marked:
        return _Marked(self.mask, unit_sets)


class _Marked:
    """``with marks.marked(a, b):`` the units of a and b are marked inside the block, and unmarked after it."""

    def __init__(self, mask: np.ndarray, unit_sets: tuple[np.ndarray, ...]):
        self.mask, self.unit_sets = mask, unit_sets

    def __enter__(self) -> np.ndarray:
        for units in self.unit_sets:
            self.mask[units] = True
        return self.mask

    def __exit__(self, *exc) -> None:
        for units in self.unit_sets:
            self.mask[units] = False


def _near_overlaps(t: _Cell, cells: list[_Cell], caches: tuple[dict, dict], slack: int,
                   marks: _Marks | None = None) -> dict[int, int]:
    """|S n T| for each S of ``cells`` (by id) that lies inside T but for at most ``slack`` of its units;
    the others are left out. A few evenly spread units of each S are looked up first (``_Cell.probe``):
    more than ``slack`` of them outside T rules S out without counting the rest. Between two remembered
    cells the overlap never changes: the session keeps it (``caches[1]``); with a current cell it holds
    for this table (``caches[0]``)."""
    result: dict[int, int] = {}
    universe = t.units()
    unknown: list[_Cell] = []
    for s in cells:
        hit = caches[s.current is None and t.current is None].get((id(s), id(t)))
        if hit is None:
            unknown.append(s)
        elif s.size - hit <= slack:
            result[id(s)] = hit
    if not unknown:
        return result
    if marks is not None:
        with marks.marked(universe) as inside:
            probes = [s.probe() for s in unknown]
            owner = np.repeat(np.arange(len(unknown)), [len(p) for p in probes])
            outside = np.bincount(owner, weights=~inside[np.concatenate(probes)], minlength=len(unknown))
            unknown = [s for s, out in zip(unknown, outside.tolist()) if out <= slack]
            sizes = [int(np.count_nonzero(inside[s.units()])) for s in unknown]
        for s, n in zip(unknown, sizes):
            caches[s.current is None and t.current is None][(id(s), id(t))] = n
            if s.size - n <= slack:
                result[id(s)] = n
        return result
    if len(universe):
        probes = [s.probe() for s in unknown]
        flat = np.concatenate(probes)
        if flat.dtype.kind == universe.dtype.kind:
            idx = np.minimum(np.searchsorted(universe, flat), len(universe) - 1)
            owner = np.repeat(np.arange(len(unknown)), [len(p) for p in probes])
            outside = np.bincount(owner, weights=universe[idx] != flat, minlength=len(unknown))
            unknown = [s for s, out in zip(unknown, outside.tolist()) if out <= slack]
    for s, n in zip(unknown, _intersection_sizes(universe, [s.units() for s in unknown])):
        caches[s.current is None and t.current is None][(id(s), id(t))] = n
        if s.size - n <= slack:
            result[id(s)] = n
    return result


def _margin_of(t: _Cell, family: list[_Cell], overlap: dict[int, int], k: int) -> list[_Cell] | None:
    """The cells that take part, when the disjoint ``family`` covers T but for 1..k-1 of its units or covers
    all of T and 1..k-1 units beside it (only with a current cell among them); else None."""
    inside = sum(overlap[id(s)] for s in family)
    missing, extra = t.size - inside, sum(s.size for s in family) - inside
    if 0 < missing + extra < k and not (missing and extra):
        involved = [c for c in [t] + family if c.current is not None]
        if involved:
            return involved
    return None


class _CellIndex:
    """Prefilters for the exact checks of ``_find_conflict`` (cells with known unit sets), so that
    each check only looks at cells that could take part in it: a subset is smaller, lies within its
    superset's id range and has a signature inside its superset's; a difference of fewer than k
    units needs sizes within k and overlapping ranges."""

    def __init__(self, cells: list[_Cell]):
        self.cells = cells
        self.declared = np.asarray([c.size for c in cells], dtype=np.int64)
        self.signatures = np.stack([c.signature() for c in cells]) if cells else np.zeros((0, _SIGNATURE_BITS // 64), np.uint64)
        units = [c.units() for c in cells]
        self.ranged = all(u.dtype.kind in "iu" for u in units)  # integer ids (else: no range test)
        if self.ranged:
            self.lows = np.asarray([u[0] if len(u) else np.iinfo(np.int64).max for u in units], dtype=np.int64)
            self.highs = np.asarray([u[-1] if len(u) else np.iinfo(np.int64).min for u in units], dtype=np.int64)

    def near_in_size(self, i: int, k: int) -> list[_Cell]:
        """The other cells whose unit set could differ from cell i's by fewer than k units."""
        mask = np.abs(self.declared - self.declared[i]) < k
        if self.ranged:
            # a difference of fewer than k units between sets of together k or more units needs an overlap
            overlap = (self.lows <= self.highs[i]) & (self.highs >= self.lows[i])
            mask &= overlap | (self.declared + self.declared[i] < k)
        mask[i] = False
        return [self.cells[j] for j in np.flatnonzero(mask)]

    def possible_subsets(self, j: int, slack: int = 0) -> np.ndarray:
        """Indices of the cells that could lie inside cell j but for at most ``slack`` of their units
        (smaller cells only when ``slack`` is 0): each unit outside sets at most one bit outside j's."""
        if slack == 0:
            mask = self.declared < self.declared[j]
            if self.ranged:
                mask &= (self.lows >= self.lows[j]) & (self.highs <= self.highs[j])
        else:
            mask = self.declared <= self.declared[j] + slack
        mask[j] = False
        candidates = np.flatnonzero(mask)
        return candidates[self._bits_outside(self.signatures[candidates], self.signatures[j]) <= slack]

    def possible_supersets(self, i: int, slack: int = 0) -> np.ndarray:
        """Indices of the cells that could hold cell i but for at most ``slack`` of its units."""
        if slack == 0:
            mask = self.declared > self.declared[i]
            if self.ranged:
                mask &= (self.lows <= self.lows[i]) & (self.highs >= self.highs[i])
        else:
            mask = self.declared >= self.declared[i] - slack
        mask[i] = False
        candidates = np.flatnonzero(mask)
        return candidates[self._bits_outside(self.signatures[i][None, :], self.signatures[candidates]) <= slack]

    @staticmethod
    def _bits_outside(small: np.ndarray, big: np.ndarray) -> np.ndarray:
        outside = small & ~big
        return np.unpackbits(outside.view(np.uint8), axis=-1).sum(axis=-1) if outside.size else np.zeros(len(outside), int)


_PLAIN_WIDER = SimpleNamespace(lift={}, metrics={}, left_out=False, kind="widen", dropped=[])


class DisclosureGuard:
    """``DisclosureGuard(k, dominance).apply(compiled, column_names, rows, memory, fetch_units)``."""

    def __init__(self, k: int = 10, dominance: float = 0.5, perturbation: CellKeyPerturbation | None = None):
        if k < 2:
            raise ValueError("k moet minstens 2 zijn")
        if not 0 < dominance < 1:
            raise ValueError("dominance ligt tussen 0 en 1")
        self.k = k
        self.dominance = dominance
        self.perturbation = perturbation or CellKeyPerturbation()
        if self.perturbation.max_deviation >= k:
            raise ValueError("de maximale afwijking D moet kleiner zijn dan k")

    def describe(self) -> dict:
        """How released figures are protected (JSON field ``protection`` of every answer)."""
        return {**self.perturbation.describe(), "k": self.k}

    # -- entry point -------------------------------------------------------------------------------
    def apply(
        self,
        compiled: CompiledQuery,
        column_names: list[str],
        rows: list[tuple],
        memory: ReleaseMemory,
        fetch_units: FetchUnits | None = None,
        wider: list[tuple[list[str], list[tuple]]] | tuple[list[str], list[tuple]] | None = None,
        population: tuple[list[str], list[tuple]] | None = None,
        age_runs: list[tuple[list[str], list[tuple]] | None] | None = None,
    ) -> GuardResult:
        """``wider``: the result (names, rows) of ``compiled.parent_ast``, the same cells without the
        narrowing to age or gender; where that group is small, the cell is suppressed even at 0 and an
        absent row is added, since any answer would say something about those few people. ``age_runs``: the
        result of each of ``compiled.age_runs`` (None where it could not run)."""
        specs = {c.name: c for c in compiled.columns}
        pos = {n: i for i, n in enumerate(column_names)}
        visible = [n for n in column_names if n in specs and specs[n].kind != "guard"]
        measures = [n for n in visible if specs[n].kind == "measure"]
        dims = [n for n in visible if specs[n].kind == "dimension"]
        table = [list(r) for r in rows]
        supp: dict[tuple[int, str], str] = {}

        def value(r: int, name: str | None) -> Any:
            if name is None or name not in pos:
                return None
            return table[r][pos[name]]

        def size(r: int, m: str) -> int | None:
            col = specs[m]
            n = value(r, col.count_column)
            return None if n is None else int(n)

        added = self._age_bounds(compiled, table, column_names, pos, dims, measures, specs, supp, age_runs)
        widths: dict[tuple[int, str], dict[str, int]] = {}
        added |= self._wider_groups(compiled, table, column_names, pos, dims, measures, specs, supp, wider, widths)

        # 1 + 2: primary and dominance
        for r in range(len(table)):
            for m in measures:
                col = specs[m]
                if col.counting_unit is None or col.depends_on or (r, m) in supp:  # decided above: small wider group
                    continue
                if col.count_column is None or col.count_column not in pos:
                    supp[(r, m)] = "unknown"
                    continue
                n = size(r, m)
                if n is None:
                    if value(r, m) is not None:
                        supp[(r, m)] = "unknown"
                    continue
                if 1 <= n < self.k:
                    supp[(r, m)] = "primary"
                    continue
                residents = value(r, f"{m}__bevolking")
                if residents is not None and 1 <= float(residents) < self.k:
                    supp[(r, m)] = "population"  # a rate (even 0) over a handful of residents
                    continue
                if col.max_column is not None:
                    top, total = value(r, col.max_column), value(r, m)
                    if col.max_column not in pos:
                        supp[(r, m)] = "unknown"
                    elif top is not None and total is not None and float(top) > 0:
                        if float(total) <= 0 or float(top) > self.dominance * float(total):
                            supp[(r, m)] = "dominance"

        added |= self._complete_groups(compiled, table, column_names, pos, dims, specs, supp)
        self._small_populations(table, pos, dims, measures, specs, supp, population)
        if added and not compiled.query.order_by:
            self._reorder(table, supp, pos, dims)
        row_keys = [tuple(_key(value(r, d)) for d in dims) for r in range(len(table))]
        # unit sets are matched to rows by their dimension values: without unique keys they cannot be
        # matched, and the guard decides on sizes alone (failing closed)
        loader = _LazyUnits(fetch_units if len(set(row_keys)) == len(row_keys) else None, dims,
                            units_sql=compiled.units_sql("duckdb"))

        # a ratio that gives away a count (kosten per cliënt beside the kosten: the clients) lies among the cells
        # of that count, with that count's true size (red team 13)
        placed = {
            (r, m): placements(compiled.scope, {d: value(r, d) for d in dims},
                               (specs[m].counting_unit, specs[m].counted_as or specs[m].metric, m))
            for r in range(len(table)) for m in measures
            if specs[m].counting_unit is not None and not specs[m].depends_on
        }

        def placed_size(r: int, m: str) -> int | None:
            counted = specs[m].counted_size
            if counted is None or counted not in pos:  # (never left out for want of the column)
                return size(r, m)
            n = value(r, counted)
            return None if n is None else int(n)
        dropped = {g.kind: set(g.dropped) for g in (compiled.parents or []) if not g.left_out}
        spans = {p.name: set(p.dimensions) for p in (compiled.scope.partitions if compiled.scope else [])}

        def wider_of(r: int, m: str, spanned: tuple[str, ...] = ()) -> dict[str, int] | None:
            """The true size of the cell's wider groups, by kind, where a wider group keeps the cell's atoms
            on the partitions ``spanned`` (dropping an age narrowing changes the atoms on the age partition).
            A kind the query has no group for is the cell itself (no narrowing: widened, it is the same)."""
            own = size(r, m)
            if own is None:
                return None
            got = widths.get((r, m), {})
            base = got.get("renamed", own)
            out = {"renamed": base, "widen": got.get("widen", base), "lift": got.get("lift", base)}
            out["both"] = got.get("both", got.get("lift", got.get("widen", base)))
            for kind in ("widen", "both"):
                if any(spans.get(name, set()) & dropped.get(kind, set()) for name in spanned):
                    del out[kind]
            return out
        with memory.transaction():  # one step for every process sharing the release log
            while True:
                changed = self._propagate(table, measures, specs, supp, size)
                changed |= self._secondary_in_table(table, measures, dims, specs, supp, size, value)
                changed |= self._exact_checks(table, measures, specs, supp, size, value, row_keys, memory, loader,
                                              wider_of)
                changed |= self._combinations(placed, supp, placed_size, memory, wider_of)
                if not changed:
                    break

            # remember what is released
            for r in range(len(table)):
                for m in measures:
                    col = specs[m]
                    if col.counting_unit is None or col.depends_on or (r, m) in supp:
                        continue
                    n = size(r, m)
                    counted = placed_size(r, m)
                    if counted is not None and placed.get((r, m)):
                        memory.place(placed[(r, m)], counted, [wider_of(r, m, p.spans) for p in placed[(r, m)]])
                    if n:
                        memory.add(col.counting_unit, _family(col), _Cell(
                            n, loader, row_keys[r], m, sketch=as_sketch(value(r, f"{m}__schets")),
                            key_sum=_int_or_none(value(r, f"{m}__uk")), wider=wider_of(r, m)))
                    for unit, counted in _counts_given_away(col, r, m, value, loader, row_keys[r]):
                        memory.add(unit, "aantal", counted)

        return self._result(compiled, table, pos, visible, measures, specs, supp)

    # -- rules -------------------------------------------------------------------------------------
    def _age_bounds(self, compiled, table, column_names, pos, dims, measures, specs, supp, age_runs) -> bool:
        """Rule 0a: a cell in an age class that the question's bounds cut (``compiled.age_cut``: 'leeftijd >= 30'
        cuts 27-64) is shown only with k or more units in each run of that class's ages, kept (30..64) or left
        out (27..29) (``compiled.age_runs``). Otherwise — even at 0, and as a row added where the GROUP BY left
        it out — it is hidden, all for one reason: 'shown', 'hidden' or 'equal to the plain figure' for a bound
        moved a year at a time would give the age of the youngest (or oldest) client."""
        if not compiled.age_cut:
            return False
        counted = [m for m in measures if specs[m].counting_unit is not None and not specs[m].depends_on]
        by_class = "leeftijdsklasse" in dims
        results: list[dict[tuple, dict[str, int]] | None] = []
        for run, result in zip(compiled.age_runs, age_runs or [None] * len(compiled.age_runs)):
            names, rows = result if run.ast is not None and result is not None else ([], [])
            where = {n: i for i, n in enumerate(names)}
            if not names or not all(d in where for d in dims):
                results.append(None)  # not counted: every cell in its class is hidden (failing closed)
                continue
            results.append({tuple(_key(row[where[d]]) for d in dims): {
                m: int(row[where[specs[m].count_column]] or 0) for m in counted if specs[m].count_column in where}
                for row in rows})
        added = False
        present = {tuple(_key(row[pos[d]]) for d in dims) for row in table}
        for result in results:  # someone in a run of a cut class, no row: its absence would say 0
            for key in sorted(result or {}, key=repr):
                if key not in present:
                    table.append(_zero_row(column_names, specs, dict(zip(dims, key))))
                    present.add(key)
                    added = True
        for r in range(len(table)):
            key = tuple(_key(table[r][pos[d]]) for d in dims)
            klasse = str(table[r][pos["leeftijdsklasse"]]) if by_class else None
            if by_class and klasse not in compiled.age_cut:
                continue
            mine = [res for run, res in zip(compiled.age_runs, results) if not by_class or run.klasse == klasse]
            for m in counted:
                counts = [None if res is None else res[key].get(m) if key in res else 0 for res in mine]
                if any(n is None or n < self.k for n in counts):  # not counted, or a run of 0..k-1
                    supp[(r, m)] = "age_bound"
        return added

    def _wider_groups(self, compiled, table, column_names, pos, dims, measures, specs, supp, wider,
                      widths: dict | None = None) -> bool:
        """Apply :meth:`_narrowed_small_groups` for every wider group (``wider``: one result per
        ``compiled.parents``, or a single result for the first)."""
        if wider is None:
            return False
        results = wider if isinstance(wider, list) else [wider]
        groups = compiled.parents or [_PLAIN_WIDER]  # a result given without its description: same cells
        added = False
        for group, result in zip(groups, results):
            added |= self._narrowed_small_groups(group, compiled, table, column_names, pos, dims, measures, specs,
                                                 supp, result, widths)
        return added

    def _narrowed_small_groups(self, group, compiled, table, column_names, pos, dims, measures, specs, supp,
                               wider, widths: dict | None = None) -> bool:
        """Against the wider group of each cell (``compiled.parent_ast``: without age or gender narrowing,
        soort lifted to wet, stapeling to households with a provision): a cell whose wider group holds
        1..k-1 units is hidden even at 0, and added when the GROUP BY left it out; a cell that differs
        from its wider group by 1..k-1 units is hidden too, so the wider (plainer) figure always stays
        answerable and the pair never gives the few in between."""
        if wider is None:
            return False
        names, rows = wider
        where = {n: i for i, n in enumerate(names)}
        lift = group.lift
        parent_dims = ["wet" if d in lift else d for d in dims]
        if not all(d in where for d in parent_dims):
            return False

        def parent_column(col: OutputColumn) -> str | None:
            name = col.count_column
            for metric, wider_metric in group.metrics.items():
                if name and name.startswith(metric):
                    name = wider_metric + name[len(metric):]
            return name if name in where else None

        def parent_key(values: dict) -> tuple:
            def lifted(d: str):
                if "wet" in values:  # a soort or taakveld shown beside its wet: that wet is its wider group
                    return values["wet"]
                up = lift[d].get(str(values[d]), values[d])
                return up[0] if isinstance(up, list) else up
            return tuple(_key(lifted(d) if d in lift else values[d]) for d in dims)

        counted = [m for m in measures if specs[m].counting_unit is not None and not specs[m].depends_on
                   and parent_column(specs[m]) is not None]
        wider_n: dict[tuple, dict[str, int]] = {}
        for row in rows:
            key = tuple(_key(row[where[d]]) for d in parent_dims)
            wider_n[key] = {m: int(row[where[parent_column(specs[m])]] or 0) for m in counted}
        added = False
        present = {tuple(_key(row[pos[d]]) for d in dims): r for r, row in enumerate(table)}
        # groups the GROUP BY left out, under a small wider group (a left-out part holds no cell of the table)
        for key, counts in sorted(wider_n.items(), key=lambda kv: repr(kv[0])):
            if group.left_out or not any(1 <= n < self.k for n in counts.values()):
                continue
            for values in self._members(group, compiled, dims, parent_dims, key):
                if tuple(_key(values[d]) for d in dims) not in present:
                    table.append(_zero_row(column_names, specs, values))
                    present[tuple(_key(values[d]) for d in dims)] = len(table) - 1
                    added = True
        for r in range(len(table)):
            counts = wider_n.get(parent_key({d: table[r][pos[d]] for d in dims}))
            if counts is None:
                continue
            for m in counted:
                n, own = counts.get(m, 0), table[r][pos[specs[m].count_column]] if specs[m].count_column in pos else None
                own = int(own or 0)
                if widths is not None and not group.left_out and group.kind:
                    widths.setdefault((r, m), {})[group.kind] = n  # for the checks against released cells
                if group.left_out:  # what the question leaves out is not a superset of the cell
                    if 1 <= n < self.k:
                        supp.setdefault((r, m), "left_out")
                elif 1 <= n < self.k or (own > 0 and 0 < n - own < self.k and group.kind != "widen_one"):
                    # (against a group with one narrowing dropped only its own smallness counts: a pair that
                    # differs by a few is the release log's differencing check)
                    supp.setdefault((r, m), "narrowed")  # a cut age class keeps its own reason
        return added

    @staticmethod
    def _members(group, compiled, dims, parent_dims, key) -> list[dict]:
        """The cells of this table that fall under one wider group (for a lifted dimension: every value
        that lifts to the group's value, within the question's own filter on it)."""
        lift = group.lift
        options: list[list] = []
        for d, pd_, v in zip(dims, parent_dims, key):
            if d in lift:
                allowed = None
                for f in compiled.query.filters:
                    if f.dimension == d and f.op in ("=", "in"):
                        allowed = {str(x) for x in f.values}
                options.append([s for s, w in sorted(lift[d].items())
                                if v in [_key(x) for x in (w if isinstance(w, list) else [w])]
                                and (allowed is None or s in allowed)])
            else:
                options.append([v])
        out = [dict()]
        for d, values in zip(dims, options):
            out = [{**o, d: v} for o in out for v in values]
        return out

    def _small_populations(self, table, pos, dims, measures, specs, supp, population) -> None:
        """No figure about residents, not even a 0, for a cell whose population (``compiled.population_ast``,
        the residents of the same area, year, age class and gender) holds 1..k-1 people."""
        if population is None:
            return
        names, rows = population
        keys = [n for n in names if n != "inwoners"]
        if not all(k in pos for k in keys):
            return
        residents = {tuple(_key(row[names.index(k)]) for k in keys): row[names.index("inwoners")] for row in rows}
        for r in range(len(table)):
            n = residents.get(tuple(_key(table[r][pos[k]]) for k in keys))
            if n is None or not 1 <= float(n) < self.k:
                continue
            for m in measures:
                if specs[m].counting_unit is not None and (r, m) not in supp:
                    supp[(r, m)] = "population"

    @staticmethod
    def _reorder(table, supp, pos, dims) -> None:
        """Rows added by the rules above go where the default order (by the dimensions) puts them;
        suppression decisions follow their rows."""
        order = sorted(range(len(table)), key=lambda r: tuple(_sort_key(table[r][pos[d]]) for d in dims))
        new_index = {old: new for new, old in enumerate(order)}
        table[:] = [table[r] for r in order]
        moved = {(new_index[r], m): reason for (r, m), reason in supp.items()}
        supp.clear()
        supp.update(moved)

    @staticmethod
    def _complete_groups(compiled, table, column_names, pos, dims, specs, supp) -> bool:
        """Add the rows a GROUP BY left out (nobody in them) to every group, along a dimension with a
        known domain (``compiled.domains``), that holds a suppressed cell: "vrouw: onderdrukt" with no
        row for "man" would say that the few hidden people are all women. The added cells are true
        zeros and take part in secondary suppression like any other cell."""
        domains = {d: values for d, values in compiled.domains.items() if d in dims}
        if not domains or not supp:
            return False
        flagged_rows = {r for r, _m in supp}
        added = False
        for d, values in domains.items():
            others = [x for x in dims if x != d]
            present: dict[tuple, set] = {}
            template: dict[tuple, tuple] = {}  # the group's own dimension values, as shown
            flagged: set[tuple] = set()
            for r, row in enumerate(table):
                key = tuple(_key(row[pos[x]]) for x in others)
                present.setdefault(key, set()).add(_key(row[pos[d]]))
                template.setdefault(key, tuple(row[pos[x]] for x in others))
                if r in flagged_rows:
                    flagged.add(key)
            for key in sorted(flagged, key=repr):
                for v in values:
                    if _key(v) in present[key]:
                        continue
                    table.append(_zero_row(column_names, specs, {**dict(zip(others, template[key])), d: v}))
                    present[key].add(_key(v))
                    added = True
        return added

    def _propagate(self, table, measures, specs, supp, size) -> bool:
        """Values derived from a hidden cell go with it: ``depends_on`` (change, % change), and every
        other measure of the row that rests on the same counting units (kosten, kosten per cliënt and
        cliënten of one group together give each other back)."""
        changed = False
        for r in range(len(table)):
            hidden = {m for m in measures if (r, m) in supp}
            if not hidden:
                continue
            units = {specs[m].counting_unit for m in hidden if specs[m].counting_unit is not None}
            for m in measures:
                if (r, m) in supp:
                    continue
                col = specs[m]
                if any(dep in hidden for dep in col.depends_on) or (col.counting_unit is not None and col.counting_unit in units):
                    supp[(r, m)] = "derived"
                    changed = True
        return changed

    def _secondary_in_table(self, table, measures, dims, specs, supp, size, value) -> bool:
        changed = False
        for m in measures:
            col = specs[m]
            if col.counting_unit is None or col.depends_on:
                continue
            # years are not additive for counts of distinct persons, but money adds up over years
            free_dims = [d for d in dims if d != "jaar" or col.max_column is not None]
            for d in free_dims:
                groups: dict[tuple, list[int]] = {}
                for r in range(len(table)):
                    if value(r, m) is None and (r, m) not in supp:
                        continue
                    groups.setdefault(tuple(value(r, o) for o in dims if o != d), []).append(r)
                for members in groups.values():
                    if len(members) < 2:
                        continue
                    hidden = [r for r in members if (r, m) in supp]
                    hidden_units = sum(size(r, m) or 0 for r in hidden)
                    # one hidden cell, or hidden cells that together still form a small group (or,
                    # for money, are together still dominated by one person) would come back as
                    # "margin minus the visible cells"
                    if not hidden:
                        continue
                    if len(hidden) > 1 and not 0 < hidden_units < self.k and not self._dominated(hidden, m, col, value):
                        continue
                    open_cells = [r for r in members if (r, m) not in supp]
                    nonzero = [r for r in open_cells if (size(r, m) or 0) > 0] or open_cells
                    if not nonzero:
                        continue
                    pick = min(nonzero, key=lambda r: (size(r, m) or 0, abs(float(value(r, m) or 0))))
                    supp[(pick, m)] = "secondary"
                    changed = True
        return changed

    def _dominated(self, rows: list[int], m: str, col: OutputColumn, value) -> bool:
        """Hidden money cells taken together: does one unit still carry more than the dominance share?"""
        if col.max_column is None:
            return False
        tops = [value(r, col.max_column) for r in rows]
        totals = [value(r, m) for r in rows]
        if any(v is None for v in tops + totals):
            return False
        top, total = max(float(t) for t in tops), sum(float(v) for v in totals)
        return top > 0 and (total <= 0 or top > self.dominance * total)

    def _exact_checks(self, table, measures, specs, supp, size, value, row_keys, memory, loader,
                      wider_of=None) -> bool:
        k = self.k
        changed = False
        families: dict[tuple[str, str], list[_Cell]] = {}
        for r in range(len(table)):
            for m in measures:
                col = specs[m]
                if col.counting_unit is None or col.depends_on or (r, m) in supp:
                    continue
                n = size(r, m)
                if not n:
                    continue
                families.setdefault((col.counting_unit, _family(col)), []).append(
                    _Cell(n, loader, row_keys[r], m, current=(r, m), sketch=as_sketch(value(r, f"{m}__schets")),
                          key_sum=_int_or_none(value(r, f"{m}__uk")), wider=wider_of(r, m) if wider_of else None)
                )
                for unit, counted in _counts_given_away(col, r, m, value, loader, row_keys[r]):
                    counted.current = (r, m)  # the counts it gives away, among those counts (red teams 13, 14)
                    families.setdefault((unit, "aantal"), []).append(counted)
        for (unit, fam), current in families.items():
            released, sketches = memory.sketches(unit, fam)
            for c in current:
                if self._equal_but_wider_apart(c, [released[j] for j in sketches.near_in_size(c.size, k)]
                                               + [o for o in current if o is not c and o.current not in supp]):
                    supp[c.current] = "differencing"
                    changed = True
            # a cell with the units of a released one tells nothing new: the cell key method gives it the same
            # value, and every combination of released cells was checked when the last of them was released
            # (the released twin stands in for it below, as the partner of the new cells)
            current = [c for c in current if c.current not in supp and not sketches.holds(c)]
            if not current:
                continue
            old = self._partners(current, released, sketches)
            if old is None or not self._conflict_possible(current, old):
                continue
            caches = ({}, memory.relations)  # this table's relations; the session's (old with old)
            while True:
                live = [c for c in current if c.current not in supp]
                conflict = self._find_conflict(live, old, caches)
                if conflict is None:
                    break
                cells, reason = conflict
                victim = min(cells, key=lambda c: c.size)
                supp[victim.current] = reason
                changed = True
        return changed

    def _combinations(self, placed: dict, supp: dict, size, memory: ReleaseMemory, wider_of=None) -> bool:
        """Withhold a cell where it would complete a set of released counts on one partition (wijk lists,
        age ranges, gender) that together pin down a group of 1..k-1 units, or a 0 for a group whose wider
        group (the same atoms without the narrowing, soorten lifted to their wet) holds 1..k-1 units
        (``guards.combinations``)."""
        by_context: dict[str, list[tuple[tuple[int, str], Any, tuple[str, ...]]]] = {}
        for cell, where in placed.items():
            for p in where:
                by_context.setdefault(p.context, []).append((cell, p.atoms, p.spans))
        changed = False
        for context, cells in by_context.items():
            live = [(c, atoms, n, wider_of(*c, spanned) if wider_of else None)
                    for c, atoms, spanned in cells if c not in supp and (n := size(*c)) is not None]
            old = memory.placed(context)
            if not live or (not old and len(live) < 2):
                continue
            while live:
                rows = [a for a, _, _ in old] + [x[1] for x in live]
                sizes = [n for _, n, _ in old] + [x[2] for x in live]
                widers = [w for _, _, w in old] + [x[3] for x in live]
                new = [False] * len(old) + [True] * len(live)
                found = needed(rows, sizes, new, self.k, widers)
                if found is None:
                    break
                victim, enough = found
                cell = live[victim - len(old)][0]
                supp[cell] = "differencing"
                live = [x for x in live if x[0] != cell]
                changed = True
                if enough:  # without it no small group is pinned down: no need to ask again
                    break
        return changed

    def _equal_but_wider_apart(self, cell: _Cell, others: list[_Cell]) -> bool:
        """Two cells with the same units whose wider groups differ by 1..k-1 units: the few in between have
        none of the narrowing (a pivot: 'without stadsdeel Escamp' and 'without Escamp's other wijken', both
        girls of 3, equal, say that the one client in the wijk between them is no girl of 3)."""
        if not cell.wider:
            return False
        for other in others:
            if other is cell or not other.wider or not _same_units(cell, other):
                continue
            if any(1 <= abs(cell.wider[kind] - other.wider[kind]) < self.k
                   for kind in cell.wider.keys() & other.wider.keys()):
                return True
        return False

    def _partners(self, current: list[_Cell], released: list[_Cell], sketches: _SketchTable) -> list[_Cell] | None:
        """The released cells that could take part in a conflict with a current cell, judged on sizes and
        unit sketches only (no unit sets are fetched for this); None when no current cell could conflict
        with anything, this table included. Kept: cells whose units may differ from a current cell's by
        1..k-1; a cell T that may hold a current cell (but for fewer than k of its units), with the cells
        that may lie inside T that way, and the cells that may lie inside a current cell, when together
        they are large enough to leave T a remainder of fewer than k units (margins)."""
        k = self.k
        slack = k - 1
        chosen: set[int] = set()
        partner = False
        # the table's tests are the sketch tests of _may_be_subset, vectorised (sketches hold at most WIDTH keys)
        for c in current:
            for j in sketches.near_in_size(c.size, k):
                if not _same_units(c, released[j]) and not _sketches_apart(c, released[j], k):
                    chosen.add(int(j))
            for other in current:
                if other is not c and abs(other.size - c.size) < k and not _same_units(c, other) \
                        and not _sketches_apart(c, other, k):
                    partner = True
            # c as a margin T: the cells that may lie inside it
            inside = sketches.may_be_inside(c, slack)
            inside_current = [o for o in current if o is not c and o.size <= c.size + slack
                              and _may_be_subset(o, c, slack)]
            covered = int(sketches.sizes[inside].sum()) + sum(o.size for o in inside_current)
            if covered >= c.size - slack:
                chosen.update(inside.tolist())
                partner = partner or bool(inside_current)
            # an earlier cell T that may hold c, with what may lie inside T
            for t in sketches.may_hold(c, slack).tolist():
                within, total = sketches.inside_of(t, released[t], slack)
                if c.size + total >= released[t].size - slack:
                    chosen.add(t)
                    chosen.update(within.tolist())
        if not chosen and not partner:
            return None
        return [released[j] for j in sorted(chosen)]

    def _conflict_possible(self, current: list[_Cell], old: list[_Cell]) -> bool:
        """Cheap test on sizes alone: can any exact check below find something?"""
        k = self.k
        cur = np.sort(np.asarray([c.size for c in current]))
        every = np.sort(np.asarray([c.size for c in current] + [c.size for c in old]))
        # differencing needs another cell within k units of a current cell (equal sizes included)
        for s in cur:
            if np.count_nonzero(np.abs(every - s) < k) > 1:
                return True
        # margins need a cell T whose companions (each at most k-1 units larger than T), one of them
        # current or T itself current, could together cover all but 1..k-1 of its units
        slack = k - 1
        prefix = np.cumsum(every)
        smallest_current = cur[0] if len(cur) else None
        for t in np.unique(every):
            upto = int(np.searchsorted(every, t + slack, side="right"))
            if prefix[upto - 1] - t < t - slack:  # every cell up to t + slack, t itself once left out
                continue
            if t in cur or (smallest_current is not None and smallest_current <= t + slack):
                return True
        return False

    def _find_conflict(self, live: list[_Cell], old: list[_Cell], caches: tuple[dict, dict]) -> tuple[list[_Cell], str] | None:
        k = self.k
        everyone = live + old
        if any(c.units() is None for c in everyone):
            return self._size_only_conflict(live, old)
        index = _CellIndex(everyone)
        marks = _Marks.for_cells(everyone)
        # differencing: symmetric difference of 1..k-1
        for i, c in enumerate(live):
            for other in index.near_in_size(i, k):
                a, b = c.units(), other.units()
                delta = len(a) + len(b) - 2 * _intersection_size(a, b)
                if 0 < delta < k:
                    involved = [c] + ([other] if other.current is not None else [])
                    return involved, "differencing"
        # margins: a cell T and a family of disjoint cells that each lie inside T but for fewer than k of
        # their units. |T| minus the family's sizes is what T holds outside the family minus what the
        # family holds outside T: both few means a small group is learnt (T minus the cells inside it;
        # [a, c] + [c+1, d] - [a+1, d] of three age ranges gives the clients aged exactly a). Only where a
        # current cell takes part; an earlier T only when a current cell lies (nearly) inside it.
        slack = k - 1
        held: dict[int, list[_Cell]] = {}  # earlier cell -> current cells that may lie (nearly) inside it
        for i, c in enumerate(live):
            for j in index.possible_supersets(i, slack).tolist():
                if j >= len(live):
                    held.setdefault(j, []).append(c)
        holding_current = {j for j, inside in held.items() if _near_overlaps(everyone[j], inside, caches, slack, marks)}
        for j, t in enumerate(everyone):
            if j >= len(live) and j not in holding_current:
                continue
            candidates = [everyone[i] for i in index.possible_subsets(j, slack)]
            if not candidates:
                continue
            sizes = sorted(s.size for s in candidates)
            pair_possible = len(sizes) > 1 and sizes[-1] + sizes[-2] > t.size
            if sum(sizes) < t.size - slack and not pair_possible:
                continue  # even all these cells together cannot leave a small remainder
            overlap = _near_overlaps(t, candidates, caches, slack, marks)
            near = [s for s in candidates if overlap.get(id(s)) and not (s.size == t.size == overlap[id(s)])]
            if not near or (t.current is None and all(s.current is None for s in near)):
                continue
            found = self._small_margin(t, near, overlap, k, marks)
            if found is not None:
                return found, "secondary"
            inside = [s for s in near if overlap[id(s)] == s.size]
            if inside and sum(s.size for s in inside) >= t.size - slack:
                # what no cell inside T covers
                if marks is not None:
                    with marks.marked(*(s.units() for s in inside)):
                        remainder_all = t.size - marks.count_in(t.units())
                else:
                    covered = np.zeros(len(t.units()), dtype=bool)
                    for s in inside:
                        covered[np.searchsorted(t.units(), s.units())] = True
                    remainder_all = len(covered) - int(covered.sum())
                if 0 < remainder_all < k:
                    involved = [c for c in [t] + inside if c.current is not None]
                    if involved:
                        return involved, "secondary"
            # and what two of them leave uncovered, whatever other cells cover: B and C inside A with A - (B u C)
            # a small group is the start of a four-cell combination (with B n C it is determined), also where an
            # earlier cell inside A covers that group (red team 13: the cells of an earlier soort list did)
            found = self._pair_cover(t, inside, k, marks)
            if found is not None:
                return found, "secondary"
            # inclusion-exclusion: T = A u B with A, B released gives |A n B| = |A| + |B| - |T|
            for i, a in enumerate(inside):
                for b in inside[i + 1 :]:
                    if not t.size < a.size + b.size < t.size + k:
                        continue
                    if t.current is None and a.current is None and b.current is None:
                        continue
                    both = _intersection_size(a.units(), b.units())
                    if a.size + b.size - both == t.size and 0 < both < k:
                        return [c for c in (t, a, b) if c.current is not None], "secondary"
        return None

    @staticmethod
    def _pair_cover(t: _Cell, inside: list[_Cell], k: int, marks: _Marks | None) -> list[_Cell] | None:
        """Two cells inside T (one of the three current) whose union leaves 1..k-1 of T's units uncovered."""
        slack = k - 1
        big = sorted(inside, key=lambda c: -c.size)
        for i, a in enumerate(big):
            for b in big[i + 1:]:
                if a.size + b.size < t.size - slack:
                    break  # smaller ones after b cover less
                if t.current is None and a.current is None and b.current is None:
                    continue
                if marks is not None:
                    with marks.marked(a.units(), b.units()):
                        rest = t.size - marks.count_in(t.units())
                else:
                    rest = t.size - len(np.union1d(a.units(), b.units()))
                if 0 < rest < k:
                    return [c for c in (t, a, b) if c.current is not None]
        return None

    @staticmethod
    def _small_margin(t: _Cell, near: list[_Cell], overlap: dict[int, int], k: int,
                      marks: _Marks | None = None) -> list[_Cell] | None:
        """A family of pairwise disjoint cells from ``near`` (each nearly inside T) that covers T but for
        1..k-1 of its units, or covers all of T and 1..k-1 units beside it: the difference of the sizes is
        then the count of that small group. (Where the family both misses and adds units, the difference
        is one small count minus another and pins neither.) Only with a current cell among T and the
        family; built greedily, largest cells first, from every current cell and from the largest cell."""
        by_size = sorted(near, key=lambda c: -c.size)
        starts = [c for c in by_size if c.current is not None] + by_size[:1]
        if marks is not None:  # disjoint from the family so far: none of its units marked, inside T or beside it
            for start in starts:
                family = [start]
                with marks.marked(start.units()) as taken:
                    for s in by_size:
                        if s is not start and not taken[s.units()].any():
                            family.append(s)
                            taken[s.units()] = True
                    for s in family[1:]:
                        taken[s.units()] = False
                found = _margin_of(t, family, overlap, k)
                if found is not None:
                    return found
            return None
        universe = t.units()
        where: dict[int, tuple[np.ndarray, frozenset]] = {}
        for s in by_size:  # each cell as positions of its units in T, and its few units outside T
            units = s.units()
            pos = np.minimum(np.searchsorted(universe, units), max(len(universe) - 1, 0))
            inside_t = universe[pos] == units if len(universe) else np.zeros(len(units), dtype=bool)
            where[id(s)] = (pos[inside_t], frozenset(units[~inside_t].tolist()))
        for start in starts:
            family = [start]
            covered = np.zeros(len(universe), dtype=bool)
            pos, outside = where[id(start)]
            covered[pos] = True
            beside = set(outside)
            for s in by_size:
                if s is start:
                    continue
                pos, outside = where[id(s)]
                if covered[pos].any() or not beside.isdisjoint(outside):
                    continue  # not disjoint from the family so far
                family.append(s)
                covered[pos] = True
                beside |= outside
            found = _margin_of(t, family, overlap, k)
            if found is not None:
                return found
        return None

    def _size_only_conflict(self, live: list[_Cell], old: list[_Cell]) -> tuple[list[_Cell], str] | None:
        """Without exact unit sets: fail closed against everything released earlier in the session.

        A current cell within k units of an earlier cell, or one that earlier smaller cells could
        nearly cover (or that could nearly complete an earlier larger cell), is suppressed. Cells of
        one table are not compared with each other: a GROUP BY splits its rows into separate groups.
        """
        k = self.k
        if not old:
            return None
        old_sizes = np.sort(np.asarray([c.size for c in old]))
        prefix = np.cumsum(old_sizes)
        for c in sorted(live, key=lambda x: x.size):
            if np.any(np.abs(old_sizes - c.size) < k):
                return [c], "differencing"
            below = int(np.searchsorted(old_sizes, c.size, side="left"))
            if below and prefix[below - 1] >= c.size - k + 1:
                return [c], "differencing"
            for t in old_sizes[old_sizes > c.size]:
                below_t = int(np.searchsorted(old_sizes, t, side="left"))
                covered = (prefix[below_t - 1] if below_t else 0) + c.size
                if covered >= t - k + 1:
                    return [c], "differencing"
        return None

    # -- output ------------------------------------------------------------------------------------
    def _released(self, table, pos, measures, specs, supp) -> None:
        """Replace every measure value that will be shown by its released value (guards.perturbation):
        counts and totals perturbed by their cell key, derived figures computed from perturbed parts."""
        p = self.perturbation

        def raw(r: int, name: str) -> Any:
            i = pos.get(name)
            return None if i is None else table[r][i]

        def part(r: int, m: str, name: str) -> Any:
            v = raw(r, f"{m}__{name}")
            if f"{m}__{name}_ck" not in pos:
                return v  # a population or a budget: used as it is
            if f"{m}__{name}_max" in pos:
                return p.magnitude(v, raw(r, f"{m}__{name}_max"), raw(r, f"{m}__{name}_ck"))
            return p.count(v, raw(r, f"{m}__{name}_ck"))

        def released(r: int, m: str) -> Any:
            col = specs[m]
            kind, v = col.release, raw(r, m)
            if kind is None or v is None:
                return v
            if kind == "count":
                return p.count(v, raw(r, f"{m}__ck"))
            if kind == "magnitude":
                return p.magnitude(v, raw(r, col.max_column) if col.max_column else None, raw(r, f"{m}__ck"))
            if kind == "average":
                total = p.magnitude(raw(r, f"{m}__som"), raw(r, f"{m}__top"), raw(r, f"{m}__ck"))
                rows = p.count(raw(r, f"{m}__rijen"), raw(r, f"{m}__ck"))
                return v if total is None or not rows else total / rows
            if kind == "ratio":
                num = part(r, m, "teller")
                den = part(r, m, "noemer") if f"{m}__noemer" in pos else raw(r, f"{m}__bevolking")
                if num is None or den is None or float(den) == 0:
                    return v  # 0 or undefined in SQL already (an added empty group, no population)
                return float(num) / float(den) * (col.per or 1.0)
            return v

        for r in range(len(table)):
            values = {m: released(r, m) for m in measures if (r, m) not in supp}
            for m in measures:
                col = specs[m]
                if (r, m) in supp or col.release not in ("change", "pct_change"):
                    continue
                base, new = (values.get(d) for d in col.depends_on[:2])
                if base is None or new is None:
                    values[m] = None
                elif col.release == "change":
                    values[m] = float(new) - float(base)
                else:
                    values[m] = None if float(base) == 0 else (float(new) - float(base)) / float(base) * 100
            for m, v in values.items():
                col = specs[m]
                if isinstance(v, float) and col.release is not None:
                    digits = 1 if col.release == "pct_change" else col.digits
                    v = round(v, digits) if digits is not None else v
                    if col.release == "count":
                        v = int(v)
                table[r][pos[m]] = v

    def _result(self, compiled, table, pos, visible, measures, specs, supp) -> GuardResult:
        """Order and limit after protection: rows are ranked by their released values; rows whose sort
        value is suppressed follow, ordered by their dimensions only, so a position leaks nothing."""
        self._released(table, pos, measures, specs, supp)
        dims = [n for n in visible if specs[n].kind == "dimension"]
        by_dims = sorted(range(len(table)), key=lambda r: tuple(_sort_key(table[r][pos[d]]) for d in dims))
        query = compiled.query
        wanted = []
        for ob in (query.order_by if query is not None else []):
            names = [n for n in visible if n == ob.field or (specs[n].kind == "measure" and specs[n].metric == ob.field
                                                              and not specs[n].depends_on)]
            wanted += [(n, ob.descending) for n in names[-1:]]  # a year comparison ranks by the later year
        sort_measures = [n for n, _desc in wanted if specs[n].kind == "measure"]
        moved = False
        if wanted:
            first = [r for r in by_dims if not any((r, m) in supp for m in sort_measures)]
            last = [r for r in by_dims if any((r, m) in supp for m in sort_measures)]
            for name, desc in reversed(wanted):  # stable sorts, last key first
                first.sort(key=lambda r: _sort_key(table[r][pos[name]]), reverse=desc)
                if any(_sort_key(table[r][pos[name]])[0] == 2 for r in first):  # NULLs last either way
                    first.sort(key=lambda r: table[r][pos[name]] is None)
            moved = bool(last)
            order = first + last
        else:
            order = list(range(len(table)))  # the compiled query's own order (by its dimensions)
        unjudged = 0
        for cond in (query.conditions if query is not None else []):
            # a row is kept on its shown value; a row whose value is withheld goes whatever it holds
            names = [n for n in visible if specs[n].kind == "measure" and specs[n].metric == cond.metric
                     and not specs[n].depends_on][-1:]
            for name in names:
                unjudged += sum(1 for r in order if (r, name) in supp or table[r][pos[name]] is None)
                order = [r for r in order if (r, name) not in supp and table[r][pos[name]] is not None
                         and _meets(float(table[r][pos[name]]), cond.op, cond.value)]
        limit = query.limit if query is not None else None
        cut = 0
        if limit:
            withheld = set(last) if moved else set()
            if wanted and not wanted[0][1]:  # lowest first: the rows withheld may be the lowest (said, not shown)
                cut = sum(1 for r in order[limit:] if r in withheld)
            moved = any(r in withheld for r in order[:limit])
            order = order[:limit]
        out_rows: list[list[Any]] = []
        coords: list[list[int]] = []
        for new_r, r in enumerate(order):
            row = []
            for j, name in enumerate(visible):
                if (r, name) in supp:
                    row.append(None)
                    coords.append([new_r, j])
                else:
                    row.append(table[r][pos[name]])
            out_rows.append(row)

        reasons = set(supp.values())
        units = {specs[m].counting_unit for (_, m) in supp if specs[m].counting_unit}
        if len(units) == 1:
            plural, singular = _UNIT_WORDS[units.pop()]
        elif units:
            plural, singular = "personen of huishoudens", "persoon of huishouden"
        else:
            plural, singular = _UNIT_WORDS["persoon"]
        notices: list[str] = []
        if reasons & {"primary", "derived", "secondary"}:
            notices.append(_REASONS["primary"].format(k=self.k, units=plural))
        if "narrowed" in reasons:
            notices.append(_REASONS["narrowed"].format(k=self.k, units=plural))
        if "left_out" in reasons:
            notices.append(_REASONS["left_out"].format(k=self.k, units=plural))
        if "age_bound" in reasons:
            notices.append(_REASONS["age_bound"].format(k=self.k, units=plural,
                                                        classes=", ".join(compiled.age_cut)))
        if "dominance" in reasons:
            notices.append(_REASONS["dominance"].format(unit=singular, pct=round(self.dominance * 100)))
        if "differencing" in reasons:
            notices.append(_REASONS["differencing"].format(k=self.k, units=plural))
        if "unknown" in reasons:
            notices.append(_REASONS["unknown"])
        if "population" in reasons:
            notices.append(_REASONS["population"].format(k=self.k))
        if moved:
            notices.append(_REASONS["order"])
        if cut:
            notices.append(_REASONS["order_cut"].format(limit=limit, n=cut))
        if unjudged:
            notices.append(_REASONS["unjudged"].format(n=unjudged))

        guarded = [(r, m) for r in range(len(table)) for m in measures if specs[m].counting_unit is not None]
        shown = [
            (r, m) for (r, m) in guarded if (r, m) not in supp and table[r][pos[m]] is not None
        ]
        status = "suppressed" if supp and not shown and any(k in supp for k in guarded) else "answered"
        return GuardResult(columns=visible, rows=out_rows, suppressed=coords, notices=notices, status=status)
