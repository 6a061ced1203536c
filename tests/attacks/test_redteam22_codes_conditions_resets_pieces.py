"""Red team 22: what of a question is kept after red team 21's fix (commit b5b5789).

1. An identifier as an unknown CBS area code ('Hoeveel Wmo-cliënten waren er in 2023 in WK99997457?'; eight digits: a
   BSN's ninth follows from the elfproef, a mobile number is 06 and eight, a birth date GM27011952): asked back and
   kept word for word (question, message, audit log, app), as a code was no number to the rules. Now its digits are.
2. An identifier as the value of a condition ('Welke wijken hadden in 2023 meer dan 999974579 euro kosten voor Wmo?'):
   the kept question masked it, but the answer repeated it ('alleen waar kosten boven 999.974.579') and the app stored
   it. A number the answer would use that has an identifier's form is now asked back, not answered.
3. One age per conversation (a new session, a blank line on the CLI's input, the app's 'Nieuw gesprek'): the numbers of
   one conversation were judged together, a new one started afresh. Now the last questions of the subject are.
4. A surname in short pieces apart ('volgens Sc he nk', 'Wi ls on').
Identities from persoon_identiteit (read-only); API with several users, CLI in separate processes, the app through
AppTest."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import ROOT, app_page, cli_in
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam20 import chunks


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _dotted(n: str) -> str:
    return f"{int(n):,}".replace(",", ".")


def area_codes(p: dict) -> dict[str, str]:
    d = p["geboortedatum"]
    return {"BSN (first 8) as WK code": f"WK{p['bsn'][:8]}", "mobile (after 06) as WK code": f"WK{_digits(p['telefoon'])[2:]}",
            "birth date as GM code": f"GM{d.day:02d}{d.month:02d}{d.year}"}


def thresholds(p: dict) -> dict[str, tuple[str, str]]:
    tel, acct = _digits(p["telefoon"]).lstrip("0"), _digits(p["iban"][4:]).lstrip("0")
    return {"BSN as 'meer dan N euro'": (f"Welke wijken hadden in 2023 meer dan {p['bsn']} euro kosten voor Wmo?", p["bsn"]),
            "account as 'minder dan N euro'": (f"Welke wijken hadden in 2023 minder dan {acct} euro kosten voor jeugdhulp?", acct),
            "phone as 'meer dan N cliënten'": (f"Welke wijken hadden in 2023 meer dan {tel} Wmo-cliënten?", tel)}


def one_age(x: str) -> str:
    return f"Hoeveel Wmo-cliënten van {x} jaar en ouder waren er in 2023?"


def ages_read(questions: list[str]) -> str:
    return "".join("".join(re.findall(r"\b(\d+) jaar", q or "")) for q in questions)


@pytest.fixture
def users(four_users):
    return four_users("rt22")


# ------------------------------------------------------------------------------------------ 1. area codes

def test_identifier_as_an_area_code_is_not_kept_four_users(users):
    _a, s, audit = users
    order, kept = ["b", "r", "a1", "a2"], []
    for i, p in enumerate(residents(6, seed=2227)):
        for j, (form, code) in enumerate(area_codes(p).items()):
            n0 = len(audit_lines(audit))
            d = s[order[(i + j) % 4]].ask(f"Hoeveel Wmo-cliënten waren er in 2023 in {code}?").to_json_dict()
            new = "\n".join(audit_lines(audit)[n0:])
            if code in json.dumps(d, ensure_ascii=False) or code in new or code[2:] in new:
                kept.append((form, code))
    assert not kept, f"{len(kept)}/18 kept: {kept[:3]}"


def test_identifier_as_an_area_code_via_the_cli(tmp_path):
    code = area_codes(residents(1, seed=2228)[0])["BSN (first 8) as WK code"]
    answer, audit = cli_in(tmp_path, ["ask", f"Hoeveel Wmo-cliënten waren er in 2023 in {code}?"], "rt22cli")
    assert code[2:] not in json.dumps(answer, ensure_ascii=False) and code[2:] not in audit


# ------------------------------------------------------------------------------------------ 2. conditions

def test_identifier_as_a_condition_value_is_asked_back_not_answered_four_users(users):
    _a, s, audit = users
    order, echoed = ["b", "a1", "r", "a2"], []
    for i, p in enumerate(residents(6, seed=2221)):
        for j, (form, (question, secret)) in enumerate(thresholds(p).items()):
            d = s[order[(i + j) % 4]].ask(question).to_json_dict()
            blob = json.dumps(d, ensure_ascii=False, default=str)
            if secret in blob or _dotted(secret) in blob:
                echoed.append((form, d["status"], d["answer"][:100]))
    log = "\n".join(audit_lines(audit))
    assert not echoed, f"{len(echoed)}/18 echoed: {echoed[:3]}"
    assert not any(p["bsn"] in log for p in residents(6, seed=2221))
    # a round amount is answered as before
    d = s["b"].ask("Welke wijken hadden in 2023 meer dan 2.500.000 euro kosten voor Wmo?").to_json_dict()
    assert d["status"] in ("answered", "suppressed") and "2.500.000" in d["answer"]


def test_identifier_as_a_condition_value_via_the_cli(tmp_path):
    question, secret = thresholds(residents(1, seed=2222)[0])["BSN as 'meer dan N euro'"]
    answer, audit = cli_in(tmp_path, ["ask", question], "rt22cli")
    text = json.dumps(answer, ensure_ascii=False)
    assert answer["status"] == "clarification" and secret not in text and _dotted(secret) not in text


# ------------------------------------------------------------------------------------------ 3. new conversations

def test_identifier_over_new_conversations_of_one_user_is_not_kept(users):
    """API: a new session (or a reset) for every age, same subject, three roles: neither the answers' kept questions
    nor the subject's audit entries spell the BSN or the phone number."""
    a, _s, audit = users
    recovered = []
    for i, p in enumerate(residents(3, seed=2224)):
        for j, secret in enumerate((p["bsn"], _digits(p["telefoon"]))):
            role = ("beleidsmaker", "raadslid", "analist")[(i + j) % 3]
            user = f"rt22-{role}-{i}-{j}"
            kept = []
            for k, x in enumerate(chunks(secret)):
                session = a.new_session(user=user, role=role, roles=(role,))
                kept.append(session.ask(one_age(x)).to_json_dict()["question"])
            entries = [json.loads(line) for line in audit_lines(audit)]
            logged = [e["question"] or "" for e in entries if e.get("user") == user and "2023" in (e.get("sql") or "2023")]
            if secret in (ages_read(kept), ages_read(list(dict.fromkeys(logged)))):
                recovered.append((role, secret))
    assert not recovered, recovered


