"""Red team 16, finding 1: after red team 15's fix, other everyday forms of a resident's identifiers still get past the
PII guard, and are answered or refused *with the identifier kept*: in the JSON answer (`question`, refusal text), the
hash-chained audit log, the app's stored conversation (`app.sqlite`, table `turn`), its share links and `?gesprek=`.

Forms (all drawn from `persoon_identiteit`, read-only): a birth date with a two-digit year (`18-11-'69`), as ddmmyyyy
(`18111969`), split over the sentence ("jarig op 18 november en in 1969 geboren"), "in november 1969 geboren, op de 18e",
"geboortedatum 1969 11 18"; a BSN written 4-2-3 or 3-3-3 with dashes; an address as "bij luchof 156 t/m 156",
"Luchof nr. 156", "nummer 156 van de Luchof", "Luchof, 156", a lower-case postcode; an e-mail with " at "; a surname in
lower case after "achternaam"; in analyst SQL a name as column alias (quoted back in the refusal), and a birth date from
2015 on in a comment (the query runs) or as a literal (quoted back). SPEC §5: scrub the question before it is logged;
a question naming a person is refused. On the target: 30/30 residents for most forms (REDTEAM16.md). All of these tests fail on e5f2da6."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.attacks.conftest import ROOT, cli_in
from tests.attacks.redteam16 import forms, residents, shown


def _check(answer: dict, name: str, secret: str, bad: list) -> None:
    if answer["status"] != "refused":
        bad.append((name, secret, "not refused: " + answer["status"]))
    if secret.lower() in shown(answer):
        bad.append((name, secret, "echoed in the answer"))


def test_identifier_forms_are_refused_and_never_stored_api(truth, three_users):
    """API: a beleidsmaker asks, two analysts run SQL; six residents born from 2015 (Jeugdwet age)."""
    a, beleid, s1, s2, audit = three_users("api")
    bad, secrets = [], []
    for i, person in enumerate(residents(truth, 6, seed=16, where="year(i.geboortedatum) >= 2015")):
        for name, (mode, text, secret) in forms(person).items():
            secrets.append((name, secret))
            answer = (beleid.ask(text) if mode == "ask" else (s1 if i % 2 else s2).run_sql(text)).to_json_dict()
            _check(answer, name, secret, bad)
    a.close()
    log = audit.read_text(encoding="utf-8").lower()
    bad += [(name, secret, "in the audit log") for name, secret in secrets if secret.lower() in log]
    kinds = sorted({b[0] for b in bad})
    assert not bad, f"{len(bad)} identifiers processed or stored, forms {kinds}: {bad[:10]}"


@pytest.mark.parametrize("name", ["birth date, ddmmyyyy", "BSN 4-2-3 with dashes", "address, 'bij <straat> <nr> t/m <nr>'",
                                  "SQL comment with a birth date"])
def test_identifier_forms_via_the_cli_are_refused_and_not_logged(truth, tmp_path, name):
    """CLI: one process per form (users cli16*), roles raadslid/analist."""
    person = residents(truth, 1, seed=161, where="year(i.geboortedatum) >= 2015")[0]
    mode, text, secret = forms(person)[name]
    answer, audit = cli_in(tmp_path, [mode, text], "cli16")
    assert answer["status"] == "refused", (answer["status"], answer["question"])
    assert secret.lower() not in shown(answer)
    assert secret.lower() not in audit.lower()


@pytest.mark.slow
def test_the_app_keeps_no_identifier_in_its_history_or_links(truth, tmp_path, monkeypatch):
    """App (streamlit.testing AppTest, demo): the conversation stored in app.sqlite and the page hold no identifier."""
    from streamlit.testing.v1 import AppTest

    person = residents(truth, 1, seed=162, where="year(i.geboortedatum) >= 2015")[0]
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / "vrijgaven.sqlite"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    asked = [f for n, f in forms(person).items() if f[0] == "ask" and n in (
        "birth date, two-digit year", "birth date, ddmmyyyy", "birth date split over the sentence",
        "BSN 4-2-3 with dashes", "address, 'bij <straat> <nr> t/m <nr>'")]
    for _mode, text, _secret in asked:
        at.chat_input[0].set_value(text).run()
        assert not at.exception, at.exception
    page = " ".join(m.value for c in at.chat_message for m in c.markdown).lower()
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        stored = " ".join(json.dumps(r, ensure_ascii=False, default=str) for r in db.execute("SELECT * FROM turn")).lower()
    assert stored, "the app stored no history"
    leaked = [s for _m, _t, s in asked if s.lower() in page or s.lower() in stored]
    assert not leaked, f"{len(leaked)}/{len(asked)} identifiers shown or stored by the app: {leaked}"
