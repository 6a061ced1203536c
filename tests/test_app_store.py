"""The app's own database (assistant.store) and what the page does with it: history, feedback, verified."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.store import AppStore, question_key

APP = str(Path(__file__).resolve().parent.parent / "app.py")
QUESTION = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"


def test_question_key_normalises_case_accents_spaces_and_punctuation():
    assert question_key("  Hoeveel WMO-cliënten  waren er?") == question_key("hoeveel wmo-clienten waren er")


def test_store_keeps_history_feedback_and_verified_questions(tmp_path):
    store = AppStore(tmp_path / "app.sqlite")
    turn = store.add_turn("u1", {"role": "user", "kind": "ask", "text": QUESTION})
    store.add_turn("u2", {"role": "user", "kind": "ask", "text": "iets anders"})
    assert [m["text"] for m in AppStore(tmp_path / "app.sqlite").turns("u1")] == [QUESTION]
    store.add_feedback("u1", turn, -1, "jaar klopt niet", QUESTION, {"metrics": ["clienten"]}, "SELECT 1")
    assert store.feedback()[0]["comment"] == "jaar klopt niet"
    with pytest.raises(ValueError):
        store.add_feedback("u1", turn, 0, "", QUESTION, None, None)
    assert store.verified(QUESTION) is None
    store.verify(QUESTION, {"metrics": ["clienten"]}, "SELECT 1", "analist-1")
    assert store.verified(QUESTION.upper() + "  ") == {"metrics": ["clienten"]}
    store.clear("u1")
    assert store.turns("u1") == [] and len(store.turns("u2")) == 1


def test_store_takes_concurrent_writers(tmp_path):
    path = tmp_path / "app.sqlite"

    def write(n: int) -> None:
        store = AppStore(path)
        for i in range(25):
            store.add_turn(f"u{n}", {"i": i})

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(AppStore(path).turns(f"u{n}")) for n in range(4)) == 100


@pytest.fixture()
def app_db(warehouse_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(warehouse_path))
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))
    return tmp_path / "app.sqlite"


def _start(subject: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if subject:
        at.query_params["gesprek"] = subject
    at.run()
    assert not at.exception, at.exception
    return at


def test_history_comes_back_for_the_same_link_and_feedback_is_stored(app_db):
    at = _start()
    subject = at.session_state["user"]
    at.chat_input[0].set_value(QUESTION).run()
    index = len(at.chat_message) - 1
    at.text_input(key=f"fb_comment_{index}").set_value("duidelijk, bel me op 0612345678").run()
    at.button(key=f"fb_up_{index}").click().run()
    assert not at.exception
    feedback = AppStore(app_db).feedback()
    assert feedback[0]["rating"] == 1 and feedback[0]["question"] == QUESTION and feedback[0]["sql"]
    assert feedback[0]["comment"].startswith("duidelijk") and "0612345678" not in feedback[0]["comment"]
    assert "Schildersbuurt" in feedback[0]["semantic_query"]

    again = _start(subject)  # a new browser session (reload) with the same link
    assert [m.name for m in again.chat_message] == ["user", "assistant"]
    assert again.chat_message[0].markdown[0].value == QUESTION
    other = _start()
    assert len(other.chat_message) == 0


def test_verified_question_is_answered_from_its_stored_query_with_a_badge(app_db):
    at = _start()
    at.sidebar.radio(key="role").set_value("analist").run()
    at.chat_input[0].set_value(QUESTION).run()
    index = len(at.chat_message) - 1
    at.button(key=f"verify_{index}").click().run()
    assert AppStore(app_db).verified(QUESTION) is not None
    fresh = _start()
    fresh.chat_input[0].set_value(" hoeveel wmo-clienten waren er in 2023 in de schildersbuurt ").run()
    answer = fresh.chat_message[-1]
    assert "Geverifieerd" in answer.markdown[0].value
    assert "Schildersbuurt" in answer.markdown[1].value


def test_link_with_a_question_asks_it(app_db):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["vraag"] = QUESTION
    at.run()
    assert not at.exception
    assert at.chat_message[0].markdown[0].value == QUESTION
    assert "vraag" not in at.query_params
    links = [c.value for c in at.chat_message[1].caption if c.value.startswith("[Link naar deze vraag]")]
    assert links == ["[Link naar deze vraag](?vraag=Hoeveel%20Wmo-cli%C3%ABnten%20waren%20er%20in%202023%20in%20de"
                     "%20Schildersbuurt%3F)"]
