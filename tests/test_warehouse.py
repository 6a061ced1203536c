"""The built 's-Gravenhage warehouse against its contract (SPEC §3, ARCHITECTURE.md) and the CBS CSV files."""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import numpy as np
import pytest

from warehouse import cbs
from warehouse.identity import elfproef, iban_valid

TABLE_COLUMNS = {
    "gebied": ["gebied_code", "naam", "niveau", "gemeente_code", "gemeente_naam"],
    "cbs_kerncijfers": [
        "jaar", "gebied_code", "inwoners", "huishoudens", "inwoners_0_14", "inwoners_15_24", "inwoners_65_plus",
        "bijstand", "ao_uitkering", "ww_uitkering", "aow_uitkering", "wmo_clienten", "wmo_clienten_per_1000",
        "jongeren_met_jeugdzorg", "gem_inkomen_per_inwoner",
    ],
    "bevolking": ["jaar", "wijk_code", "leeftijdsklasse", "geslacht", "inwoners"],
    "persoon": ["persoon_id", "huishouden_id", "geboortejaar", "geslacht", "wijk_code"],
    "persoon_identiteit": [
        "persoon_id", "bsn", "voornaam", "tussenvoegsel", "achternaam", "straat", "huisnummer", "postcode",
        "woonplaats", "geboortedatum", "telefoon", "email", "iban",
    ],
    "voorziening": [
        "voorziening_id", "persoon_id", "huishouden_id", "wijk_code", "wet", "soort", "taakveld", "startdatum", "einddatum",
    ],
    "kosten": ["voorziening_id", "jaar", "bedrag"],
    "stadsdeel_indeling": ["gebied_code", "stadsdeel"],
    "begroting": ["jaar", "taakveld", "taakveld_naam", "begroot"],
}
VIEW_COLUMNS = {
    "vw_voorziening_jaar": [
        "jaar", "voorziening_id", "persoon_id", "huishouden_id", "wijk_code", "wijk", "stadsdeel", "gemeente_code", "gemeente", "wet",
        "soort", "taakveld", "leeftijd", "leeftijdsklasse", "geslacht", "startdatum", "einddatum", "is_instroom",
        "is_uitstroom", "duur_dagen", "persoon_sleutel", "huishouden_sleutel", "voorziening_sleutel",
    ],
    "vw_kosten": [
        "jaar", "voorziening_id", "persoon_id", "huishouden_id", "wijk_code", "wijk", "stadsdeel", "gemeente_code", "gemeente", "wet",
        "soort", "taakveld", "leeftijd", "leeftijdsklasse", "geslacht", "bedrag", "persoon_sleutel", "kosten_sleutel",
    ],
    "vw_begroting": ["jaar", "taakveld", "taakveld_naam", "begroot"],
    "vw_bevolking": ["jaar", "wijk_code", "wijk", "stadsdeel", "gemeente_code", "gemeente", "leeftijdsklasse", "geslacht", "inwoners"],
    "vw_cbs_kerncijfers": ["jaar", "gebied_code", "gebied", "niveau", "gemeente_code", "gemeente"]
    + TABLE_COLUMNS["cbs_kerncijfers"][2:],
}
SOORTEN = {
    "Wmo": {"Hulp bij het huishouden", "Begeleiding", "Dagbesteding", "Hulpmiddelen", "Woningaanpassing",
            "Vervoersvoorziening", "Beschermd wonen", "Maatschappelijke opvang"},
    "Jeugdwet": {"Jeugdhulp zonder verblijf", "Jeugdhulp met verblijf", "Pleegzorg", "Jeugdbescherming", "Jeugdreclassering"},
    "Participatiewet": {"Bijstand levensonderhoud", "Bijzondere bijstand", "Re-integratie"},
    "Schuldhulpverlening": {"Schuldhulpverlening"},
}
TAAKVELD = {
    "Hulp bij het huishouden": "6.71", "Begeleiding": "6.71", "Dagbesteding": "6.71",
    "Hulpmiddelen": "6.6", "Woningaanpassing": "6.6", "Vervoersvoorziening": "6.6",
    "Beschermd wonen": "6.81", "Maatschappelijke opvang": "6.81",
    "Jeugdhulp zonder verblijf": "6.72", "Jeugdhulp met verblijf": "6.72", "Pleegzorg": "6.72",
    "Jeugdbescherming": "6.82", "Jeugdreclassering": "6.82",
    "Bijstand levensonderhoud": "6.3", "Bijzondere bijstand": "6.3", "Schuldhulpverlening": "6.3",
    "Re-integratie": "6.5",
}
SMALL_WIJKEN = ("Zorgvliet", "Haagse Bos", "Hoornwijk", "Forepark", "Zuiderpark")
YEARS = list(range(2019, 2025))


