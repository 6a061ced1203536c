"""Red team 20: what of a question or SQL is kept after red team 19's fix (commit d097430).

1. Analyst SQL: an identifier cut into ages, `leeftijd <> 99 AND leeftijd <> 99 AND leeftijd <> 50 AND ...` (any
   identifier: digits 0..9 and two-digit chunks are valid ages), is answered and kept verbatim in `question`, `sql`,
   the answer text ("leeftijd niet 99; leeftijd niet 99; ...") and the audit log. As `leeftijd NOT IN (99, 99, 50,
   ...)` the kept question is sorted, but the answer's `sql`, its text and the audit `sql` keep the typed order.
2. A question 'niet van 99 jaar, niet van 99 jaar, niet van 50 jaar, ...' gets a clarification ("meer dan één
   leeftijdsgroep") that keeps every number, so the typed identifier is kept.
3. Ordinals: '9e 9e 9e 9e 5e 0e 3e 4e 4e', '99e 99e 50e 3e 44e' (a BSN, phone or account number as ordinals) are
   kept; lower-case Roman digits ('ix ix ix ix v o iii iv iv') are kept for many BSNs.
4. A surname split by '/' or ',' ('Hel/merhorst') is kept where the surname alone is masked.
5. The app keeps all of it: page, share link ?vraag=, app.sqlite (turn, feedback), reload ?gesprek=, audit log.
Identities from persoon_identiteit (read-only); API with two users, CLI in separate processes, app through AppTest."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import app_round, cli_in
from tests.attacks.redteam19 import W, audit_lines, residents, shown
from tests.attacks.redteam20 import ROM, chunks, ordw


@pytest.fixture
def users(three_users):
    """A beleidsmaker, a raadslid and two analysts of one Assistant (own logs, no rate limits): (sessions, audit)."""
    a, beleid, a1, a2, audit = three_users("rt20")
    return {"b": beleid, "r": a.new_session(user="rt20-raad", role="raadslid", roles=("raadslid",)),
            "a1": a1, "a2": a2}, audit

B = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024"


def idents(p: dict) -> dict[str, str]:
    return {"BSN": p["bsn"], "phone": re.sub(r"\D", "", p["telefoon"]), "IBAN account": re.sub(r"\D", "", p["iban"][4:])}


def _kept(asked, audit) -> list:
    log = "\n".join(audit_lines(audit)).lower()
    return [(form, secret, ans["status"]) for form, secret, ans in asked
            if secret.lower() in json.dumps(ans, ensure_ascii=False, default=str).lower() or secret.lower() in log]


# ------------------------------------------------------------------------------------------ 1. analyst SQL, ages

def sql_forms(p: dict) -> dict[str, tuple[str, str]]:
    out = {}
    for name, digits in idents(p).items():
        t = chunks(digits)
        chain = " AND ".join(f"leeftijd <> {x}" for x in t)
        out[f"{name} as leeftijd <> chain"] = (f"{B} AND {chain}", chain)
        out[f"{name} as leeftijd NOT IN list"] = (f"{B} AND leeftijd NOT IN ({', '.join(t)})", ", ".join(t))
    d = p["geboortedatum"]
    chain = " AND ".join(f"leeftijd <> {x}" for x in [str(d.day), str(d.month), *chunks(str(d.year))])
    out["birth date as leeftijd <> chain"] = (f"{B} AND {chain}", chain)
    return out


def test_sql_identifier_as_ages_is_not_kept_two_analysts(users):
    """API, two analysts in turn, 5 residents x 7 forms: nothing of the typed identifier may be kept or shown."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(5, seed=2011)):
        for form, (sql, secret) in sql_forms(p).items():
            asked.append((form, secret, s["a1" if i % 2 else "a2"].run_sql(sql).to_json_dict()))
    bad = _kept(asked, audit)
    assert len(asked) == 35
    assert not bad, f"{len(bad)}/{len(asked)} kept; forms {sorted({b[0] for b in bad})}; e.g. {bad[:2]}"


@pytest.mark.parametrize("form,user", [("BSN as leeftijd <> chain", "rt20sql1"), ("phone as leeftijd NOT IN list", "rt20sql2")])
def test_sql_identifier_as_ages_via_the_cli(tmp_path, form, user):
    p = residents(2, seed=2012)[int(user[-1]) - 1]
    sql, secret = sql_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["sql", sql], user)
    leaked = [w for w, t in (("answer", json.dumps(answer, ensure_ascii=False)), ("audit", audit)) if secret.lower() in t.lower()]
    assert not leaked, (form, secret, answer["status"], answer["question"], leaked)


# ---------------------------------------------------------------- 2. a clarification keeps the age numbers

def age_list_question(digits: str) -> tuple[str, str]:
    t = chunks(digits)
    sec = ", ".join(f"niet van {x} jaar" for x in t[:-1]) + f" en niet van {t[-1]} jaar"
    return f"Hoeveel Wmo-cliënten waren er in 2023 {sec}?", sec


