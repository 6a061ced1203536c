"""Red team 19: what of a question is kept (`kept_text`) keeps every number of up to three digits, every dictionary word
and every character that is no letter or digit. So personal data written as such pieces is stored and shown again:
a BSN or phone number in groups other than the recognised ones (2-2-2-3, 3/3/3, '3 en 3 en 3'), digit by digit, or in
number words; a postcode as two 2-digit numbers plus its letters, with the house number; a birth date in words or as
'd m yyyy' / 'dag d, maand m, jaar yyyy'; a name in circled letters (Ⓕⓡⓔⓡⓘⓒⓗⓢ) or regional-indicator symbols, or
spelled out letter by letter. A question about one named person with a circled name is not refused but answered (as
a gemeente total) and kept. In analyst SQL a BSN or phone number as a list of small numbers, and a quoted or spelled
(f_r_e_...) table alias are answered and kept. The app keeps all of it in its history, feedback, SQL editor and in
its share link (?vraag=). Identities from persoon_identiteit (read-only); API with two users, CLI in separate
processes, the app through AppTest. All tests fail on the target (ace202a, the red team 17/18 fix)."""
from __future__ import annotations

import json
import re

import pytest

from tests.attacks.conftest import app_round, cli_in
from tests.attacks.redteam19 import MONTHS, W, audit_lines, circled, digit_words, regional, residents, shown, w2, year_words


@pytest.fixture
def users(three_users):
    """A beleidsmaker, a raadslid and two analysts of one Assistant (own logs, no rate limits): (sessions, audit)."""
    a, beleid, a1, a2, audit = three_users("rt19")
    return {"b": beleid, "r": a.new_session(user="rt19-raad", role="raadslid", roles=("raadslid",)),
            "a1": a1, "a2": a2}, audit


def question_forms(p: dict) -> dict[str, tuple[str, str]]:
    """form -> (question, the typed identifier that must be neither echoed nor stored)."""
    b, d, pc, nr = p["bsn"], p["geboortedatum"], p["postcode"], p["huisnummer"]
    tel = re.sub(r"\D", "", p["telefoon"])
    s = p["achternaam"].lower().replace(" ", "")
    full = f"{p['voornaam']} {p['achternaam']}"
    return {
        "BSN 2-2-2-3": (f"{W} bij {b[:2]} {b[2:4]} {b[4:6]} {b[6:]}?", f"{b[:2]} {b[2:4]} {b[4:6]} {b[6:]}"),
        "BSN 3/3/3": (f"{W} bij {b[:3]}/{b[3:6]}/{b[6:]}?", f"{b[:3]}/{b[3:6]}/{b[6:]}"),
        "BSN '3 en 3 en 3'": (f"{W} bij {b[:3]} en {b[3:6]} en {b[6:]}?", f"{b[:3]} en {b[3:6]} en {b[6:]}"),
        "BSN in number words": (f"{W} bij {digit_words(b)}?", digit_words(b)),
        "phone digit by digit": (f"{W}, bel {' '.join(tel)}?", " ".join(tel)),
        "phone in number words": (f"{W}, bel {digit_words(tel)}?", digit_words(tel)),
        "name in circled letters": (f"{W} voor {circled(full)}?", circled(p["achternaam"])),
        "surname in regional-indicator symbols": (f"{W} voor {regional(p['achternaam'])}?", regional(p["achternaam"])),
        "surname spelled with spaces": (f"{W} voor {' '.join(s)}?", " ".join(s)),
        "surname spelled with hyphens": (f"{W} voor {'-'.join(s)}?", "-".join(s)),
    }


def _leaks(asked, audit) -> list:
    log = "\n".join(audit_lines(audit)).lower()
    return [(form, secret, ans["status"]) for form, secret, ans in asked
            if secret.lower() in shown(ans) or secret.lower() in log]


def test_split_numbers_and_symbol_names_are_not_kept_api_two_users(users):
    """API: a beleidsmaker and a raadslid in turn, 8 residents x 10 forms: nothing may be echoed or stored."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(8, seed=1911)):
        for form, (q, secret) in question_forms(p).items():
            asked.append((form, secret, s["b" if i % 2 else "r"].ask(q).to_json_dict()))
    bad = _leaks(asked, audit)
    assert len(asked) == 80
    assert not bad, f"{len(bad)}/{len(asked)} identifiers echoed or stored; forms {sorted({b[0] for b in bad})}; " \
                    f"e.g. {bad[:3]}"


def test_postcode_with_house_number_is_not_kept(users):
    """API: '25 60 nj 188' (postcode as two 2-digit numbers + letters, house number) is a full address."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(40, seed=1912)):
        pc, nr = p["postcode"], p["huisnummer"]
        secret = f"{pc[:2]} {pc[2:4]} {pc[5:].lower()} {nr}"
        asked.append(("postcode 2+2 + house number", secret, s["b" if i % 2 else "r"].ask(f"{W} bij {secret}?").to_json_dict()))
        if len(asked) == 12:
            break
    bad = _leaks(asked, audit)
    assert len(bad) <= 1, f"{len(bad)}/{len(asked)} addresses (postcode + house number) kept: {bad[:4]}"


