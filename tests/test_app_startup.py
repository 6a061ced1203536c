"""The chat without a warehouse: a Dutch explanation of how to build it, never a traceback."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_missing_warehouse_says_how_to_build_it(monkeypatch, tmp_path):
    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(tmp_path / "ontbreekt.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "python -m warehouse build" in errors
    assert "./run.sh" in errors
    assert at.chat_input[0].disabled
    # the sidebar still works
    assert [b.label for b in at.sidebar.button][0] == "Nieuw gesprek"


def test_the_server_warms_the_assistant_before_the_first_page_and_the_page_uses_it(monkeypatch, tmp_path,
                                                                                   warehouse_path):
    """app_server.py (what ./run.sh starts) builds the Assistant while the server starts; the first page run
    then builds none of its own and answers at once."""
    import app_server
    from assistant import session

    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(warehouse_path))
    monkeypatch.setenv("WIJKVRAAG_AUDIT_LOG_PATH", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / "vrijgaven.sqlite"))
    monkeypatch.setenv("WIJKVRAAG_APP_DB_PATH", str(tmp_path / "app.sqlite"))
    built = []
    real_init = session.Assistant.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(session.Assistant, "__init__", counting_init)
    monkeypatch.setattr(session, "_SHARED", {})
    app_server.warm()
    assert len(built) == 1
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.chat_input[0].set_value("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?").run()
    assert not at.exception and len(at.chat_message) == 2
    assert len(built) == 1, "the page built a second Assistant instead of the warmed one"


def test_a_missing_warehouse_does_not_stop_the_warm_up(monkeypatch, tmp_path, capsys):
    import app_server
    from assistant import session

    monkeypatch.setenv("WIJKVRAAG_WAREHOUSE_PATH", str(tmp_path / "ontbreekt.duckdb"))
    monkeypatch.setattr(session, "_SHARED", {})
    app_server.warm()  # the page explains the missing warehouse; the server keeps running
    assert app_server.WARM_LOG in capsys.readouterr().out
