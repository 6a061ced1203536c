"""Red team 21: what of analyst SQL and of a conversation is kept after red team 20's fix (commit 53f59ee).

1. Analyst SQL with an identifier as the digits of a decimal age: `leeftijd <> 9.99976618` (a BSN),
   `leeftijd <> 99.0672282774` (a phone number; the leading 0 survives after the point), `leeftijd BETWEEN 1.<account>
   AND 99`, `leeftijd IN (1.ddmmyyyy, 50)`, scientific notation `9.99976618e1` and a quoted `'99.<bsn>'` were answered
   and kept as typed in `question`, `sql`, the answer text and the audit log: the number rules counted whole numbers,
   and a decimal was one number. An age (and a year) is a whole number: anything else is refused, its value masked.
2. An identifier spread over the follow-up turns of one conversation, one age per turn ('Hoeveel Wmo-cliënten van 99
   jaar en ouder waren er in 2023?', 'En van 99 jaar en ouder?', 'En van 76 jaar en ouder?', ...): each turn kept the
   one number its answer uses, so the conversation's kept questions (answers, audit log, CLI output, the app's history
   and reload) spelled it in order. The numbers of a conversation's questions are now judged together.
Identities from persoon_identiteit (read-only); API with two users, CLI in separate processes, the app through AppTest."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import app_round, cli_ask, cli_in
from tests.attacks.redteam19 import W, audit_lines, residents
from tests.attacks.redteam20 import chunks

B = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2023"


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def decimal_forms(p: dict) -> dict[str, tuple[str, str]]:
    """form -> (analyst SQL, the typed fragment that spells the identifier); a final '1' keeps a trailing 0."""
    bsn, tel, acct = p["bsn"], _digits(p["telefoon"]), _digits(p["iban"][4:])
    d = p["geboortedatum"]
    bd = f"{d.day:02d}{d.month:02d}{d.year}"
    return {
        "BSN as leeftijd <> 9.99976618": (f"{B} AND leeftijd <> {bsn[0]}.{bsn[1:]}1", f"{bsn[0]}.{bsn[1:]}"),
        "BSN in scientific notation": (f"{B} AND leeftijd < {bsn[0]}.{bsn[1:]}1e1", f"{bsn[:2]}.{bsn[2:]}"),
        "phone as leeftijd <> 99.06...": (f"{B} AND leeftijd <> 99.{tel}1", f"99.{tel}"),
        "IBAN account in BETWEEN": (f"{B} AND leeftijd BETWEEN 1.{acct}1 AND 99", f"1.{acct}"),
        "birth date in IN (1.ddmmyyyy)": (f"{B} AND leeftijd IN (1.{bd}1, 50)", f"1.{bd}"),
        "BSN as a text '99.<bsn>'": (f"{B} AND leeftijd <> '99.{bsn}1'", f"99.{bsn}"),
    }


def conversation(secret: str) -> list[str]:
    parts = chunks(secret)
    return ([f"Hoeveel Wmo-cliënten van {parts[0]} jaar en ouder waren er in 2023?"]
            + [f"En van {x} jaar en ouder?" for x in parts[1:]])


def recovered(kept_questions: list[str]) -> str:
    """The digits of the ages the kept questions of a conversation name, in order."""
    return "".join("".join(re.findall(r"\b(\d+) jaar", q)) for q in kept_questions)


def secrets(p: dict) -> dict[str, str]:
    d = p["geboortedatum"]
    return {"BSN": p["bsn"], "phone": _digits(p["telefoon"]), "IBAN account": _digits(p["iban"][4:]),
            "birth date": f"{d.day}{d.month}{d.year}"}


@pytest.fixture
def users(three_users):
    a, beleid, a1, a2, audit = three_users("rt21")
    return {"b": beleid, "r": a.new_session(user="rt21-raad", role="raadslid", roles=("raadslid",)),
            "a1": a1, "a2": a2}, audit


# ------------------------------------------------------------------------------------------ 1. decimal ages

def test_identifier_as_decimal_age_is_refused_and_not_kept_two_analysts(users):
    """API, two analysts in turn, 6 residents x 6 forms: refused with a Dutch reason, the identifier nowhere."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(6, seed=2111)):
        for form, (sql, secret) in decimal_forms(p).items():
            asked.append((form, secret, s["a1" if i % 2 else "a2"].run_sql(sql).to_json_dict()))
    log = "\n".join(audit_lines(audit))
    kept = [(f, secret) for f, secret, a in asked if secret in json.dumps(a, ensure_ascii=False, default=str) or secret in log]
    assert len(asked) == 36 and not kept, kept[:3]
    assert all(a["status"] == "refused" and "geheel getal" in a["answer"] for _f, _s, a in asked)
    # a whole age is answered as before
    answer = s["a1"].run_sql(f"{B} AND leeftijd >= 65").to_json_dict()
    assert answer["status"] == "answered" and answer["rows"][0][0] > 10_000


