"""Red team 25: what of a question is kept after red team 24's fix (commit e3a00cf).

1. An identifier spelled as digit words joined into one token ('... in Moerwijk-negen-negen-negen-negen-vijf-nul-drie-
   vier-vier?', "Moerwijk'negen'negen'…", 'Moerwijk.negen.…', 'in negen-negen-…', 'taakveld 6.72-negen-…') or as Roman
   digits ('Moerwijk-IX-IX-IX-IX-V-VIII-III-IV-IV') was kept whole: 20/20 per identifier and form, in the answer's
   question, the clarification, the audit log, the CLI and the app. Now the number words, month names and Roman digits
   joined to a word are that token's digits, judged with the others.
2. A surname before a place ending that was not on red team 24's list ('in Janssenskapelle', -huizen, -rode, -stede,
   -ville, -town, -ingen, a doubled '-stadstad'): 7/25 and 13/33 surnames kept. Now a listed surname (no Dutch word)
   with anything after it, in a word that is no form of a Dutch word, is a name, whatever the ending.
Identities from persoon_identiteit (read-only); API with four users, CLI processes, the app through AppTest."""
from __future__ import annotations

import json

import pytest

from tests.attacks.conftest import cli_ask
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam23 import surnames_kept_in_places
from tests.attacks.redteam25 import PLACE_ENDINGS, app_kept, identifiers, masked_alone, kept_identifier, word_forms

SURNAMES = "length(i.achternaam) >= 5 AND i.tussenvoegsel IS NULL"


@pytest.fixture
def users(four_users):
    return four_users("rt25")


def _kept_anywhere(d: dict, new_audit: list[str], ident: str) -> bool:
    return any(kept_identifier(t, ident) for t in [d["question"], d.get("answer")]
               + [json.loads(line).get("question") for line in new_audit])


def test_an_identifier_in_joined_number_words_is_not_kept_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(2, seed=2511):
        for kind, ident in identifiers(p).items():
            forms = word_forms(ident)
            for form in ("wijk-woorden", "woorden", "wijk'woorden", "wijk.woorden", "taakveld-woorden"):
                n0 = len(audit_lines(audit))
                d = s[("b", "r", "a1", "a2")[asked % 4]].ask(forms[form]).to_json_dict()
                asked += 1
                if _kept_anywhere(d, audit_lines(audit)[n0:], ident):
                    kept.append(f"{form} ({kind}): {d['question']}")
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:4]}"
    # words joined by a hyphen that write no identifier are kept as they are
    d = s["b"].ask("Hoeveel een-oudergezinnen in Moerwijk hadden in 2023 bijstand?").to_json_dict()
    assert "een-oudergezinnen" in d["question"], d["question"]


def test_a_bsn_in_joined_roman_digits_is_not_kept_two_analysts(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(12, seed=2512, where="NOT contains(i.bsn, '0')")[:3]:
        for form in ("wijk-ROMEINS", "wijk-romeins"):
            n0 = len(audit_lines(audit))
            d = s[("a1", "a2")[asked % 2]].ask(word_forms(p["bsn"])[form]).to_json_dict()
            asked += 1
            if _kept_anywhere(d, audit_lines(audit)[n0:], p["bsn"]):
                kept.append(d["question"])
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:3]}"


def test_a_bsn_in_number_words_over_a_cli_conversation(tmp_path):
    bsn = residents(1, seed=2513)[0]["bsn"]
    forms = word_forms(bsn)
    audit = tmp_path / "audit.jsonl"
    answers = cli_ask([forms["wijk'woorden"], forms["wijk-woorden"]], audit, user="rt25-cli")
    assert not any(kept_identifier(a["question"], bsn) or kept_identifier(a.get("answer"), bsn) for a in answers)
    assert not any(kept_identifier(json.loads(line).get("question"), bsn) for line in audit_lines(audit))


def test_a_surname_with_any_place_ending_is_not_kept_two_analysts(users):
    _a, s, audit = users
    names = [p["achternaam"] for p in residents(12, seed=2502, where=SURNAMES)]
    names = masked_alone(s["b"], names)
    kept, asked = surnames_kept_in_places(s, audit, names + ["Janssens", "Evers"], PLACE_ENDINGS)
    assert asked >= 40 and not kept, f"{len(kept)}/{asked}: {kept[:8]}"
    # a form of a Dutch word that opens with a surname stays ('meerekent', though 'Meere' is a surname)
    d = s["b"].ask("Hoeveel Wmo-cliënten had Waldeck in 2023 als je de hulpmiddelen niet meerekent?").to_json_dict()
    assert "meerekent" in d["question"], d["question"]


@pytest.mark.slow
def test_the_app_keeps_no_number_words_and_no_surname_with_a_place_ending(tmp_path, monkeypatch):
    bsn = residents(1, seed=2514)[0]["bsn"]
    page, logged = app_kept(tmp_path, monkeypatch, (word_forms(bsn)["wijk'woorden"], word_forms(bsn)["wijk-woorden"],
                                                    "Hoeveel Wmo-cliënten waren er in 2023 in Janssenskapelle?"))
    assert not kept_identifier(page, bsn) and not kept_identifier(logged, bsn)
    assert "janssens" not in (page + logged).lower()