def q(con, sql: str, params=None) -> list[tuple]:
    return con.cursor().execute(sql, params or []).fetchall()


def kwb_csv() -> dict[tuple[int, str], dict[str, str]]:
    with open(cbs.DATA_DIR / cbs.KWB_FILE, newline="", encoding="utf-8") as fh:
        return {(int(r["year"]), r["gwb_code_10"]): r for r in csv.DictReader(fh)}


def wbk_csv(name: str, code: str) -> dict[str, dict[str, str]]:
    with open(cbs.DATA_DIR / name, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["water"] == "NEE"]
    return {r[code]: r for r in rows}


def csv_count(text: str) -> int | None:
    if text.strip() == "":
        return None
    value = float(text)
    return None if value in (-99995, -99997, -99999999) else int(round(value))


# --- schema contract ---------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLE_COLUMNS) + list(VIEW_COLUMNS))
def test_every_contract_column_exists_in_order(warehouse_con, table):
    expected = {**TABLE_COLUMNS, **VIEW_COLUMNS}[table]
    rows = q(warehouse_con, "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table])
    assert [r[0] for r in rows] == expected


def test_views_expose_no_identity(warehouse_con):
    forbidden = set(TABLE_COLUMNS["persoon_identiteit"]) - {"persoon_id"} | {"geboortejaar"}
    for view, columns in VIEW_COLUMNS.items():
        assert not forbidden & set(columns), view


def test_no_nulls_where_the_contract_forbids_them(warehouse_con):
    not_null = {
        "gebied": ["gebied_code", "naam", "niveau"],
        "bevolking": TABLE_COLUMNS["bevolking"],
        "persoon": TABLE_COLUMNS["persoon"],
        "persoon_identiteit": [c for c in TABLE_COLUMNS["persoon_identiteit"] if c != "tussenvoegsel"],
        "voorziening": [c for c in TABLE_COLUMNS["voorziening"] if c != "einddatum"],
        "kosten": TABLE_COLUMNS["kosten"],
        "begroting": TABLE_COLUMNS["begroting"],
        "vw_voorziening_jaar": [c for c in VIEW_COLUMNS["vw_voorziening_jaar"] if c != "einddatum"],
        "vw_kosten": VIEW_COLUMNS["vw_kosten"],
    }
    for table, columns in not_null.items():
        checks = ", ".join(f"count(*) FILTER (WHERE {c} IS NULL)" for c in columns)
        counts = q(warehouse_con, f"SELECT {checks} FROM {table}")[0]
        assert counts == tuple([0] * len(columns)), (table, dict(zip(columns, counts)))
    assert q(warehouse_con, "SELECT count(*) FROM gebied WHERE niveau <> 'land' AND (gemeente_code IS NULL OR gemeente_naam IS NULL)") == [(0,)]


def test_ids_are_unique(warehouse_con):
    assert q(warehouse_con, "SELECT count(*) = count(DISTINCT persoon_id) FROM persoon") == [(True,)]
    assert q(warehouse_con, "SELECT count(*) = count(DISTINCT voorziening_id) FROM voorziening") == [(True,)]
    assert q(warehouse_con, "SELECT count(*) = count(DISTINCT (voorziening_id, jaar)) FROM kosten") == [(True,)]
    assert q(warehouse_con, "SELECT count(*) FROM persoon_identiteit i ANTI JOIN persoon p USING (persoon_id)") == [(0,)]
    assert q(warehouse_con, "SELECT count(*) FROM persoon p ANTI JOIN persoon_identiteit i USING (persoon_id)") == [(0,)]


# --- gebied and CBS figures ----------------------------------------------------------------------------


def test_gebied_holds_every_area_of_the_cbs_files(warehouse_con):
    codes = {code for _, code in kwb_csv()}
    codes |= set(wbk_csv(cbs.WBK_WIJK_FILE, "wijkcode")) | set(wbk_csv(cbs.WBK_GEMEENTE_FILE, "gemeentecode"))
    stored = {r[0] for r in q(warehouse_con, "SELECT gebied_code FROM gebied")}
    assert stored == codes
    assert q(warehouse_con, "SELECT niveau, count(*) FROM gebied WHERE gemeente_code = 'GM0518' GROUP BY 1 ORDER BY 1") == [
        ("gemeente", 1),
        ("wijk", 44),
    ]
    assert q(warehouse_con, "SELECT naam, niveau FROM gebied WHERE gebied_code = 'NL00'") == [("Nederland", "land")]
    assert q(warehouse_con, "SELECT count(*) FROM gebied WHERE niveau = 'wijk' AND regexp_matches(naam, '^Wijk [0-9]+ ')") == [(0,)]


def test_cbs_spot_values(warehouse_con):
    rows = dict(
        ((r[0], r[1]), r[2:])
        for r in q(
            warehouse_con,
            "SELECT jaar, gebied, inwoners, wmo_clienten, bijstand, gem_inkomen_per_inwoner FROM vw_cbs_kerncijfers "
            "WHERE gebied IN ('''s-Gravenhage', 'Schildersbuurt') AND gemeente = '''s-Gravenhage'",
        )
    )
    assert rows[(2021, "'s-Gravenhage")][0] == 548320
    assert rows[(2021, "Schildersbuurt")][1:3] == (3320, 3270)
    assert rows[(2021, "Schildersbuurt")][3] == pytest.approx(17.0)
    assert rows[(2024, "'s-Gravenhage")][0] == 566221


def test_every_kwb_value_matches_the_csv_null_for_null(warehouse_con):
    stored = {
        (r[0], r[1]): r[2:]
        for r in q(warehouse_con, f"SELECT jaar, gebied_code, {', '.join(cbs.KWB_COUNTS.values())}, wmo_clienten_per_1000 FROM cbs_kerncijfers WHERE jaar IN (2021, 2022)")
    }
    raw = kwb_csv()
    assert set(stored) == set(raw)
    mismatches = []
    for key, row in raw.items():
        expected = [csv_count(row[c]) for c in cbs.KWB_COUNTS] + [None if row["p_wmo_t"] == "" else float(row["p_wmo_t"])]
        if list(stored[key]) != expected:
            mismatches.append((key, expected, stored[key]))
    assert not mismatches, mismatches[:3]


def test_every_2024_value_matches_the_map_null_for_secret(warehouse_con):
    stored = {
        r[0]: r[1:]
        for r in q(warehouse_con, f"SELECT gebied_code, {', '.join(cbs.WBK_COUNTS.values())} FROM cbs_kerncijfers WHERE jaar = 2024")
    }
    raw = wbk_csv(cbs.WBK_WIJK_FILE, "wijkcode") | wbk_csv(cbs.WBK_GEMEENTE_FILE, "gemeentecode")
    assert set(stored) == set(raw)
    for code, row in raw.items():
        assert list(stored[code]) == [csv_count(row[c]) for c in cbs.WBK_COUNTS], code
    # secret values are NULL, never a number
    assert q(warehouse_con, "SELECT count(*) FROM cbs_kerncijfers WHERE least(inwoners, huishoudens, bijstand, ao_uitkering, ww_uitkering, aow_uitkering) < 0") == [(0,)]


# --- calibration ---------------------------------------------------------------------------------------


def test_2021_calibration_for_every_wijk_exactly(warehouse_con):
    synthetic = {
        r[0]: r[1:]
        for r in q(
            warehouse_con,
            """SELECT wijk_code,
                      count(DISTINCT persoon_id) FILTER (WHERE wet = 'Wmo'),
                      count(DISTINCT persoon_id) FILTER (WHERE soort = 'Bijstand levensonderhoud'),
                      count(DISTINCT persoon_id) FILTER (WHERE wet = 'Jeugdwet' AND leeftijd BETWEEN 0 AND 17)
               FROM vw_voorziening_jaar WHERE jaar = 2021 GROUP BY 1""",
        )
    }
    raw = kwb_csv()
    checked = 0
    for (year, code), row in raw.items():
        if year != 2021 or not code.startswith("WK0518"):
            continue
        got = synthetic.get(code, (0, 0, 0))
        for i, column in enumerate(("a_wmo_t", "a_soz_wb", "TotaalJongerenMetJeugdzorgInNatura_1")):
            published = csv_count(row[column])
            if published is not None:
                assert got[i] == published, (code, column, got[i], published)
                checked += 1
    assert checked >= 3 * 40


def test_bevolking_totals_follow_cbs(warehouse_con):
    totals = defaultdict(dict)
    for year, code, total in q(warehouse_con, "SELECT jaar, wijk_code, sum(inwoners) FROM bevolking GROUP BY ALL"):
        totals[code][year] = total
    assert len(totals) == 44 and all(set(t) == set(YEARS) for t in totals.values())
    raw = kwb_csv()
    map24 = wbk_csv(cbs.WBK_WIJK_FILE, "wijkcode")
    for code, by_year in totals.items():
        assert by_year[2021] == int(raw[(2021, code)]["a_inw"])
        assert by_year[2022] == int(raw[(2022, code)]["a_inw"])
        assert by_year[2024] == int(map24[code]["aantal_inwoners"])
        lo, hi = sorted((by_year[2022], by_year[2024]))
        assert lo <= by_year[2023] <= hi
        for year in (2019, 2020):
            assert abs(by_year[year] - by_year[2021]) <= 0.07 * by_year[2021] + 1
    cells = q(warehouse_con, "SELECT count(*), count(DISTINCT (jaar, wijk_code, leeftijdsklasse, geslacht)) FROM bevolking")[0]
    assert cells == (44 * 6 * 10, 44 * 6 * 10)
    # the age split follows CBS: 0-14 and 65+ counts of 2021 within a few percent
    for code, young, old in q(
        warehouse_con,
        "SELECT wijk_code, sum(inwoners) FILTER (WHERE leeftijdsklasse = '0-17'), sum(inwoners) FILTER (WHERE leeftijdsklasse IN ('65-74', '75+')) "
        "FROM bevolking WHERE jaar = 2021 GROUP BY 1",
    ):
        row = raw[(2021, code)]
        if row["a_65_oo"] and int(row["a_inw"]) > 1000:
            assert abs(old - int(row["a_65_oo"])) <= 0.03 * int(row["a_inw"]), code
            assert young >= int(row["a_00_14"]) - 0.03 * int(row["a_inw"]), code


def test_small_wijken_stay_small(warehouse_con):
    rows = q(
        warehouse_con,
        """SELECT wijk, jaar, count(DISTINCT persoon_id) FILTER (WHERE wet = 'Wmo'),
                  count(DISTINCT persoon_id) FILTER (WHERE wet = 'Jeugdwet')
           FROM vw_voorziening_jaar WHERE wijk IN ? GROUP BY ALL""",
        [list(SMALL_WIJKEN)],
    )
    assert rows
    for wijk, year, wmo, jeugd in rows:
        assert wmo <= 90 and jeugd <= 20, (wijk, year, wmo, jeugd)
    pleegzorg = q(
        warehouse_con,
        "SELECT count(DISTINCT persoon_id) FROM vw_voorziening_jaar WHERE wijk = 'Zorgvliet' AND soort = 'Pleegzorg' AND geslacht = 'vrouw' AND leeftijd BETWEEN 12 AND 17",
    )[0][0]
    assert pleegzorg < 10


# --- domain plausibility --------------------------------------------------------------------------------


def test_wet_soort_and_taakveld_strings(warehouse_con):
    pairs = q(warehouse_con, "SELECT DISTINCT wet, soort, taakveld FROM voorziening")
    found = defaultdict(set)
    for wet, soort, taakveld in pairs:
        found[wet].add(soort)
        assert TAAKVELD[soort] == taakveld, soort
    assert dict(found) == SOORTEN
    names = dict(q(warehouse_con, "SELECT DISTINCT taakveld, taakveld_naam FROM begroting"))
    assert names["6.71"] == "Maatwerkdienstverlening 18+"
    assert names["6.82"] == "Geëscaleerde zorg 18-"
    assert set(names) == set(TAAKVELD.values())


def test_ages_fit_the_law(warehouse_con):
    (young, total, oldest) = q(
        warehouse_con,
        "SELECT count(DISTINCT persoon_id) FILTER (WHERE leeftijd <= 17), count(DISTINCT persoon_id), max(leeftijd) "
        "FROM vw_voorziening_jaar WHERE wet = 'Jeugdwet' AND jaar = 2021",
    )[0]
    assert young / total > 0.9 and oldest <= 22
    (adults, wmo, old) = q(
        warehouse_con,
        "SELECT count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 18), count(DISTINCT persoon_id), "
        "count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 75) FROM vw_voorziening_jaar WHERE wet = 'Wmo' AND jaar = 2024",
    )[0]
    assert adults == wmo and old / wmo > 0.3
    assert q(warehouse_con, "SELECT count(*) FROM vw_voorziening_jaar WHERE soort = 'Bijstand levensonderhoud' AND (leeftijd < 18 OR leeftijd > 67)") == [(0,)]
    # nobody receives help before birth
    assert q(
        warehouse_con,
        "SELECT count(*) FROM voorziening v JOIN persoon_identiteit i USING (persoon_id) WHERE v.startdatum < i.geboortedatum",
    ) == [(0,)]


def test_costs_have_realistic_orders_of_magnitude(warehouse_con):
    rows = dict(
        q(
            warehouse_con,
            """SELECT v.soort, median(k.bedrag / power(1.035, k.jaar - 2021)) FROM kosten k JOIN voorziening v USING (voorziening_id)
               WHERE v.startdatum < make_date(k.jaar, 1, 1) AND coalesce(v.einddatum, DATE '2999-01-01') > make_date(k.jaar, 12, 31)
               GROUP BY 1""",
        )
    )
    assert 30_000 <= rows["Jeugdhulp met verblijf"] <= 120_000
    assert 1_500 <= rows["Hulp bij het huishouden"] <= 7_000
    assert 50_000 <= rows["Beschermd wonen"] <= 80_000
    assert 14_000 <= rows["Bijstand levensonderhoud"] <= 17_000
    assert q(warehouse_con, "SELECT min(bedrag) > 0, min(jaar), max(jaar) FROM kosten") == [(True, 2019, 2024)]


def test_durations_are_realistic(warehouse_con):
    rows = dict(
        q(
            warehouse_con,
            "SELECT soort, median(einddatum - startdatum) FROM voorziening WHERE einddatum IS NOT NULL AND startdatum >= DATE '2019-01-01' GROUP BY 1",
        )
    )
    assert rows["Hulpmiddelen"] > rows["Hulp bij het huishouden"] > rows["Woningaanpassing"]
    assert 300 <= rows["Jeugdbescherming"] <= 750
    running = dict(q(warehouse_con, "SELECT soort, avg((einddatum IS NULL)::INT) FROM voorziening GROUP BY 1"))
    assert running["Bijstand levensonderhoud"] > 0.3 and running["Hulpmiddelen"] > 0.4


def test_instroom_and_uitstroom_every_year(warehouse_con):
    rows = q(
        warehouse_con,
        "SELECT wet, jaar, count(DISTINCT persoon_id) FILTER (WHERE is_instroom), count(DISTINCT persoon_id) FILTER (WHERE is_uitstroom) "
        "FROM vw_voorziening_jaar GROUP BY ALL",
    )
    assert len(rows) == 4 * 6
    for wet, year, instroom, uitstroom in rows:
        assert instroom > 100 and uitstroom > 100, (wet, year)


def test_clients_follow_plausible_trends(warehouse_con):
    rows = q(warehouse_con, "SELECT wet, jaar, count(DISTINCT persoon_id) FROM vw_voorziening_jaar GROUP BY ALL")
    series = defaultdict(dict)
    for wet, year, n in rows:
        series[wet][year] = n
    for wet, by_year in series.items():
        for year in YEARS[1:]:
            assert 0.8 <= by_year[year] / by_year[year - 1] <= 1.25, (wet, year)


def test_households_and_stapeling(warehouse_con):
    multi = q(warehouse_con, "SELECT count(*) FROM (SELECT huishouden_id FROM persoon GROUP BY 1 HAVING count(*) > 1)")[0][0]
    assert multi > 1000
    stapeling = dict(
        q(
            warehouse_con,
            "SELECT jaar, count(*) FROM (SELECT jaar, huishouden_id FROM vw_voorziening_jaar GROUP BY ALL HAVING count(DISTINCT wet) >= 2) GROUP BY 1",
        )
    )
    assert set(stapeling) == set(YEARS) and min(stapeling.values()) > 1000
    assert q(warehouse_con, "SELECT count(*) FROM voorziening v JOIN persoon p USING (persoon_id) WHERE v.huishouden_id <> p.huishouden_id OR v.wijk_code <> p.wijk_code") == [(0,)]


def test_begroting_close_to_but_not_equal_to_realisatie(warehouse_con):
    rows = q(
        warehouse_con,
        """SELECT b.jaar, b.taakveld, b.begroot, sum(k.bedrag) FROM vw_begroting b
           JOIN vw_kosten k ON k.jaar = b.jaar AND k.taakveld = b.taakveld AND k.gemeente_code = 'GM0518'
           GROUP BY ALL""",
    )
    assert len(rows) == 7 * 6
    ratios = [begroot / real for _, _, begroot, real in rows]
    assert all(0.85 <= r <= 1.15 and abs(r - 1) > 0.005 for r in ratios)
    assert any(r > 1 for r in ratios) and any(r < 1 for r in ratios)


def test_view_rows_follow_the_client_definition(warehouse_con):
    expected = q(
        warehouse_con,
        """SELECT count(*) FROM voorziening v, range(2019, 2025) AS y(j)
           WHERE v.startdatum <= make_date(y.j::INT, 12, 31) AND (v.einddatum IS NULL OR v.einddatum >= make_date(y.j::INT, 1, 1))""",
    )
    assert q(warehouse_con, "SELECT count(*) FROM vw_voorziening_jaar") == expected
    assert q(
        warehouse_con,
        "SELECT count(*) FROM vw_voorziening_jaar WHERE is_instroom <> (year(startdatum) = jaar) OR leeftijdsklasse <> "
        "CASE WHEN leeftijd < 18 THEN '0-17' WHEN leeftijd < 27 THEN '18-26' WHEN leeftijd < 65 THEN '27-64' WHEN leeftijd < 75 THEN '65-74' ELSE '75+' END",
    ) == [(0,)]
    assert q(warehouse_con, "SELECT count(*) FROM vw_kosten") == q(warehouse_con, "SELECT count(*) FROM kosten")


# --- synthetic identities --------------------------------------------------------------------------------


def test_identities_are_valid_synthetic_test_data(warehouse_con):
    rows = q(warehouse_con, "SELECT bsn, iban, postcode, woonplaats, telefoon, email, huisnummer FROM persoon_identiteit")
    bsns = [int(r[0]) for r in rows]
    assert all(r[0].startswith("9999") and len(r[0]) == 9 for r in rows)
    assert elfproef(np.array(bsns)).all()
    assert all(iban_valid(r[1]) and r[1].startswith("NL") and len(r[1]) == 18 for r in rows[:20000])
    postcode = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
    assert all(postcode.match(r[2]) and r[2][5:] not in ("SA", "SD", "SS") for r in rows)
    assert {r[3] for r in rows} == {"'s-Gravenhage"}
    assert all(re.match(r"^0(6|70)-[0-9]{7,8}$", r[4]) for r in rows)
    assert all(re.match(r"^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+$", r[5]) for r in rows)
    assert all(re.match(r"^[0-9]+", r[6]) for r in rows)
    assert q(warehouse_con, "SELECT count(*) FROM persoon_identiteit i JOIN persoon p USING (persoon_id) WHERE year(i.geboortedatum) <> p.geboortejaar") == [(0,)]


def test_elfproef_rejects_invalid_numbers():
    assert elfproef(np.array([999990019, 111222333])).tolist() == [True, True]
    assert elfproef(np.array([999990018, 123456789])).tolist() == [False, False]
    assert iban_valid("NL91ABNA0417164300") and not iban_valid("NL92ABNA0417164300")


def test_later_years_follow_later_cbs_figures(warehouse_con):
    """Bijstand 2024 follows the 2024 map and jeugdzorg 2022 the KWB 2022, per larger wijk (not exact: a trend)."""
    rows = q(
        warehouse_con,
        """WITH s AS (SELECT jaar, wijk_code,
                             count(DISTINCT persoon_id) FILTER (WHERE soort = 'Bijstand levensonderhoud') AS bij,
                             count(DISTINCT persoon_id) FILTER (WHERE wet = 'Jeugdwet' AND leeftijd <= 17) AS jeugd
                      FROM vw_voorziening_jaar WHERE jaar IN (2022, 2024) GROUP BY ALL)
           SELECT c.jaar, c.gebied_code, c.bijstand, c.jongeren_met_jeugdzorg, s.bij, s.jeugd
           FROM cbs_kerncijfers c JOIN s ON s.wijk_code = c.gebied_code AND s.jaar = c.jaar""",
    )
    checked = 0
    for year, code, cbs_bij, cbs_jeugd, bij, jeugd in rows:
        if year == 2024 and cbs_bij is not None and cbs_bij >= 300:
            assert abs(bij - cbs_bij) <= 0.15 * cbs_bij, (code, bij, cbs_bij)
            checked += 1
        if year == 2022 and cbs_jeugd is not None and cbs_jeugd >= 300:
            assert abs(jeugd - cbs_jeugd) <= 0.15 * cbs_jeugd, (code, jeugd, cbs_jeugd)
            checked += 1
    assert checked >= 30
