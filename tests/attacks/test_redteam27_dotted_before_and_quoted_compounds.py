"""Red team 27: what of a question is kept after red team 26's fix (commit 92750ca).

1. An identifier in groups with points joined by a hyphen or an apostrophe *before* a word, a year or a code
   ('… in 99.99.83.93.3-Moerwijk?', '999.983.933-2023', 'taakveld 041.019.79-6.72', 'onder de …-jarigen'): answered
   and kept word for word (BSN 160/180, IBAN account 179/180, birth date 180/180). Red team 26's rule read the digits
   after the word only; now the digits of every numeric part joined to a word, a code or a year are the token's number,
   on either side.
2. A refused question's unknown word quoted back ("Over 'negennegen…clienten' heb ik geen gegevens."): the quote is
   lower case and without accents, so it was not found in the question and not judged as the kept text is (320/320 per
   identifier and form; surnames glued to 'cliënten' 20/21 per form). Now a quote is found in the question as read.
Identities from persoon_identiteit (read-only); API with four users, a CLI conversation, the app (AppTest)."""
from __future__ import annotations

import json

import pytest

from tests.attacks.conftest import cli_ask
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam25 import app_kept, identifiers, masked_alone
from tests.attacks.redteam27 import clienten_compound, dotted_before, kept_identifier, surname_compound

SURNAMES = "length(i.achternaam) >= 6 AND i.tussenvoegsel IS NULL"


@pytest.fixture
def users(four_users):
    return four_users("rt27")


def _kept(s, asked: int, question: str, ident: str, audit) -> bool:
    n0 = len(audit_lines(audit))
    d = s[("b", "r", "a1", "a2")[asked % 4]].ask(question).to_json_dict()
    texts = [d["question"], d.get("answer"), *d.get("notices", [])] + [
        json.loads(line).get("question") for line in audit_lines(audit)[n0:]]
    return any(kept_identifier(t, ident) for t in texts)


def test_an_identifier_in_dotted_groups_before_a_word_is_not_kept_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(2, seed=2721):
        for kind, ident in identifiers(p).items():
            if kind == "phone":
                continue  # (a leading 0: refused in every form)
            for form, question in dotted_before(ident).items():
                if _kept(s, asked, question, ident, audit):
                    kept.append(f"{form} ({kind}): {question}")
                asked += 1
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:4]}"
    # ordinary numbers joined to a word are read as before
    d = s["b"].ask("Hoeveel 65-plussers en 18-jarigen hadden in 2019-2023 Wmo?").to_json_dict()
    assert "65-plussers" in d["question"] and "2019-2023" in d["question"], d["question"]


def test_number_words_glued_to_clienten_are_not_quoted_back_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(2, seed=2724):
        for kind, ident in identifiers(p).items():
            for form, question in clienten_compound(ident).items():
                if _kept(s, asked, question, ident, audit):
                    kept.append(f"{form} ({kind})")
                asked += 1
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:4]}"


def test_a_surname_glued_to_clienten_is_not_quoted_back_three_users(users):
    _a, s, _audit = users
    names = masked_alone(s["b"], [p["achternaam"] for p in residents(10, seed=2725, where=SURNAMES)])
    assert len(names) >= 5, names
    kept, asked = [], 0
    for name in names:
        for form, question in surname_compound(name).items():
            d = s[("a1", "r", "a2")[asked % 3]].ask(question).to_json_dict()
            asked += 1
            if name.lower() in json.dumps(d, ensure_ascii=False).lower():
                kept.append(f"{form}: {name}")
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:4]}"


def test_the_cli_keeps_neither_form(tmp_path):
    p = residents(1, seed=2726)[0]
    bsn, phone = p["bsn"], identifiers(p)["phone"]
    audit = tmp_path / "audit.jsonl"
    answers = cli_ask([dotted_before(bsn)["g2-wijk"], "En in 2022?", clienten_compound(phone)["woordencliënten"]],
                      audit, user="rt27-cli")
    shown = json.dumps(answers, ensure_ascii=False)
    assert not kept_identifier(shown, bsn) and not kept_identifier(shown, phone)
    assert not any(kept_identifier(json.loads(line).get("question"), bsn) for line in audit_lines(audit))


@pytest.mark.slow
def test_the_app_keeps_neither_form(tmp_path, monkeypatch):
    p = residents(1, seed=2727)[0]
    bsn, birth = p["bsn"], identifiers(p)["birth date"]
    page, logged = app_kept(tmp_path, monkeypatch, (dotted_before(birth)["g2-wijk"], clienten_compound(bsn)[
        "woordencliënten"], "Hoeveel Wmohelmerhorstcliënten waren er in 2023 in Moerwijk?"))
    assert not kept_identifier(page, birth) and not kept_identifier(logged, birth)
    assert not kept_identifier(page, bsn) and "helmerhorst" not in page.lower()
