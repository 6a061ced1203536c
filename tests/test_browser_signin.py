"""Sign-in in a real browser: Debian's Chromium (Playwright), `streamlit run app.py` and a local OpenID
Connect provider (oidc-provider-mock), all on 127.0.0.1. The claim decides the role; a beleidsmaker
gets no SQL (page) and the assistant refuses it (API); an analyst runs SQL; signing out works."""

from __future__ import annotations

import json
import secrets
import threading

import pytest

from bench.appserver import CHROMIUM, ask, free_port, launch_browser, streamlit_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),  # the provider mock uses older Authlib names
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium ontbreekt (./test.sh installeert het met apt-get)"),
]
SQL = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
       "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk")
USERS = {
    "bert": {"name": "Bert Beleid", "wijkvraag_rol": "beleidsmaker"},
    "ana": {"name": "Ana Analist", "wijkvraag_rol": ["analist"]},
}


@pytest.fixture()
def provider(monkeypatch):
    """oidc-provider-mock on 127.0.0.1 with two predefined users; yields its metadata URL."""
    pytest.importorskip("oidc_provider_mock")
    import oidc_provider_mock
    import werkzeug.serving

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on the loopback interface
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/.well-known/openid-configuration"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def app(warehouse_path, tmp_path, provider):
    port = free_port()
    env = {
        "WIJKVRAAG_REQUIRE_LOGIN": "1",
        "WIJKVRAAG_ROLE_CLAIM": "wijkvraag_rol",
        "WIJKVRAAG_OIDC_CLIENT_ID": "wijkvraag",
        "WIJKVRAAG_OIDC_CLIENT_SECRET": secrets.token_urlsafe(16),
        "WIJKVRAAG_OIDC_SERVER_METADATA_URL": provider,
        "WIJKVRAAG_OIDC_REDIRECT_URI": f"http://localhost:{port}/oauth2callback",
        "WIJKVRAAG_OIDC_COOKIE_SECRET": secrets.token_urlsafe(32),
        "AUTHLIB_INSECURE_TRANSPORT": "1",
    }
    with streamlit_app(warehouse_path, tmp_path, extra_env=env, port=port) as (_url, proc):
        # the browser uses the host of the redirect URI (the sign-in cookie belongs to it)
        yield f"http://localhost:{port}/", tmp_path / "audit.jsonl", proc


def _sign_in(page, url: str, sub: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    page.get_by_role("button", name="Aanmelden").click(timeout=60_000)
    page.get_by_role("button", name=sub, exact=True).click(timeout=30_000)  # the provider's user form
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(USERS[sub]["name"])


def _sign_out(page) -> None:
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebar").get_by_role("button", name="Afmelden").click()
    end_session = page.get_by_role("button", name="End session")  # the provider asks to confirm
    end_session.or_(page.get_by_role("button", name="Aanmelden")).first.wait_for(timeout=30_000)
    if end_session.count():
        end_session.click()
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)


def test_sign_in_roles_from_claims_and_sign_out(app, warehouse_path, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, audit, _proc = app
    with sync_playwright() as p:
        browser = launch_browser(p, tmp_path / "chromium-profiel")
        try:
            page = browser.new_page()
            page.goto(url)
            expect(page.get_by_role("button", name="Aanmelden")).to_be_visible(timeout=60_000)
            expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)  # nothing without sign-in

            # a beleidsmaker: only that role, no SQL on the page
            _sign_in(page, url, "bert")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Beleidsmaker", exact=True)).to_be_visible()
            expect(sidebar.get_by_text("Analist", exact=True)).to_have_count(0)
            ask(page, "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?", 0)
            answer = page.get_by_test_id("stChatMessage").nth(1)
            expect(answer.get_by_test_id("stDataFrame")).to_be_visible()
            expect(page.get_by_role("button", name="SQL uitvoeren")).to_have_count(0)
            expect(page.get_by_test_id("stTextArea")).to_have_count(0)
            _sign_out(page)

            # an analyst: SQL open and runnable
            _sign_in(page, url, "ana")
            expect(sidebar.get_by_text("Analist", exact=True)).to_be_visible()
            expect(sidebar.get_by_text("Beleidsmaker", exact=True)).to_have_count(0)
            ask(page, "Hoeveel Wmo-cliënten waren er in 2024 per wijk?", 0)
            editor = page.get_by_test_id("stTextArea").locator("textarea").first
            editor.fill(SQL)
            page.get_by_role("button", name="SQL uitvoeren").first.click()
            messages = page.get_by_test_id("stChatMessage")
            expect(messages).to_have_count(4, timeout=60_000)
            expect(messages.nth(2)).to_contain_text("SQL uitgevoerd")
            expect(messages.nth(3).get_by_test_id("stDataFrame")).to_be_visible(timeout=60_000)
            _sign_out(page)
        finally:
            browser.close()

    entries = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
    assert {(e["user"], e["role"]) for e in entries} == {("bert", "beleidsmaker"), ("ana", "analist")}
    assert any(e["user"] == "ana" and e["sql"] and e["decision"] in ("answered", "suppressed") for e in entries)
    assert "Bert Beleid" not in audit.read_text(encoding="utf-8") and "Ana Analist" not in audit.read_text(encoding="utf-8")
    from guards.audit import AuditLog

    assert AuditLog(audit).verify().ok

    # the API: the same claims give the same roles, and the assistant refuses SQL to the beleidsmaker
    from assistant import Assistant, Settings
    from assistant.access import identity_from_claims

    settings = Settings(warehouse_path=warehouse_path, audit_log_path=audit, role_claim="wijkvraag_rol")
    assistant = Assistant(settings)
    try:
        for sub, allowed in (("bert", False), ("ana", True)):
            identity = identity_from_claims({"sub": sub, **USERS[sub]}, settings)
            session = assistant.new_session(user=identity.subject, role=identity.roles[0], roles=identity.roles)
            status = session.run_sql(SQL).status
            assert (status != "refused") is allowed, (sub, status)
    finally:
        assistant.close()
    assert AuditLog(audit).verify().ok  # app and API wrote one chain
