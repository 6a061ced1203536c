"""Red team 26: what of a question is kept after red team 25's fix, with shares of a group new (the copy of fdb71cf
plus the shares and the interpreter changes of the same session).

1. An identifier in groups with points joined to a word, a code or a year by a hyphen ('... in Moerwijk-999.978.159?',
   'Begeleiding-…', 'taakveld 6.72-…', 'Wmo-…-cliënten', 'in 2023-…'): answered and kept word for word, 140/140 per
   identifier (BSN, IBAN account, birth date), phone numbers after a code or a year 40/40. Now the digits of every
   numeric part joined to a word, a code or a year are that token's number.
2. A surname with a word joined before it ('Westzeldenrust', 'Moerwijkeverts'): asked back and kept, 31/148. Now an
   unknown word that ends in a listed surname (no Dutch word) is a name, unless it is two words of the dictionary.
Held: 980 share questions over four users and CLI processes (0 small cells recovered), areas of different levels,
red team 25's forms. Identities from persoon_identiteit (read-only); API with four users, CLI, the app (AppTest)."""
from __future__ import annotations

import json

import pytest

from tests.attacks.conftest import cli_ask
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam25 import app_kept, identifiers, masked_alone, kept_identifier

SURNAMES = "length(i.achternaam) >= 6 AND i.tussenvoegsel IS NULL"
FORMS = {
    "wijk": "Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk-{g}?",
    "soort": "Hoeveel Begeleiding-{g} waren er in 2023?",
    "taakveld": "Wat was de realisatie in 2023 voor taakveld 6.72-{g}?",
    "wet": "Hoeveel Wmo-{g}-cliënten waren er in 2023 in Moerwijk?",
    "jaar": "Hoeveel Wmo-cliënten waren er in 2023-{g} in Moerwijk?",
    "aandeel": "Welk aandeel van de Wmo-cliënten in Escamp woonde in 2023 in Moerwijk-{g}?",
}


def dotted(ident: str, n: int = 3) -> str:
    return ".".join(ident[i:i + n] for i in range(0, len(ident), n))


@pytest.fixture
def users(four_users):
    return four_users("rt26")


def test_an_identifier_in_dotted_groups_after_a_hyphen_is_not_kept_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(2, seed=2611):
        for kind, ident in identifiers(p).items():
            for form, text in FORMS.items():
                for width in (3, 2):
                    n0 = len(audit_lines(audit))
                    d = s[("b", "r", "a1", "a2")[asked % 4]].ask(text.format(g=dotted(ident, width))).to_json_dict()
                    asked += 1
                    texts = [d["question"], d.get("answer"), *d.get("notices", [])] + [
                        json.loads(line).get("question") for line in audit_lines(audit)[n0:]]
                    if any(kept_identifier(t, ident) for t in texts):
                        kept.append(f"{form} ({kind}): {d['question']}")
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:4]}"
    # a range of years and a range of ages are read as before
    d = s["b"].ask("Hoeveel Wmo-cliënten van 18-26 jaar waren er in de jaren 2019-2024?").to_json_dict()
    assert "2019-2024" in d["question"] and "18-26" in d["question"], d["question"]


def test_a_dotted_bsn_over_a_cli_conversation(tmp_path):
    bsn = residents(1, seed=2613)[0]["bsn"]
    audit = tmp_path / "audit.jsonl"
    answers = cli_ask([FORMS["wijk"].format(g=dotted(bsn)), "En in 2022?"], audit, user="rt26-cli")
    assert not any(kept_identifier(json.dumps(a, ensure_ascii=False), bsn) for a in answers)
    assert not any(kept_identifier(json.loads(line).get("question"), bsn) for line in audit_lines(audit))


def test_a_surname_with_a_word_before_it_is_not_kept_three_users(users):
    _a, s, audit = users
    names = [p["achternaam"] for p in residents(14, seed=2603, where=SURNAMES)]
    names = masked_alone(s["b"], names)
    kept, asked = [], 0
    for name in names + ["Zeldenrust", "Everts", "Mansveld"]:
        for head in ("West", "Groot", "Moerwijk", "Schildersbuurt"):
            n0 = len(audit_lines(audit))
            d = s[("a1", "a2", "r")[asked % 3]].ask(f"Hoeveel Wmo-cliënten waren er in 2023 in {head}{name.lower()}?")
            asked += 1
            if name.lower() in (json.dumps(d.to_json_dict(), ensure_ascii=False)
                                + "\n".join(audit_lines(audit)[n0:])).lower():
                kept.append(head + name.lower())
    assert asked >= 24 and not kept, f"{len(kept)}/{asked}: {kept[:8]}"
    # two words of the dictionary stay, whatever surname ends them ('Kruistabel')
    d = s["b"].ask("Kruistabel van de Wmo-cliënten in 2024 naar leeftijdsklasse x geslacht").to_json_dict()
    assert "Kruistabel" in d["question"], d["question"]


@pytest.mark.slow
def test_the_app_keeps_no_dotted_identifier_and_no_surname_after_a_word(tmp_path, monkeypatch):
    bsn = residents(1, seed=2614)[0]["bsn"]
    page, logged = app_kept(tmp_path, monkeypatch, (FORMS["wijk"].format(g=dotted(bsn)), FORMS["jaar"].format(
        g=dotted(bsn, 2)), "Hoeveel Wmo-cliënten waren er in 2023 in Westzeldenrust?"))
    assert not kept_identifier(page, bsn) and not kept_identifier(logged, bsn)
    assert "zeldenrust" not in (page + logged).lower()