@pytest.mark.parametrize("form,user", [("BSN as leeftijd <> 9.99976618", "rt21sql1"),
                                       ("phone as leeftijd <> 99.06...", "rt21sql2")])
def test_identifier_as_decimal_age_via_the_cli(tmp_path, form, user):
    p = residents(2, seed=2112)[int(user[-1]) - 1]
    sql, secret = decimal_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["sql", sql], user)
    leaked = [w for w, t in (("answer", json.dumps(answer, ensure_ascii=False)), ("audit", audit)) if secret in t]
    assert answer["status"] == "refused" and not leaked, (form, answer["question"], leaked)


# ------------------------------------------------------------------------------------------ 2. over the turns

def test_identifier_over_follow_up_turns_is_not_kept_two_users(users):
    """API, beleidsmaker and raadslid in turn, 3 residents x 4 identifiers, a conversation each: the conversation's
    kept questions (answers and audit log), read in order, do not give the identifier; the answers still answer."""
    s, audit = users
    bad, answered = [], 0
    for i, p in enumerate(residents(3, seed=2121)):
        for kind, secret in secrets(p).items():
            session = s["b" if i % 2 else "r"]
            session.reset()
            n0 = len(audit_lines(audit))
            answers = [session.ask(q).to_json_dict() for q in conversation(secret)]
            answered += sum(1 for a in answers if a["status"] in ("answered", "suppressed"))
            logged = [json.loads(line)["question"] or "" for line in audit_lines(audit)[n0:]]
            logged = [q for j, q in enumerate(logged) if j == 0 or q != logged[j - 1]]
            if secret in (recovered([a["question"] for a in answers]), recovered(logged)):
                bad.append((kind, secret))
    assert not bad, f"{len(bad)}/12 conversations spell the identifier: {bad[:2]}"
    assert answered >= 40  # (what is kept changes, not what is answered)


def test_identifier_over_follow_up_turns_via_the_cli(tmp_path):
    """One CLI process, one conversation on standard input: a BSN over 5 turns."""
    p = residents(1, seed=2122)[0]
    answers = cli_ask(conversation(p["bsn"]), tmp_path / "audit.jsonl", user="rt21conv")
    logged = [json.loads(line)["question"] or "" for line in audit_lines(tmp_path / "audit.jsonl")]
    assert recovered([a["question"] for a in answers]) != p["bsn"] and recovered(logged) != p["bsn"]


@pytest.mark.slow
def test_the_app_keeps_neither_a_decimal_age_nor_a_conversation_of_ages(tmp_path, monkeypatch):
    """App (AppTest, demo, analist): a phone number over the turns of the chat, and a BSN as a decimal age in the SQL
    editor: not on the page, in the share links, app.sqlite, a reload or the audit log."""
    p = residents(1, seed=2123)[0]
    tel = _digits(p["telefoon"])
    sql, bsn = decimal_forms(p)["BSN as leeftijd <> 9.99976618"]
    turns = conversation(tel)
    found = app_round(tmp_path, monkeypatch, turns[0], "klopt niet", sql, more=turns[1:])
    leaked = [w for w, text in found.items() if bsn in text]
    assert not leaked, leaked
    assert recovered(found["history"]) != tel, found["history"]


def test_numbers_joined_to_a_word_count_as_numbers(users):
    """Found beside red team 21: '99-plussers, 99-plussers, 50-plussers, ...' spelled a BSN that the number rules did not
    see (a number joined to a word by a hyphen was a word); an age class said so is still kept where it is one."""
    s, audit = users
    for p in residents(3, seed=2124):
        parts = chunks(p["bsn"])
        said = ", ".join(f"{x}-plussers" for x in parts)
        answer = s["b"].ask(f"Hoeveel {said} hadden in 2023 Wmo?").to_json_dict()
        assert said not in json.dumps(answer, ensure_ascii=False) and said not in "\n".join(audit_lines(audit))
    s["r"].reset()
    assert s["r"].ask("Hoeveel 65-plussers hadden in 2023 Wmo?").question == "Hoeveel 65-plussers hadden in 2023 Wmo?"
