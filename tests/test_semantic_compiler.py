"""The compiler against the built warehouse.

Every case runs a semantic query through the compiler and compares the result with a query written
by hand over the raw tables (voorziening, persoon, kosten, bevolking, begroting, cbs_kerncijfers,
gebied), so a wrong definition in the compiler cannot agree with its own reference.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
import sqlglot
from sqlglot import exp

from semantic_layer import DIALECTS, Catalogue, QueryError, SemanticQuery, compile_query, load_model

# Hand-written building blocks over the raw tables (independent of the analytic views).
RAW = """
WITH jaren AS (SELECT DISTINCT jaar FROM bevolking),
act AS (
    SELECT j.jaar, v.voorziening_id, v.persoon_id, v.huishouden_id, v.wet, v.soort, v.taakveld,
           g.naam AS wijknaam, j.jaar - p.geboortejaar AS leeftijd, p.geslacht,
           CASE WHEN j.jaar - p.geboortejaar <= 17 THEN '0-17'
                WHEN j.jaar - p.geboortejaar <= 26 THEN '18-26'
                WHEN j.jaar - p.geboortejaar <= 64 THEN '27-64'
                WHEN j.jaar - p.geboortejaar <= 74 THEN '65-74' ELSE '75+' END AS klasse,
           v.startdatum, v.einddatum,
           date_diff('day', v.startdatum, coalesce(v.einddatum, make_date((SELECT max(jaar) FROM jaren), 12, 31))) AS duur
    FROM voorziening v
    JOIN persoon p ON p.persoon_id = v.persoon_id
    JOIN gebied g ON g.gebied_code = v.wijk_code
    JOIN jaren j ON v.startdatum <= make_date(j.jaar, 12, 31)
                AND (v.einddatum IS NULL OR v.einddatum >= make_date(j.jaar, 1, 1))
),
kst AS (
    SELECT k.jaar, k.bedrag, v.persoon_id, v.wet, v.soort, v.taakveld, g.naam AS wijknaam
    FROM kosten k
    JOIN voorziening v ON v.voorziening_id = k.voorziening_id
    JOIN gebied g ON g.gebied_code = v.wijk_code
),
bev AS (
    SELECT b.jaar, g.naam AS wijknaam, b.leeftijdsklasse, b.geslacht, b.inwoners
    FROM bevolking b JOIN gebied g ON g.gebied_code = b.wijk_code
),
cbs AS (
    SELECT c.*, g.naam AS gebiednaam, g.niveau, g.gemeente_naam
    FROM cbs_kerncijfers c JOIN gebied g ON g.gebied_code = c.gebied_code
)
"""

ALL_YEARS = [2019, 2020, 2021, 2022, 2023, 2024]


def f(dimension, values, op=None):
    values = values if isinstance(values, list) else [values]
    return {"dimension": dimension, "op": op or ("=" if len(values) == 1 else "in"), "values": values}


CASES: list[tuple[str, dict, str, list[str]]] = [
    ("wmo_clienten_schildersbuurt_2023",
     {"metrics": ["clienten"], "filters": [f("wet", "Wmo"), f("wijk", "Schildersbuurt")], "years": [2023]},
     "SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2023 AND wet = 'Wmo' AND wijknaam = 'Schildersbuurt'",
     ["clienten"]),
    ("clienten_gemeente_totaal_telt_iedereen_een_keer",
     {"metrics": ["clienten"], "years": [2024]},
     "SELECT COUNT(DISTINCT persoon_id), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024",
     ["clienten", "clienten__n"]),
    ("clienten_per_wijk",
     {"metrics": ["clienten"], "dimensions": ["wijk"], "years": [2024]},
     "SELECT wijknaam, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 GROUP BY 1 ORDER BY 1",
     ["wijk", "clienten"]),
    ("bijstandsontvangers_moerwijk_trend_via_synoniem",
     {"metrics": ["clienten"], "dimensions": ["jaar"], "filters": [f("soort", "bijstandsuitkering"), f("wijk", "Moerwijk")],
      "years": ALL_YEARS},
     "SELECT jaar, COUNT(DISTINCT persoon_id) FROM act WHERE soort = 'Bijstand levensonderhoud' "
     "AND wijknaam = 'Moerwijk' GROUP BY 1 ORDER BY 1",
     ["jaar", "clienten"]),
    ("wmo_per_leeftijdsklasse",
     {"metrics": ["clienten"], "dimensions": ["leeftijdsklasse"], "filters": [f("wet", "Wmo"), f("wijk", "Schildersbuurt")],
      "years": [2023]},
     "SELECT klasse, COUNT(DISTINCT persoon_id), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2023 AND wet = 'Wmo' "
     "AND wijknaam = 'Schildersbuurt' GROUP BY 1 ORDER BY 1",
     ["leeftijdsklasse", "clienten", "clienten__n"]),
    ("wmo_75_plus_per_wijk_leeftijdsfilter",
     {"metrics": ["clienten"], "dimensions": ["wijk"], "filters": [f("wet", "Wmo"), f("leeftijd", [75], ">=")],
      "years": [2024]},
     "SELECT wijknaam, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND wet = 'Wmo' AND leeftijd >= 75 "
     "GROUP BY 1 ORDER BY 1",
     ["wijk", "clienten"]),
    ("meisjes_12_17_pleegzorg_zorgvliet_laatste_jaar",
     {"metrics": ["clienten"], "filters": [f("soort", "Pleegzorg"), f("wijk", "Zorgvliet"), f("geslacht", "meisjes"),
                                          f("leeftijd", [12, 17], "between")]},
     "SELECT COUNT(DISTINCT persoon_id), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND soort = 'Pleegzorg' "
     "AND wijknaam = 'Zorgvliet' AND geslacht = 'vrouw' AND leeftijd BETWEEN 12 AND 17",
     ["clienten", "clienten__n"]),
    ("jeugdwet_per_geslacht",
     {"metrics": ["clienten"], "dimensions": ["geslacht"], "filters": [f("wet", "jeugdzorg")], "years": [2022]},
     "SELECT geslacht, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2022 AND wet = 'Jeugdwet' GROUP BY 1 ORDER BY 1",
     ["geslacht", "clienten"]),
    ("per_wet_behalve_participatiewet",
     {"metrics": ["clienten"], "dimensions": ["wet"], "filters": [f("wet", "Participatiewet", "!=")], "years": [2024]},
     "SELECT wet, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND wet <> 'Participatiewet' GROUP BY 1 ORDER BY 1",
     ["wet", "clienten"]),
    ("clienten_per_taakveld",
     {"metrics": ["clienten"], "dimensions": ["taakveld"], "years": [2024]},
     "SELECT taakveld, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 GROUP BY 1 ORDER BY 1",
     ["taakveld", "clienten"]),
    ("twee_wijken_worden_naast_elkaar_gezet",
     {"metrics": ["clienten"], "filters": [f("soort", ["Begeleiding", "Dagbesteding"]), f("wijk", ["Moerwijk", "Laak"])],
      "years": [2024]},
     "SELECT wijknaam, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND soort IN ('Begeleiding', 'Dagbesteding') "
     "AND wijknaam IN ('Moerwijk', 'Laakkwartier en Spoorwijk') GROUP BY 1 ORDER BY 1",
     ["wijk", "clienten"]),
    ("huishoudens_moerwijk_jeugdwet",
     {"metrics": ["huishoudens_met_voorziening"], "filters": [f("wijk", "Moerwijk"), f("wet", "Jeugdwet")], "years": [2024]},
     "SELECT COUNT(DISTINCT huishouden_id), COUNT(DISTINCT huishouden_id) FROM act WHERE jaar = 2024 "
     "AND wijknaam = 'Moerwijk' AND wet = 'Jeugdwet'",
     ["huishoudens_met_voorziening", "huishoudens_met_voorziening__n"]),
    ("huishoudens_per_wet",
     {"metrics": ["huishoudens_met_voorziening"], "dimensions": ["wet"], "years": [2024]},
     "SELECT wet, COUNT(DISTINCT huishouden_id) FROM act WHERE jaar = 2024 GROUP BY 1 ORDER BY 1",
     ["wet", "huishoudens_met_voorziening"]),
    ("voorzieningen_per_soort_wmo",
     {"metrics": ["voorzieningen"], "dimensions": ["soort"], "filters": [f("wet", "Wmo")], "years": [2024]},
     "SELECT soort, COUNT(DISTINCT voorziening_id), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 "
     "AND wet = 'Wmo' GROUP BY 1 ORDER BY 1",
     ["soort", "voorzieningen", "voorzieningen__n"]),
    ("voorzieningen_en_clienten_naast_elkaar",
     {"metrics": ["voorzieningen", "clienten"], "dimensions": ["wet"], "years": [2024]},
     "SELECT wet, COUNT(DISTINCT voorziening_id), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 "
     "GROUP BY 1 ORDER BY 1",
     ["wet", "voorzieningen", "clienten"]),
    ("instroom_jeugdhulp_per_jaar",
     {"metrics": ["instroom"], "dimensions": ["jaar"], "filters": [f("wet", "Jeugdwet")], "years": ALL_YEARS[1:]},
     "SELECT jaar, COUNT(DISTINCT persoon_id) FROM act WHERE wet = 'Jeugdwet' AND year(startdatum) = jaar "
     "AND jaar >= 2020 GROUP BY 1 ORDER BY 1",
     ["jaar", "instroom"]),
    ("uitstroom_bijstand_per_wijk",
     {"metrics": ["uitstroom"], "dimensions": ["wijk"], "filters": [f("soort", "Bijstand levensonderhoud")], "years": [2023]},
     "SELECT wijknaam, COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2023 AND soort = 'Bijstand levensonderhoud' "
     "AND year(einddatum) = 2023 GROUP BY 1 ORDER BY 1",
     ["wijk", "uitstroom"]),
    ("instroom_en_uitstroom_participatiewet",
     {"metrics": ["instroom", "uitstroom"], "dimensions": ["jaar"], "filters": [f("wet", "Participatiewet")],
      "years": ALL_YEARS},
     "SELECT jaar, COUNT(DISTINCT persoon_id) FILTER (WHERE year(startdatum) = jaar), "
     "COUNT(DISTINCT persoon_id) FILTER (WHERE year(einddatum) = jaar) FROM act WHERE wet = 'Participatiewet' "
     "GROUP BY 1 ORDER BY 1",
     ["jaar", "instroom", "uitstroom"]),
    ("top5_wijken_kosten_jeugdhulp_met_verblijf",
     {"metrics": ["kosten"], "dimensions": ["wijk"], "filters": [f("soort", "Jeugdhulp met verblijf")], "years": [2024],
      "order_by": [{"field": "kosten", "descending": True}], "limit": 5},
     "SELECT wijknaam, ROUND(SUM(s), 2), COUNT(*), MAX(s) FROM (SELECT wijknaam, persoon_id, SUM(bedrag) AS s FROM kst "
     "WHERE jaar = 2024 AND soort = 'Jeugdhulp met verblijf' GROUP BY 1, 2) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
     ["wijk", "kosten", "kosten__n", "kosten__max"]),
    ("kosten_per_wet_met_guardkolommen",
     {"metrics": ["kosten"], "dimensions": ["wet"], "years": [2024]},
     "SELECT wet, ROUND(SUM(s), 2), COUNT(*), MAX(s) FROM (SELECT wet, persoon_id, SUM(bedrag) AS s FROM kst "
     "WHERE jaar = 2024 GROUP BY 1, 2) GROUP BY 1 ORDER BY 1",
     ["wet", "kosten", "kosten__n", "kosten__max"]),
    ("kosten_wmo_trend",
     {"metrics": ["kosten"], "dimensions": ["jaar"], "filters": [f("wet", "Wmo")], "years": ALL_YEARS},
     "SELECT jaar, ROUND(SUM(bedrag), 2) FROM kst WHERE wet = 'Wmo' GROUP BY 1 ORDER BY 1",
     ["jaar", "kosten"]),
    ("kosten_per_client_per_soort_jeugd",
     {"metrics": ["kosten_per_client"], "dimensions": ["soort"], "filters": [f("wet", "Jeugdwet")], "years": [2024]},
     "SELECT k.soort, ROUND(k.s / c.n, 2) FROM (SELECT soort, SUM(bedrag) AS s FROM kst WHERE jaar = 2024 "
     "AND wet = 'Jeugdwet' GROUP BY 1) k JOIN (SELECT soort, COUNT(DISTINCT persoon_id) AS n FROM act "
     "WHERE jaar = 2024 AND wet = 'Jeugdwet' GROUP BY 1) c USING (soort) ORDER BY 1",
     ["soort", "kosten_per_client"]),
    ("kosten_per_client_per_wijk_wmo",
     {"metrics": ["kosten_per_client"], "dimensions": ["wijk"], "filters": [f("wet", "Wmo")], "years": [2023]},
     "SELECT k.wijknaam, ROUND(k.s / c.n, 2), k.np FROM (SELECT wijknaam, SUM(bedrag) AS s, COUNT(DISTINCT persoon_id) AS np "
     "FROM kst WHERE jaar = 2023 AND wet = 'Wmo' GROUP BY 1) k JOIN (SELECT wijknaam, COUNT(DISTINCT persoon_id) AS n "
     "FROM act WHERE jaar = 2023 AND wet = 'Wmo' GROUP BY 1) c USING (wijknaam) ORDER BY 1",
     ["wijk", "kosten_per_client", "kosten_per_client__n"]),
    ("wmo_per_1000_per_wijk",
     {"metrics": ["clienten_per_1000"], "dimensions": ["wijk"], "filters": [f("wet", "Wmo")], "years": [2024]},
     "SELECT c.wijknaam, ROUND(c.n * 1000.0 / b.i, 1), c.n FROM (SELECT wijknaam, COUNT(DISTINCT persoon_id) AS n FROM act "
     "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY 1) c JOIN (SELECT wijknaam, SUM(inwoners) AS i FROM bev WHERE jaar = 2024 "
     "GROUP BY 1) b USING (wijknaam) ORDER BY 1",
     ["wijk", "clienten_per_1000", "clienten_per_1000__n"]),
    ("hbh_75_plus_per_1000_noemer_is_75_plus",
     {"metrics": ["clienten_per_1000"], "filters": [f("soort", "hbh"), f("leeftijdsklasse", "75+")], "years": [2024]},
     "SELECT ROUND((SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND soort = 'Hulp bij het huishouden' "
     "AND klasse = '75+') * 1000.0 / (SELECT SUM(inwoners) FROM bev WHERE jaar = 2024 AND leeftijdsklasse = '75+'), 1)",
     ["clienten_per_1000"]),
    ("wmo_per_1000_per_geslacht_moerwijk",
     {"metrics": ["clienten_per_1000"], "dimensions": ["geslacht"], "filters": [f("wet", "Wmo"), f("wijk", "Moerwijk")],
      "years": [2024]},
     "SELECT c.geslacht, ROUND(c.n * 1000.0 / b.i, 1) FROM (SELECT geslacht, COUNT(DISTINCT persoon_id) AS n FROM act "
     "WHERE jaar = 2024 AND wet = 'Wmo' AND wijknaam = 'Moerwijk' GROUP BY 1) c JOIN (SELECT geslacht, SUM(inwoners) AS i "
     "FROM bev WHERE jaar = 2024 AND wijknaam = 'Moerwijk' GROUP BY 1) b USING (geslacht) ORDER BY 1",
     ["geslacht", "clienten_per_1000"]),
    ("pct_inwoners_hbh_75_plus_vrouwen_loosduinen",
     {"metrics": ["pct_inwoners"], "filters": [f("soort", "hbh"), f("leeftijdsklasse", "75+"), f("geslacht", "vrouw"),
                                               f("wijk", "Loosduinen")], "years": [2024]},
     "SELECT ROUND((SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND soort = 'Hulp bij het huishouden' "
     "AND klasse = '75+' AND geslacht = 'vrouw' AND wijknaam = 'Loosduinen') * 100.0 / (SELECT SUM(inwoners) FROM bev "
     "WHERE jaar = 2024 AND leeftijdsklasse = '75+' AND geslacht = 'vrouw' AND wijknaam = 'Loosduinen'), 1)",
     ["pct_inwoners"]),
    ("pct_jeugdigen_moerwijk",
     {"metrics": ["pct_jeugdigen_jeugdhulp"], "filters": [f("wijk", "Moerwijk")], "years": [2024]},
     "SELECT ROUND((SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND wet = 'Jeugdwet' AND leeftijd <= 17 "
     "AND wijknaam = 'Moerwijk') * 100.0 / (SELECT SUM(inwoners) FROM bev WHERE jaar = 2024 AND leeftijdsklasse = '0-17' "
     "AND wijknaam = 'Moerwijk'), 1), (SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND wet = 'Jeugdwet' "
     "AND leeftijd <= 17 AND wijknaam = 'Moerwijk')",
     ["pct_jeugdigen_jeugdhulp", "pct_jeugdigen_jeugdhulp__n"]),
    ("pct_jeugdigen_top10_wijken",
     {"metrics": ["pct_jeugdigen_jeugdhulp"], "dimensions": ["wijk"], "order_by": [{"field": "pct_jeugdigen_jeugdhulp"}],
      "limit": 10},
     "SELECT c.wijknaam, ROUND(c.n * 100.0 / b.i, 1) AS p FROM (SELECT wijknaam, COUNT(DISTINCT persoon_id) AS n FROM act "
     "WHERE jaar = 2024 AND wet = 'Jeugdwet' AND klasse = '0-17' GROUP BY 1) c JOIN (SELECT wijknaam, SUM(inwoners) AS i "
     "FROM bev WHERE jaar = 2024 AND leeftijdsklasse = '0-17' GROUP BY 1) b USING (wijknaam) ORDER BY p DESC, 1 LIMIT 10",
     ["wijk", "pct_jeugdigen_jeugdhulp"]),
    ("pct_jeugdigen_per_geslacht",
     {"metrics": ["pct_jeugdigen_jeugdhulp"], "dimensions": ["geslacht"], "years": [2022]},
     "SELECT c.geslacht, ROUND(c.n * 100.0 / b.i, 1) FROM (SELECT geslacht, COUNT(DISTINCT persoon_id) AS n FROM act "
     "WHERE jaar = 2022 AND wet = 'Jeugdwet' AND klasse = '0-17' GROUP BY 1) c JOIN (SELECT geslacht, SUM(inwoners) AS i "
     "FROM bev WHERE jaar = 2022 AND leeftijdsklasse = '0-17' GROUP BY 1) b USING (geslacht) ORDER BY 1",
     ["geslacht", "pct_jeugdigen_jeugdhulp"]),
    ("stapeling_moerwijk",
     {"metrics": ["stapeling"], "filters": [f("wijk", "Moerwijk")], "years": [2024]},
     "SELECT COUNT(*), COUNT(*) FROM (SELECT huishouden_id FROM act WHERE jaar = 2024 AND wijknaam = 'Moerwijk' "
     "GROUP BY 1 HAVING COUNT(DISTINCT wet) >= 2)",
     ["stapeling", "stapeling__n"]),
    ("stapeling_per_jaar_gemeente",
     {"metrics": ["stapeling"], "dimensions": ["jaar"], "years": ALL_YEARS},
     "SELECT jaar, COUNT(*) FROM (SELECT jaar, huishouden_id FROM act GROUP BY 1, 2 HAVING COUNT(DISTINCT wet) >= 2) "
     "GROUP BY 1 ORDER BY 1",
     ["jaar", "stapeling"]),
    ("stapeling_per_wijk",
     {"metrics": ["stapeling"], "dimensions": ["wijk"], "years": [2021]},
     "SELECT wijknaam, COUNT(*) FROM (SELECT wijknaam, huishouden_id FROM act WHERE jaar = 2021 GROUP BY 1, 2 "
     "HAVING COUNT(DISTINCT wet) >= 2) GROUP BY 1 ORDER BY 1",
     ["wijk", "stapeling"]),
    ("gemiddelde_duur_beschermd_wonen",
     {"metrics": ["gemiddelde_duur"], "filters": [f("soort", "Beschermd wonen")], "years": [2024]},
     "SELECT ROUND(AVG(duur), 1), COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2024 AND soort = 'Beschermd wonen'",
     ["gemiddelde_duur", "gemiddelde_duur__n"]),
    ("gemiddelde_duur_per_wet",
     {"metrics": ["gemiddelde_duur"], "dimensions": ["wet"], "years": [2023]},
     "SELECT wet, ROUND(AVG(duur), 1) FROM act WHERE jaar = 2023 GROUP BY 1 ORDER BY 1",
     ["wet", "gemiddelde_duur"]),
    ("begroting_per_taakveld",
     {"metrics": ["begroting"], "dimensions": ["taakveld"], "years": [2024]},
     "SELECT taakveld, ROUND(SUM(begroot), 2) FROM begroting WHERE jaar = 2024 GROUP BY 1 ORDER BY 1",
     ["taakveld", "begroting"]),
    ("begroting_en_realisatie_naast_elkaar",
     {"metrics": ["begroting", "realisatie"], "dimensions": ["taakveld"], "years": [2024]},
     "SELECT b.taakveld, ROUND(b.begroot, 2), ROUND(r.s, 2) FROM begroting b LEFT JOIN (SELECT taakveld, SUM(bedrag) AS s "
     "FROM kst WHERE jaar = 2024 GROUP BY 1) r USING (taakveld) WHERE b.jaar = 2024 ORDER BY 1",
     ["taakveld", "begroting", "realisatie"]),
    ("uitputting_beschermd_wonen_via_taakveldnaam",
     {"metrics": ["uitputting"], "filters": [f("taakveld", "Geëscaleerde zorg 18+")], "years": [2024]},
     "SELECT ROUND((SELECT SUM(bedrag) FROM kst WHERE jaar = 2024 AND taakveld = '6.81') * 100.0 / "
     "(SELECT begroot FROM begroting WHERE jaar = 2024 AND taakveld = '6.81'), 1)",
     ["uitputting"]),
    ("uitputting_per_jaar_en_taakveld",
     {"metrics": ["uitputting"], "dimensions": ["jaar", "taakveld"], "years": [2022, 2023, 2024]},
     "SELECT r.jaar, r.taakveld, ROUND(r.s * 100.0 / b.begroot, 1) FROM (SELECT jaar, taakveld, SUM(bedrag) AS s FROM kst "
     "WHERE jaar BETWEEN 2022 AND 2024 GROUP BY 1, 2) r JOIN begroting b USING (jaar, taakveld) ORDER BY 1, 2",
     ["jaar", "taakveld", "uitputting"]),
    ("uitputting_totaal",
     {"metrics": ["uitputting"], "years": [2024]},
     "SELECT ROUND((SELECT SUM(bedrag) FROM kst WHERE jaar = 2024) * 100.0 / "
     "(SELECT SUM(begroot) FROM begroting WHERE jaar = 2024), 1)",
     ["uitputting"]),
    ("jaarvergelijking_wmo_per_wijk",
     {"metrics": ["clienten"], "dimensions": ["wijk"], "filters": [f("wet", "Wmo")],
      "year_comparison": {"base_year": 2023, "compare_year": 2024}},
     "SELECT wijknaam, a, b, b - a, ROUND((b - a) * 100.0 / a, 1), a, b FROM (SELECT wijknaam, "
     "COUNT(DISTINCT persoon_id) FILTER (WHERE jaar = 2023) AS a, COUNT(DISTINCT persoon_id) FILTER (WHERE jaar = 2024) AS b "
     "FROM act WHERE wet = 'Wmo' GROUP BY 1) ORDER BY 1",
     ["wijk", "clienten_2023", "clienten_2024", "clienten_verschil", "clienten_verschil_pct", "clienten_2023__n",
      "clienten_2024__n"]),
    ("jaarvergelijking_kosten_gemeente",
     {"metrics": ["kosten"], "year_comparison": {"base_year": 2022, "compare_year": 2024}},
     "SELECT ROUND(a, 2), ROUND(b, 2), ROUND(ROUND(b, 2) - ROUND(a, 2), 2), ROUND((ROUND(b, 2) - ROUND(a, 2)) * 100.0 / ROUND(a, 2), 1) "
     "FROM (SELECT SUM(bedrag) FILTER (WHERE jaar = 2022) AS a, SUM(bedrag) FILTER (WHERE jaar = 2024) AS b FROM kst)",
     ["kosten_2022", "kosten_2024", "kosten_verschil", "kosten_verschil_pct"]),
    ("cbs_wmo_per_1000_den_haag_rotterdam",
     {"metrics": ["cbs_wmo_clienten_per_1000"], "dimensions": ["gemeente"],
      "filters": [f("gemeente", ["Den Haag", "Rotterdam"])], "years": [2021]},
     "SELECT gebiednaam, wmo_clienten_per_1000 FROM cbs WHERE jaar = 2021 AND niveau = 'gemeente' "
     "AND gebiednaam IN ('''s-Gravenhage', 'Rotterdam') ORDER BY 1",
     ["gemeente", "cbs_wmo_clienten_per_1000"]),
    ("cbs_top10_wijken_inwoners",
     {"metrics": ["cbs_inwoners"], "dimensions": ["wijk"], "order_by": [{"field": "cbs_inwoners"}], "limit": 10},
     "SELECT gebiednaam, inwoners FROM cbs WHERE jaar = 2024 AND niveau = 'wijk' AND gemeente_naam = '''s-Gravenhage' "
     "ORDER BY inwoners DESC NULLS LAST, 1 LIMIT 10",
     ["wijk", "cbs_inwoners"]),
    ("cbs_inkomen_in_euro",
     {"metrics": ["cbs_gem_inkomen_per_inwoner"], "filters": [f("wijk", ["Moerwijk", "Benoordenhout"])]},
     "SELECT gebiednaam, ROUND(gem_inkomen_per_inwoner * 1000, 0) FROM cbs WHERE jaar = 2021 AND niveau = 'wijk' "
     "AND gemeente_naam = '''s-Gravenhage' AND gebiednaam IN ('Moerwijk', 'Benoordenhout') ORDER BY 1",
     ["wijk", "cbs_gem_inkomen_per_inwoner"]),
    ("cbs_bijstand_drie_gemeenten_alle_jaren",
     {"metrics": ["cbs_bijstand"], "dimensions": ["gemeente", "jaar"],
      "filters": [f("gemeente", ["Amsterdam", "Rotterdam", "Utrecht"])]},
     "SELECT gebiednaam, jaar, bijstand FROM cbs WHERE niveau = 'gemeente' AND gebiednaam IN ('Amsterdam', 'Rotterdam', "
     "'Utrecht') AND jaar IN (SELECT jaar FROM cbs_kerncijfers WHERE bijstand IS NOT NULL) ORDER BY 1, 2",
     ["gemeente", "jaar", "cbs_bijstand"]),
    ("cbs_en_gemeentelijk_naast_elkaar",
     {"metrics": ["clienten", "cbs_wmo_clienten"], "dimensions": ["wijk"], "filters": [f("wet", "Wmo")], "years": [2021]},
     "SELECT c.gebiednaam, a.n, c.wmo_clienten FROM cbs c LEFT JOIN (SELECT wijknaam, COUNT(DISTINCT persoon_id) AS n "
     "FROM act WHERE jaar = 2021 AND wet = 'Wmo' GROUP BY 1) a ON a.wijknaam = c.gebiednaam WHERE c.jaar = 2021 "
     "AND c.niveau = 'wijk' AND c.gemeente_naam = '''s-Gravenhage' ORDER BY 1",
     ["wijk", "clienten", "cbs_wmo_clienten"]),
    ("cbs_jeugdzorg_laatste_jaar",
     {"metrics": ["cbs_jongeren_met_jeugdzorg"]},
     "SELECT jongeren_met_jeugdzorg FROM cbs WHERE jaar = 2022 AND niveau = 'gemeente' AND gebiednaam = '''s-Gravenhage'",
     ["cbs_jongeren_met_jeugdzorg"]),
    ("cbs_nederland_en_den_haag",
     {"metrics": ["cbs_inwoners"], "filters": [f("gemeente", ["Nederland", "'s-Gravenhage"])], "years": [2021]},
     "SELECT gebiednaam, inwoners FROM cbs WHERE jaar = 2021 AND niveau IN ('land', 'gemeente') "
     "AND gebiednaam IN ('Nederland', '''s-Gravenhage') ORDER BY 1",
     ["gemeente", "cbs_inwoners"]),
    ("kleinste_drie_wijken_oplopend",
     {"metrics": ["clienten"], "dimensions": ["wijk"], "years": [2024],
      "order_by": [{"field": "clienten", "descending": False}], "limit": 3},
     "SELECT wijknaam, COUNT(DISTINCT persoon_id) AS n FROM act WHERE jaar = 2024 GROUP BY 1 ORDER BY n, 1 LIMIT 3",
     ["wijk", "clienten"]),
    ("schulden_synoniem_en_gemeente_filter",
     {"metrics": ["clienten"], "filters": [f("wet", "schulden"), f("gemeente", "Den Haag")], "years": [2022]},
     "SELECT COUNT(DISTINCT persoon_id) FROM act WHERE jaar = 2022 AND wet = 'Schuldhulpverlening'",
     ["clienten"]),
]


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


@pytest.fixture(scope="module")
def con(warehouse_con):
    return warehouse_con.cursor()


def _run(con, sql: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.051)
    return a == b


def _compare(got_cols, got_rows, compare, expected_rows, label):
    idx = [got_cols.index(c) for c in compare]
    got = [tuple(r[i] for i in idx) for r in got_rows]
    assert len(got) == len(expected_rows), f"{label}: {len(got)} rijen, verwacht {len(expected_rows)}"
    assert got, f"{label}: lege uitkomst bewijst niets"
    for g, e in zip(got, expected_rows):
        assert len(g) == len(e), f"{label}: kolommen {g} vs {e}"
        assert all(_same(x, y) for x, y in zip(g, e)), f"{label}: {g} != {e}"


@pytest.mark.parametrize(("name", "query", "reference", "compare"), CASES, ids=[c[0] for c in CASES])
def test_compiled_query_matches_hand_written_sql(con, catalogue, name, query, reference, compare):
    compiled = compile_query(SemanticQuery(**query), catalogue)
    cols, rows = _run(con, compiled.sql())
    assert cols == [c.name for c in compiled.columns], "kolomvolgorde volgt de beschrijving"
    if query.get("limit"):  # the disclosure guard cuts a top-N after protection; the SQL gives every row
        rows = rows[: query["limit"]]
    _, expected = _run(con, RAW + reference)
    _compare(cols, rows, compare, expected, name)


def test_enough_distinct_cases_cover_every_metric(catalogue):
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)
    used = {m for _, q, _, _ in CASES for m in q["metrics"]}
    municipal = {n for n, m in catalogue.model.metrics.items() if m.source != "CBS"}
    assert municipal <= used
    assert len([m for m in used if m.startswith("cbs_")]) >= 5


def test_gemeente_total_counts_each_person_once(con, catalogue):
    total = _run(con, compile_query(SemanticQuery(metrics=["clienten"], years=[2024]), catalogue).sql())[1][0][0]
    per_wijk = _run(con, compile_query(
        SemanticQuery(metrics=["clienten"], dimensions=["wijk"], years=[2024]), catalogue).sql())[1]
    assert total <= sum(r[1] for r in per_wijk)
    movers = _run(con, "SELECT COUNT(*) FROM (SELECT persoon_id FROM vw_voorziening_jaar WHERE jaar = 2024 "
                       "GROUP BY 1 HAVING COUNT(DISTINCT wijk) > 1)")[1][0][0]
    assert sum(r[1] for r in per_wijk) - total >= movers


def test_synthetic_2021_wmo_clients_match_cbs_where_published(con, catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["clienten", "cbs_wmo_clienten"], dimensions=["wijk"],
        filters=[{"dimension": "wet", "values": ["Wmo"]}], years=[2021]), catalogue)
    cols, rows = _run(con, compiled.sql())
    pairs = [(r[cols.index("clienten")], r[cols.index("cbs_wmo_clienten")]) for r in rows]
    published = [(a, b) for a, b in pairs if b is not None]
    assert len(published) >= 30
    wrong = [(r[cols.index("wijk")], a, b) for r, (a, b) in zip(rows, pairs) if b is not None and a != b]
    assert not wrong, f"gemeentelijk vs CBS verschilt in: {wrong}"


# ------------------------------------------------------------------------------------------ verified examples
def _examples():
    model = load_model()
    return [(name, i, ex.question, ex.query) for name, m in model.metrics.items() for i, ex in enumerate(m.examples)]


@pytest.mark.parametrize(("metric", "i", "question", "query"), _examples(), ids=lambda v: str(v)[:40])
def test_every_verified_example_compiles_and_runs(con, catalogue, metric, i, question, query):
    compiled = compile_query(SemanticQuery(**query), catalogue)
    cols, rows = _run(con, compiled.sql())
    assert metric in " ".join(cols)
    assert rows, question
    if compiled.units_ast is not None:
        ucols, urows = _run(con, compiled.units_sql())
        assert any(c.endswith("__units") for c in ucols)


# ------------------------------------------------------------------------------------------ guard contract
def test_guard_columns_and_units_describe_every_cell(con, catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["clienten", "kosten", "begroting"], dimensions=["taakveld"], years=[2024]), catalogue)
    by_name = {c.name: c for c in compiled.columns}
    assert by_name["clienten"].count_column == "clienten__n" and by_name["clienten"].max_column is None
    assert by_name["kosten"].count_column == "kosten__n" and by_name["kosten"].max_column == "kosten__max"
    assert by_name["begroting"].counting_unit is None and by_name["begroting"].count_column is None
    assert by_name["kosten__max"].kind == "guard"
    cols, rows = _run(con, compiled.sql())
    ucols, urows = _run(con, compiled.units_sql())
    # a count is also judged as the provisions behind it (red team 14): their set beside its own
    assert ucols == ["taakveld", "clienten__units", "clienten__voorzieningen__units", "kosten__units"]
    assert by_name["clienten"].views == ["voorzieningen"]
    units = {r[0]: r for r in urows}
    for row in rows:
        cell = units[row[0]]
        assert len(cell[1]) == row[cols.index("clienten__n")]
        assert len(cell[2]) == row[cols.index("clienten__voorzieningen_n")] >= len(cell[1])
        assert len(cell[3]) == row[cols.index("kosten__n")]
    assert compiled.sources and any("CBS" not in s for s in compiled.sources)
    assert "Cliënten" in compiled.definitions


def test_units_of_a_rate_are_the_numerator_persons(con, catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["pct_jeugdigen_jeugdhulp"], filters=[{"dimension": "wijk", "values": ["Zorgvliet"]}], years=[2024]),
        catalogue)
    cols, rows = _run(con, compiled.sql())
    n = rows[0][cols.index("pct_jeugdigen_jeugdhulp__n")]
    (units,), = _run(con, compiled.units_sql())[1]
    assert len(units) == n
    (expected,), = _run(con, RAW + "SELECT list(DISTINCT persoon_id ORDER BY persoon_id) FROM act WHERE jaar = 2024 "
                        "AND wet = 'Jeugdwet' AND leeftijd <= 17 AND wijknaam = 'Zorgvliet'")[1]
    assert sorted(units) == expected


def test_stapeling_units_are_households(con, catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["stapeling"], filters=[{"dimension": "wijk", "values": ["Moerwijk"]}], years=[2024]), catalogue)
    (units,), = _run(con, compiled.units_sql())[1]
    (expected,), = _run(con, RAW + "SELECT list(huishouden_id ORDER BY huishouden_id) FROM (SELECT huishouden_id FROM act "
                        "WHERE jaar = 2024 AND wijknaam = 'Moerwijk' GROUP BY 1 HAVING COUNT(DISTINCT wet) >= 2)")[1]
    assert sorted(units) == expected
    assert compiled.columns[0].counting_unit == "huishouden"


def test_year_comparison_columns_depend_on_both_years(catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], year_comparison={"base_year": 2021, "compare_year": 2024}), catalogue)
    by_name = {c.name: c for c in compiled.columns}
    assert by_name["clienten_verschil"].depends_on == ["clienten_2021", "clienten_2024"]
    assert by_name["clienten_verschil_pct"].unit == "procent"
    assert by_name["clienten_2021"].count_column == "clienten_2021__n"


# ------------------------------------------------------------------------------------------ dialects
@pytest.mark.parametrize(("name", "query"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_every_case_compiles_for_all_dialects_and_parses_back(catalogue, name, query):
    compiled = compile_query(SemanticQuery(**query), catalogue)
    for dialect in DIALECTS:
        sql = compiled.sql(dialect)
        parsed = sqlglot.parse_one(sql, read=dialect)
        tables = {t.name for t in parsed.find_all(exp.Table)}
        ctes = {c.alias for c in parsed.find_all(exp.CTE)}
        assert tables - ctes <= catalogue.allowed_views(), (dialect, tables)


def test_dialects_differ_where_the_databases_differ(catalogue):
    case = next(c for c in CASES if c[0] == "top5_wijken_kosten_jeugdhulp_met_verblijf")
    top = compile_query(SemanticQuery(**case[1]), catalogue)  # ORDER BY kosten DESC; top 5 after protection
    duck, pg, spark, tsql = top.sql("duckdb"), top.sql("postgres"), top.sql("spark"), top.sql("tsql")
    assert "NULLS LAST" not in duck and "kosten DESC NULLS LAST" in pg  # postgres sorts NULLs first on DESC
    assert "LIMIT" not in duck and "TOP" not in tsql  # the guard ranks and cuts after protection
    assert "% 4294967296" in duck and "% 4294967296" in tsql  # cell keys are computed on every backend
    assert "ARRAY_AGG(DISTINCT" in top.units_sql("duckdb") and "COLLECT_SET(" in top.units_sql("spark")
    assert spark != duck
    rate = compile_query(SemanticQuery(metrics=["clienten"], year_comparison={"base_year": 2023, "compare_year": 2024}),
                         catalogue)
    assert "FILTER(WHERE" in rate.sql("duckdb") and "IIF(" in rate.sql("tsql")
    assert "AS DOUBLE PRECISION" in rate.sql("postgres") and "DOUBLE PRECISION" not in rate.sql("duckdb")
    per_1000 = compile_query(SemanticQuery(metrics=["clienten_per_1000"]), catalogue)
    assert "ROUND(CAST(" in per_1000.sql("postgres") and "AS NUMERIC), 1)" in per_1000.sql("postgres")
    assert "NUMERIC" not in per_1000.sql("duckdb")  # PostgreSQL has no round(double precision, integer)
    gemeente = compile_query(SemanticQuery(metrics=["cbs_inwoners"]), catalogue)
    assert "'''s-Gravenhage'" in gemeente.sql("duckdb") and "'\\'s-Gravenhage'" in gemeente.sql("spark")


def test_unknown_dialect_is_refused_in_dutch(catalogue):
    with pytest.raises(QueryError, match="Onbekend SQL-dialect"):
        compile_query(SemanticQuery(metrics=["clienten"]), catalogue, dialect="oracle")


# ------------------------------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"metrics": ["clientenn"]}, "Onbekend cijfer 'clientenn'. Bedoelt u 'clienten'?"),
        ({"metrics": ["stapeling"], "dimensions": ["soort"]}, "kan niet uitgesplitst worden naar soort voorziening"),
        ({"metrics": ["begroting"], "filters": [f("wijk", "Moerwijk")]}, "kan niet gefilterd worden op wijk"),
        ({"metrics": ["clienten"], "filters": [f("wijk", "Schilderbuurt")]}, "Bedoelt u 'Schildersbuurt'?"),
        ({"metrics": ["clienten"], "filters": [f("wijk", "Atlantis")]}, "'Atlantis' is geen bekende wijk van 's-Gravenhage"),
        ({"metrics": ["clienten"], "filters": [f("soort", "Thuiszorg")]}, "'Thuiszorg' is geen bekende soort voorziening"),
        ({"metrics": ["clienten"], "filters": [f("gemeente", "Rotterdam")]}, "alleen CBS-cijfers"),
        ({"metrics": ["clienten"], "years": [2010]}, "geen gegevens over 2010; wel over 2019-2024"),
        ({"metrics": ["cbs_wmo_clienten"], "years": [2024]}, "geen gegevens over 2024"),
        ({"metrics": ["clienten"], "dimensions": ["leeftijd"]}, "alleen gefilterd"),
        ({"metrics": ["clienten"], "filters": [f("leeftijd", ["oud"], ">=")]}, "'oud' is geen geldige leeftijd"),
        ({"metrics": ["clienten"], "dimensions": ["jaar"], "year_comparison": {"base_year": 2023, "compare_year": 2024}},
         "niet ook per jaar"),
        ({"metrics": ["clienten"], "order_by": [{"field": "kosten"}]}, "Kan niet sorteren op 'kosten'"),
        ({"metrics": ["clienten"], "filters": [f("wet", "Wmo", ">=")]}, "past niet bij wet"),
        ({"metrics": ["clienten"], "filters": [f("jaar", ["vorig jaar"])]}, "'vorig jaar' is geen geldig jaar"),
        ({"metrics": ["clienten"], "filters": [f("jaar", [2030], ">=")]}, "geen gegevens over de gevraagde jaren"),
        ({"metrics": ["clienten_per_1000"], "filters": [f("leeftijd", [18], ">=")]}, "kan niet gefilterd worden op leeftijd"),
    ],
)
def test_invalid_queries_get_a_dutch_query_error(catalogue, query, fragment):
    with pytest.raises(QueryError) as info:
        compile_query(SemanticQuery(**query), catalogue)
    assert fragment in str(info.value)


def test_year_filter_selects_years(con, catalogue):
    compiled = compile_query(SemanticQuery(metrics=["clienten"], filters=[f("jaar", [2022], ">=")]), catalogue)
    cols, rows = _run(con, compiled.sql())
    assert cols[0] == "jaar" and [r[0] for r in rows] == [2022, 2023, 2024]


def test_latest_year_is_the_default_per_metric(con, catalogue):
    compiled = compile_query(SemanticQuery(metrics=["cbs_wmo_clienten"]), catalogue)
    assert "jaar IN (2021)" in compiled.sql() or "jaar = 2021" in compiled.sql()
    mixed = compile_query(SemanticQuery(metrics=["clienten", "cbs_wmo_clienten"],
                                        filters=[f("wet", "Wmo")]), catalogue)
    cols, rows = _run(con, mixed.sql())
    assert cols[0] == "jaar" and [r[0] for r in rows] == [2021, 2024]


def test_other_gemeente_wijk_is_resolved_against_cbs(con, catalogue):
    compiled = compile_query(SemanticQuery(
        metrics=["cbs_inwoners"], filters=[f("gemeente", "Rotterdam"), f("wijk", "Charlois")], years=[2024]), catalogue)
    _, rows = _run(con, compiled.sql())
    (expected,), = _run(con, RAW + "SELECT inwoners FROM cbs WHERE jaar = 2024 AND niveau = 'wijk' "
                        "AND gemeente_naam = 'Rotterdam' AND gebiednaam = 'Charlois'")[1]
    assert rows == [(expected,)]


ID_COLUMNS = {"persoon_id", "huishouden_id", "voorziening_id"}


@pytest.mark.parametrize(("name", "query"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_ids_never_leave_the_query(catalogue, name, query):
    """Ids only count (COUNT), group an inner per-unit subquery under their own name, or feed units_ast."""
    compiled = compile_query(SemanticQuery(**query), catalogue)
    tree = compiled.ast
    for projection in tree.expressions:
        assert not {c.name for c in projection.find_all(exp.Column)} & ID_COLUMNS, projection.sql()
    for alias in tree.find_all(exp.Alias):
        if isinstance(alias.this, exp.Column) and alias.this.name in ID_COLUMNS:
            pytest.fail(f"id hernoemd: {alias.sql()}")
    for column in tree.find_all(exp.Column):
        if column.name in ID_COLUMNS:
            select = column.find_ancestor(exp.Select)
            assert select is not tree, column.parent.sql()
            assert column.find_ancestor(exp.Count) or column.find_ancestor(exp.Group) or column.parent is select


# ------------------------------------------------------------------------------------------ robustness
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_MODEL = load_model()
_GROUPABLE = {n: [d for d in m.dimensions if not _MODEL.dimensions[d].spec.get("filter_only")]
              for n, m in _MODEL.metrics.items()}


@st.composite
def _queries(draw):
    metric = draw(st.sampled_from(sorted(_MODEL.metrics)))
    allowed = _GROUPABLE[metric]
    dims = draw(st.lists(st.sampled_from(allowed), max_size=2, unique=True)) if allowed else []
    filters = []
    for dim in draw(st.lists(st.sampled_from(_MODEL.metrics[metric].dimensions), max_size=2, unique=True)):
        spec = _MODEL.dimensions[dim]
        if dim == "leeftijd":
            filters.append({"dimension": dim, "op": ">=", "values": [draw(st.integers(0, 100))]})
        elif dim == "jaar":
            filters.append({"dimension": dim, "op": ">=", "values": [draw(st.integers(2018, 2025))]})
        elif spec.values:
            filters.append({"dimension": dim, "op": "in", "values": [draw(st.sampled_from(spec.values))]})
        elif dim == "wijk":
            filters.append({"dimension": dim, "values": [draw(st.sampled_from(["Moerwijk", "Laak", "Zorgvliet", "Centrum"]))]})
        elif dim == "gemeente":
            filters.append({"dimension": dim, "values": [draw(st.sampled_from(["Den Haag", "Rotterdam"]))]})
        elif dim == "taakveld":
            filters.append({"dimension": dim, "values": [draw(st.sampled_from(["6.81", "6.72", "6.3"]))]})
    query = {"metrics": [metric], "dimensions": dims, "filters": filters}
    if draw(st.booleans()) and "jaar" not in dims:
        base = draw(st.integers(2019, 2023))
        query["year_comparison"] = {"base_year": base, "compare_year": base + 1}
    query["limit"] = draw(st.none() | st.integers(1, 20))
    return query


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_queries())
def test_any_query_either_runs_in_every_dialect_or_gets_a_dutch_error(con, catalogue, query):
    try:
        compiled = compile_query(SemanticQuery(**query), catalogue)
    except QueryError as err:
        assert str(err) and "Traceback" not in str(err)
        return
    cols, _ = _run(con, compiled.sql())
    assert cols == [c.name for c in compiled.columns]
    if compiled.units_ast is not None:
        _run(con, compiled.units_sql())
    for dialect in DIALECTS:
        sqlglot.parse_one(compiled.sql(dialect), read=dialect)


@pytest.mark.parametrize(
    ("dimensions", "filters", "expected"),
    [
        (["geslacht"], [], {"geslacht": ["man", "vrouw"]}),
        (["geslacht", "leeftijdsklasse"], [{"dimension": "leeftijd", "op": ">=", "values": [65]}],
         {"geslacht": ["man", "vrouw"], "leeftijdsklasse": ["65-74", "75+"]}),
        (["leeftijdsklasse"], [{"dimension": "leeftijd", "op": "between", "values": [12, 20]}],
         {"leeftijdsklasse": ["0-17", "18-26"]}),
        (["leeftijdsklasse"], [{"dimension": "leeftijdsklasse", "op": "not in", "values": ["0-17"]}],
         {"leeftijdsklasse": ["18-26", "27-64", "65-74", "75+"]}),
        (["wijk", "soort"], [], {}),  # no fixed small domain: a missing wijk or soort is a published zero
    ],
)
def test_complete_domains_follow_the_filters(catalogue, dimensions, filters, expected):
    compiled = compile_query(SemanticQuery(metrics=["clienten"], dimensions=dimensions, filters=filters), catalogue)
    assert compiled.domains == expected


def test_every_wijk_left_out_is_a_part_of_its_own(warehouse_con):
    """Red team 9: 'wijk NOT IN (W, P)' had no left-out part at all (the pair is no group of a wijk not
    shown), so a small W beside a large P came out by equality with 'wijk != P'."""
    from semantic_layer import Catalogue, SemanticQuery, compile_query, load_model

    catalogue = Catalogue.from_warehouse(load_model(), warehouse_con)
    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], filters=[dict(dimension="soort", values=["Pleegzorg"]),
                                       dict(dimension="wijk", op="not in", values=["Zorgvliet", "Moerwijk"])],
        years=[2021]), catalogue)
    parts = [p for p in compiled.parents if p.left_out]
    from sqlglot import exp

    def wijken(part) -> set[str]:
        return {eq.expression.this for eq in part.ast.find_all(exp.EQ)
                if isinstance(eq.this, exp.Column) and eq.this.name == "wijk" and isinstance(eq.expression, exp.Literal)}

    assert {w for p in parts for w in wijken(p)} == {"Moerwijk", "Zorgvliet"}
    assert all(len(wijken(p)) <= 1 for p in parts)  # the rest of a stadsdeel is a NOT IN of its own


def test_the_rest_of_a_stadsdeel_or_wet_an_exclusion_leaves_is_a_part_of_its_own(warehouse_con):
    """Red team 9 (pivots): 'without Escamp's other six wijken' differs from 'without stadsdeel Escamp' by
    the seventh wijk, and 'without wet X's soorten but S' from 'without wet X' by S: that rest is a part of
    its own, so the pivot is hidden where it is small (and the plainer figure stays)."""
    from sqlglot import exp

    from semantic_layer import Catalogue, SemanticQuery, compile_query, load_model

    catalogue = Catalogue.from_warehouse(load_model(), warehouse_con)
    escamp = [w for (d, v), links in catalogue.value_links().items() if d == "stadsdeel" and v == "Escamp"
              for w in links["wijk"]]
    assert "Zuiderpark" in escamp
    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], filters=[dict(dimension="soort", values=["Pleegzorg"]),
                                       dict(dimension="wijk", op="not in", values=[w for w in escamp if w != "Zuiderpark"])],
        years=[2021]), catalogue)

    def kept(part, dimension: str) -> set[str]:
        """The values of ``dimension`` a part keeps: every one its NOT IN does not name."""
        every = {str(v) for v in catalogue.values(dimension)}
        for node in part.ast.find_all(exp.Not):
            inner = node.this.unnest() if isinstance(node.this, exp.Paren) else node.this
            if isinstance(inner, exp.In) and isinstance(inner.this, exp.Column) and inner.this.name == dimension:
                every -= {lit.this for lit in inner.expressions if isinstance(lit, exp.Literal)}
        return every

    assert any(kept(p, "wijk") == {"Zuiderpark"} for p in compiled.parents if p.left_out)
    soorten = sorted(s for (d, s), links in catalogue.value_links().items() if d == "soort" and "Wmo" in links.get("wet", []))
    compiled = compile_query(SemanticQuery(
        metrics=["clienten"], filters=[dict(dimension="wijk", values=["Zorgvliet"]),
                                       dict(dimension="soort", op="not in", values=soorten[1:])],
        years=[2021]), catalogue)
    assert any(kept(p, "soort") == {soorten[0]} for p in compiled.parents if p.left_out)
