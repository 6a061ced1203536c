"""CBS importers: every quirk of warehouse/data/PROVENANCE.md, checked against the raw CSV files."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from warehouse import cbs

DATA = cbs.DATA_DIR


def raw_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data() -> cbs.CbsData:
    return cbs.load()


def test_lost_decimal_separator_is_restored():
    values = pd.Series(["322", "20", "2.0", "21", "", None, "100"])
    restored = cbs.restore_decimal(values)
    assert restored.iloc[0] == pytest.approx(32.2)
    assert restored.iloc[1] == pytest.approx(2.0)  # 2021 household size '20'
    assert restored.iloc[2] == pytest.approx(2.0)  # 2022 already '2.0'
    assert restored.iloc[3] == pytest.approx(2.1)
    assert math.isnan(restored.iloc[4]) and math.isnan(restored.iloc[5])
    assert restored.iloc[6] == pytest.approx(10.0)


def test_household_size_2021_and_2022_on_the_same_scale(data):
    kwb = data.kwb.set_index(["jaar", "gebied_code"])
    assert kwb.loc[(2021, "GM0518"), "gem_huishoudensgrootte"] == pytest.approx(2.0)
    assert kwb.loc[(2022, "WK051829"), "gem_huishoudensgrootte"] == pytest.approx(2.3)
    sizes = data.kwb["gem_huishoudensgrootte"].dropna()
    assert sizes.between(1.0, 6.0).all()  # no un-restored 20 or 21 left


def test_income_in_thousands_with_decimal(data):
    k = data.kerncijfers.set_index(["jaar", "gebied_code"])
    assert k.loc[(2021, "GM0518"), "gem_inkomen_per_inwoner"] == pytest.approx(28.9)
    assert k.loc[(2021, "WK051829"), "gem_inkomen_per_inwoner"] == pytest.approx(17.0)
    assert k.loc[(2021, "NL00"), "gem_inkomen_per_inwoner"] == pytest.approx(29.2)
    incomes = data.kerncijfers["gem_inkomen_per_inwoner"].dropna()
    assert incomes.between(10, 120).all()


def test_secret_codes_and_empty_cells_are_null_never_zero():
    parsed = cbs.to_count(pd.Series(["-99997", "-99995", "-99999999", "", "0", "15", "-99997.0"]))
    assert parsed.isna().tolist() == [True, True, True, True, False, False, True]
    assert parsed.iloc[4] == 0 and parsed.iloc[5] == 15


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Wijk 29 Schildersbuurt", "Schildersbuurt"),
        ("Wijk 38 Laakkwartier en Spoorwijk", "Laakkwartier en Spoorwijk"),
        ("Wijk 07 's-Heer-Hendrikskinderen", "'s-Heer-Hendrikskinderen"),
        ("Centrum", "Centrum"),
        ("Wijk 00", "Wijk 00"),
    ],
)
def test_wijk_names_as_people_say_them(raw, clean):
    assert cbs.clean_wijk_name(raw) == clean


def test_2024_gemeente_water_duplicates_dropped(data):
    raw = raw_rows(cbs.WBK_GEMEENTE_FILE)
    codes = {r["gemeentecode"] for r in raw}
    assert len(raw) > len(codes)  # the file really has duplicates
    assert data.wbk_gemeenten["gebied_code"].is_unique
    assert set(data.wbk_gemeenten["gebied_code"]) == codes
    gm = data.wbk_gemeenten.set_index("gebied_code")
    real = {r["gemeentecode"]: int(r["aantal_inwoners"]) for r in raw if r["water"] == "NEE"}
    assert gm.loc["GM0518", "inwoners"] == real["GM0518"] == 566221
    assert (gm["inwoners"].astype("Int64") == pd.Series(real).reindex(gm.index).astype("Int64")).all()


def test_kerncijfers_spot_values(data):
    k = data.kerncijfers.set_index(["jaar", "gebied_code"])
    assert k.loc[(2021, "GM0518"), "inwoners"] == 548320
    assert k.loc[(2021, "WK051829"), "wmo_clienten"] == 3320
    assert k.loc[(2021, "WK051829"), "bijstand"] == 3270
    assert k.loc[(2021, "WK051829"), "jongeren_met_jeugdzorg"] == 930
    assert k.loc[(2021, "WK051810"), "bijstand"] == 0  # CBS published 0: stays 0
    assert pd.isna(k.loc[(2021, "WK051810"), "jongeren_met_jeugdzorg"])  # CBS published nothing
    assert pd.isna(k.loc[(2022, "WK051829"), "wmo_clienten"])  # not in the first 2022 release
    assert k.loc[(2022, "WK051829"), "jongeren_met_jeugdzorg"] == 900
    assert k.loc[(2024, "WK051829"), "bijstand"] == 3160
    assert pd.isna(k.loc[(2024, "WK051801"), "bijstand"])  # -99997 in the 2024 map
    assert k.loc[(2024, "WK051801"), "inwoners"] == 0


def test_2024_percentages_never_become_counts(data):
    k24 = data.kerncijfers[data.kerncijfers["jaar"] == 2024]
    for col in ("inwoners_0_14", "inwoners_15_24", "inwoners_65_plus", "wmo_clienten", "jongeren_met_jeugdzorg"):
        assert k24[col].isna().all(), col


def test_gebied_names_and_levels(data):
    g = data.gebied.set_index("gebied_code")
    assert g.loc["NL00", "niveau"] == "land"
    assert g.loc["WK051829", "naam"] == "Schildersbuurt"
    assert g.loc["WK051829", "gemeente_naam"] == "'s-Gravenhage"
    assert g.loc["GM0518", "naam"] == "'s-Gravenhage"
    wijken = g[g["niveau"] == "wijk"]
    assert not wijken["naam"].str.match(r"^Wijk \d+ ").any()
    assert (wijken["gemeente_code"] == "GM" + wijken.index.str.slice(2, 6)).all()
    assert wijken["gemeente_naam"].notna().all()