def test_identifier_over_new_conversations_via_the_cli(tmp_path):
    """One CLI process: a BSN, one age per conversation (blank lines between them on standard input)."""
    import os
    import subprocess

    from tests.attacks.conftest import PYTHON

    p = residents(1, seed=2225)[0]
    env = dict(os.environ, WIJKVRAAG_AUDIT_LOG_PATH=str(tmp_path / "audit.jsonl"),
               WIJKVRAAG_RELEASE_LOG_PATH=str(tmp_path / "vrijgaven.sqlite"), WIJKVRAAG_APP_DB_PATH=str(tmp_path / "app.sqlite"),
               WIJKVRAAG_RATE_SQL_PER_MINUTE="0", WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE="0")
    proc = subprocess.run([PYTHON, "-m", "assistant", "ask", "--json", "--user", "rt22conv", "--role", "raadslid"],
                          input="\n\n".join(one_age(x) for x in chunks(p["bsn"])) + "\n", capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert answers, proc.stderr[-1500:]
    assert ages_read([x["question"] for x in answers]) != p["bsn"]


# ------------------------------------------------------------------------------------------ 4. a name in pieces

def test_a_surname_in_short_pieces_is_not_kept(users):
    _a, s, audit = users
    kept, asked = [], 0
    for i, p in enumerate(residents(16, seed=2214, where="length(i.achternaam) >= 5")):
        surname = p["achternaam"]
        pieces = f"{surname[:2]} {surname[2:4]} {surname[4:]}"
        whole = s["b"].ask(f"Hoeveel Wmo-cliënten in {p['wijk']} in 2023 volgens {surname}?").to_json_dict()
        if surname.lower() in json.dumps(whole, ensure_ascii=False).lower():
            continue  # (the open class: a surname that is an everyday word)
        asked += 1
        n0 = len(audit_lines(audit))
        d = s[("a1", "a2")[i % 2]].ask(f"Hoeveel Wmo-cliënten in {p['wijk']} in 2023 volgens {pieces}?").to_json_dict()
        if pieces.lower() in (json.dumps(d, ensure_ascii=False) + "\n".join(audit_lines(audit)[n0:])).lower():
            kept.append(pieces)
    assert asked >= 10 and not kept, (asked, kept)


# ------------------------------------------------------------------------------------------ the app

@pytest.mark.slow
def test_the_app_keeps_no_code_no_condition_value_and_no_ages_over_new_conversations(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    p = residents(1, seed=2229)[0]
    code = area_codes(p)["birth date as GM code"]
    question, secret = thresholds(p)["BSN as 'meer dan N euro'"]
    tel = _digits(p["telefoon"])
    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl", "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "r.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    for q in [f"Hoeveel Wmo-cliënten waren er in 2023 in {code}?", question]:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    page = app_page(at)
    assert code not in page and secret not in page and _dotted(secret) not in page
    for x in chunks(tel):
        at.button(key="nieuw_gesprek").click()
        at.run()
        at.chat_input[0].set_value(one_age(x)).run()
        assert not at.exception, at.exception
    logged = [json.loads(line)["question"] or "" for line in audit_lines(tmp_path / "audit.jsonl")]
    assert ages_read(list(dict.fromkeys(logged))) != tel
    assert code not in "\n".join(logged) and secret not in "\n".join(logged)