def test_identifier_as_excluded_ages_is_not_kept_two_users(users):
    """API, beleidsmaker and raadslid in turn, 6 residents x (BSN, phone, IBAN account)."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(6, seed=2013)):
        for form, digits in idents(p).items():
            q, sec = age_list_question(digits)
            asked.append((form, sec, s["b" if i % 2 else "r"].ask(q).to_json_dict()))
    bad = _kept(asked, audit)
    assert not bad, f"{len(bad)}/{len(asked)} kept; e.g. {bad[:2]}"


# ------------------------------------------------------------------------------------------ 3. ordinals

def ordinal_forms(p: dict) -> dict[str, str]:
    out = {}
    for name, dg in idents(p).items():
        out[f"{name} digit ordinals"] = " ".join(f"{c}e" for c in dg)
        out[f"{name} two-digit ordinals"] = " ".join(f"{c}e" for c in chunks(dg))
        out[f"{name} digit ordinals 'de'"] = " ".join(f"{c}de" for c in dg)
    return out


def test_identifiers_as_ordinals_are_not_kept_two_users(users):
    """API, beleidsmaker and raadslid in turn, 5 residents x 9 ordinal forms."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(5, seed=2014)):
        for form, sec in ordinal_forms(p).items():
            asked.append((form, sec, s["b" if i % 2 else "r"].ask(f"{W} bij {sec}?").to_json_dict()))
    bad = _kept(asked, audit)
    assert len(asked) == 45
    assert not bad, f"{len(bad)}/{len(asked)} kept; forms {sorted({b[0] for b in bad})}; e.g. {bad[:2]}"


def test_bsn_in_roman_digits_or_ordinal_words_is_not_kept(users):
    """API: a BSN as lower-case Roman digits ('ix ix ix ix v o iii iv iv') or ordinal words (two-digit chunks)."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(12, seed=2015)):
        for form, sec in (("Roman digits", " ".join(ROM[int(c)] for c in p["bsn"])),
                          ("ordinal words", " ".join(ordw(int(c)) for c in chunks(p["bsn"])))):
            asked.append((form, sec, s["b" if i % 2 else "r"].ask(f"{W} bij {sec}?").to_json_dict()))
    bad = _kept(asked, audit)
    assert not bad, f"{len(bad)}/{len(asked)} kept; e.g. {bad[:3]}"


def test_bsn_as_ordinals_via_the_cli(tmp_path):
    p = residents(1, seed=2016)[0]
    sec = " ".join(f"{c}e" for c in p["bsn"])
    answer, audit = cli_in(tmp_path, ["ask", f"{W} bij {sec}?"], "rt20cli")
    leaked = [w for w, t in (("answer", shown(answer)), ("audit", audit.lower())) if sec.lower() in t]
    assert not leaked, (sec, answer["status"], answer["question"], leaked)


def test_excluded_ages_clarification_via_the_cli(tmp_path):
    p = residents(1, seed=2017)[0]
    q, sec = age_list_question(p["bsn"])
    answer, audit = cli_in(tmp_path, ["ask", q], "rt20cli2")
    leaked = [w for w, t in (("answer", shown(answer)), ("audit", audit.lower())) if sec.lower() in t]
    assert not leaked, (sec, answer["status"], answer["question"], leaked)


# ------------------------------------------------------------------------- 4. a surname split by '/' or ','

def test_surname_split_by_slash_or_comma_is_not_kept(users):
    """API: where the surname alone is masked, 'Hel/merhorst' or 'Hel,merhorst' must be masked as well."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(30, seed=2004)):
        sn = p["achternaam"]
        plain = s["r"].ask(f"{W} voor {sn}?").to_json_dict()
        if sn.lower() in shown(plain):
            continue  # a surname that is a word: red team 17's open class
        for sep in "/,":
            sec = f"{sn[:3]}{sep}{sn[3:]}"
            asked.append((f"split by {sep!r}", sec, s["b" if i % 2 else "r"].ask(f"{W} voor {sec}?").to_json_dict()))
    bad = _kept(asked, audit)
    assert len(asked) >= 30
    assert not bad, f"{len(bad)}/{len(asked)} split surnames kept; e.g. {bad[:4]}"


# ------------------------------------------------------------------------------------------ 5. the app

@pytest.mark.slow
def test_the_app_keeps_ordinals_and_age_chains(tmp_path, monkeypatch):
    """App (AppTest, demo, analist): a question with a BSN as ordinals, a feedback comment with a phone number as
    ordinals, the SQL editor with a BSN as a leeftijd <> chain: not on the page, not in the ?vraag= share link, not in
    app.sqlite, not in the audit log, not after a reload (?gesprek=)."""
    p = residents(1, seed=2003)[0]
    tel = re.sub(r"\D", "", p["telefoon"])
    q_sec = " ".join(f"{c}e" for c in p["bsn"])
    fb_sec = " ".join(f"{c}e" for c in tel)
    sql_sec = " AND ".join(f"leeftijd <> {x}" for x in chunks(p["bsn"]))
    found = app_round(tmp_path, monkeypatch, f"{W} bij {q_sec}?", f"klopt niet, bel {fb_sec}", f"{B} AND {sql_sec}")
    leaked = sorted({(where, sec) for where, text in found.items() for sec in (q_sec, fb_sec, sql_sec) if sec.lower() in text})
    assert not leaked, f"identifiers shown or stored by the app: {leaked}"
