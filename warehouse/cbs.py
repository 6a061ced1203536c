"""Importers for the CBS open data files in warehouse/data (Bron: CBS, CC BY 4.0).

Every quirk listed in data/PROVENANCE.md is handled here:
- kwb2021_2022: decimal separators lost upstream ('322' = 32.2); 2022 rows already carry '2.0'.
- empty cells are values CBS did not publish: NULL, never 0.
- wijkbuurtkaart2024: -99995 / -99997 / -99999999 mean "geheim / onbekend": NULL.
- wijk names as CBS writes them ("Wijk 29 Schildersbuurt") become the name people use ("Schildersbuurt").
- the 2024 gemeente file holds a second (water) row per gemeente with only secret values: dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"
KWB_FILE = "kwb2021_2022_wijk_gemeente_social_subset.csv"
WBK_WIJK_FILE = "wijkbuurtkaart2024_wijk_2024_stats.csv"
WBK_GEMEENTE_FILE = "wijkbuurtkaart2024_gemeente_2024_stats.csv"

MISSING_CODES = (-99995.0, -99997.0, -99999999.0)
LAND_CODE = "NL00"
LAND_NAME = "Nederland"

KERNCIJFER_COLUMNS = [
    "inwoners",
    "huishoudens",
    "inwoners_0_14",
    "inwoners_15_24",
    "inwoners_65_plus",
    "bijstand",
    "ao_uitkering",
    "ww_uitkering",
    "aow_uitkering",
    "wmo_clienten",
    "wmo_clienten_per_1000",
    "jongeren_met_jeugdzorg",
    "gem_inkomen_per_inwoner",
]
COUNT_COLUMNS = [c for c in KERNCIJFER_COLUMNS if c not in ("wmo_clienten_per_1000", "gem_inkomen_per_inwoner")]

# kwb column -> cbs_kerncijfers column (integer counts; reliable as published)
KWB_COUNTS = {
    "a_inw": "inwoners",
    "a_hh": "huishoudens",
    "a_00_14": "inwoners_0_14",
    "a_15_24": "inwoners_15_24",
    "a_65_oo": "inwoners_65_plus",
    "a_soz_wb": "bijstand",
    "a_soz_ao": "ao_uitkering",
    "a_soz_ww": "ww_uitkering",
    "a_soz_ow": "aow_uitkering",
    "a_wmo_t": "wmo_clienten",
    "TotaalJongerenMetJeugdzorgInNatura_1": "jongeren_met_jeugdzorg",
}
# kwb columns published with one decimal whose separator was lost upstream
KWB_ONE_DECIMAL = ("g_ink_pi", "g_hhgro", "p_hh_li", "p_hh_110")

# wijkbuurtkaart 2024 column -> cbs_kerncijfers column (only real counts; percentages are not counts)
WBK_COUNTS = {
    "aantal_inwoners": "inwoners",
    "aantal_huishoudens": "huishoudens",
    "aantal_personen_met_een_alg_bijstandsuitkering_tot": "bijstand",
    "aantal_personen_met_een_ao_uitkering_totaal": "ao_uitkering",
    "aantal_personen_met_een_ww_uitkering_totaal": "ww_uitkering",
    "aantal_personen_met_een_aow_uitkering_totaal": "aow_uitkering",
}
WBK_PERCENTAGES = (
    "percentage_personen_0_tot_15_jaar",
    "percentage_personen_15_tot_25_jaar",
    "percentage_personen_25_tot_45_jaar",
    "percentage_personen_45_tot_65_jaar",
    "percentage_personen_65_jaar_en_ouder",
)


def clean_wijk_name(raw: str) -> str:
    """'Wijk 29 Schildersbuurt' -> 'Schildersbuurt'; names without the prefix are kept as they are."""
    text = " ".join(str(raw).split())
    parts = text.split(" ", 2)
    if len(parts) == 3 and parts[0] == "Wijk" and parts[1].isdigit() and parts[2].strip():
        return parts[2].strip()
    return text


def restore_decimal(values: pd.Series) -> pd.Series:
    """Restore a one-decimal CBS value whose separator was lost: '322' -> 32.2, '2.0' stays 2.0, '' -> NULL."""
    text = values.astype("string").str.strip()
    numeric = pd.to_numeric(text, errors="coerce")
    has_separator = text.str.contains(".", regex=False).fillna(False).astype(bool)
    restored = np.where(has_separator, numeric, numeric / 10.0)
    return pd.Series(restored, index=values.index, dtype="float64").round(1)


def to_count(values: pd.Series) -> pd.Series:
    """Parse a published count: empty and CBS secrecy codes become NULL (never 0)."""
    numeric = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    numeric = numeric.mask(numeric.isin(MISSING_CODES))
    numeric = numeric.mask(numeric < 0)
    return numeric.round().astype("Int64")


def to_number(values: pd.Series) -> pd.Series:
    numeric = pd.to_numeric(values.astype("string").str.strip(), errors="coerce")
    numeric = numeric.mask(numeric.isin(MISSING_CODES))
    return numeric.mask(numeric < 0).astype("float64")


def read_kwb(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """KWB 2021 and 2022 (land, gemeenten, wijken) with parsed values; one row per (jaar, code)."""
    raw = pd.read_csv(data_dir / KWB_FILE, dtype=str, keep_default_na=False, na_values=[""])
    out = pd.DataFrame(
        {
            "jaar": raw["year"].astype(int),
            "gebied_code": raw["gwb_code_10"].str.strip(),
            "regio": raw["regio"].str.strip(),
            "gemeente_naam_raw": raw["gm_naam"].str.strip(),
            "niveau": raw["recs"].str.strip().str.lower(),
        }
    )
    for src, dst in KWB_COUNTS.items():
        out[dst] = to_count(raw[src])
    out["wmo_clienten_per_1000"] = to_number(raw["p_wmo_t"])
    out["gem_inkomen_per_inwoner"] = restore_decimal(raw["g_ink_pi"])
    out["gem_huishoudensgrootte"] = restore_decimal(raw["g_hhgro"])
    out["pct_huishoudens_laag_inkomen"] = restore_decimal(raw["p_hh_li"])
    out["pct_huishoudens_sociaal_minimum"] = restore_decimal(raw["p_hh_110"])
    out["jeugdzorg_18_22"] = to_count(raw["k_18Tot23Jaar_5"])
    out["naam"] = np.where(out["niveau"] == "wijk", out["regio"].map(clean_wijk_name), out["regio"])
    return out.drop_duplicates(["jaar", "gebied_code"], keep="first").reset_index(drop=True)


def _drop_water_rows(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Keep one row per code: the row that carries real values (the water duplicate only has secrets)."""
    frame = frame.copy()
    frame["_filled"] = frame[list(WBK_COUNTS.values())].notna().sum(axis=1)
    frame["_land"] = (frame["water"].str.upper() != "JA").astype(int)
    frame = frame.sort_values([key, "_filled", "_land"], ascending=[True, False, False], kind="stable")
    return frame.drop_duplicates(key, keep="first").drop(columns=["_filled", "_land"]).reset_index(drop=True)


