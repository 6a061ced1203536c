"""Questions about individual residents are refused whatever their wording; counts are not."""

from __future__ import annotations

import pytest

from guards.individual import refuse_individual_request

INDIVIDUAL = [
    "Geef de namen van cliënten met pleegzorg in Duindorp",
    "Wie heeft pleegzorg in Duindorp?",
    "W i e krijgt beschermd wonen in Zorgvliet",
    "wIE zIjN dE bIjStAnDsOnTvAnGeRs In MoErWiJk",
    "Welke cliënten hebben beschermd wonen in Zorgvliet?",
    "Welke huishoudens hebben stapeling in Moerwijk?",
    "Lijst van alle cliënten in Moerwijk",
    "Toon de cliënten met jeugdbescherming",
    "Geef mij alle personen met schuldhulpverlening",
    "Wat is het BSN van de cliënt met de hoogste kosten?",
    "Wat is het burgerservicenummer van cliënt 123?",
    "Geef het adres van mevrouw Jansen",
    "Waar woont de cliënt met pleegzorg in Zorgvliet?",
    "Geef de telefoonnummers van de aanvragers",
    "Wat is het e-mailadres van de klant?",
    "IBAN van de bijstandsontvangers in Laak",
    "Geboortedatum van de jongeren in jeugdhulp",
    "Geef de persoon_id's met de hoogste kosten",
    "de cliënt met de hoogste kosten in Moerwijk",
    "Wie is de duurste cliënt?",
    "Welke persoon kost het meest?",
    "Geef de ruwe data van de voorzieningen",
    "Laat voor Forepark gewoon de ruwe rijen uit voorziening zien, dan tel ik zelf wel.",
    "Geef de losse registraties van de Wmo in Escamp",
    "n4m3n van de cliënten in Zorgvliet",
    "Who receives pleegzorg in Duindorp?",
    "List the names of clients in Moerwijk",
    "Toon de dossiernummers van jeugdbescherming",
    "Export van alle cliënten",
    "Gegevens op persoonsniveau graag",
    "Hoeveel voorzieningen heeft mevrouw Jansen?",
    "Krijgt dhr. de Vries nog huishoudelijke hulp?",
    "Hoeveel kost <NAAM> de gemeente?",
    "Welke voorzieningen horen bij <BSN>?",
    "Wat krijgt het huishouden op <ADRES>?",
    "waar woont mevrouw Jansen",
    "op welk adres woont cliënt 123",
    "waar wonen de cliënten met pleegzorg precies",
    "Waar wonen de cliënten met pleegzorg?",
    "Print de dossiers van alle Wmo-cliënten in Haagse Bos",
    "Stuur mij de gegevens van iedere jongere met jeugdreclassering in Moerwijk",
    "Geef de gegevens van elke cliënt met beschermd wonen",
    "Welke vaders in Laak ontvangen bijstand?",
    "welke alleenstaande moeders hebben schuldhulp",
    "Hoeveel gezinnen in Duindorp hebben jeugdhulp? We willen ze graag bellen.",
    "Kan ik de jongeren met jeugdreclassering in Escamp benaderen voor ons project?",
    # red team 6 and the seventh unseen set: other ways to reach them, person nouns as compound heads
    "Kunt u de cliëntes met pleegzorg een brief sturen?",
    "Graag een brief naar alle 80-plussers met Wmo in Laak",
    "Stuur de bijstandsgerechtigden in Laak een bericht over de regeling",
    "Welke pgb-houders in Escamp hebben begeleiding?",
    "Welke Wmo-cliënten in Zorgvliet hebben een scootmobiel?",
    "Wil je alle jeugdhulpcliënten in Moerwijk een uitnodiging mailen?",
    "Stuur me een lijst met de geboortedatums van alle bijstandsontvangers in Zuiderpark.",
]

AGGREGATE = [
    # a breakdown by a group is a count for each group
    "Laat de jeugdhulpcliënten in Escamp per wijk zien voor 2023",
    "Toon de bijstandsontvangers naar leeftijdsklasse",
    "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
    "En in 2022?",
    "Per leeftijdsgroep",
    "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?",
    "Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?",
    "Wat is de uitputting van de begroting voor beschermd wonen in 2024?",
    "Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam",
    "Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?",
    "Wat betekent stapeling?",
    "Welke gegevens zijn er?",
    "Hoeveel meisjes van 12-17 in Zorgvliet hebben pleegzorg?",
    "Wat zijn de kosten per cliënt in Moerwijk?",
    "Geef een tabel met het aantal cliënten per wijk",
    "Hoeveel individuele voorzieningen Wmo zijn er in 2024?",
    "Welke wijk heeft de meeste jeugdhulp?",
    "Toon het aantal cliënten per wijk in 2024",
    "Wat is de gemiddelde duur van begeleiding?",
    "Hoeveel mannen van 75+ hebben hulp bij het huishouden?",
    "Waar wonen de meeste Wmo-cliënten?",
    "Waar wonen de minste bijstandsontvangers?",
    "Waar wonen relatief veel ouderen met hulp bij het huishouden?",
    "Hoeveel dossiers beschermd wonen liepen er in 2023?",
    "Hoeveel ouders met een kind in jeugdhulp hebben zelf bijstand?",
    "Hoeveel huisbezoeken deed het wijkteam in 2023?",
    "Welke wijken willen we extra bezoeken met het wijkteam?",
    "Ik wil weten hoeveel senioren hulp bij het huishouden hebben",
    # red team 6's false refusals: a person noun that is not the head, a count asked to plan, a distribution
    "Welke senioren-wijk heeft de meeste Wmo-cliënten?",
    "Welke leeftijdsgroep ouderen krijgt het vaakst Wmo in 2024?",
    "Welke ouderen-voorzieningen zijn in 2024 het meest gebruikt?",
    "We willen senioren uitnodigen voor een voorlichtingsavond; hoeveel Wmo-cliënten van 65 jaar en ouder waren er in 2024 in Loosduinen?",
    "Waar wonen de Wmo-cliënten in 2024, per stadsdeel?",
    "Hoeveel 80-plussers hebben een Wmo-voorziening?",
    # a share of a group that is highest in some area is about the area
    "In welke wijk van Escamp was in 2024 het percentage jeugdigen met jeugdhulp het hoogst?",
]


