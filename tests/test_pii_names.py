"""Resident names in any phrasing: caught by the PII guard, refused by the assistant, never echoed or logged.

The names come from the restricted persoon_identiteit table (a deterministic sample, see
tests/pii_corpus/names.py); the scrubber's own lists come from libraries, never from that table.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant import Assistant, Settings
from guards.pii import PiiScrubber
from tests.pii_corpus.corpus import allow_list, load
from tests.pii_corpus.names import TEMPLATES, caught, cases, policy_questions, sample_names

N_NAMES = 600
RECALL_BAR = 0.99
_TEMPLATE = dict(TEMPLATES)


@pytest.fixture(scope="module")
def names(warehouse_con):
    return sample_names(warehouse_con.cursor(), N_NAMES)


@pytest.fixture(scope="module")
def scrubber() -> PiiScrubber:
    return PiiScrubber(allow_list=allow_list())


def test_the_sample_is_large_distinct_and_deterministic(names, warehouse_con):
    assert len(names) == N_NAMES and len(set(names)) == N_NAMES
    assert len(TEMPLATES) >= 10
    assert sample_names(warehouse_con.cursor(), N_NAMES) == names
    assert sum(1 for n in names if n.tussenvoegsel) >= 100  # first name + tussenvoegsel + surname is well covered


def test_name_recall_over_all_names_and_phrasings(names, scrubber):
    missed: Counter[str] = Counter()
    examples: list[str] = []
    all_cases = cases(names)
    for tid, name, question in all_cases:
        scrubbed = scrubber.scrub(question)[0]
        if not caught(name, question, scrubbed, _TEMPLATE[tid]):
            missed[tid] += 1
            if len(examples) < 10:
                examples.append(f"{tid}: {scrubbed}")
    recall = 1 - sum(missed.values()) / len(all_cases)
    assert recall >= RECALL_BAR, (recall, dict(missed), examples)
    for tid, _ in TEMPLATES:  # no phrasing may be a blind spot
        assert missed[tid] / len(names) <= 0.02, (tid, missed[tid], examples)


@pytest.mark.parametrize(
    "question, kept",
    [
        ("Heeft Jan van den Berg bijstand?", "Heeft <NAAM> bijstand?"),
        ("Wat krijgt mevrouw Van der Meer?", "Wat krijgt mevrouw <NAAM>?"),
        ("hoeveel kost lina zijlemans", "hoeveel kost <NAAM>"),
        ("heeft meneer de boer een wmo indicatie", "heeft meneer <NAAM> een wmo indicatie"),
        ("Welke voorzieningen heeft J. de Vries?", "Welke voorzieningen heeft <NAAM>?"),
        ("Hoe lang loopt Jansens dossier al?", "Hoe lang loopt <NAAM> dossier al?"),
        ("Is Anouk Mulder-de Jong uit Moerwijk in de schuldhulp?", "Is <NAAM> uit Moerwijk in de schuldhulp?"),
        ("Krijgt de familie Die Bont Hulp bij het huishouden in Bezuidenhout?",
         "Krijgt de familie <NAAM> Hulp bij het huishouden in Bezuidenhout?"),
        ("dhr. De Werd Van Stolkpark jeugdhulp 2023", "dhr. <NAAM> Van Stolkpark jeugdhulp 2023"),
        ("Jeugdzorg voor de kinderen van Ilse Coreth von und zu Coredo", "Jeugdzorg voor de kinderen van <NAAM>"),
        ("Ecrin Breugelensis woont in 's-Gravenhage", "<NAAM> woont in 's-Gravenhage"),
        ("Heeft Ben van Maasgouw Beschermd wonen in Den Haag?", "Heeft <NAAM> Beschermd wonen in Den Haag?"),
    ],
)
def test_phrasings_and_what_survives_around_the_name(scrubber, question, kept):
    assert scrubber.scrub(question)[0] == kept


# Red team 9: surnames that are also Dutch words were echoed and logged (12 of 20), and "die Visser heten" was
# answered with the city total. Dutch writes nouns in lower case, and 'heten'/'genaamd' name what follows.
# (A bare surname that is also the name of a wijk somewhere, "Heeft Boer uit ...", stays an area name.)
WORD_SURNAMES = ["Smit", "Berg", "Bakker", "Dekker", "Brouwer", "Koster", "Schouten", "Bos", "Prins", "Koning",
                 "Boer", "Visser"]


@pytest.mark.parametrize("template", [
    pytest.param("Heeft {} uit Moerwijk bijstand?", marks=pytest.mark.xfail(
        strict=True, reason="'Boer' is also a CBS wijk name: a bare capitalised area name is not taken for a name")),
    "Hoeveel mensen die {} heten hebben jeugdhulp?",
    "Hoeveel cliënten heten {} in Moerwijk?",
    "Krijgt iemand genaamd {} Wmo-ondersteuning?",
])
def test_surnames_that_are_words_are_names_where_dutch_capitalises_them(scrubber, template):
    missed = [name for name in WORD_SURNAMES if name in scrubber.scrub(template.format(name))[0]]
    assert not missed, missed


def test_no_policy_question_loses_a_word(scrubber):
    """The false-positive side: every development-set question that should be answered, and the
    policy questions of the PII corpus, pass the scrubber unchanged (bar: ≤ 2%; today 0)."""
    questions = policy_questions() + [r["text"] for r in load("beleid")]
    assert len(questions) >= 400
    altered = [q for q in questions if scrubber.analyze(q)]
    assert len(altered) <= 0.02 * len(questions), altered
    for q in ("Hoeveel Wmo-cliënten in het Van Stolkpark en Bezuidenhout in 2024?",
              "Vergelijk de kosten van Beschermd wonen in Rotterdam en Den Haag",
              "Hoeveel 65-plussers met Hulp bij het huishouden kostten meer dan € 2.500? Bel 14 070."):
        assert scrubber.scrub(q) == (q, [])


@pytest.fixture(scope="module")
def assistant_and_log(warehouse_path, tmp_path_factory):
    audit = tmp_path_factory.mktemp("names") / "audit.jsonl"
    assistant = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=audit))
    yield assistant, audit
    assistant.close()


def test_a_named_person_is_refused_and_the_name_never_leaves(names, assistant_and_log):
    assistant, audit = assistant_and_log
    session = assistant.new_session(user="rood-team")
    every = cases(names)
    sample = [every[(i * 907) % len(every)] for i in range(50)]  # a stride coprime to the number of templates
    assert len(sample) == 50 and len({tid for tid, _, _ in sample}) >= 10
    before = len(audit.read_text(encoding="utf-8").splitlines()) if audit.exists() else 0
    for tid, name, question in sample:
        answer = session.ask(question)
        assert answer.status == "refused", (tid, answer.status, answer.question, answer.answer)
        assert "groepen" in answer.answer and "naam is verwijderd" in answer.answer
        assert caught(name, question, answer.question, _TEMPLATE[tid]), (tid, answer.question)
        assert caught(name, question, answer.answer + " " + " ".join(answer.notices), ""), (tid, answer.answer)
    lines = audit.read_text(encoding="utf-8").splitlines()[before:]
    entries = [json.loads(line) for line in lines]
    assert len(entries) == len(sample)
    for (tid, name, question), entry in zip(sample, entries):
        assert entry["decision"] == "refused"
        assert caught(name, question, entry["question"], _TEMPLATE[tid]), (tid, entry["question"])
        assert caught(name, question, " ".join(entry["reasons"]) + " " + str(entry["sql"]), ""), entry["reasons"]


def test_incidental_contact_data_is_removed_with_a_notice_not_refused_as_a_name(assistant_and_log):
    assistant, audit = assistant_and_log
    answer = assistant.new_session(user="beleid").ask(
        "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt? Mail het naar a.b@example.nl")
    assert "a.b@example.nl" not in answer.question + answer.answer and "<EMAIL>" in answer.question
    assert any("verwijderd" in n for n in answer.notices)
    assert "naam is verwijderd" not in answer.answer
    assert "a.b@example.nl" not in audit.read_text(encoding="utf-8")


def test_a_policy_question_is_still_answered(assistant_and_log):
    answer = assistant_and_log[0].new_session(user="beleid").ask(
        "Hoeveel Wmo-cliënten waren er in 2023 in het Van Stolkpark en de Schildersbuurt?")
    assert answer.status in ("answered", "suppressed", "clarification"), answer.answer
    assert "naam" not in answer.answer


def test_a_quoted_wijk_name_in_analyst_sql_is_no_name(scrubber):
    """Red team 10: every analyst SQL naming 'Haagse Bos' or 'Wateringse Veld' was refused as personal data
    (the closing quote made 'Bos'' reach beyond the wijk's name); a name in quotes is still found."""
    for wijk in ("Haagse Bos", "Wateringse Veld"):
        sql = f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk != '{wijk}' AND jaar = 2024"
        assert scrubber.scrub(sql)[1] == [], sql
    assert scrubber.scrub("SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = 'Jan Bos'")[1]


@pytest.mark.parametrize("name", ["Louise", "Jet", "Wessel", "Lot", "Ben", "Dex", "Sep"])
@pytest.mark.parametrize("template", [
    "Wat kost {} zijn jeugdhulp?",
    "Hoeveel bijstand krijgt {} in 2024?",
    "Heeft {} een Wmo-voorziening?",
])
def test_a_first_name_that_is_also_a_word_or_a_village_is_a_name_on_its_own(scrubber, name, template):
    """Red team 16's first names the lists missed: a word ('Lot', 'Ben'), a village ('Linde', 'Jet') or an
    adjective's ending ('Louise'). Capitalised inside a sentence with nothing that makes it a place, it is a person.
    'Linde' and 'Fatima' stay areas: they are CBS wijken (De Wolden; Tilburg and Weert), as 'Boer' above."""
    assert name not in scrubber.scrub(template.format(name))[0]


@pytest.mark.parametrize("text", [
    "Hoeveel Wmo-cliënten wonen in Linde?",  # a place after a preposition
    "Wat kost de jeugdhulp in de wijk Lisse?",
    "Hoeveel inwoners heeft Stein volgens het CBS?",  # a gemeente of the vocabulary
])
def test_a_first_name_that_is_a_place_stays_a_place_where_a_place_is_meant(scrubber, text):
    assert scrubber.scrub(text)[0] == text


def test_what_is_kept_of_a_question_is_what_the_product_can_account_for(names):
    """`kept_text` decides what of a question is stored and shown again by what is known, not by the form of personal
    data: listed names, diminutives, streets, unknown words and full dates go; the development set's policy questions
    keep (nearly) every word. Red team 17: 'nienke', 'Woutersz', 'Naudtje', 'juliedreef' were stored."""
    from guards.pii import kept_text

    vocabulary = allow_list()
    for text, kept in [
        ("hoeveel jeugdhulp krijgt nienke?", "hoeveel jeugdhulp krijgt …?"),
        ("Hoeveel jeugdhulp krijgt Naudtje?", "Hoeveel jeugdhulp krijgt …?"),
        ("Hoeveel Wmo-cliënten in Woutersz?", "Hoeveel Wmo-cliënten in …?"),
        ("SELECT wijk FROM x WHERE juliedreef = 30", "SELECT wijk FROM x WHERE … = 30"),
        ("Hoeveel jeugdhulp op 10-3-2020?", "Hoeveel jeugdhulp op …?"),
        ("Hoeveel uithuisplaatsingen per peiljaar in Moerwijk, gemeentebreed en per 1.000 inwoners?", None),
        ("Hoeveel bijstandsontvangers in Bouwlust en Vrederust in 2023?", None),
    ]:
        assert kept_text(text, vocabulary) == (kept or text)
    questions = policy_questions()
    changed = [q for q in questions if kept_text(q, vocabulary) != q]
    assert len(changed) <= 0.05 * len(questions), changed[:20]  # typos and buurten the product does not know
    lower_first = [n.voornaam.lower() for n in names[:200]]
    kept_names = [v for v in lower_first if kept_text(f"hoeveel bijstand krijgt {v}?", vocabulary) != "hoeveel bijstand krijgt …?"]
    assert len(kept_names) <= 0.05 * len(lower_first), kept_names  # the frequent words among names ('roos', 'jan')
