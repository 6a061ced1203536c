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
