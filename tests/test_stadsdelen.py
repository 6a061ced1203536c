"""Stadsdelen of 's-Gravenhage: the mapping file, its place in the warehouse, the dimension and the interpreter."""

from __future__ import annotations

import csv

import pytest

from warehouse.builder import STADSDELEN_CSV, stadsdelen

STADSDELEN = {"Centrum", "Escamp", "Haagse Hout", "Laak", "Leidschenveen-Ypenburg", "Loosduinen", "Scheveningen",
              "Segbroek"}


def _file_rows() -> list[dict[str, str]]:
    with open(STADSDELEN_CSV, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the mapping ---------------------------------------------------------------------------------------------
def test_every_wijk_is_in_exactly_one_of_eight_stadsdelen(warehouse_con):
    rows = _file_rows()
    codes = [r["wijk_code"] for r in rows]
    assert len(rows) == 44 and len(set(codes)) == 44
    assert {r["stadsdeel"] for r in rows} == STADSDELEN
    wijken = dict(warehouse_con.execute(
        "SELECT gebied_code, naam FROM gebied WHERE niveau = 'wijk' AND gemeente_code = 'GM0518'").fetchall())
    assert {r["wijk_code"]: r["wijk"] for r in rows} == wijken


def test_mapping_records_its_source():
    provenance = (STADSDELEN_CSV.parent / "PROVENANCE.md").read_text(encoding="utf-8")
    assert STADSDELEN_CSV.name in provenance and "Den Haag" in provenance


def test_disputed_wijken_follow_the_recorded_choice():
    by_name = {r["wijk"]: r["stadsdeel"] for r in _file_rows()}
    assert by_name["Duinoord"] == "Scheveningen"
    assert by_name["Groente- en Fruitmarkt"] == "Centrum"
    assert by_name["Laakkwartier en Spoorwijk"] == "Laak"


def test_a_name_that_is_not_a_wijk_stops_the_build(warehouse_con):
    import pandas as pd

    from warehouse.builder import BuildError

    gebied = pd.DataFrame(warehouse_con.execute(
        "SELECT gebied_code, naam, niveau, gemeente_code FROM gebied").fetchdf())
    assert len(stadsdelen(gebied)) == 44
    gebied.loc[gebied["gebied_code"] == "WK051811", "naam"] = "Duinoord-Noord"
    with pytest.raises(BuildError, match="WK051811"):
        stadsdelen(gebied)


def test_inhabitants_of_the_stadsdelen_sum_to_the_gemeente(warehouse_con):
    per_year = warehouse_con.execute(
        "SELECT jaar, sum(inwoners), sum(inwoners) FILTER (WHERE stadsdeel IS NOT NULL), count(DISTINCT stadsdeel) "
        "FROM vw_bevolking WHERE gemeente = '''s-Gravenhage' GROUP BY jaar").fetchall()
    assert per_year
    for _jaar, total, in_stadsdelen, n in per_year:
        assert total == in_stadsdelen and n == 8
    # the published CBS 2021 totals per stadsdeel (cross-check of the mapping)
    published = {"Centrum": 105620, "Escamp": 128610, "Haagse Hout": 48160, "Laak": 46265,
                 "Leidschenveen-Ypenburg": 48410, "Loosduinen": 50190, "Scheveningen": 58730, "Segbroek": 62270}
    got = dict(warehouse_con.execute(
        "SELECT stadsdeel, sum(inwoners) FROM vw_bevolking WHERE jaar = 2021 GROUP BY 1").fetchall())
    assert got == published


@pytest.mark.parametrize("view", ["vw_voorziening_jaar", "vw_kosten", "vw_bevolking"])
def test_views_with_wijk_carry_the_stadsdeel_of_the_file(warehouse_con, view):
    mapping = {r["wijk"]: r["stadsdeel"] for r in _file_rows()}
    pairs = warehouse_con.execute(f"SELECT DISTINCT wijk, stadsdeel FROM {view} WHERE gemeente = '''s-Gravenhage'").fetchall()
    assert pairs and all(mapping[w] == s for w, s in pairs)


def test_export_carries_the_table_under_the_views():
    from warehouse.export import BASE_TABLES

    assert "stadsdeel_indeling" in BASE_TABLES
