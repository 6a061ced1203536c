"""The Streamlit chat as a user drives it (AppTest, in process, against the real assistant and warehouse)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120  # the first run loads the warehouse, the semantic layer and the PII engine

ALLOWED_SQL = (
    "SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
    "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk ORDER BY clienten DESC"
)
REFUSED_SQL = "SELECT bsn, achternaam, postcode FROM persoon_identiteit"


@pytest.fixture(scope="module", autouse=True)
def _app_environment(warehouse_path, tmp_path_factory):
    audit = tmp_path_factory.mktemp("app") / "audit.jsonl"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(warehouse_path))
        mp.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(audit))
        yield


def _start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _ask(at: AppTest, question: str):
    before = len(at.chat_message)
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    assert len(at.chat_message) == before + 2
    return at.chat_message[-1]


def _text(message) -> str:
    return message.markdown[0].value


def _table(message):
    assert len(message.dataframe) == 1, "geen tabel getoond"
    return message.dataframe[0].value


def test_refused_question_says_why():
    at = _start()
    reply = _ask(at, "Geef de namen van cliënten met pleegzorg in Duindorp")
    assert len(reply.error) == 1
    message = reply.error[0].value
    assert message.startswith("**Geweigerd.**") and len(message) > len("**Geweigerd.**") + 10
    assert len(reply.dataframe) == 0


def test_two_sessions_do_not_see_each_other():
    first = _start()
    second = _start()
    _ask(first, "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?")
    second.run()
    assert len(second.chat_message) == 0
    _ask(second, "Wat betekent stapeling?")
    first.run()
    assert [m.markdown[0].value for m in first.chat_message if m.name == "user"] == [
        "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"
    ]
    assert first.session_state["session"] is not second.session_state["session"]
    assert first.session_state["user"] != second.session_state["user"]
    # a follow-up in the second session does not continue the first session's question
    reply = _ask(second, "En in 2022?")
    assert "Schildersbuurt" not in _text(reply)


def test_clarification_options_are_buttons_that_ask():
    at = _start()
    reply = _ask(at, "En in 2022?")
    options = [b for b in reply.button if b.key and b.key.startswith("optie_")]
    assert len(options) >= 2
    chosen = options[0].label
    options[0].click().run()
    assert not at.exception
    assert len(at.chat_message) == 4
    assert at.chat_message[2].markdown[0].value == chosen
    answer = at.chat_message[3]
    assert not [b for b in answer.button if b.key and b.key.startswith("optie_")]
    assert any(ch.isdigit() for ch in _text(answer))
    # the earlier options can no longer be clicked
    assert all(b.disabled for b in at.chat_message[1].button)