def test_birth_dates_in_other_forms_are_not_kept(users):
    """API: children's birth dates ('op 14 4 2015', 'dag 14, maand 4, jaar 2015') and adults' in words."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(6, seed=1913, where="year(i.geboortedatum) >= 2005")):
        d = p["geboortedatum"]
        for form, q, secret in [
                ("'op d m yyyy'", f"{W} op {d.day} {d.month} {d.year}?", f"{d.day} {d.month} {d.year}"),
                ("'dag d, maand m, jaar yyyy'", f"{W}, dag {d.day}, maand {d.month}, jaar {d.year}?",
                 f"dag {d.day}, maand {d.month}, jaar {d.year}")]:
            asked.append((form, secret, s["b" if i % 2 else "r"].ask(q).to_json_dict()))
    for i, p in enumerate(residents(6, seed=1914)):
        d = p["geboortedatum"]
        secret = f"{w2(d.day)} {MONTHS[d.month - 1]}"  # day and month in words (the year in words is often kept too)
        asked.append(("in words", secret, s["r"].ask(f"{W} voor {secret} {year_words(d.year)}?").to_json_dict()))
    bad = _leaks(asked, audit)
    assert not bad, f"{len(bad)}/{len(asked)} birth dates kept; forms {sorted({b[0] for b in bad})}; e.g. {bad[:3]}"


def test_a_question_about_a_person_named_in_circled_letters_is_refused_and_not_kept(users):
    """API: 'hoeveel jeugdhulp krijgt Ⓘⓛⓢⓔ Ⓕⓡⓔⓡⓘⓒⓗⓢ?' is an individual question; it is answered and kept."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(6, seed=1915)):
        c = circled(f"{p['voornaam']} {p['achternaam']}")
        asked.append(("individual question", c, s["b" if i % 2 else "r"].ask(f"hoeveel jeugdhulp krijgt {c}?").to_json_dict()))
    wrong = [(sec, a["status"]) for _f, sec, a in asked if a["status"] != "refused"]
    bad = _leaks(asked, audit)
    assert not bad and not wrong, f"kept {len(bad)}/6, not refused {len(wrong)}/6: {wrong[:3]}"


