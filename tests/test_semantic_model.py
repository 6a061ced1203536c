"""The semantic model: YAML loading and validation, the catalogue, and model-only extensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from semantic_layer import Catalogue, ModelError, SemanticQuery, compile_query, load_model
from semantic_layer.loader import default_model_paths, normalize_term

FIXTURES = Path(__file__).parent / "fixtures" / "semantic"

METRICS = {
    "clienten", "huishoudens_met_voorziening", "voorzieningen", "instroom", "uitstroom", "kosten",
    "kosten_per_client", "clienten_per_1000", "pct_inwoners", "pct_jeugdigen_jeugdhulp", "stapeling", "gemiddelde_duur",
    "begroting", "realisatie", "uitputting", "cbs_inwoners", "cbs_huishoudens", "cbs_inwoners_0_14",
    "cbs_inwoners_15_24", "cbs_inwoners_65_plus", "cbs_bijstand", "cbs_ao_uitkering", "cbs_ww_uitkering",
    "cbs_aow_uitkering", "cbs_wmo_clienten", "cbs_wmo_clienten_per_1000", "cbs_jongeren_met_jeugdzorg",
    "cbs_gem_inkomen_per_inwoner",
}
DIMENSIONS = {"gemeente", "stadsdeel", "wijk", "jaar", "wet", "soort", "taakveld", "leeftijdsklasse", "geslacht", "leeftijd"}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def catalogue(model, warehouse_con):
    return Catalogue.from_warehouse(model, warehouse_con)


# ------------------------------------------------------------------------------------------ model
def test_model_defines_exactly_the_agreed_names(model):
    assert set(model.metrics) == METRICS
    assert set(model.dimensions) == DIMENSIONS


def test_every_metric_is_documented_for_users(model):
    for name, metric in model.metrics.items():
        assert metric.label and len(metric.description) > 30, name
        assert metric.synonyms, f"{name} heeft geen synoniemen"
        assert metric.examples, f"{name} heeft geen geverifieerde voorbeeldvraag"
        if metric.source == "CBS":
            assert metric.counting_unit is None and metric.spec["kind"] == "cbs"
    assert model.metrics["begroting"].counting_unit is None
    assert model.metrics["stapeling"].counting_unit == "huishouden"
    assert model.metrics["clienten"].counting_unit == "persoon"


def test_words_people_use_are_in_the_model(model):
    soort = model.dimensions["soort"].value_synonyms
    assert "bijstandsuitkering" in soort["Bijstand levensonderhoud"]
    assert "mensen in de bijstand" in soort["Bijstand levensonderhoud"]
    assert "hbh" in soort["Hulp bij het huishouden"]
    assert "jeugdzorg" in model.dimensions["wet"].value_synonyms["Jeugdwet"]
    assert "schulden" in model.dimensions["wet"].value_synonyms["Schuldhulpverlening"]
    assert "Den Haag" in model.dimensions["gemeente"].value_synonyms["'s-Gravenhage"]
    assert "Laak" in model.dimensions["wijk"].value_synonyms["Laakkwartier en Spoorwijk"]


def test_municipal_and_cbs_preference_is_explained(model):
    clienten = model.metrics["clienten"]
    assert "cbs_wmo_clienten" in clienten.preferred_over
    assert "CBS" in clienten.preference_reason
    assert "cbs_wmo_clienten_per_1000" in model.metrics["clienten_per_1000"].preferred_over


def test_concepts_explain_the_terms_users_ask_about(model):
    for term in ["stapeling", "uitputting", "instroom", "uitstroom", "cliënt", "jeugdigen",
                 "per 1.000 inwoners", "kleine aantallen", "synthetische gegevens"]:
        assert term in model.concepts, term
    assert "twee of meer" in model.concepts["stapeling"]
    assert "begroting" in model.concepts["uitputting"]


def test_normalize_term_ignores_case_accents_and_spaces():
    assert normalize_term("  Cliënten ") == normalize_term("clienten")
    assert normalize_term("'s-Gravenhage") == normalize_term("'S-GRAVENHAGE")


# ------------------------------------------------------------------------------------------ loader errors
@pytest.mark.parametrize(
    ("fixture", "field", "fragment"),
    [
        ("bad_unknown_dimension.yaml", "metrics.clienten_per_buurt.dimensions", "onbekende dimensie 'buurtcode'"),
        ("bad_not_groupable.yaml", "metrics.inwoners_per_soort.dimensions", "kan niet naar 'soort'"),
        ("bad_duplicate_synonym.yaml", "metrics.clienten.synonyms", "hoeveel mensen"),
        ("bad_missing_field.yaml", "metrics.zonder_eenheid.description", "verplicht veld ontbreekt"),
        ("bad_value_synonym.yaml", "dimensions.gebiedsdeel.value_synonyms", "Binnenstad"),
    ],
)
def test_loader_errors_name_file_and_field(fixture, field, fragment):
    with pytest.raises(ModelError) as info:
        load_model([*default_model_paths(), FIXTURES / fixture])
    message = str(info.value)
    # the synonym clash is reported on whichever definition comes second; both name file + field
    assert fixture in message or "metrics_gemeente.yaml" in message
    assert field in message or field.replace("clienten", "wmo_cliënten_extra") in message
    assert fragment in message


def test_loader_rejects_a_metric_defined_twice(tmp_path):
    twin = tmp_path / "twin.yaml"
    twin.write_text((Path(default_model_paths()[0]).parent / "metrics_gemeente.yaml").read_text(encoding="utf-8"))
    with pytest.raises(ModelError, match=r"twin.yaml: metrics.clienten: naam is al gedefinieerd in metrics_gemeente.yaml"):
        load_model([*default_model_paths(), twin])


def test_loader_rejects_unknown_sections_and_bad_yaml(tmp_path):
    odd = tmp_path / "odd.yaml"
    odd.write_text("metriek:\n  x: 1\n")
    with pytest.raises(ModelError, match="odd.yaml: onbekende sectie"):
        load_model([*default_model_paths(), odd])
    broken = tmp_path / "broken.yaml"
    broken.write_text("metrics: [\n")
    with pytest.raises(ModelError, match="broken.yaml: geen geldige YAML"):
        load_model([*default_model_paths(), broken])


def test_loader_rejects_unknown_view_and_ratio_reference(tmp_path):
    bad = tmp_path / "bad_spec.yaml"
    bad.write_text(
        "metrics:\n  x_per_y:\n    label: X per Y\n    description: Een test van een verhouding.\n"
        "    unit: procent\n    counting_unit: persoon\n    source: gemeentelijke registratie (synthetisch)\n"
        "    dimensions: [wijk]\n    spec: {kind: ratio, numerator: bestaat_niet, denominator: clienten, per: 100}\n"
    )
    with pytest.raises(ModelError, match=r"bad_spec.yaml: metrics.x_per_y.spec.numerator: onbekende metric 'bestaat_niet'"):
        load_model([*default_model_paths(), bad])
    bad.write_text(
        "metrics:\n  geheim:\n    label: Geheim\n    description: Leest een tabel die niet mag.\n"
        "    unit: aantal\n    counting_unit: persoon\n    source: gemeentelijke registratie (synthetisch)\n"
        "    dimensions: []\n    spec: {kind: count, view: persoon_identiteit, count_column: bsn, unit_column: bsn}\n"
    )
    with pytest.raises(ModelError, match=r"bad_spec.yaml: metrics.geheim.spec.view: onbekende view 'persoon_identiteit'"):
        load_model([*default_model_paths(), bad])


def test_loader_rejects_examples_that_are_not_valid_queries(tmp_path):
    bad = tmp_path / "bad_example.yaml"
    bad.write_text(
        "metrics:\n  nieuw:\n    label: Nieuw\n    description: Een metric met een kapot voorbeeld.\n"
        "    unit: aantal\n    counting_unit: persoon\n    source: gemeentelijke registratie (synthetisch)\n"
        "    dimensions: [wijk]\n"
        "    spec: {kind: count, view: vw_voorziening_jaar, count_column: persoon_id, unit_column: persoon_id}\n"
        "    examples:\n      - question: Hoeveel?\n        query: {metrics: [nieuw], limit: 0}\n"
    )
    with pytest.raises(ModelError, match=r"bad_example.yaml: metrics.nieuw.examples\[0\].query"):
        load_model([*default_model_paths(), bad])


# ------------------------------------------------------------------------------------------ catalogue
def test_catalogue_reads_values_and_years_from_the_warehouse(catalogue):
    wijken = catalogue.values("wijk")
    assert len(wijken) == 44
    assert {"Schildersbuurt", "Moerwijk", "Zorgvliet", "Laakkwartier en Spoorwijk"} <= set(wijken)
    assert not any(w.startswith("Wijk ") for w in wijken)
    assert {"'s-Gravenhage", "Rotterdam", "Amsterdam"} <= set(catalogue.values("gemeente"))
    assert set(catalogue.values("wet")) == {"Wmo", "Jeugdwet", "Participatiewet", "Schuldhulpverlening"}
    assert len(catalogue.values("soort")) == 17
    assert "6.81" in catalogue.values("taakveld")
    assert catalogue.years == [2019, 2020, 2021, 2022, 2023, 2024]
    assert catalogue.latest_year == 2024


def test_latest_year_per_metric(catalogue):
    assert catalogue.latest_year_for("clienten") == 2024
    assert catalogue.latest_year_for("uitputting") == 2024
    assert catalogue.latest_year_for("cbs_wmo_clienten") == 2021
    assert catalogue.latest_year_for("cbs_wmo_clienten_per_1000") == 2021
    assert catalogue.latest_year_for("cbs_inwoners") == 2024


def test_every_yaml_value_synonym_points_at_a_warehouse_value(model, catalogue):
    for name, dim in model.dimensions.items():
        for key, words in dim.value_synonyms.items():
            target = catalogue.resolve_value(name, key)
            assert target is not None and target in catalogue.values(name), f"{name}: '{key}' ontbreekt"
            for word in words:
                assert catalogue.resolve_value(name, word) == target, f"{name}: '{word}'"


def test_value_synonyms_resolve(catalogue):
    assert catalogue.resolve_value("gemeente", "Den Haag") == "'s-Gravenhage"
    assert catalogue.resolve_value("wijk", "laak") == "Laakkwartier en Spoorwijk"
    assert catalogue.resolve_value("wijk", "Scheveningen") == "Scheveningen"
    assert catalogue.resolve_value("soort", "HBH") == "Hulp bij het huishouden"
    assert catalogue.resolve_value("taakveld", "Geëscaleerde zorg 18+") == "6.81"
    assert catalogue.resolve_value("wijk", "Atlantis") is None
    assert "Geëscaleerde zorg 18+" in catalogue.value_synonyms("taakveld")["6.81"]


def test_vocabulary_is_the_allow_list_of_names(catalogue):
    vocab = catalogue.vocabulary()
    for word in ["Schildersbuurt", "'s-Gravenhage", "Den Haag", "Laak", "Rotterdam", "Cliënten", "stapeling",
                 "Hulp bij het huishouden", "hbh", "Moerwijk"]:
        assert word in vocab, word


def test_allowed_views_are_the_analytic_views_only(catalogue):
    assert catalogue.allowed_views() == {
        "vw_voorziening_jaar", "vw_kosten", "vw_begroting", "vw_bevolking", "vw_cbs_kerncijfers"
    }


# ------------------------------------------------------------------------------------------ YAML-only extension
def test_new_metric_is_a_yaml_change_only(warehouse_con):
    model = load_model([*default_model_paths(), FIXTURES / "extra_metric.yaml"])
    catalogue = Catalogue.from_warehouse(model, warehouse_con)
    query = SemanticQuery(**model.metrics["huishoudens_instroom"].examples[0].query)
    compiled = compile_query(query, catalogue)
    rows = warehouse_con.execute(compiled.sql()).fetchall()
    expected = warehouse_con.execute(
        """
        SELECT g.naam, COUNT(DISTINCT v.huishouden_id)
        FROM voorziening v JOIN gebied g ON g.gebied_code = v.wijk_code
        WHERE v.wet = 'Jeugdwet' AND year(v.startdatum) = 2024
        GROUP BY g.naam ORDER BY g.naam
        """
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == expected
    assert [c.name for c in compiled.columns] == ["wijk", "huishoudens_instroom", "huishoudens_instroom__n",
                                                   "huishoudens_instroom__ck", "huishoudens_instroom__schets",
                                                   "huishoudens_instroom__uk",
                                                   *[f"huishoudens_instroom__{v}{s}" for v in ("personen", "voorzieningen")
                                                     for s in ("_n", "__schets", "__uk")]]

    per_inwoner = compile_query(
        SemanticQuery(metrics=["kosten_per_inwoner"], filters=[{"dimension": "wijk", "values": ["Moerwijk"]}],
                      years=[2023]),
        catalogue,
    )
    (value, n, largest, *_parts), = warehouse_con.execute(per_inwoner.sql()).fetchall()
    (kosten, inwoners), = warehouse_con.execute(
        """
        SELECT (SELECT SUM(k.bedrag) FROM kosten k JOIN voorziening v USING (voorziening_id)
                WHERE k.jaar = 2023 AND v.wijk_code = (SELECT gebied_code FROM gebied WHERE naam = 'Moerwijk' AND niveau = 'wijk')),
               (SELECT SUM(inwoners) FROM bevolking WHERE jaar = 2023
                AND wijk_code = (SELECT gebied_code FROM gebied WHERE naam = 'Moerwijk' AND niveau = 'wijk'))
        """
    ).fetchall()
    assert value == pytest.approx(float(kosten) / inwoners, abs=0.01)
    assert n > 10 and 0 < largest < value


def test_catalogue_links_each_soort_to_its_wet_and_taakveld(catalogue):
    links = catalogue.value_links()
    assert links[("soort", "Pleegzorg")] == {"taakveld": ["6.72"], "wet": ["Jeugdwet"]}
    assert links[("soort", "Beschermd wonen")] == {"taakveld": ["6.81"], "wet": ["Wmo"]}
    assert set(links[("wet", "Wmo")]["taakveld"]) == {"6.6", "6.71", "6.81"}
    assert set(links[("wet", "Participatiewet")]["taakveld"]) == {"6.3", "6.5"}
