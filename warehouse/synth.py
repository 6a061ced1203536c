"""Synthetic municipal microdata (persons, households, provisions, costs), one gemeente at a time.

Everything is vectorised with a seeded numpy Generator. The 2021 figures per wijk reproduce CBS 2021
exactly: for each calibrated stream (Wmo, Bijstand levensonderhoud, Jeugdwet 0-17) the persons are split
into a 2021 stock (a primary spell that overlaps 2021), an earlier group (spells ending in 2019-2020)
and a later group (spells starting in 2022-2024). Further provisions of the same stream are nested in
the primary spell, so they never add a person to 2021. Other years follow an inflow that trends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warehouse.profiles import LEEFTIJDSKLASSEN

FIRST_YEAR, LAST_YEAR = 2019, 2024
CAL_YEAR = 2021


def day(year, month: int = 1, dom: int = 1):
    """Day number since 1970-01-01: of 1 January of `year` (scalar or array), or of a scalar date."""
    if np.ndim(year) == 0:
        return int(np.datetime64(f"{int(year):04d}-{month:02d}-{dom:02d}", "D").astype(np.int64))
    if (month, dom) != (1, 1):
        raise ValueError("only 1 January is vectorised")
    years = np.asarray(year, dtype=np.int64)
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


H_START = day(FIRST_YEAR)
H_END = day(LAST_YEAR, 12, 31)
CAL_START = day(CAL_YEAR)
CAL_END = day(CAL_YEAR, 12, 31)


@dataclass(frozen=True)
class Soort:
    wet: str
    soort: str
    taakveld: str
    duur_mediaan: float  # days
    duur_sigma: float
    kosten_mediaan: float  # euro per year, or per provision when eenmalig
    kosten_sigma: float
    eenmalig: bool = False


SOORTEN: tuple[Soort, ...] = (
    Soort("Wmo", "Hulp bij het huishouden", "6.71", 900, 0.8, 3800, 0.35),
    Soort("Wmo", "Begeleiding", "6.71", 600, 0.8, 9500, 0.45),
    Soort("Wmo", "Dagbesteding", "6.71", 800, 0.7, 11000, 0.4),
    Soort("Wmo", "Hulpmiddelen", "6.6", 1800, 0.6, 1400, 0.6),
    Soort("Wmo", "Woningaanpassing", "6.6", 60, 0.5, 6000, 0.9, True),
    Soort("Wmo", "Vervoersvoorziening", "6.6", 1500, 0.6, 1100, 0.5),
    Soort("Wmo", "Beschermd wonen", "6.81", 1000, 0.6, 64000, 0.13),
    Soort("Wmo", "Maatschappelijke opvang", "6.81", 180, 0.8, 32000, 0.3),
    Soort("Jeugdwet", "Jeugdhulp zonder verblijf", "6.72", 330, 0.7, 6500, 0.6),
    Soort("Jeugdwet", "Jeugdhulp met verblijf", "6.72", 480, 0.6, 62000, 0.35),
    Soort("Jeugdwet", "Pleegzorg", "6.72", 1100, 0.7, 16000, 0.3),
    Soort("Jeugdwet", "Jeugdbescherming", "6.82", 500, 0.35, 12000, 0.3),
    Soort("Jeugdwet", "Jeugdreclassering", "6.82", 270, 0.4, 8500, 0.3),
    Soort("Participatiewet", "Bijstand levensonderhoud", "6.3", 1100, 0.9, 15500, 0.05),
    Soort("Participatiewet", "Bijzondere bijstand", "6.3", 30, 0.5, 650, 0.8, True),
    Soort("Participatiewet", "Re-integratie", "6.5", 365, 0.5, 4500, 0.5),
    Soort("Schuldhulpverlening", "Schuldhulpverlening", "6.3", 540, 0.6, 2500, 0.5),
)
SOORT_INDEX = {s.soort: i for i, s in enumerate(SOORTEN)}
TAAKVELDEN = {
    "6.3": "Inkomensregelingen",
    "6.5": "Arbeidsparticipatie",
    "6.6": "Maatwerkvoorzieningen (Wmo)",
    "6.71": "Maatwerkdienstverlening 18+",
    "6.72": "Maatwerkdienstverlening 18-",
    "6.81": "Geëscaleerde zorg 18+",
    "6.82": "Geëscaleerde zorg 18-",
}
_DUR_MED = np.array([s.duur_mediaan for s in SOORTEN])
_DUR_SIG = np.array([s.duur_sigma for s in SOORTEN])
_COST_MED = np.array([s.kosten_mediaan for s in SOORTEN])
_COST_SIG = np.array([s.kosten_sigma for s in SOORTEN])
_ONE_OFF = np.array([s.eenmalig for s in SOORTEN])
_MEAN_DAYS = _DUR_MED * np.exp(_DUR_SIG**2 / 2.0)
COST_INDEX = 1.035  # yearly price index of tariffs

# Wmo primary soort of new clients (inflow) by age class (18-64, 65-74, 75+), in SOORTEN order (first 8)
WMO_MIX = np.array(
    [
        [0.12, 0.35, 0.15, 0.12, 0.04, 0.06, 0.09, 0.07],
        [0.30, 0.12, 0.08, 0.25, 0.08, 0.14, 0.02, 0.01],
        [0.38, 0.06, 0.05, 0.27, 0.08, 0.15, 0.01, 0.00],
    ]
)
# Jeugdwet primary soort of new clients: zonder verblijf, met verblijf, pleegzorg, jeugdbescherming, jeugdreclassering
JEUGD_MIX_YOUNG = np.array([0.72, 0.08, 0.09, 0.11, 0.0])  # under 12
JEUGD_MIX_OLD = np.array([0.66, 0.11, 0.05, 0.10, 0.08])  # 12 and older
# inflow relative to 2021, per year 2019..2024 (2021 = 1)
TREND = {
    "wmo": {2019: 0.92, 2020: 0.95, 2022: 1.05, 2023: 1.09, 2024: 1.13},
    # after 2021 bijstand and jeugd also follow each wijk's later CBS figure (profiles: inflow_*)
    "bijstand": {2019: 1.06, 2020: 1.05, 2022: 1.0, 2023: 1.0, 2024: 1.0},
    # jeugd: the inflow also replaces the 17-year-olds who age out of the 0-17 count each year
    "jeugd": {2019: 0.97, 2020: 0.99, 2022: 1.1, 2023: 1.1, 2024: 1.1},
}
WMO_AGE = np.array([0.05, 0.30, 0.17, 0.48])  # 18-26, 27-64, 65-74, 75+ of Wmo clients


def stock_mix(flow_mix: np.ndarray, first: int) -> np.ndarray:
    """Soort mix of clients running in a year: the inflow mix weighted by how long each soort lasts."""
    w = flow_mix * (_MEAN_DAYS[first : first + flow_mix.shape[-1]] + 365.0)
    return w / w.sum(axis=-1, keepdims=True)


def years_active_per_start(flow_mix: np.ndarray, first: int) -> float:
    """Expected number of calendar years a new client is counted in (stock = inflow x this)."""
    return float((flow_mix * (_MEAN_DAYS[first : first + flow_mix.shape[-1]] / 365.0 + 1.0)).sum())


WMO_STOCK_MIX = stock_mix(WMO_MIX, 0)
JEUGD_FIRST = 8
JEUGD_STOCK_YOUNG = stock_mix(JEUGD_MIX_YOUNG, JEUGD_FIRST)
JEUGD_STOCK_OLD = stock_mix(JEUGD_MIX_OLD, JEUGD_FIRST)
YEARS_PER_START = {
    "wmo": float(np.dot([WMO_AGE[0] + WMO_AGE[1], WMO_AGE[2], WMO_AGE[3]], [years_active_per_start(m, 0) for m in WMO_MIX])),
    "bijstand": float(_MEAN_DAYS[13] / 365.0 + 1.0),
    "jeugd": 0.3 * years_active_per_start(JEUGD_MIX_YOUNG, JEUGD_FIRST) + 0.7 * years_active_per_start(JEUGD_MIX_OLD, JEUGD_FIRST),
}


def lognormal_days(rng: np.random.Generator, soort_idx: np.ndarray) -> np.ndarray:
    d = rng.lognormal(np.log(_DUR_MED[soort_idx]), _DUR_SIG[soort_idx])
    return np.maximum(np.round(d), 7).astype(np.int64)


def length_biased_days(rng: np.random.Generator, soort_idx: np.ndarray, k: int = 24) -> np.ndarray:
    """Durations of spells seen in a stock: long spells are proportionally more likely to be running."""
    cand = np.stack([lognormal_days(rng, soort_idx) for _ in range(k)], axis=1)
    w = cand + 365.0
    cum = np.cumsum(w, axis=1)
    pick = (rng.random(len(soort_idx)) * cum[:, -1])[:, None] < cum
    return cand[np.arange(len(soort_idx)), pick.argmax(axis=1)]


def pick_in_group(rng: np.random.Generator, src_group: np.ndarray, cand_group: np.ndarray) -> np.ndarray:
    """For every source, a random candidate index with the same group (-1 when the group has none)."""
    if len(src_group) == 0:
        return np.empty(0, dtype=np.int64)
    if len(cand_group) == 0:
        return np.full(len(src_group), -1, dtype=np.int64)
    order = np.argsort(cand_group, kind="stable")
    ngroups = int(max(src_group.max(), cand_group.max())) + 1
    counts = np.bincount(cand_group, minlength=ngroups)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    n = counts[src_group]
    pos = offsets[src_group] + np.floor(rng.random(len(src_group)) * np.maximum(n, 1)).astype(np.int64)
    return np.where(n > 0, order[np.minimum(pos, len(order) - 1)], -1)


def rank_in_group(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """A random rank 0..n-1 of every element within its group."""
    key = rng.random(len(group))
    order = np.lexsort((key, group))
    sorted_groups = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(group)]))
    ranks = np.empty(len(group), dtype=np.int64)
    ranks[order] = np.arange(len(group)) - run_start
    return ranks


class PersonPool:
    """Grows the persons of one chunk: wijk index, geboortejaar, birth day, gender."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self.size = 0

    def add(self, rng: np.random.Generator, wijk: np.ndarray, geboortejaar: np.ndarray, p_man: float | np.ndarray) -> np.ndarray:
        n = len(wijk)
        geb = np.asarray(geboortejaar, dtype=np.int64)
        leap = ((geb % 4 == 0) & (geb % 100 != 0)) | (geb % 400 == 0)
        birth = day(geb) + np.floor(rng.random(n) * np.where(leap, 366, 365)).astype(np.int64)
        man = rng.random(n) < p_man
        self.parts.append((wijk.astype(np.int64), geb, birth, man))
        ids = np.arange(self.size, self.size + n)
        self.size += n
        return ids

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self.parts:
            return tuple(np.empty(0, dtype=np.int64) for _ in range(4))
        return tuple(np.concatenate([p[i] for p in self.parts]) for i in range(4))


