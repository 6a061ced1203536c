"""Sign-in on the page (AppTest with its user simulation): demo mode, required login, roles from claims,
SQL only for analysts (enforced by the assistant, whatever the page sends), sign-out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from guards.audit import AuditLog

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-cookie-secret-lang-genoeg",
        "client_id": "wijkvraag", "client_secret": "geheim",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
SQL = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
       "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk")


@pytest.fixture()
def audit(warehouse_path, tmp_path, monkeypatch):
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(warehouse_path))
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(path))
    for key in ("WIJKVRAAG_REQUIRE_LOGIN", "WIJKVRAAG_ROLE_CLAIM", "WIJKVRAAG_ROLE_MAP", "WIJKVRAAG_OIDC_CLIENT_ID"):
        monkeypatch.delenv(key, raising=False)
    return path


def _app(user: dict | None = None, auth: bool = True) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if auth:
        at.secrets["auth"] = dict(AUTH)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


def _sidebar_text(at: AppTest) -> str:
    return " ".join(str(m.value) for m in at.sidebar.markdown) + " " + " ".join(str(c.value) for c in at.sidebar.caption)


def _entries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_demo_mode_without_a_provider(audit):
    at = _app(auth=False)
    assert "demo — geen aanmelding" in _sidebar_text(at)
    assert at.sidebar.radio[0].options == ["Beleidsmaker", "Analist", "Raadslid"]
    assert at.session_state["user"].startswith("demo-") and len(at.chat_input) == 1
    assert not [b for b in at.button if b.label in ("Aanmelden", "Afmelden")]


def test_require_login_without_a_provider_serves_nothing(audit, monkeypatch):
    monkeypatch.setenv("WIJKVRAAG_REQUIRE_LOGIN", "1")
    at = _app(auth=False)
    assert any("vereist aanmelding" in e.value for e in at.error)
    assert len(at.chat_input) == 0 and len(at.sidebar.radio) == 0


def test_a_visitor_must_sign_in_first(audit):
    at = _app(user={"is_logged_in": False})
    assert [b.label for b in at.button] == ["Aanmelden"]
    assert len(at.chat_input) == 0 and len(at.sidebar.radio) == 0


def test_a_beleidsmaker_gets_only_that_role_and_no_sql(audit):
    at = _app(user={"is_logged_in": True, "sub": "sub-bert", "name": "Bert Beleid", "roles": ["beleidsmaker"]})
    assert "Bert Beleid" in _sidebar_text(at) and "demo" not in _sidebar_text(at)
    assert at.sidebar.radio[0].options == ["Beleidsmaker"]
    at.chat_input[0].set_value("Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?").run()
    answer = at.chat_message[-1]
    assert not answer.text_area and not [b for b in answer.button if b.label == "SQL uitvoeren"]
    # whatever the page is made to send, the assistant refuses SQL without the analyst role
    at.session_state["pending"] = {"kind": "sql", "text": SQL}
    at.run()
    refused = at.chat_message[-1]
    assert "alleen met de rol analist" in refused.error[0].value and not refused.dataframe
    entries = _entries(audit)
    assert {e["user"] for e in entries} == {"sub-bert"} and {e["role"] for e in entries} == {"beleidsmaker"}
    assert entries[-1]["decision"] == "refused"
    assert "Bert" not in audit.read_text(encoding="utf-8")  # the subject only, never the name


def test_an_analyst_runs_sql_and_signs_out(audit):
    at = _app(user={"is_logged_in": True, "sub": "sub-ana", "name": "Ana Analist", "roles": "analist raadslid"})
    assert at.sidebar.radio[0].options == ["Analist", "Raadslid"]
    at.session_state["pending"] = {"kind": "sql", "text": SQL}
    at.run()
    answer = at.chat_message[-1]
    assert answer.dataframe and not answer.error
    assert _entries(audit)[-1]["user"] == "sub-ana" and _entries(audit)[-1]["role"] == "analist"
    assert AuditLog(audit).verify().ok
    at.sidebar.button(key="afmelden").click().run()
    assert at.user.get("is_logged_in") is False
    at.run()
    assert [b.label for b in at.button] == ["Aanmelden"] and len(at.chat_input) == 0


def test_the_role_claim_and_map_are_configurable(audit, monkeypatch):
    monkeypatch.setenv("WIJKVRAAG_ROLE_CLAIM", "groups")
    monkeypatch.setenv("WIJKVRAAG_ROLE_MAP", json.dumps({"grp-raad": "raadslid"}))
    at = _app(user={"is_logged_in": True, "sub": "sub-rita", "name": "Rita", "groups": ["grp-raad", "grp-x"],
                    "roles": ["analist"]})
    assert at.sidebar.radio[0].options == ["Raadslid"]


def test_a_user_without_a_role_is_told_so(audit):
    at = _app(user={"is_logged_in": True, "sub": "sub-x", "name": "Xander", "roles": ["beheerder"]})
    assert any("geen rol voor Wijkvraag" in w.value for w in at.warning)
    assert len(at.chat_input) == 0 and [b.label for b in at.button] == ["Afmelden"]
