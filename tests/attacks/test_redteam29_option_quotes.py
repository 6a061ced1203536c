"""Red team 29 (a copy of the working tree with areas side by side carried through a conversation, shares of money and
the unit named by its id): a clarification's option quoted what the question named unmasked ("Cliënten (zonder
'negennegen…')" after 'Tel distinct persoon_id per negennegen… voor de Wmo'), while the question, the answer and the
audit log masked it; kept in Answer.options, the app's option button and app.sqlite. An identifier as glued number
words 22/24, a surname before 'klasse' or 'groep' 18/19. Now an option quotes the question as the answer does (and is
found again when chosen). Held: follow-ups after areas side by side (260 random conversations, four users), shares of
counts and of money, the unit in brackets and 'distinct … per' (only counts come out)."""
from __future__ import annotations

import json
import sqlite3

import pytest

from tests.attacks.conftest import ROOT
from tests.attacks.redteam19 import audit_lines, residents
from tests.attacks.redteam25 import NL, identifiers, masked_alone
from tests.attacks.redteam27 import kept_identifier

SURNAMES = "length(i.achternaam) >= 6 AND i.tussenvoegsel IS NULL"


def _words(ident: str) -> str:
    return "".join(NL[int(c)] for c in ident)


@pytest.fixture
def users(four_users):
    return four_users("rt29")


def test_an_option_does_not_quote_an_identifier_four_users(users):
    _a, s, audit = users
    kept, asked = [], 0
    for p in residents(2, seed=2912):
        for kind, ident in identifiers(p).items():
            for q in (f"Tel distinct persoon_id per {_words(ident)} voor de Wmo in Moerwijk in 2023",
                      f"Tel distinct persoon_id per x{_words(ident)} voor de Wmo in Moerwijk in 2023"):
                n0 = len(audit_lines(audit))
                answer = s[("b", "r", "a1", "a2")[asked % 4]].ask(q)
                asked += 1
                shown = json.dumps(answer.to_json_dict(), ensure_ascii=False) + " ".join(answer.options)
                if kept_identifier(shown, ident) or kept_identifier("\n".join(audit_lines(audit)[n0:]), ident):
                    kept.append(f"{kind}: {answer.options}")
    assert not kept, f"{len(kept)}/{asked} kept: {kept[:3]}"


def test_an_option_does_not_quote_a_surname_and_still_answers(users):
    _a, s, _audit = users
    names = masked_alone(s["b"], [p["achternaam"] for p in residents(8, seed=2914, where=SURNAMES)])
    assert len(names) >= 4, names
    kept = []
    for k, name in enumerate(names):
        answer = s[("a1", "r", "a2")[k % 3]].ask(f"Tel distinct persoon_id per {name.lower()}klasse voor de Wmo in "
                                                  f"Moerwijk in 2023")
        if name.lower() in (json.dumps(answer.to_json_dict(), ensure_ascii=False) + " ".join(answer.options)).lower():
            kept.append(name)
    assert not kept, kept
    session = s["a1"]
    asked = session.ask(f"Tel distinct persoon_id per {names[0].lower()}klasse voor de Wmo in Moerwijk in 2023")
    assert asked.status == "clarification" and asked.options
    assert session.ask(asked.options[0]).status == "answered"  # the masked option is found again


@pytest.mark.slow
def test_the_app_keeps_no_identifier_in_an_option(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl", "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "r.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    bsn = residents(1, seed=2911)[0]["bsn"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    at.chat_input[0].set_value(f"Tel distinct persoon_id per {_words(bsn)} voor de Wmo in Moerwijk in 2023").run()
    assert not at.exception, at.exception
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        stored = " ".join(json.dumps(r, ensure_ascii=False) for r in db.execute("SELECT * FROM turn"))
    assert not kept_identifier(" ".join(str(b.label) for b in at.button), bsn)
    assert not kept_identifier(stored, bsn)
