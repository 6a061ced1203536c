"""Red team 15, finding 1: a resident's identifiers got past the PII guard and were processed and stored verbatim
(answer, audit log, the app's history and its share links):

- a street and house number written in lower case ("aan de colindreef 231");
- a date of birth from 2000 on ("zijn op 29 juli 2004 geboren", "de cliënt van 29.07.2004"): only dates before 2000
  or right after "geboren" counted, so exactly the birth dates of Jeugdwet clients went through;
- a first name in the possessive ("Bjorn's jeugdhulp");
- in analyst SQL, an address or a lower-case full name as a literal ("wijk = 'bjorn genefaas'"), quoted back in the
  refusal ("'…' is geen bekende wijk").

SPEC §5: the question is scrubbed before it is logged, and a question naming a person is refused. Every test here
fails on fead26d (the red team's run: 96 identifiers of 6 residents born from 2000 processed or stored; 3/3 via the
CLI)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.attacks.conftest import ROOT, cli_in

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


def residents(truth, n: int, seed: int, born_from: int = 2000) -> list[dict]:
    """Identities of residents with a provision, born from ``born_from`` (the warehouse truth, read-only)."""
    cols = ["voornaam", "tussenvoegsel", "achternaam", "straat", "huisnummer", "geboortedatum", "wijk"]
    rows = truth.rows(f"""
        SELECT i.voornaam, i.tussenvoegsel, i.achternaam, i.straat, i.huisnummer, i.geboortedatum, g.naam
        FROM persoon_identiteit i JOIN persoon p USING (persoon_id) JOIN gebied g ON g.gebied_code = p.wijk_code
        WHERE persoon_id IN (SELECT persoon_id FROM voorziening) AND year(i.geboortedatum) >= {born_from}
        ORDER BY hash(persoon_id + {seed}) LIMIT {n}""")
    return [dict(zip(cols, r)) for r in rows]


def forms(p: dict) -> dict[str, tuple[str, str, str]]:
    """name -> (mode, text, the identifier that must never be processed or stored)."""
    first = p["voornaam"]
    full = " ".join(x for x in (first, p["tussenvoegsel"], p["achternaam"]) if isinstance(x, str) and x)
    y, m, d = str(p["geboortedatum"])[:10].split("-")
    spoken = f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    address = f"{p['straat']} {p['huisnummer']}"
    where = "SELECT MEASURE(clienten) FROM semantische_laag WHERE jaar = 2024 AND wijk = "
    return {
        "street and number, lower case": ("ask", f"hoeveel cliënten wonen er aan de {address.lower()} in 2024?",
                                          address.lower()),
        "birth date from 2000, 'geboren' after it": ("ask", f"hoeveel cliënten in {p['wijk']} zijn op {spoken} geboren?",
                                                     spoken),
        "birth date dd.mm.yyyy after a person": ("ask", f"Heeft de cliënt van {d}.{m}.{y} in {p['wijk']} jeugdhulp?",
                                                 f"{d}.{m}.{y}"),
        "first name in the possessive": ("ask", f"Wat zijn de kosten van {first}'s jeugdhulp in 2024?", f"{first}'s"),
        "address as an SQL literal": ("sql", f"{where}'{address}'", address),
        "lower-case full name as an SQL literal": ("sql", f"{where}'{full.lower()}'", full.lower()),
    }


def _shown(answer: dict) -> str:
    return json.dumps({k: answer.get(k) for k in ("answer", "question", "sql", "notices")}, ensure_ascii=False).lower()


def test_identifiers_in_questions_and_sql_are_refused_and_never_stored(truth, tmp_path):
    from assistant import Assistant, Settings

    audit = tmp_path / "audit.jsonl"
    assistant = Assistant(Settings(audit_log_path=audit, release_log_path=tmp_path / "vrijgaven.sqlite",
                                   app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0,
                                   rate_questions_per_minute=0))
    try:
        beleid = assistant.new_session(user="rt15c", role="beleidsmaker", roles=("beleidsmaker",))
        analysts = [assistant.new_session(user=u, role="analist", roles=("analist",)) for u in ("rt15a", "rt15b")]
        bad, secrets = [], []
        for i, person in enumerate(residents(truth, 6, seed=15)):
            for name, (mode, text, secret) in forms(person).items():
                secrets.append((name, secret))
                answer = (beleid.ask(text) if mode == "ask" else analysts[i % 2].run_sql(text)).to_json_dict()
                if answer["status"] != "refused":
                    bad.append((name, secret, "not refused: " + answer["status"]))
                if secret.lower() in _shown(answer):
                    bad.append((name, secret, "echoed in the answer"))
    finally:
        assistant.close()
    log = audit.read_text(encoding="utf-8").lower()
    bad += [(name, secret, "in the audit log") for name, secret in secrets if secret.lower() in log]
    assert not bad, f"{len(bad)} identifiers processed or stored: {bad[:12]}"


@pytest.mark.parametrize("name", ["street and number, lower case", "birth date from 2000, 'geboren' after it",
                                  "lower-case full name as an SQL literal"])
def test_identifiers_via_the_cli_are_refused_and_not_logged(truth, tmp_path, name):
    person = residents(truth, 1, seed=151)[0]
    mode, text, secret = forms(person)[name]
    answer, audit = cli_in(tmp_path, [mode, text], "cli15")
    assert answer["status"] == "refused", answer
    assert secret.lower() not in _shown(answer)
    assert secret.lower() not in audit.lower()


def test_the_app_keeps_no_identifier_in_its_history(truth, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    person = residents(truth, 1, seed=152)[0]
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / "vrijgaven.sqlite"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    asked = [f for f in forms(person).values() if f[0] == "ask"]
    for _mode, text, _secret in asked:
        at.chat_input[0].set_value(text).run()
        assert not at.exception, at.exception
    shown = " ".join(m.value for c in at.chat_message for m in c.markdown).lower()
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        stored = " ".join(row[0] for row in db.execute("SELECT message FROM turn")).lower()
    assert stored, "the app stored no history"
    for _mode, _text, secret in asked:
        assert secret.lower() not in shown
        assert secret.lower() not in stored
