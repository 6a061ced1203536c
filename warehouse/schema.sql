-- Warehouse tables (SPEC §3). Names and columns are a contract: other packages read them.
CREATE TABLE gebied (
    gebied_code   VARCHAR NOT NULL PRIMARY KEY,
    naam          VARCHAR NOT NULL,
    niveau        VARCHAR NOT NULL CHECK (niveau IN ('land', 'gemeente', 'wijk')),
    gemeente_code VARCHAR,
    gemeente_naam VARCHAR
);

-- Stadsdeel of each wijk of 's-Gravenhage (warehouse/data/stadsdelen_den_haag.csv); other gemeenten have none
CREATE TABLE stadsdeel_indeling (
    gebied_code VARCHAR NOT NULL PRIMARY KEY,
    stadsdeel   VARCHAR NOT NULL
);

CREATE TABLE cbs_kerncijfers (
    jaar                    INTEGER NOT NULL,
    gebied_code             VARCHAR NOT NULL,
    inwoners                INTEGER,
    huishoudens             INTEGER,
    inwoners_0_14           INTEGER,
    inwoners_15_24          INTEGER,
    inwoners_65_plus        INTEGER,
    bijstand                INTEGER,
    ao_uitkering            INTEGER,
    ww_uitkering            INTEGER,
    aow_uitkering           INTEGER,
    wmo_clienten            INTEGER,
    wmo_clienten_per_1000   DOUBLE,
    jongeren_met_jeugdzorg  INTEGER,
    gem_inkomen_per_inwoner DOUBLE,
    PRIMARY KEY (jaar, gebied_code)
);

CREATE TABLE bevolking (
    jaar            INTEGER NOT NULL,
    wijk_code       VARCHAR NOT NULL,
    leeftijdsklasse VARCHAR NOT NULL CHECK (leeftijdsklasse IN ('0-17', '18-26', '27-64', '65-74', '75+')),
    geslacht        VARCHAR NOT NULL CHECK (geslacht IN ('man', 'vrouw')),
    inwoners        INTEGER NOT NULL CHECK (inwoners >= 0)
);

CREATE TABLE persoon (
    persoon_id    BIGINT NOT NULL,
    huishouden_id BIGINT NOT NULL,
    geboortejaar  INTEGER NOT NULL,
    geslacht      VARCHAR NOT NULL CHECK (geslacht IN ('man', 'vrouw')),
    wijk_code     VARCHAR NOT NULL
);

-- RESTRICTED: synthetic identities; never exposed through an analytic view
CREATE TABLE persoon_identiteit (
    persoon_id    BIGINT NOT NULL,
    bsn           VARCHAR NOT NULL,
    voornaam      VARCHAR NOT NULL,
    tussenvoegsel VARCHAR,
    achternaam    VARCHAR NOT NULL,
    straat        VARCHAR NOT NULL,
    huisnummer    VARCHAR NOT NULL,
    postcode      VARCHAR NOT NULL,
    woonplaats    VARCHAR NOT NULL,
    geboortedatum DATE NOT NULL,
    telefoon      VARCHAR NOT NULL,
    email         VARCHAR NOT NULL,
    iban          VARCHAR NOT NULL
);

CREATE TABLE voorziening (
    voorziening_id BIGINT NOT NULL,
    persoon_id     BIGINT NOT NULL,
    huishouden_id  BIGINT NOT NULL,
    wijk_code      VARCHAR NOT NULL,
    wet            VARCHAR NOT NULL,
    soort          VARCHAR NOT NULL,
    taakveld       VARCHAR NOT NULL,
    startdatum     DATE NOT NULL,
    einddatum      DATE
);

CREATE TABLE kosten (
    voorziening_id BIGINT NOT NULL,
    jaar           INTEGER NOT NULL,
    bedrag         DOUBLE NOT NULL
);

CREATE TABLE begroting (
    jaar          INTEGER NOT NULL,
    taakveld      VARCHAR NOT NULL,
    taakveld_naam VARCHAR NOT NULL,
    begroot       DOUBLE NOT NULL
);

-- RESTRICTED: record keys of the cell key method (one fixed random key per person, household,
-- provision and cost record). Read only inside the aggregates the compiler writes; never shown.
CREATE TABLE record_sleutel (
    eenheid VARCHAR NOT NULL CHECK (eenheid IN ('persoon', 'huishouden', 'voorziening', 'kosten')),
    id      BIGINT NOT NULL,
    jaar    INTEGER NOT NULL,  -- 0, except for kosten (voorziening_id, jaar)
    sleutel BIGINT NOT NULL
);
