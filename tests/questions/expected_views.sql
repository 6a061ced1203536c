-- Helper tables for the development set's expected SQL.
-- Built by the evaluator as TEMP tables on a read-only connection, straight from the raw tables of
-- SPEC §3 (not from the product's vw_* views), so the expected answers are computed independently
-- of the warehouse views and of the semantic-layer compiler.

-- The stadsdeel of each wijk of 's-Gravenhage, straight from the data file (relative to the project root,
-- which the evaluator sets as DuckDB's file_search_path), not from the warehouse's stadsdeel_indeling or views.
CREATE OR REPLACE TEMP TABLE dev_stadsdeel AS
SELECT wijk_code, stadsdeel FROM read_csv('warehouse/data/stadsdelen_den_haag.csv', header = true, all_varchar = true);

-- One row per provision per year J in which it is active:
-- startdatum <= 31-12-J and (einddatum IS NULL or einddatum >= 1-1-J), J over the years of bevolking.
CREATE OR REPLACE TEMP TABLE dev_actief AS
WITH jaren AS (SELECT DISTINCT jaar FROM bevolking)
SELECT
    j.jaar,
    v.voorziening_id,
    v.persoon_id,
    v.huishouden_id,
    v.wet,
    v.soort,
    v.taakveld,
    g.naam AS wijk,
    sd.stadsdeel,
    g.gemeente_naam AS gemeente,
    j.jaar - p.geboortejaar AS leeftijd,
    CASE
        WHEN j.jaar - p.geboortejaar <= 17 THEN '0-17'
        WHEN j.jaar - p.geboortejaar <= 26 THEN '18-26'
        WHEN j.jaar - p.geboortejaar <= 64 THEN '27-64'
        WHEN j.jaar - p.geboortejaar <= 74 THEN '65-74'
        ELSE '75+'
    END AS leeftijdsklasse,
    p.geslacht,
    v.startdatum,
    v.einddatum,
    year(v.startdatum) = j.jaar AS is_instroom,
    coalesce(year(v.einddatum) = j.jaar, FALSE) AS is_uitstroom
FROM voorziening AS v
JOIN jaren AS j
    ON v.startdatum <= make_date(j.jaar, 12, 31)
    AND (v.einddatum IS NULL OR v.einddatum >= make_date(j.jaar, 1, 1))
JOIN persoon AS p ON p.persoon_id = v.persoon_id
JOIN gebied AS g ON g.gebied_code = v.wijk_code
LEFT JOIN dev_stadsdeel AS sd ON sd.wijk_code = v.wijk_code;

-- Costs per provision per year, with the provision's wijk, wet, soort, taakveld and the person's age in that year.
CREATE OR REPLACE TEMP TABLE dev_kosten AS
SELECT
    k.jaar,
    k.voorziening_id,
    v.persoon_id,
    v.huishouden_id,
    v.wet,
    v.soort,
    v.taakveld,
    g.naam AS wijk,
    sd.stadsdeel,
    g.gemeente_naam AS gemeente,
    k.jaar - p.geboortejaar AS leeftijd,
    CASE
        WHEN k.jaar - p.geboortejaar <= 17 THEN '0-17'
        WHEN k.jaar - p.geboortejaar <= 26 THEN '18-26'
        WHEN k.jaar - p.geboortejaar <= 64 THEN '27-64'
        WHEN k.jaar - p.geboortejaar <= 74 THEN '65-74'
        ELSE '75+'
    END AS leeftijdsklasse,
    p.geslacht,
    k.bedrag
FROM kosten AS k
JOIN voorziening AS v ON v.voorziening_id = k.voorziening_id
JOIN persoon AS p ON p.persoon_id = v.persoon_id
JOIN gebied AS g ON g.gebied_code = v.wijk_code
LEFT JOIN dev_stadsdeel AS sd ON sd.wijk_code = v.wijk_code;

-- Inhabitants per wijk, year, age class and gender.
CREATE OR REPLACE TEMP TABLE dev_bevolking AS
SELECT b.jaar, g.naam AS wijk, sd.stadsdeel, g.gemeente_naam AS gemeente, b.leeftijdsklasse, b.geslacht, b.inwoners
FROM bevolking AS b
JOIN gebied AS g ON g.gebied_code = b.wijk_code
LEFT JOIN dev_stadsdeel AS sd ON sd.wijk_code = b.wijk_code;

-- CBS key figures with the area's name, level and gemeente.
CREATE OR REPLACE TEMP TABLE dev_cbs AS
SELECT g.naam AS gebied, g.niveau, g.gemeente_naam AS gemeente, c.*
FROM cbs_kerncijfers AS c
JOIN gebied AS g ON g.gebied_code = c.gebied_code;