def memberships(
    rng: np.random.Generator, stock: np.ndarray, stream: str, later_scale: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per wijk: the 2021 stock plus earlier (ending 2019-2020) and later (starting 2022-2024) groups.

    `later_scale` (per wijk) multiplies the inflow after 2021, e.g. to follow a later CBS figure.
    Returns (wijk index, window: 0 stock / 1 earlier / 2 later, reference year) per membership.
    """
    lam = stock / YEARS_PER_START[stream]
    wijk_parts, window_parts, year_parts = [np.repeat(np.arange(len(stock)), stock)], [np.zeros(stock.sum(), np.int64)], [
        np.full(stock.sum(), CAL_YEAR, np.int64)
    ]
    for year, factor in TREND[stream].items():
        scale = later_scale if (later_scale is not None and year > CAL_YEAR) else 1.0
        counts = rng.poisson(lam * factor * scale)
        wijk_parts.append(np.repeat(np.arange(len(stock)), counts))
        window_parts.append(np.full(counts.sum(), 1 if year < CAL_YEAR else 2, np.int64))
        year_parts.append(np.full(counts.sum(), year, np.int64))
    return np.concatenate(wijk_parts), np.concatenate(window_parts), np.concatenate(year_parts)


def primary_spells(
    rng: np.random.Generator, soort_idx: np.ndarray, window: np.ndarray, ref_year: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) days of primary spells: stock spells overlap 2021, the others keep away from it."""
    n = len(soort_idx)
    dur = np.where(window == 0, length_biased_days(rng, soort_idx), lognormal_days(rng, soort_idx))
    u = rng.random(n)
    year_start = day(ref_year)
    year_len = day(ref_year + 1) - year_start
    stock_start = CAL_START - dur + np.floor(u * (dur + (CAL_END - CAL_START) + 1)).astype(np.int64)
    earlier_end = year_start + np.floor(u * year_len).astype(np.int64)
    later_start = year_start + np.floor(u * year_len).astype(np.int64)
    start = np.select([window == 0, window == 1], [stock_start, earlier_end - dur], later_start)
    end = np.select([window == 0, window == 1], [stock_start + dur, earlier_end], later_start + dur)
    return start, end


@dataclass
class Chunk:
    persoon: pd.DataFrame
    voorziening: pd.DataFrame
    kosten: pd.DataFrame
    birth_days: np.ndarray  # per persoon row: geboortedatum as day number


def generate(
    profiles: pd.DataFrame, seed: int, chunk_no: int, person_offset: int, household_offset: int, voorziening_offset: int
) -> Chunk:
    """Microdata for the wijken in `profiles` (one gemeente), ids starting at the given offsets."""
    rng = np.random.default_rng([seed, 7_919, chunk_no])
    wijk_codes = profiles.index.to_numpy(dtype=object)
    pool = PersonPool()
    spells_person: list[np.ndarray] = []
    spells_soort: list[np.ndarray] = []
    spells_start: list[np.ndarray] = []
    spells_end: list[np.ndarray] = []

    def add_spells(person, soort, start, end):
        spells_person.append(np.asarray(person, np.int64))
        spells_soort.append(np.asarray(soort, np.int64))
        spells_start.append(np.asarray(start, np.int64))
        spells_end.append(np.asarray(end, np.int64))

    # --- Participatiewet: Bijstand levensonderhoud (calibrated) --------------------------------------
    b_wijk, b_window, b_year = memberships(
        rng, profiles["target_bijstand"].to_numpy(np.int64), "bijstand", profiles["inflow_bijstand"].to_numpy(np.float64)
    )
    b_age = np.clip(np.round(rng.triangular(18, 44, 67, len(b_wijk))), 18, 66).astype(np.int64)
    b_person = pool.add(rng, b_wijk, b_year - b_age, 0.45)
    b_soort = np.full(len(b_wijk), SOORT_INDEX["Bijstand levensonderhoud"])
    b_start, b_end = primary_spells(rng, b_soort, b_window, b_year)
    _, b_geb, _, _ = pool.arrays()
    b_start = np.maximum(b_start, day(b_geb[b_person] + 18))  # adults only; keeps 2021 overlap (age >= 18)
    aow = day(b_geb[b_person] + 67)
    b_end = np.where((b_end > aow) & (aow > b_start) & ((b_window != 0) | (aow >= CAL_START)), aow, b_end)
    add_spells(b_person, b_soort, b_start, b_end)

    # --- Wmo (calibrated); 10% of the memberships are existing bijstand clients ----------------------
    w_wijk, w_window, w_year = memberships(rng, profiles["target_wmo"].to_numpy(np.int64), "wmo")
    n_w = len(w_wijk)
    reuse_want = rng.random(n_w) < 0.10
    w_rank = rank_in_group(rng, w_wijk)
    # only bijstand clients who are adults in every year of the data can also be Wmo clients
    eligible = b_geb[b_person] <= FIRST_YEAR - 18
    e_person, e_wijk = b_person[eligible], b_wijk[eligible]
    e_rank = rank_in_group(rng, e_wijk)
    reuse_count = np.bincount(w_wijk[reuse_want], minlength=len(profiles))
    reuse_count = np.minimum(reuse_count, np.bincount(e_wijk, minlength=len(profiles)))
    reuse = w_rank < reuse_count[w_wijk]
    # the eligible bijstand client with the same rank in the same wijk (distinct by construction)
    e_key = e_wijk * (len(b_wijk) + 1) + e_rank
    w_key = w_wijk * (len(b_wijk) + 1) + w_rank
    e_sorted = np.argsort(e_key)
    w_person = np.empty(n_w, dtype=np.int64)
    if reuse.any():
        w_person[reuse] = e_person[e_sorted[np.searchsorted(e_key[e_sorted], w_key[reuse])]]
    fresh = ~reuse
    age_cls = rng.choice(4, size=fresh.sum(), p=WMO_AGE)
    lo = np.array([18, 27, 65, 75])[age_cls]
    hi = np.array([26, 64, 74, 100])[age_cls]
    fresh_age = np.where(
        age_cls == 3,
        np.minimum(75 + np.floor(rng.exponential(8.0, fresh.sum())), 102),
        lo + np.floor(rng.random(fresh.sum()) * (hi - lo + 1)),
    ).astype(np.int64)
    p_man = np.where(age_cls == 3, 0.35, 0.45)
    w_person[fresh] = pool.add(rng, w_wijk[fresh], w_year[fresh] - fresh_age, p_man)
    _, geb, _, _ = pool.arrays()
    w_age = w_year - geb[w_person]
    w_cls = np.where(w_age >= 75, 2, np.where(w_age >= 65, 1, 0))  # 18-64, 65-74, 75+
    cum = np.cumsum(WMO_MIX, axis=1)
    cum_stock = np.cumsum(WMO_STOCK_MIX, axis=1)
    w_cum = np.where((w_window == 0)[:, None], cum_stock[w_cls], cum[w_cls])
    w_soort = np.minimum((rng.random(n_w)[:, None] > w_cum).sum(axis=1), 7)
    w_start, w_end = primary_spells(rng, w_soort, w_window, w_year)
    w_start = np.maximum(w_start, day(geb[w_person] + 18))  # Wmo is for adults; keeps 2021 overlap (age >= 18)
    add_spells(w_person, w_soort, w_start, w_end)
    # second and third Wmo provisions, nested in the primary spell
    for p_extra in (0.35, 0.10):
        has = rng.random(n_w) < p_extra
        s2 = np.minimum((rng.random(has.sum())[:, None] > cum[w_cls[has]]).sum(axis=1), 7)
        add_nested(rng, add_spells, w_person[has], s2, w_start[has], w_end[has])

    # --- Jeugdwet (calibrated for ages 0-17 in 2021) ---------------------------------------------------
    j_stock = profiles["target_jeugd"].to_numpy(np.int64)
    j_wijk, j_window, j_year = memberships(rng, j_stock, "jeugd", profiles["inflow_jeugd"].to_numpy(np.float64))
    young = rng.random(len(j_wijk)) < 0.3
    j_age = np.where(young, np.floor(rng.random(len(j_wijk)) * 12), 12 + np.floor(rng.random(len(j_wijk)) * 6)).astype(np.int64)
    j_age = np.where(j_window == 1, np.maximum(j_age, 1), j_age)  # an earlier spell ends after birth
    j18 = profiles["target_jeugd_18_22"].to_numpy(np.int64)
    j_wijk = np.concatenate([j_wijk, np.repeat(np.arange(len(profiles)), j18)])
    j_window = np.concatenate([j_window, np.zeros(j18.sum(), np.int64)])
    j_year = np.concatenate([j_year, np.full(j18.sum(), CAL_YEAR, np.int64)])
    j_age = np.concatenate([j_age, 18 + np.floor(rng.random(j18.sum()) * 5).astype(np.int64)])
    j_person = pool.add(rng, j_wijk, j_year - j_age, 0.57)
    mix = np.where(
        (j_window == 0)[:, None],
        np.where((j_age < 12)[:, None], JEUGD_STOCK_YOUNG[None, :], JEUGD_STOCK_OLD[None, :]),
        np.where((j_age < 12)[:, None], JEUGD_MIX_YOUNG[None, :], JEUGD_MIX_OLD[None, :]),
    )
    j_soort = SOORT_INDEX["Jeugdhulp zonder verblijf"] + (rng.random(len(j_wijk))[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    j_soort = np.minimum(j_soort, SOORT_INDEX["Jeugdreclassering"])
    j_start, j_end = primary_spells(rng, j_soort, j_window, j_year)
    _, geb, birth, _ = pool.arrays()
    j_birth = birth[j_person]
    j_start = np.maximum(j_start, j_birth)
    j_end = np.where(j_window == 1, np.maximum(j_end, j_start + 1), np.maximum(j_end, j_start + 30))
    add_spells(j_person, j_soort, j_start, j_end)
    # jeugdbescherming often comes with placement; other children sometimes get a second kind of help
    jb = j_soort == SOORT_INDEX["Jeugdbescherming"]
    extra = np.where(jb, rng.random(len(j_soort)) < 0.45, rng.random(len(j_soort)) < 0.12)
    extra_soort = np.where(
        jb[extra],
        rng.choice(
            [SOORT_INDEX["Jeugdhulp met verblijf"], SOORT_INDEX["Pleegzorg"], SOORT_INDEX["Jeugdhulp zonder verblijf"]],
            size=extra.sum(),
            p=[0.4, 0.35, 0.25],
        ),
        SOORT_INDEX["Jeugdhulp zonder verblijf"],
    )
    add_nested(rng, add_spells, j_person[extra], extra_soort, j_start[extra], j_end[extra])

    # --- other provisions: not calibrated ------------------------------------------------------------
    b_unique = b_person  # one membership per bijstand person
    n_b = len(b_unique)
    bb = rng.random(n_b) < 0.40
    for _ in range(2):
        add_nested(rng, add_spells, b_unique[bb], np.full(bb.sum(), SOORT_INDEX["Bijzondere bijstand"]), b_start[bb], b_end[bb])
        bb = bb & (rng.random(n_b) < 0.4)
    reint = (rng.random(n_b) < 0.30) & ((b_year - b_age) >= 1962)
    add_nested(rng, add_spells, b_unique[reint], np.full(reint.sum(), SOORT_INDEX["Re-integratie"]), b_start[reint], b_end[reint])
    shv = rng.random(n_b) < 0.12
    add_nested(rng, add_spells, b_unique[shv], np.full(shv.sum(), SOORT_INDEX["Schuldhulpverlening"]), b_start[shv], b_end[shv])
    # residents known only for debt help or special assistance
    base = profiles["target_bijstand"].to_numpy(np.float64) + 0.02 * profiles["inw_2021"].to_numpy(np.float64)
    for soort, share in (("Schuldhulpverlening", 0.30), ("Bijzondere bijstand", 0.25)):
        counts = rng.poisson(base * share)
        o_wijk = np.repeat(np.arange(len(profiles)), counts)
        o_age = np.round(rng.triangular(19, 40, 85, len(o_wijk))).astype(np.int64)
        o_person = pool.add(rng, o_wijk, CAL_YEAR - o_age, 0.48)
        o_soort = np.full(len(o_wijk), SOORT_INDEX[soort])
        o_dur = lognormal_days(rng, o_soort)
        # spells overlapping 2019-2024, as in a steady flow: start uniform in [2019-01-01 - duration, 2024-12-31]
        o_start = H_START - o_dur + np.floor(rng.random(len(o_wijk)) * (H_END - H_START + o_dur + 1)).astype(np.int64)
        o_start = np.maximum(o_start, day(CAL_YEAR - o_age + 18))
        o_end = np.maximum(o_start + o_dur, H_START)
        add_spells(o_person, o_soort, o_start, o_end)

    wijk_idx, geb, birth, man = pool.arrays()
    n_p = pool.size

    # --- households -----------------------------------------------------------------------------------
    hh = np.arange(n_p, dtype=np.int64)
    age21 = CAL_YEAR - geb
    is_child = np.zeros(n_p, bool)
    is_child[j_person] = True
    is_child &= age21 <= 22
    adult_ok = (~is_child) & (age21 >= 23) & (age21 <= 58)
    children = np.flatnonzero(is_child & (age21 <= 17))
    attach = children[rng.random(len(children)) < 0.40]
    adults = np.flatnonzero(adult_ok)
    parent = pick_in_group(rng, wijk_idx[attach], wijk_idx[adults])
    ok = parent >= 0
    hh[attach[ok]] = hh[adults[parent[ok]]]
    # siblings: some children without a known parent share a household with another such child
    loose = np.setdiff1d(children, attach[ok])
    joiners_mask = rng.random(len(loose)) < 0.25
    joiners, stayers = loose[joiners_mask], loose[~joiners_mask]
    sib = pick_in_group(rng, wijk_idx[joiners], wijk_idx[stayers])
    ok = sib >= 0
    hh[joiners[ok]] = hh[stayers[sib[ok]]]
    # elderly couples
    old = np.flatnonzero((~is_child) & (age21 >= 70))
    old_join = rng.random(len(old)) < 0.20
    partner = pick_in_group(rng, wijk_idx[old[old_join]], wijk_idx[old[~old_join]])
    ok = partner >= 0
    hh[old[old_join][ok]] = hh[old[~old_join][partner[ok]]]
    # partners of bijstand clients among the residents known for debt help
    other = np.flatnonzero((~is_child) & (age21 >= 20) & (age21 < 67))
    other = other[~np.isin(other, b_person)]
    oj = other[rng.random(len(other)) < 0.20]
    bp = pick_in_group(rng, wijk_idx[oj], wijk_idx[b_person])
    ok = bp >= 0
    hh[oj[ok]] = hh[b_person[bp[ok]]]

    # --- ids (pseudonyms: shuffled within the chunk) ---------------------------------------------------
    person_ids = person_offset + rng.permutation(n_p).astype(np.int64)
    uniq_hh, hh_inv = np.unique(hh, return_inverse=True)
    hh_ids = household_offset + rng.permutation(len(uniq_hh)).astype(np.int64)
    person_hh = hh_ids[hh_inv]
    p_order = np.argsort(person_ids)
    persoon = pd.DataFrame(
        {
            "persoon_id": person_ids[p_order],
            "huishouden_id": person_hh[p_order],
            "geboortejaar": geb[p_order].astype(np.int32),
            "geslacht": np.where(man[p_order], "man", "vrouw"),
            "wijk_code": wijk_codes[wijk_idx[p_order]],
        }
    )

    # --- provisions -----------------------------------------------------------------------------------
    sp = np.concatenate(spells_person)
    ss = np.concatenate(spells_soort)
    st = np.concatenate(spells_start)
    en = np.concatenate(spells_end)
    en = np.maximum(en, st)
    keep = (en >= H_START) & (st <= H_END)
    sp, ss, st, en = sp[keep], ss[keep], st[keep], en[keep]
    running = en > H_END
    order = np.lexsort((ss, st, person_ids[sp]))
    sp, ss, st, en, running = sp[order], ss[order], st[order], en[order], running[order]
    n_v = len(sp)
    v_ids = voorziening_offset + np.arange(n_v, dtype=np.int64)
    wet = np.array([s.wet for s in SOORTEN], dtype=object)
    naam = np.array([s.soort for s in SOORTEN], dtype=object)
    taakveld = np.array([s.taakveld for s in SOORTEN], dtype=object)
    voorziening = pd.DataFrame(
        {
            "voorziening_id": v_ids,
            "persoon_id": person_ids[sp],
            "huishouden_id": person_hh[sp],
            "wijk_code": wijk_codes[wijk_idx[sp]],
            "wet": wet[ss],
            "soort": naam[ss],
            "taakveld": taakveld[ss],
            "startdatum": st.astype("datetime64[D]"),
            "einddatum": np.where(running, np.datetime64("NaT"), en.astype("datetime64[D]")),
        }
    )

    # --- costs per provision per year ------------------------------------------------------------------
    annual = rng.lognormal(np.log(_COST_MED[ss]), _COST_SIG[ss])
    first = np.maximum(year_of(st), FIRST_YEAR)
    last = np.minimum(np.where(running, LAST_YEAR, year_of(np.minimum(en, H_END))), LAST_YEAR)
    one_off = _ONE_OFF[ss]
    last = np.where(one_off, first, last)
    has_cost = (last >= first) & ~(one_off & (year_of(st) < FIRST_YEAR))
    nyears = np.where(has_cost, last - first + 1, 0)
    k_v = np.repeat(np.arange(n_v), nyears)
    k_year = np.repeat(first, nyears) + (np.arange(nyears.sum()) - np.repeat(np.cumsum(nyears) - nyears, nyears))
    y0, y1 = day(k_year), day(k_year + 1) - 1
    overlap = np.minimum(np.where(running[k_v], y1, en[k_v]), y1) - np.maximum(st[k_v], y0) + 1
    frac = np.clip(overlap / (y1 - y0 + 1.0), 0.0, 1.0)
    amount = np.where(one_off[k_v], annual[k_v], annual[k_v] * frac) * COST_INDEX ** (k_year - CAL_YEAR)
    amount = np.round(np.maximum(amount, 1.0), 2)
    kosten = pd.DataFrame({"voorziening_id": v_ids[k_v], "jaar": k_year.astype(np.int32), "bedrag": amount})
    return Chunk(persoon=persoon, voorziening=voorziening, kosten=kosten, birth_days=birth[p_order])


def add_nested(rng, add_spells, person, soort, p_start, p_end) -> None:
    """Provisions inside a primary spell [p_start, p_end] (p_end is the planned end, also past the horizon).

    Provisions that fall outside 2019-2024 are dropped later, like the records a municipality no longer holds.
    """
    if len(person) == 0:
        return
    lo = np.maximum(p_start, np.minimum(p_end, H_START - 365))
    start = lo + np.floor(rng.random(len(person)) * (p_end - lo + 1)).astype(np.int64)
    end = np.minimum(start + lognormal_days(rng, soort), p_end)
    add_spells(person, soort, start, end)


def begroting(kosten: pd.DataFrame, voorziening: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Budget per taakveld per year: close to realisatie, some taakvelden over, some under budget."""
    rng = np.random.default_rng([seed, 4_242])
    merged = kosten.merge(voorziening[["voorziening_id", "taakveld"]], on="voorziening_id")
    real = merged.groupby(["jaar", "taakveld"], as_index=False)["bedrag"].sum().sort_values(["jaar", "taakveld"])
    n = len(real)
    over = rng.random(n) < 0.5
    factor = np.where(over, rng.uniform(1.02, 1.09, n), rng.uniform(0.91, 0.98, n))
    begroot = np.round(real["bedrag"].to_numpy() * factor / 1000.0) * 1000.0
    return pd.DataFrame(
        {
            "jaar": real["jaar"].astype(np.int32).to_numpy(),
            "taakveld": real["taakveld"].to_numpy(),
            "taakveld_naam": real["taakveld"].map(TAAKVELDEN).to_numpy(),
            "begroot": begroot,
        }
    )


__all__ = ["generate", "begroting", "SOORTEN", "TAAKVELDEN", "LEEFTIJDSKLASSEN", "Chunk"]
