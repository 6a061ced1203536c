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