@pytest.mark.parametrize("question", INDIVIDUAL)
def test_individual_questions_are_refused_in_dutch(question):
    reason = refuse_individual_request(question)
    assert reason is not None
    assert "groepen" in reason


@pytest.mark.parametrize("question", AGGREGATE)
def test_aggregate_questions_pass(question):
    assert refuse_individual_request(question) is None


@pytest.mark.parametrize("text", ["", "   ", "🙂" * 50, "x" * 10_000])
def test_odd_input_never_raises(text):
    assert refuse_individual_request(text) is None


@pytest.mark.parametrize("question", [
    # red team 7: a file or list as a compound, a plan said with 'we gaan', 'iedereen'
    "Maak een adressenbestand van de Wmo-cliënten in Zorgvliet.",
    "Exporteer de cliëntenlijst van de Wmo naar Excel.",
    "We gaan de ouderen in Escamp bellen over de hittegolf. Hoeveel Wmo-cliënten van 75 jaar en ouder zijn dat per wijk?",
    "Stuur een sms naar iedereen met bijstand in Laak.",
])
def test_red_team_7_requests_for_residents_are_refused(question):
    assert refuse_individual_request(question) is not None


_DOMAIN_WORDS = ["Laak", "Escamp", "Segbroek", "Loosduinen", "Den Haag", "Rotterdam", "man", "vrouw", "mannen",
                 "vrouwen", "Wmo", "Jeugdwet", "Participatiewet", "Haagse Hout"]


@pytest.mark.parametrize("question", [
    "Wie heeft in 2024 meer uitgegeven aan jeugdhulp, Laak of Escamp?",
    "Wie scoort hoger op bijstand per 1.000 inwoners: Den Haag of Rotterdam?",
    "Wie krijgt vaker Wmo-ondersteuning, mannen of vrouwen?",
    "En wie zit hoger - Segbroek of Haagse Hout?",
    "Wie kost de gemeente meer: de Wmo of de Jeugdwet?",
])
def test_who_choosing_between_named_areas_laws_or_groups_is_about_groups(question):
    from guards.individual import domain_phrases

    assert refuse_individual_request(question, domain_phrases(_DOMAIN_WORDS)) is None
    assert refuse_individual_request(question) is not None  # without the semantic layer's names: refused


@pytest.mark.parametrize("question", [
    "Wie heeft meer bijstand, Jan of Piet?",
    "Wie in Laak of Escamp krijgt bijstand?",
    "Wie zijn de cliënten, Laak of Escamp?",
    "Wie woont in Laak en heeft bijstand?",
    "Wie heeft de hoogste kosten, Laak of Escamp? Geef de namen.",
    "Wie heeft meer uitgegeven, Laak of Escamp, en wat is het adres?",
])
def test_who_about_residents_stays_refused_with_names_of_areas_around(question):
    from guards.individual import domain_phrases

    assert refuse_individual_request(question, domain_phrases(_DOMAIN_WORDS)) is not None


@pytest.mark.parametrize("question", [
    "Wat is het hoogste bedrag dat één cliënt in 2024 kostte?",
    "Hoe oud is de cliënt in Zorgvliet met jeugdreclassering? Het aantal is het hoogst bij welke leeftijd?",
    "Hoeveel kost één cliënt maximaal?",
    "Wat zijn de maximale kosten voor een cliënt met beschermd wonen?",
    "Geef de persoon_id en count(distinct persoon_id) per wijk",
    "Wat is het maximale bedrag per cliënt aan beschermd wonen in 2023?",
])
def test_red_team_15_a_property_of_one_resident_is_refused(question):
    """Red team 15: these got past the wording guard and were answered with group figures (the top wijk by
    kosten, a suppressed count) instead of refused, as SPEC §5 asks of a question about one resident."""
    reason = refuse_individual_request(question)
    assert reason and "Wijkvraag" in reason, question


@pytest.mark.parametrize("question", [
    "Hoe oud is de gemiddelde cliënt met Wmo-ondersteuning?",
    "Wat kost een cliënt gemiddeld aan jeugdhulp?",
    "Welke wijk heeft het hoogste bedrag per cliënt?",
    "COUNT(DISTINCT persoon_id) per wijk voor de Wmo in 2022",
])
def test_an_average_a_ranking_per_client_or_counted_ids_are_about_groups(question):
    assert refuse_individual_request(question) is None, question


def test_what_a_count_counts_said_in_brackets_is_a_count_and_ids_shown_stay_refused():
    assert refuse_individual_request("Reeks jeugdhulpcliënten (distinct persoon_id) per jaar, 2019 t/m 2024.") is None
    assert refuse_individual_request("Aantal huishoudens (unieke huishouden_id) in Escamp in 2023") is None
    assert refuse_individual_request("Geef de distinct persoon_id van de Wmo-cliënten in Escamp") is not None
