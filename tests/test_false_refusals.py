"""Legitimate questions (the kind in SPEC §1) are answered: the guards must not get in the way.

All questions run in order as one conversation of one user (one ReleaseMemory), which is the hard
case for a guard with memory: every earlier answer is something a later one could be refused for.
"all": every measure cell must be shown; "answer": the question is answered, small cells inside a
breakdown may be suppressed (that is the guard doing its job, not a refusal).
"""

from __future__ import annotations

import pytest

from guards.disclosure import DisclosureGuard, PublishedCells, ReleaseMemory
from guards.individual import refuse_individual_request
from guards.runner import run_guarded
from semantic_layer import Catalogue, compile_query, load_model
from semantic_layer.query import Filter, SemanticQuery, YearComparison


def F(dimension, values, op="in"):
    return Filter(dimension=dimension, op=op, values=values if isinstance(values, list) else [values])


def Q(**kw):
    return SemanticQuery(**kw)


WMO = F("wet", "Wmo")
JEUGD = F("wet", "Jeugdwet")
BIJSTAND = F("soort", "Bijstand levensonderhoud")

# (question, semantic query, expectation)
CONVERSATION: list[tuple[str, SemanticQuery, str]] = [
    ("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?", Q(metrics=["clienten"], filters=[WMO, F("wijk", "Schildersbuurt")], years=[2023]), "all"),
    ("En in 2022?", Q(metrics=["clienten"], filters=[WMO, F("wijk", "Schildersbuurt")], years=[2022]), "all"),
    ("Per leeftijdsgroep", Q(metrics=["clienten"], dimensions=["leeftijdsklasse"], filters=[WMO, F("wijk", "Schildersbuurt")], years=[2022]), "answer"),
    ("Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?", Q(metrics=["kosten"], dimensions=["wijk"], filters=[F("soort", "Jeugdhulp met verblijf")], years=[2024], order_by=[{"field": "kosten"}], limit=5), "all"),
    ("Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?", Q(metrics=["clienten"], dimensions=["jaar"], filters=[BIJSTAND, F("wijk", "Moerwijk")], years=[2019, 2020, 2021, 2022, 2023, 2024]), "all"),
    ("Wat is de uitputting van de begroting voor beschermd wonen in 2024?", Q(metrics=["uitputting"], filters=[F("taakveld", "6.81")], years=[2024]), "all"),
    ("Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam", Q(metrics=["cbs_wmo_clienten_per_1000"], dimensions=["gemeente"], filters=[F("gemeente", ["'s-Gravenhage", "Rotterdam"])]), "all"),
    ("Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?", Q(metrics=["stapeling"], filters=[F("wijk", "Moerwijk")]), "all"),
    ("Hoeveel Wmo-cliënten heeft Den Haag in 2024?", Q(metrics=["clienten"], filters=[WMO]), "all"),
    ("Hoeveel Wmo-cliënten per wijk?", Q(metrics=["clienten"], dimensions=["wijk"], filters=[WMO]), "answer"),
    ("Hoeveel jeugdhulpcliënten in Laakkwartier?", Q(metrics=["clienten"], filters=[JEUGD, F("wijk", "Laakkwartier en Spoorwijk")]), "all"),
    ("Hoeveel bijstandsontvangers in de Schildersbuurt?", Q(metrics=["clienten"], filters=[BIJSTAND, F("wijk", "Schildersbuurt")]), "all"),
    ("Hoeveel bijstandsontvangers in Bouwlust en Vrederust?", Q(metrics=["clienten"], filters=[BIJSTAND, F("wijk", "Bouwlust en Vrederust")]), "all"),
    ("Kosten Wmo in 2024 in Den Haag", Q(metrics=["kosten"], filters=[WMO]), "all"),
    ("Kosten jeugdhulp per jaar", Q(metrics=["kosten"], dimensions=["jaar"], filters=[JEUGD], years=[2019, 2020, 2021, 2022, 2023, 2024]), "all"),
    ("Kosten per cliënt per wet", Q(metrics=["kosten_per_client"], dimensions=["wet"]), "all"),
    ("Kosten per soort voorziening in 2024", Q(metrics=["kosten"], dimensions=["soort"]), "all"),
    ("Wmo-cliënten per 1.000 inwoners per wijk, top 10", Q(metrics=["clienten_per_1000"], dimensions=["wijk"], filters=[WMO], order_by=[{"field": "clienten_per_1000"}], limit=10), "all"),
    ("Percentage jeugdigen met jeugdhulp in Den Haag", Q(metrics=["pct_jeugdigen_jeugdhulp"]), "all"),
    ("Percentage jeugdigen met jeugdhulp in Moerwijk", Q(metrics=["pct_jeugdigen_jeugdhulp"], filters=[F("wijk", "Moerwijk")]), "all"),
    ("Stapeling per wijk, top 5", Q(metrics=["stapeling"], dimensions=["wijk"], order_by=[{"field": "stapeling"}], limit=5), "all"),
    ("Instroom Wmo in 2024", Q(metrics=["instroom"], filters=[WMO]), "all"),
    ("Uitstroom Wmo in 2023", Q(metrics=["uitstroom"], filters=[WMO], years=[2023]), "all"),
    ("Instroom en uitstroom jeugdhulp per jaar", Q(metrics=["instroom", "uitstroom"], dimensions=["jaar"], filters=[JEUGD], years=[2020, 2021, 2022, 2023, 2024]), "all"),
    ("Gemiddelde duur van begeleiding", Q(metrics=["gemiddelde_duur"], filters=[F("soort", "Begeleiding")]), "all"),
    ("Aantal voorzieningen per wet", Q(metrics=["voorzieningen"], dimensions=["wet"]), "all"),
    ("Huishoudens met een voorziening in Den Haag", Q(metrics=["huishoudens_met_voorziening"]), "all"),
    ("Begroting per taakveld 2024", Q(metrics=["begroting"], dimensions=["taakveld"]), "all"),
    ("Realisatie per taakveld 2024", Q(metrics=["realisatie"], dimensions=["taakveld"]), "all"),
    ("Uitputting per taakveld 2024", Q(metrics=["uitputting"], dimensions=["taakveld"]), "all"),
    ("Begroting en realisatie inkomensregelingen per jaar", Q(metrics=["begroting", "realisatie"], dimensions=["jaar"], filters=[F("taakveld", "6.3")], years=[2021, 2022, 2023, 2024]), "all"),
    ("Wmo-cliënten 2023 vergeleken met 2024 in Den Haag", Q(metrics=["clienten"], filters=[WMO], year_comparison=YearComparison(base_year=2023, compare_year=2024)), "all"),
    ("Kosten jeugdhulp 2022 vergeleken met 2024", Q(metrics=["kosten"], filters=[JEUGD], year_comparison=YearComparison(base_year=2022, compare_year=2024)), "all"),
    ("Bijstandsontvangers 2021 vs 2024 in de wijk Laak", Q(metrics=["clienten"], filters=[BIJSTAND, F("wijk", "Laakkwartier en Spoorwijk")], year_comparison=YearComparison(base_year=2021, compare_year=2024)), "all"),
    ("Wmo-cliënten per geslacht in Den Haag", Q(metrics=["clienten"], dimensions=["geslacht"], filters=[WMO]), "all"),
    ("Wmo-cliënten per leeftijdsklasse in Den Haag", Q(metrics=["clienten"], dimensions=["leeftijdsklasse"], filters=[WMO]), "all"),
    ("Jeugdhulp per geslacht in Moerwijk", Q(metrics=["clienten"], dimensions=["geslacht"], filters=[JEUGD, F("wijk", "Moerwijk")]), "all"),
    ("Cliënten per wet in de Schildersbuurt", Q(metrics=["clienten"], dimensions=["wet"], filters=[F("wijk", "Schildersbuurt")]), "all"),
    ("Hulp bij het huishouden bij 75-plussers in Den Haag", Q(metrics=["clienten"], filters=[F("soort", "Hulp bij het huishouden"), F("leeftijdsklasse", "75+")]), "all"),
    ("Hoeveel mannen van 75+ hebben hulp bij het huishouden?", Q(metrics=["clienten"], filters=[F("soort", "Hulp bij het huishouden"), F("leeftijdsklasse", "75+"), F("geslacht", "man")]), "all"),
    ("Schuldhulpverlening in Den Haag per jaar", Q(metrics=["clienten"], dimensions=["jaar"], filters=[F("wet", "Schuldhulpverlening")], years=[2022, 2023, 2024]), "all"),
    ("Re-integratie in Transvaalkwartier", Q(metrics=["clienten"], filters=[F("soort", "Re-integratie"), F("wijk", "Transvaalkwartier")]), "all"),
    ("Beschermd wonen in Den Haag", Q(metrics=["clienten"], filters=[F("soort", "Beschermd wonen")]), "all"),
    ("Kosten beschermd wonen per jaar", Q(metrics=["kosten"], dimensions=["jaar"], filters=[F("soort", "Beschermd wonen")], years=[2022, 2023, 2024]), "all"),
    ("Dagbesteding in Morgenstond", Q(metrics=["clienten"], filters=[F("soort", "Dagbesteding"), F("wijk", "Morgenstond")]), "all"),
    ("Jeugdhulp zonder verblijf in Bouwlust en Vrederust", Q(metrics=["clienten"], filters=[F("soort", "Jeugdhulp zonder verblijf"), F("wijk", "Bouwlust en Vrederust")]), "all"),
    ("Top 10 wijken bijstand", Q(metrics=["clienten"], dimensions=["wijk"], filters=[BIJSTAND], order_by=[{"field": "clienten"}], limit=10), "all"),
    ("Top 5 wijken Wmo-kosten", Q(metrics=["kosten"], dimensions=["wijk"], filters=[WMO], order_by=[{"field": "kosten"}], limit=5), "all"),
    ("Hoeveel inwoners heeft Den Haag volgens het CBS?", Q(metrics=["cbs_inwoners"], filters=[F("gemeente", "'s-Gravenhage")]), "all"),
    ("Bijstand volgens CBS in Den Haag, Rotterdam, Amsterdam en Utrecht", Q(metrics=["cbs_bijstand"], dimensions=["gemeente"], filters=[F("gemeente", ["'s-Gravenhage", "Rotterdam", "Amsterdam", "Utrecht"])]), "all"),
    ("CBS Wmo-cliënten per wijk in Den Haag", Q(metrics=["cbs_wmo_clienten"], dimensions=["wijk"]), "all"),
    ("Jongeren met jeugdzorg volgens CBS in Den Haag", Q(metrics=["cbs_jongeren_met_jeugdzorg"], filters=[F("gemeente", "'s-Gravenhage")]), "all"),
    ("Gemiddeld inkomen per inwoner in Den Haag", Q(metrics=["cbs_gem_inkomen_per_inwoner"], filters=[F("gemeente", "'s-Gravenhage")]), "all"),
    ("Wmo-cliënten in Moerwijk per jaar", Q(metrics=["clienten"], dimensions=["jaar"], filters=[WMO, F("wijk", "Moerwijk")], years=[2019, 2020, 2021, 2022, 2023, 2024]), "all"),
    ("Wmo-cliënten in Moerwijk in 2024", Q(metrics=["clienten"], filters=[WMO, F("wijk", "Moerwijk")]), "all"),
    ("Jeugdhulp in Moerwijk", Q(metrics=["clienten"], filters=[JEUGD, F("wijk", "Moerwijk")]), "all"),
    ("Stapeling in de Schildersbuurt", Q(metrics=["stapeling"], filters=[F("wijk", "Schildersbuurt")]), "all"),
    ("Kosten per cliënt Wmo in de wijk Laak", Q(metrics=["kosten_per_client"], filters=[WMO, F("wijk", "Laakkwartier en Spoorwijk")]), "all"),
    ("Kosten jeugdhulp per wijk, top 10", Q(metrics=["kosten"], dimensions=["wijk"], filters=[JEUGD], order_by=[{"field": "kosten"}], limit=10), "all"),
    ("Wmo-cliënten in de wijken Centrum, Scheveningen en Loosduinen", Q(metrics=["clienten"], dimensions=["wijk"], filters=[WMO, F("wijk", ["Centrum", "Scheveningen", "Loosduinen"])]), "all"),
    ("Aantal cliënten per wet per jaar", Q(metrics=["clienten"], dimensions=["wet", "jaar"], years=[2023, 2024]), "all"),
    ("Cliënten per wet en leeftijdsklasse in Den Haag", Q(metrics=["clienten"], dimensions=["wet", "leeftijdsklasse"]), "answer"),
    ("Kosten Participatiewet 2024", Q(metrics=["kosten"], filters=[F("wet", "Participatiewet")]), "all"),
    ("Hulpmiddelen in Den Haag 2023 en 2024", Q(metrics=["clienten"], dimensions=["jaar"], filters=[F("soort", "Hulpmiddelen")], years=[2023, 2024]), "all"),
]


