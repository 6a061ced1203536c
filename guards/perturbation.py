"""The cell key method (ABS TableBuilder; sdcTools ``cellKey``): perturbation as a pure function.

Every counting unit (person, household, provision) and every cost record has a fixed random record
key, an integer in [0, KEY_SPACE) stored in the restricted table ``record_sleutel``. The compiler sums
the keys of a cell's units inside the same SQL that counts them; the cell key is the fractional part
of that sum (``(sum mod KEY_SPACE) / KEY_SPACE``). The released value depends only on the cell's true
value, its cell key and the published parameters below: the same cell gives the same value to every
user, in every process, always, and two cells that differ by one resident differ by noise, not by
that resident.

Counts: the deviation is looked up in the perturbation table by (count, cell key). For a count n the
row holds deviations -D..D with the probabilities in ``PROBABILITIES`` (mean 0, variance V); the cell
key falls in one interval of the cumulative probabilities, which gives the deviation. Rows for counts
n <= D drop deviations that would release 0 or less and give their mass to 0 (those counts are below
the minimum cell size k > D and are never released; the rows exist so the table is total).

Money (and other magnitudes, such as summed durations): the released total is
``total + m * top * v`` with ``top`` the largest single contribution to the cell and ``v`` in
[-1, -v_min] or [v_min, 1], read from the cell key. A difference between two cost totals therefore
carries noise of the order of the largest contribution, so one person's amount never comes out
exactly; with the dominance rule (top <= 50% of the total) the relative error of a released total is
at most m/2.

Derived figures (rates, shares, per-client costs, averages, changes) are computed from the perturbed
parts, never from the true ones.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["KEY_SPACE", "CellKeyPerturbation", "cell_key", "for_max_deviation"]

KEY_SPACE = 2**32

# Deviation -2, -1, 0, +1, +2 for every count above D: mean 0, variance 1.42. Chosen so that a single
# released count is within 2 of the truth (useful for policy), while two cells that differ by one unit
# coincide in their deviations with probability sum(p^2) = 0.22 only.
PROBABILITIES = (0.12, 0.23, 0.30, 0.23, 0.12)

# Cell keys of the same units would give correlated noise to the two parts of one derived figure
# (the duration total and the row count of an average): each part reads its own shifted key.
_SHIFT = {"count": 0.0, "magnitude": 0.5 ** 0.5}


def cell_key(key_sum: int | float | None) -> float:
    """The cell key in [0, 1) from the sum of the cell's record keys (an integer from SQL)."""
    if key_sum is None:
        return 0.0
    return (int(key_sum) % KEY_SPACE) / KEY_SPACE


@dataclass(frozen=True)
class CellKeyPerturbation:
    """The published parameters: maximum deviation D, the probabilities of -D..D, the money magnitude m
    and the smallest relative money noise v_min."""

    max_deviation: int = 2
    probabilities: tuple[float, ...] = PROBABILITIES
    money_magnitude: float = 0.1
    money_min_share: float = 0.5
    _rows: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.probabilities) != 2 * self.max_deviation + 1:
            raise ValueError("er moeten 2D+1 kansen zijn (afwijking -D tot en met D)")
        if abs(sum(self.probabilities) - 1.0) > 1e-9 or min(self.probabilities) < 0:
            raise ValueError("de kansen van de perturbatietabel moeten samen 1 zijn")

    @cached_property
    def variance(self) -> float:
        d = self.max_deviation
        mean = sum(p * j for p, j in zip(self.probabilities, range(-d, d + 1)))
        return sum(p * (j - mean) ** 2 for p, j in zip(self.probabilities, range(-d, d + 1)))

    @property
    def coincidence(self) -> float:
        """Probability that two independent cells get the same deviation (sum of p squared)."""
        return sum(p * p for p in self.probabilities)

    def row(self, count: int) -> tuple[list[int], list[float]]:
        """The perturbation table's row for ``count``: deviations and their cumulative upper bounds."""
        n = min(int(count), self.max_deviation + 1)
        cached = self._rows.get(n)
        if cached is not None:
            return cached
        d = self.max_deviation
        deviations, masses = [], []
        moved = 0.0
        for j, p in zip(range(-d, d + 1), self.probabilities):
            if n + j < 1 and j < 0:
                moved += p
                continue
            deviations.append(j)
            masses.append(p)
        masses[deviations.index(0)] += moved
        bounds, acc = [], 0.0
        for p in masses:
            acc += p
            bounds.append(acc)
        bounds[-1] = 1.0
        self._rows[n] = (deviations, bounds)
        return deviations, bounds

    def deviation(self, count: int, key: float) -> int:
        if count <= 0:
            return 0
        deviations, bounds = self.row(count)
        return deviations[min(bisect_right(bounds, key), len(deviations) - 1)]

    def count(self, count: int | None, key_sum: int | float | None) -> int | None:
        """The released value of a count with this key sum."""
        if count is None:
            return None
        n = int(count)
        return n + self.deviation(n, _shifted(cell_key(key_sum), "count"))

    def magnitude(self, total: float | None, top: float | None, key_sum: int | float | None) -> float | None:
        """The released value of a total (euros, days) whose largest single contribution is ``top``."""
        if total is None:
            return None
        if not top:
            return float(total)
        u = _shifted(cell_key(key_sum), "magnitude")
        sign = -1.0 if u < 0.5 else 1.0
        share = self.money_min_share + (1.0 - self.money_min_share) * ((u * 2.0) % 1.0)
        return float(total) + sign * self.money_magnitude * abs(float(top)) * share

    def describe(self) -> dict:
        """The parameters as published in every answer (JSON field ``protection``)."""
        return {"method": "celsleutelmethode (cell key method)", "max_deviation": self.max_deviation}


def for_max_deviation(max_deviation: int) -> CellKeyPerturbation:
    """The published table for D = 2; for another D a symmetric table with weights D + 1.5 - |j|."""
    if max_deviation == 2:
        return CellKeyPerturbation()
    weights = [max_deviation + 1.5 - abs(j) for j in range(-max_deviation, max_deviation + 1)]
    total = sum(weights)
    return CellKeyPerturbation(max_deviation=max_deviation, probabilities=tuple(w / total for w in weights))


def _shifted(key: float, part: str) -> float:
    return math.fmod(key + _SHIFT[part], 1.0)
