"""Answer layout helpers (assistant.present): headline, understood line, notices once."""

from assistant.present import body_and_headline, escape_markdown, notices_once, sentences, understood


def test_sentences_keep_ranking_numbers_and_thousands():
    text = "Kosten per wijk: 1. Moerwijk (€ 4,7 mln); 2. Ypenburg (3.286). Hoogste: Moerwijk."
    assert sentences(text) == ["Kosten per wijk: 1. Moerwijk (€ 4,7 mln); 2. Ypenburg (3.286).", "Hoogste: Moerwijk."]


def test_headline_leaves_out_definition_source_and_notices():
    answer = {"status": "answered", "notices": ["Cellen zijn onderdrukt.", "Let op: synthetische demodata."],
              "answer": "Cliënten in Moerwijk: 12. Cellen zijn onderdrukt. Definitie (Cliënten): x. Bron: y."}
    assert body_and_headline(answer) == ("Cliënten in Moerwijk: 12.", "")
    assert notices_once({"notices": ["a", "a", "Let op: synthetische demodata."]}) == ["a"]


def test_understood_line_makes_defaults_visible():
    answer = {"semantic_query": {"metrics": ["clienten"], "dimensions": [], "filters": [
        {"dimension": "wet", "op": "=", "values": ["Wmo"]}]}, "column_labels": {"clienten": "Cliënten"},
        "sql": "SELECT 1 FROM v WHERE jaar = 2024 AND gemeente = '''s-Gravenhage'"}
    assert understood(answer) == "Cliënten · Wmo · 's-Gravenhage (standaard) · 2024 (standaard: laatste jaar)"


def test_escape_markdown_neutralises_images_and_links():
    assert escape_markdown("![x](http://a.b/c.png) <b>") == r"!\[x\](http://a.b/c.png) \<b\>"
    assert escape_markdown("1. eerste") == r"\1. eerste"


def test_b14_a_law_is_not_prefixed_with_wet():
    from assistant.compose import describe_filter
    from semantic_layer.query import Filter

    assert describe_filter(Filter(dimension="wet", op="=", values=["Jeugdwet"]), "Wet") == "Jeugdwet"
    assert describe_filter(Filter(dimension="wet", op="=", values=["Wmo"]), "Wet") == "wet Wmo"


def test_b14_an_empty_group_is_not_called_the_lowest():
    from types import SimpleNamespace

    from assistant.compose import Composer

    composer = Composer.__new__(Composer)
    composer.model = SimpleNamespace(dimensions={})
    composer.catalogue = SimpleNamespace(value_text=lambda dimension, value: str(value))
    specs = {"clienten": SimpleNamespace(label="Cliënten", unit="aantal", metric="clienten", name="clienten")}
    rows = [[str(y), age, n] for y, age, n in
            [(2019, "0-17", 0), (2019, "18-26", 40), (2020, "0-17", 0), (2020, "18-26", 55), (2021, "18-26", 60),
             (2021, "27-64", 90), (2022, "18-26", 61), (2022, "27-64", 95), (2023, "27-64", 99)]]
    text = composer._table(None, specs, ["jaar", "leeftijdsklasse", "clienten"], rows, ["jaar", "leeftijdsklasse"],
                           ["clienten"], "")
    assert "laagste: 2019 / 18-26 (40)" in text and "2 groepen hebben de waarde 0" in text


def test_understood_line_keeps_a_negation():
    """Red team 8: 'Den Haag zonder Zorgvliet' was shown as 'Zorgvliet' in the understood line."""
    answer = {"semantic_query": {"metrics": ["clienten"], "dimensions": [], "years": [2021], "filters": [
        {"dimension": "wijk", "op": "!=", "values": ["Zorgvliet"]},
        {"dimension": "soort", "op": "not in", "values": ["Pleegzorg", "Gezinshuis"]}]},
        "column_labels": {"clienten": "Cliënten", "wijk": "Wijk", "soort": "Soort voorziening"},
        "sql": "SELECT 1 FROM v WHERE gemeente = '''s-Gravenhage'"}
    line = understood(answer)
    assert "wijk niet Zorgvliet" in line and "soort voorziening niet Pleegzorg en Gezinshuis" in line
    assert "'s-Gravenhage" in line  # the area the figure is about is still the gemeente
    assert " · Zorgvliet" not in line