def test_follow_ups_keep_no_split_identifier(users):
    """API: after an answered question, 'En voor <circled surname>?' and 'En bij <BSN 2-2-2-3>?'."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(4, seed=1916)):
        b = p["bsn"]
        for secret in (circled(p["achternaam"]), f"{b[:2]} {b[2:4]} {b[4:6]} {b[6:]}"):
            sess = s["b" if i % 2 else "r"]
            sess.ask("Hoeveel Wmo-cliënten waren er in 2023 in Willemspark?")
            asked.append(("follow-up", secret, sess.ask(f"En voor {secret}?").to_json_dict()))
    bad = _leaks(asked, audit)
    assert not bad, f"{len(bad)}/{len(asked)} follow-ups kept the identifier: {bad[:3]}"


@pytest.mark.parametrize("form,user", [("BSN 2-2-2-3", "rt19cli1"), ("phone in number words", "rt19cli2"),
                                       ("name in circled letters", "rt19cli3"), ("surname spelled with spaces", "rt19cli4")])
def test_split_identifiers_via_the_cli(tmp_path, form, user):
    p = residents(4, seed=1917)[int(user[-1]) - 1]
    q, secret = question_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["ask", q], user)
    leaked = [where for where, text in (("answer", shown(answer)), ("audit", audit.lower())) if secret.lower() in text]
    assert not leaked, (form, secret, answer["status"], answer["question"], leaked)


# ------------------------------------------------------------------------------------------------ analyst SQL

B = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024"


def sql_forms(p: dict) -> dict[str, tuple[str, str]]:
    b = p["bsn"]
    tel = re.sub(r"\D", "", p["telefoon"])
    s = re.sub(r"[^a-z]", "", p["achternaam"].lower())
    return {
        "BSN as 'jaar NOT IN (999, 950, 344)' (answered)": (f"{B} AND jaar NOT IN ({b[:3]}, {b[3:6]}, {b[6:]})",
                                                           f"{b[:3]}, {b[3:6]}, {b[6:]}"),
        "phone as digit list (answered)": (f"{B} AND jaar NOT IN ({','.join(tel)})", ",".join(tel)),
        "circled surname as quoted table alias (answered)": (
            f"SELECT MEASURE(clienten) FROM semantische_laag \"{circled(p['achternaam'])}\" WHERE jaar = 2024",
            circled(p["achternaam"])),
        "spelled surname as table alias (answered)": (
            f"SELECT MEASURE(clienten) FROM semantische_laag {'_'.join(s)} WHERE jaar = 2024", "_".join(s)),
        "spelled surname as column (refused, quoted)": (f"{B} AND {'_'.join(s)} = 1", "_".join(s)),
        "BSN in number words as table alias (answered)": (
            f"SELECT MEASURE(clienten) FROM semantische_laag {digit_words(b).replace(' ', '_')} WHERE jaar = 2024",
            digit_words(b).replace(" ", "_")),
    }


def test_sql_keeps_no_split_identifier_two_analysts(users):
    """API, two analysts in turn; 6 residents x 6 forms."""
    s, audit = users
    asked = []
    for i, p in enumerate(residents(6, seed=1918)):
        for form, (sql, secret) in sql_forms(p).items():
            asked.append((form, secret, s["a1" if i % 2 else "a2"].run_sql(sql).to_json_dict()))
    log = "\n".join(audit_lines(audit)).lower()
    bad = [(form, ans["status"]) for form, secret, ans in asked
           if secret.lower() in log or secret.lower() in json.dumps(ans, ensure_ascii=False).lower()]
    assert len(asked) == 36
    assert not bad, f"{len(bad)}/{len(asked)} kept or quoted back; forms {sorted({b[0] for b in bad})}"


@pytest.mark.parametrize("form", ["BSN as 'jaar NOT IN (999, 950, 344)' (answered)",
                                  "circled surname as quoted table alias (answered)"])
def test_sql_split_identifiers_via_the_cli(tmp_path, form):
    p = residents(1, seed=1919)[0]
    sql, secret = sql_forms(p)[form]
    answer, audit = cli_in(tmp_path, ["sql", sql], "rt19sql")
    leaked = [w for w, t in (("audit", audit), ("answer", json.dumps(answer, ensure_ascii=False))) if secret.lower() in t.lower()]
    assert not leaked, (answer["status"], answer["question"], leaked)


# ------------------------------------------------------------------------------------------------ the app

@pytest.mark.slow
def test_the_app_keeps_split_identifiers_in_history_feedback_sql_editor_and_share_link(tmp_path, monkeypatch):
    """App (AppTest, demo, analist): a question with a BSN 2-2-2-3 and a circled name, a feedback comment with a phone
    number in words and a birth date in words, the SQL editor with a circled alias and a BSN as a number list: not on
    the page, not in the ?vraag= share link, not in app.sqlite, not in the audit log, not on reload (?gesprek=)."""
    p = residents(1, seed=1920, where="year(i.geboortedatum) >= 2005")[0]
    b, d = p["bsn"], p["geboortedatum"]
    tel = re.sub(r"\D", "", p["telefoon"])
    bsn, name, sqlname = f"{b[:2]} {b[2:4]} {b[4:6]} {b[6:]}", circled(p["achternaam"]), circled(p["voornaam"])
    phone, born = digit_words(tel), f"{w2(d.day)} {MONTHS[d.month - 1]}"
    sqlbsn = f"{b[:3]}, {b[3:6]}, {b[6:]}"
    secrets = [bsn, name, phone, born, sqlname, sqlbsn]
    found = app_round(tmp_path, monkeypatch, f"{W} bij {bsn} voor {name}?",
                      f"klopt niet, bel {phone}, {born} {year_words(d.year)}",
                      f"SELECT MEASURE(clienten) FROM semantische_laag \"{sqlname}\" WHERE jaar = 2024 AND jaar NOT IN ({sqlbsn})")
    leaked = sorted({(where, sec) for where, text in found.items() for sec in secrets if sec.lower() in text})
    assert not leaked, f"identifiers shown or stored by the app: {leaked}"


def test_an_address_on_a_street_named_after_a_word_name_is_not_kept(users):
    """API: a street named after a first name that is also a kept word, split ('op nummer 124 in de Fatima weg',
    'bij dex-boulevard 57'): street and house number are stored. (Names that are words are red team 17's open class;
    with the house number it is an address.)"""
    s, audit = users
    asked = []
    streets = {"Fatimaweg": ("Fatima", "weg"), "Dexboulevard": ("Dex", "boulevard"), "Mareweg": ("Mare", "weg"),
               "Basring": ("Bas", "ring"), "Baslaan": ("Bas", "laan")}
    where = "i.straat IN (" + ", ".join(f"'{x}'" for x in streets) + ")"
    for i, p in enumerate(residents(8, seed=1921, where=where)):
        base, suf = streets[p["straat"]]
        nr = p["huisnummer"]
        for q, secret in [(f"{W} op nummer {nr} in de {base} {suf}?", f"{nr} in de {base} {suf}"),
                          (f"{W} bij {base.lower()}-{suf} {nr}?", f"{base.lower()}-{suf} {nr}")]:
            asked.append(("street split", secret, s["b" if i % 2 else "r"].ask(q).to_json_dict()))
    bad = _leaks(asked, audit)
    assert len(asked) == 16
    assert len(bad) <= 1, f"{len(bad)}/{len(asked)} addresses kept: {bad[:4]}"