def _read_wbk(path: Path, code_col: str, name_col: str) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    out = pd.DataFrame({"gebied_code": raw[code_col].str.strip(), "regio": raw[name_col].str.strip()})
    out["water"] = raw["water"].str.strip()
    out["gemeente_code"] = raw["gemeentecode"].str.strip()
    out["gemeente_naam_raw"] = raw["gemeentenaam"].str.strip()
    for src, dst in WBK_COUNTS.items():
        out[dst] = to_count(raw[src])
    for col in WBK_PERCENTAGES + ("mannen", "vrouwen"):
        out[col] = to_number(raw[col])
    out["gem_huishoudensgrootte"] = to_number(raw["gemiddelde_huishoudsgrootte"])
    out["jaar"] = pd.to_numeric(raw["jaar"]).astype(int)
    return out


def read_wbk_wijken(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    out = _read_wbk(data_dir / WBK_WIJK_FILE, "wijkcode", "wijknaam")
    out = _drop_water_rows(out, "gebied_code")
    out["niveau"] = "wijk"
    out["naam"] = out["regio"].map(clean_wijk_name)
    return out


def read_wbk_gemeenten(data_dir: Path = DATA_DIR) -> pd.DataFrame:
    out = _read_wbk(data_dir / WBK_GEMEENTE_FILE, "gemeentecode", "gemeentenaam")
    out = _drop_water_rows(out, "gebied_code")
    out["niveau"] = "gemeente"
    out["naam"] = out["regio"]
    return out


@dataclass(frozen=True)
class CbsData:
    """Parsed CBS sources plus the two warehouse tables built from them."""

    kwb: pd.DataFrame
    wbk_wijken: pd.DataFrame
    wbk_gemeenten: pd.DataFrame
    gebied: pd.DataFrame
    kerncijfers: pd.DataFrame


def _gemeente_code_of(code: pd.Series) -> pd.Series:
    return "GM" + code.str.slice(2, 6)


def build_gebied(kwb: pd.DataFrame, wbk_wijken: pd.DataFrame, wbk_gemeenten: pd.DataFrame) -> pd.DataFrame:
    """Every area of the CBS files once; the name of the most recent KWB edition wins, else 2024."""
    kwb_rows = kwb[["jaar", "gebied_code", "naam", "niveau"]].assign(bron=0)
    wbk_rows = pd.concat(
        [wbk_wijken[["jaar", "gebied_code", "naam", "niveau"]], wbk_gemeenten[["jaar", "gebied_code", "naam", "niveau"]]]
    ).assign(bron=1)
    areas = pd.concat([kwb_rows, wbk_rows], ignore_index=True)
    # names: prefer the latest KWB edition (full names), then the 2024 map
    areas = areas.sort_values(["gebied_code", "bron", "jaar"], ascending=[True, True, False], kind="stable")
    areas = areas.drop_duplicates("gebied_code", keep="first")
    areas = areas[["gebied_code", "naam", "niveau"]].copy()
    gemeente_names = areas.loc[areas["niveau"] == "gemeente"].set_index("gebied_code")["naam"]
    is_land = areas["niveau"] == "land"
    areas.loc[is_land, "naam"] = LAND_NAME
    areas["gemeente_code"] = np.where(is_land, None, _gemeente_code_of(areas["gebied_code"]))
    areas["gemeente_naam"] = areas["gemeente_code"].map(gemeente_names)
    missing = areas["gemeente_naam"].isna() & ~is_land
    if missing.any():
        # a wijk whose gemeente only appears in another source under its own name
        fallback = pd.concat(
            [
                kwb[["gebied_code", "gemeente_naam_raw"]],
                wbk_wijken[["gebied_code", "gemeente_naam_raw"]],
            ]
        ).drop_duplicates("gebied_code").set_index("gebied_code")["gemeente_naam_raw"]
        areas.loc[missing, "gemeente_naam"] = areas.loc[missing, "gebied_code"].map(fallback)
    order = areas["niveau"].map({"land": 0, "gemeente": 1, "wijk": 2})
    areas = areas.assign(_o=order).sort_values(["_o", "gebied_code"]).drop(columns="_o")
    return areas[["gebied_code", "naam", "niveau", "gemeente_code", "gemeente_naam"]].reset_index(drop=True)


def build_kerncijfers(kwb: pd.DataFrame, wbk_wijken: pd.DataFrame, wbk_gemeenten: pd.DataFrame) -> pd.DataFrame:
    """cbs_kerncijfers: 2021 and 2022 from KWB, 2024 from the wijkbuurtkaart (counts only)."""
    kwb_part = kwb[["jaar", "gebied_code"] + KERNCIJFER_COLUMNS].copy()
    wbk = pd.concat([wbk_gemeenten, wbk_wijken], ignore_index=True)
    wbk_part = wbk[["jaar", "gebied_code"] + list(WBK_COUNTS.values())].copy()
    for col in KERNCIJFER_COLUMNS:
        if col not in wbk_part:
            wbk_part[col] = pd.array([pd.NA] * len(wbk_part), dtype="Float64" if col in ("wmo_clienten_per_1000", "gem_inkomen_per_inwoner") else "Int64")
    out = pd.concat([kwb_part, wbk_part[["jaar", "gebied_code"] + KERNCIJFER_COLUMNS]], ignore_index=True)
    for col in COUNT_COLUMNS:
        out[col] = out[col].astype("Int64")
    for col in ("wmo_clienten_per_1000", "gem_inkomen_per_inwoner"):
        out[col] = out[col].astype("Float64")
    out = out.drop_duplicates(["jaar", "gebied_code"], keep="first")
    return out.sort_values(["jaar", "gebied_code"]).reset_index(drop=True)


def load(data_dir: Path = DATA_DIR) -> CbsData:
    kwb = read_kwb(data_dir)
    wbk_wijken = read_wbk_wijken(data_dir)
    wbk_gemeenten = read_wbk_gemeenten(data_dir)
    return CbsData(
        kwb=kwb,
        wbk_wijken=wbk_wijken,
        wbk_gemeenten=wbk_gemeenten,
        gebied=build_gebied(kwb, wbk_wijken, wbk_gemeenten),
        kerncijfers=build_kerncijfers(kwb, wbk_wijken, wbk_gemeenten),
    )
