"""Per-wijk profiles derived from CBS: population per year and class, and the 2021 calibration targets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from warehouse.cbs import CbsData

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
LEEFTIJDSKLASSEN = ("0-17", "18-26", "27-64", "65-74", "75+")
GESLACHTEN = ("man", "vrouw")
# man share per leeftijdsklasse relative to the wijk's overall man share (older women outlive men)
MAN_SHIFT = np.array([0.02, 0.0, 0.01, -0.03, -0.09])
DEFAULT_CBS_AGE = np.array([0.16, 0.12, 0.52, 0.20])  # 0-14, 15-24, 25-64, 65+
SUPPRESSED_CAP = 7  # CBS leaves small counts empty: an estimate for an empty cell stays below its threshold


def classes_from_cbs_age(f0_14, f15_24, f25_64, f65):
    """CBS age bands (fractions) -> the five leeftijdsklassen (fractions), column-stacked."""
    out = np.column_stack(
        [
            f0_14 + 0.3 * f15_24,
            0.7 * f15_24 + 0.05 * f25_64,
            0.95 * f25_64,
            0.55 * f65,
            0.45 * f65,
        ]
    )
    total = out.sum(axis=1, keepdims=True)
    return np.divide(out, total, out=np.zeros_like(out), where=total > 0)


def allocate(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer totals over weighted cells so each row sums exactly to its total (largest remainder)."""
    totals = np.asarray(totals, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    wsum = w.sum(axis=1, keepdims=True)
    w = np.divide(w, wsum, out=np.full_like(w, 1.0 / w.shape[1]), where=wsum > 0)
    exact = totals[:, None] * w
    base = np.floor(exact).astype(np.int64)
    short = totals - base.sum(axis=1)
    order = np.argsort(-(exact - base), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(w.shape[1])[None, :].repeat(len(w), axis=0), axis=1)
    return base + (ranks < short[:, None]).astype(np.int64)


def _age_fractions(frame: pd.DataFrame) -> np.ndarray:
    inw = frame["inwoners"].astype("float64").to_numpy()
    a = frame["inwoners_0_14"].astype("float64").to_numpy()
    b = frame["inwoners_15_24"].astype("float64").to_numpy()
    c = frame["inwoners_65_plus"].astype("float64").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        fa, fb, fc = a / inw, b / inw, c / inw
    fm = 1.0 - fa - fb - fc
    valid = np.isfinite(fa) & np.isfinite(fb) & np.isfinite(fc) & (fm > 0) & (inw > 0)
    res = np.where(valid[:, None], np.column_stack([fa, fb, fm, fc]), np.nan)
    return res


def wijk_profiles(cbs: CbsData, gemeente_codes: list[str] | None) -> pd.DataFrame:
    """One row per wijk of the microdata: gemeente, inwoners per year, age shares, man share, 2021 targets.

    The wijken are those of the latest complete KWB edition (2022) for the given gemeenten.
    """
    kwb = cbs.kwb
    k21 = kwb[kwb["jaar"] == 2021].set_index("gebied_code")
    k22 = kwb[kwb["jaar"] == 2022].set_index("gebied_code")
    w24 = cbs.wbk_wijken.set_index("gebied_code")
    g24 = cbs.wbk_gemeenten.set_index("gebied_code")
    wijken = k22[k22["niveau"] == "wijk"].copy()
    wijken["gemeente_code"] = "GM" + wijken.index.str.slice(2, 6)
    if gemeente_codes is not None:
        wijken = wijken[wijken["gemeente_code"].isin(gemeente_codes)]
    wijken = wijken.sort_index()
    codes = wijken.index
    prof = pd.DataFrame(index=codes)
    prof["gemeente_code"] = wijken["gemeente_code"]
    prof["naam"] = wijken["naam"]

    inw22 = wijken["inwoners"].astype("float64")
    inw21 = k21["inwoners"].reindex(codes).astype("float64")
    inw24 = w24["inwoners"].reindex(codes).astype("float64")
    gm22 = k22["inwoners"].reindex(prof["gemeente_code"]).astype("float64").to_numpy()
    gm24 = g24["inwoners"].reindex(prof["gemeente_code"]).astype("float64").to_numpy()
    gm_growth = np.where(np.isfinite(gm22) & np.isfinite(gm24) & (gm22 > 0), gm24 / gm22, 1.01)
    inw22 = inw22.fillna(0.0)
    inw24 = inw24.where(inw24.notna(), np.round(inw22 * gm_growth))
    year_growth = np.clip(np.sqrt(gm_growth), 0.98, 1.03)
    inw21 = inw21.where(inw21.notna(), np.round(inw22 / year_growth))
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(inw21 > 0, (inw24 / inw21) ** (1.0 / 3.0), 1.0)
    g = np.clip(np.nan_to_num(g, nan=1.0), 0.98, 1.03)
    prof["inw_2021"] = inw21.astype(np.int64)
    prof["inw_2022"] = inw22.astype(np.int64)
    prof["inw_2024"] = inw24.astype(np.int64)
    prof["inw_2023"] = np.round((prof["inw_2022"] + prof["inw_2024"]) / 2.0).astype(np.int64)
    prof["inw_2020"] = np.round(prof["inw_2021"] / g).astype(np.int64)
    prof["inw_2019"] = np.round(prof["inw_2020"] / g).astype(np.int64)

    # age shares: KWB counts for 2019-2022, the 2024 map's percentages for 2023-2024
    gm21 = kwb[(kwb["jaar"] == 2021) & (kwb["niveau"] == "gemeente")].set_index("gebied_code")
    gm_frac = _age_fractions(gm21.reindex(prof["gemeente_code"]))
    gm_frac = np.where(np.isnan(gm_frac), DEFAULT_CBS_AGE[None, :], gm_frac)
    f21 = _age_fractions(k21.reindex(codes))
    f21 = np.where(np.isnan(f21), gm_frac, f21)
    f22 = _age_fractions(wijken)
    f22 = np.where(np.isnan(f22), f21, f22)
    p24 = w24.reindex(codes)
    pct = np.column_stack(
        [
            p24["percentage_personen_0_tot_15_jaar"],
            p24["percentage_personen_15_tot_25_jaar"],
            p24["percentage_personen_25_tot_45_jaar"] + p24["percentage_personen_45_tot_65_jaar"],
            p24["percentage_personen_65_jaar_en_ouder"],
        ]
    ).astype("float64")
    psum = pct.sum(axis=1, keepdims=True)
    f24 = np.where(np.isfinite(psum) & (psum > 0), pct / np.where(psum > 0, psum, 1.0), f22)
    shares = {2019: f21, 2020: f21, 2021: f21, 2022: f22, 2023: (f22 + f24) / 2.0, 2024: f24}
    for year, frac in shares.items():
        cls = classes_from_cbs_age(frac[:, 0], frac[:, 1], frac[:, 2], frac[:, 3])
        for i, klasse in enumerate(LEEFTIJDSKLASSEN):
            prof[f"share_{year}_{klasse}"] = cls[:, i]
    men = p24["mannen"].astype("float64")
    women = p24["vrouwen"].astype("float64")
    prof["man_share"] = np.where((men + women) > 0, men / (men + women).where((men + women) > 0, 1.0), 0.495)
    prof["man_share"] = prof["man_share"].fillna(0.495).clip(0.4, 0.62)
    hh = k21["gem_huishoudensgrootte"].reindex(codes).astype("float64")
    prof["hh_grootte"] = hh.fillna(wijken["gem_huishoudensgrootte"].astype("float64")).fillna(2.1)

    # 2021 calibration targets (exact where CBS published a value)
    in_2021 = codes.isin(k21.index)
    gm21_rows = gm21.reindex(prof["gemeente_code"])
    gm_inw = gm21_rows["inwoners"].astype("float64").to_numpy()
    pop_0_17 = prof["inw_2021"].to_numpy() * prof["share_2021_0-17"].to_numpy()

    def target(column: str, base: np.ndarray, fallback_rate: float, gm_base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        published = k21[column].reindex(codes).astype("float64").to_numpy()
        gm_val = gm21_rows[column].astype("float64").to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(np.isfinite(gm_val) & (gm_base > 0), gm_val / gm_base, fallback_rate)
        estimate = np.round(base * rate)
        capped = np.where(in_2021, np.minimum(estimate, SUPPRESSED_CAP), estimate)
        value = np.where(np.isfinite(published), published, capped)
        value = np.where(prof["inw_2021"].to_numpy() > 0, value, np.where(np.isfinite(published), published, 0))
        return value.astype(np.int64), np.isfinite(published)

    inw_arr = prof["inw_2021"].to_numpy().astype("float64")
    gm_0_17 = gm_inw * (gm21_rows["inwoners_0_14"].astype("float64").to_numpy() / np.where(gm_inw > 0, gm_inw, 1.0) + 0.03)
    prof["target_wmo"], prof["published_wmo"] = target("wmo_clienten", inw_arr, 0.06, gm_inw)
    prof["target_bijstand"], prof["published_bijstand"] = target("bijstand", inw_arr, 0.025, gm_inw)
    prof["target_jeugd"], prof["published_jeugd"] = target("jongeren_met_jeugdzorg", pop_0_17, 0.12, gm_0_17)
    j18 = k21["jeugdzorg_18_22"].reindex(codes).astype("float64").to_numpy()
    prof["target_jeugd_18_22"] = np.where(np.isfinite(j18), j18, np.round(0.04 * prof["target_jeugd"])).astype(np.int64)
    # inflow after 2021 follows the later CBS figure of the wijk: bijstand 2024 (map), jeugdzorg 2022 (KWB)
    bij24 = w24["bijstand"].reindex(codes).astype("float64").to_numpy()
    jeugd22 = wijken["jongeren_met_jeugdzorg"].astype("float64").to_numpy()
    prof["inflow_bijstand"] = later_inflow(prof["target_bijstand"].to_numpy(), bij24, prof["published_bijstand"].to_numpy(), 3)
    prof["inflow_jeugd"] = later_inflow(prof["target_jeugd"].to_numpy(), jeugd22, prof["published_jeugd"].to_numpy(), 1)
    return prof


def later_inflow(stock_2021: np.ndarray, later: np.ndarray, published: np.ndarray, years: int) -> np.ndarray:
    """Multiplier of the inflow after 2021 so the stock moves towards a later published CBS figure.

    Part of the 2021 stock is still there later (fewer after more years); the inflow carries the change.
    Wijken without two reliable figures (small or unpublished) keep the gemeente's average movement.
    """
    stock = stock_2021.astype("float64")
    reliable = published & np.isfinite(later) & (stock >= 50)
    ratio = np.where(reliable, later / np.where(stock > 0, stock, 1.0), np.nan)
    if np.isfinite(ratio).any():
        weights = np.where(reliable, stock, 0.0)
        overall = float(np.nansum(np.where(reliable, later, 0.0)) / max(weights.sum(), 1.0))
    else:
        overall = 1.0
    ratio = np.where(np.isfinite(ratio), ratio, overall)
    surviving = {1: 0.45, 3: 0.5}[years]
    return np.clip(1.0 + (ratio - 1.0) / (1.0 - surviving), 0.3, 2.5)


def bevolking(profiles: pd.DataFrame) -> pd.DataFrame:
    """bevolking rows (jaar, wijk_code, leeftijdsklasse, geslacht, inwoners) summing to the yearly totals."""
    frames = []
    n = len(profiles)
    man = profiles["man_share"].to_numpy()
    for year in YEARS:
        shares = np.column_stack([profiles[f"share_{year}_{k}"].to_numpy() for k in LEEFTIJDSKLASSEN])
        man_k = np.clip(man[:, None] + MAN_SHIFT[None, :], 0.2, 0.8)
        weights = np.concatenate([shares * man_k, shares * (1.0 - man_k)], axis=1)
        counts = allocate(profiles[f"inw_{year}"].to_numpy(), weights)
        klasse = np.tile(np.array(LEEFTIJDSKLASSEN * 2, dtype=object), n)
        geslacht = np.tile(np.repeat(np.array(GESLACHTEN, dtype=object), len(LEEFTIJDSKLASSEN)), n)
        frames.append(
            pd.DataFrame(
                {
                    "jaar": np.full(n * 10, year, dtype=np.int32),
                    "wijk_code": np.repeat(profiles.index.to_numpy(dtype=object), 10),
                    "leeftijdsklasse": klasse,
                    "geslacht": geslacht,
                    "inwoners": counts.reshape(-1).astype(np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
