"""Red team 23: what of a question is kept after red team 22's fix (commit 2243511).

1. An identifier as taakveld codes ('Wat was de realisatie in 2023 voor taakveld 99.99, 74.5 en 7.9?'): a code was
   no number to the rules, so an unknown taakveld's clarification kept a whole BSN. Now only a code the vocabulary
   knows ('6.72') is a name; any other is its digits.
2. Questions without a number between the ages ('?' four times): they filled the subject's window of 12 questions,
   so at most three numbers were judged together. Now only questions that keep a number count (for a working day).
3. A surname joined to an area word ('in Oosterhekkwartier'): a compound of Dutch parts to the rules, quoted by the
   clarification ('... ken ik niet als wijk'). Now a listed name before an area word is no word, unless the compound
   is a frequent word itself ('stadswijk') or a known area.
4. Open, strict xfails: one age per subject (the audit log read across subjects), and the answers repeating the ages
   the kept questions mask: both are the channel of chosen parameters (each answer states and its SQL records the
   bound it used), which no rule on what is kept closes (ARCHITECTURE.md).
Identities from persoon_identiteit (read-only); API with several users, CLI in separate processes, the app through
AppTest."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.attacks.conftest import PYTHON, ROOT, app_page, cli_in
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam23 import (FILLER, AREA_SUFFIXES, age_turns, ages_read, answer_ages_read, chunks, digits,
                                     identifiers, one_age_question, surnames_kept_in_places, taakveld_question,
                                     taakveld_read)


def _entries(audit) -> list[dict]:
    return [json.loads(line) for line in audit_lines(audit)]


@pytest.fixture
def users(four_users):
    return four_users("rt23")


# ------------------------------------------------------------------------------------------ 1. taakveld codes

def test_identifier_as_taakveld_codes_is_not_kept_four_users(users):
    _a, s, audit = users
    order, kept, asked = ["b", "r", "a1", "a2"], [], 0
    for i, p in enumerate(residents(6, seed=2331)):
        for form, secret in identifiers(p).items():
            n0 = len(audit_lines(audit))
            d = s[order[(i + asked) % 4]].ask(taakveld_question(secret)).to_json_dict()
            asked += 1
            if secret in {taakveld_read(d["question"]), taakveld_read(d["answer"])} | {
                    taakveld_read(e.get("question")) for e in _entries(audit)[n0:]}:
                kept.append((form, secret, d["question"]))
    assert not kept, f"{len(kept)}/{asked} identifiers kept as taakveld codes, e.g. {kept[:3]}"
    # a known taakveld is a name, not digits: three of them keep their codes
    d = s["b"].ask("Wat was de realisatie in 2023 voor taakveld 6.71, 6.72 en 6.81?").to_json_dict()
    assert d["status"] == "answered" and all(c in d["question"] for c in ("6.71", "6.72", "6.81")), d["question"]


def test_bsn_as_taakveld_codes_via_the_cli(tmp_path):
    p = residents(1, seed=2332)[0]
    answer, audit = cli_in(tmp_path, ["ask", taakveld_question(p["bsn"])], "rt23cli")
    assert taakveld_read(answer["question"]) != p["bsn"] and p["bsn"] not in digits(audit)


# ------------------------------------------------------------------------------------------ 2. fillers

def test_identifier_over_a_window_with_fillers_is_not_kept_three_roles(three_users):
    a, *_sessions, audit = three_users("rt23fill")
    recovered = []
    for i, p in enumerate(residents(3, seed=2334)):
        role = ("beleidsmaker", "raadslid", "analist")[i]
        for secret in (p["bsn"], digits(p["telefoon"])[1:]):
            user = f"rt23-fill-{i}-{secret[-3:]}"
            s = a.new_session(user=user, role=role, roles=(role,))
            kept = []
            for x in chunks(secret):
                kept.append(s.ask(one_age_question(x)).to_json_dict()["question"])
                for _ in range(4):
                    s.ask(FILLER)
            if secret in (ages_read(kept), ages_read(age_turns(_entries(audit), user))):
                recovered.append(secret)
    assert not recovered, f"{len(recovered)}/6 identifiers spelled by one user's kept questions: {recovered}"


def test_identifier_over_a_window_with_fillers_via_the_cli(tmp_path):
    """One CLI process, one conversation on standard input: an age, four '?', the next age, ..."""
    import os

    secret = residents(1, seed=2336)[0]["bsn"]
    env = dict(os.environ, WIJKVRAAG_AUDIT_LOG_PATH=str(tmp_path / "audit.jsonl"),
               WIJKVRAAG_RELEASE_LOG_PATH=str(tmp_path / "vrijgaven.sqlite"), WIJKVRAAG_APP_DB_PATH=str(tmp_path / "app.sqlite"),
               WIJKVRAAG_RATE_SQL_PER_MINUTE="0", WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE="0")
    stdin = "".join(one_age_question(x) + "\n" + (FILLER + "\n") * 4 for x in chunks(secret))
    proc = subprocess.run([PYTHON, "-m", "assistant", "ask", "--json", "--user", "rt23cli"], capture_output=True,
                          text=True, cwd=ROOT, env=env, input=stdin, timeout=600)
    kept = [json.loads(x)["question"] for x in proc.stdout.splitlines() if x.startswith("{")]
    assert kept, proc.stderr[-1500:]
    assert secret not in (ages_read(kept), ages_read(age_turns(_entries(tmp_path / "audit.jsonl"), "rt23cli")))


# ------------------------------------------------------------------------------------------ 3. area compounds

SURNAMES = "length(i.achternaam) >= 5 AND i.tussenvoegsel IS NULL"


def test_a_surname_in_an_area_name_is_not_kept_two_analysts(users):
    _a, s, audit = users
    names = [p["achternaam"] for p in residents(10, seed=2304, where=SURNAMES)]
    names = [n for n in names if n.lower() not in json.dumps(s["b"].ask(  # (only surnames masked when written alone)
        f"Hoeveel Wmo-cliënten waren er in 2023 volgens {n}?").to_json_dict(), ensure_ascii=False).lower()]
    kept, asked = surnames_kept_in_places(s, audit, names, AREA_SUFFIXES)
    assert asked >= 20 and not kept, f"{len(kept)}/{asked} surnames kept inside an area name: {kept[:6]}"
    # a known area and an everyday compound are kept as they are
    d = s["b"].ask("Hoeveel Wmo-cliënten waren er in 2023 in de Vogelwijk, een stadswijk?").to_json_dict()
    assert "Vogelwijk" in d["question"] and "stadswijk" in d["question"], d["question"]


def test_a_surname_cut_by_apostrophes_is_not_kept(users):
    """Beside the findings: 'volgens Mu'ld'ers' kept the pieces (12/40). Surnames that are Dutch words as well
    ('Brouwer', 'Groen') are the open class (tests/attacks/test_redteam18_digits.py)."""
    from guards.pii import dictionary_word

    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(30, seed=2305, where=SURNAMES):
        name = p["achternaam"]
        if dictionary_word(name.lower()):
            continue
        cut = f"{name[:2]}'{name[2:4]}'{name[4:]}"
        n0 = len(audit_lines(audit))
        d = s[("a1", "r")[asked % 2]].ask(f"Hoeveel Wmo-cliënten in {p['wijk']} in 2023 volgens {cut}?").to_json_dict()
        asked += 1
        if cut.lower() in (json.dumps(d, ensure_ascii=False) + "\n".join(audit_lines(audit)[n0:])).lower():
            kept.append(cut)
    assert asked >= 20 and not kept, f"{len(kept)}/{asked}: {kept[:5]}"


# ------------------------------------------------------------------------------------------ 4. open: chosen parameters

@pytest.mark.xfail(strict=True, reason="open: one age per subject in audit order is the channel of chosen parameters "
                                       "(each answer's SQL records its bound); no rule on what is kept closes it")
def test_identifier_one_age_per_subject_is_not_kept(three_users):
    a, *_sessions, audit = three_users("rt23subj")
    p = residents(1, seed=2335)[0]
    kept = [a.new_session(user=f"rt23-subj-{k}", role="raadslid", roles=("raadslid",))
            .ask(one_age_question(x)).to_json_dict()["question"] for k, x in enumerate(chunks(p["bsn"]))]
    assert p["bsn"] not in (ages_read(kept), ages_read(age_turns(_entries(audit))))


@pytest.mark.xfail(strict=True, reason="open: an answer states the age bound it used (traceability); the ages of a "
                                       "conversation's answers are the channel of chosen parameters")
def test_answers_of_one_conversation_do_not_spell_what_the_questions_mask(three_users):
    a, *_sessions, _audit = three_users("rt23echo")
    secret = residents(1, seed=2337)[0]["bsn"]
    s = a.new_session(user="rt23-echo", role="beleidsmaker", roles=("beleidsmaker",))
    answers = [s.ask(one_age_question(x)).to_json_dict() for x in chunks(secret)]
    assert ages_read([x["question"] for x in answers]) != secret  # (what is kept holds)
    assert answer_ages_read([x["answer"] for x in answers]) != secret


# ------------------------------------------------------------------------------------------ the app

@pytest.mark.slow
def test_the_app_keeps_no_taakveld_codes_and_no_surname_in_an_area_name(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    secret = identifiers(residents(1, seed=2333)[0])["birth date ddmmyyyy"]
    names = [p["achternaam"] for p in residents(10, seed=2304, where=SURNAMES)][:3]
    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl", "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "r.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    for q in [taakveld_question(secret)] + [f"Hoeveel Wmo-cliënten waren er in 2023 in {n}kwartier?" for n in names]:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    page = app_page(at)
    logged = "\n".join(audit_lines(tmp_path / "audit.jsonl"))
    assert not any(digits(m) == secret for m in re.findall(r"taakveld ([0-9., en]*)\?", page))
    assert secret not in digits(logged)
    assert not [n for n in names if n.lower() in (page + logged).lower()]