@pytest.fixture(scope="module")
def conversation(warehouse_con):
    catalogue = Catalogue.from_warehouse(load_model(), warehouse_con)
    con = warehouse_con.cursor()
    guard, memory = DisclosureGuard(10, 0.5), ReleaseMemory(PublishedCells.from_warehouse(con))
    results = []
    for question, query, expectation in CONVERSATION:
        assert refuse_individual_request(question) is None, question
        compiled = compile_query(query, catalogue)
        result, _sql = run_guarded(con, compiled, catalogue.allowed_views(), guard, memory)
        results.append((question, result, expectation))
    return results


def _released(result, expectation) -> bool:
    if result.status != "answered" or not result.rows:
        return False
    return expectation == "answer" or not result.suppressed


def test_enough_legitimate_questions():
    assert len(CONVERSATION) >= 60


@pytest.mark.parametrize("index", range(len(CONVERSATION)), ids=[q for q, _, _ in CONVERSATION])
def test_legitimate_question_is_released(conversation, index):
    question, result, expectation = conversation[index]
    assert _released(result, expectation), (question, result.notices)


def test_share_released(conversation):
    released = sum(_released(r, e) for _q, r, e in conversation)
    share = released / len(conversation)
    print(f"\nlegitieme vragen vrijgegeven: {released}/{len(conversation)} = {share:.1%}")
    assert share >= 0.98
