"""The chat in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from bench.appserver import CHROMIUM, ROOT, ask, launch_browser, streamlit_app

SCREENSHOT_DIR = ROOT / "docs" / "screenshots"
FIRST_QUESTION = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"
SECOND_QUESTION = "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium ontbreekt (./test.sh installeert het met apt-get)"),
]


@pytest.fixture()
def app_url(warehouse_path, tmp_path):
    with streamlit_app(warehouse_path, tmp_path) as (url, _proc):
        yield url


def _save(page, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    if os.environ.get("WIJKVRAAG_SCREENSHOTS"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, SCREENSHOT_DIR / name)
    return target


def test_two_questions_in_a_real_browser(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch_browser(p, tmp_path / "chromium-profiel")
        try:
            page = browser.new_page()
            started = time.monotonic()
            page.goto(app_url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            expect(page.get_by_text("synthetische demonstratiegegevens")).to_be_visible()

            ask(page, FIRST_QUESTION, 0)
            first_answer_s = time.monotonic() - started
            messages = page.get_by_test_id("stChatMessage")
            expect(messages).to_have_count(2)
            expect(messages.nth(0)).to_contain_text("Schildersbuurt")
            first = messages.nth(1)
            expect(first).to_contain_text("Schildersbuurt")
            expect(first).to_contain_text("Wmo")
            assert any(ch.isdigit() for ch in first.inner_text())

            asked = time.monotonic()
            ask(page, SECOND_QUESTION, 1)
            second_answer_s = time.monotonic() - asked
            expect(messages).to_have_count(4)
            second = messages.nth(3)
            expect(second).to_contain_text("jeugdhulp met verblijf", ignore_case=True)
            table = second.get_by_test_id("stDataFrame")
            expect(table).to_be_visible()
            charts = second.get_by_test_id("stVegaLiteChart")
            expect(charts.first).to_be_visible()
            expect(charts).to_have_count(2)  # bar chart and the wijk map (waits: the map may render later)
            expect(second.locator("canvas, svg").first).to_be_visible()

            sql = second.get_by_test_id("stExpander").filter(has_text="SQL")
            expect(sql).to_have_count(1)
            sql.get_by_text("SQL", exact=True).click()
            code = sql.get_by_test_id("stCode")
            expect(code).to_contain_text("SELECT")
            sql.get_by_text("T-SQL", exact=True).click()
            expect(code).to_contain_text("TOP 5")  # the SQL the editor accepts, in T-SQL
            sql.get_by_text("DuckDB", exact=True).click()
            expect(code).to_contain_text("LIMIT 5")
            expect(code).not_to_contain_text("__n")
            shot = _save(page, tmp_path, "chat-beleidsmaker.png")
            assert shot.exists()

            page.get_by_test_id("stSidebar").get_by_text("Analist", exact=True).click()
            expect(page.get_by_test_id("stTextArea").first).to_be_visible()
            _save(page, tmp_path, "chat-analist.png")

            page.get_by_test_id("stSidebar").get_by_text("Raadslid", exact=True).click()
            expect(page.get_by_test_id("stTextArea")).to_have_count(0)
            expect(messages).to_have_count(4)
            _save(page, tmp_path, "chat-raadslid.png")
        finally:
            browser.close()
    # cold start: page open to the first answer, including loading the warehouse and the guards
    assert first_answer_s <= 30, f"eerste antwoord na {first_answer_s:.1f} s"
    (tmp_path / "timing.txt").write_text(
        f"eerste antwoord na {first_answer_s:.2f} s; tweede antwoord na {second_answer_s:.2f} s\n"
    )
