"""The product layer in a real browser (Debian's Chromium, Playwright): history after a reload, feedback and
verified questions that survive a restart of the server."""

from __future__ import annotations

import contextlib

import pytest

from assistant.store import AppStore
from bench.appserver import CHROMIUM, ask, launch_browser, streamlit_app

QUESTION = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium ontbreekt (./test.sh installeert het met apt-get)"),
]


@contextlib.contextmanager
def _opened(warehouse_path, tmp_path):
    """A fresh app server (its own app database) and the page open in Chromium, ready for a question."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, streamlit_app(warehouse_path, tmp_path,
                                               {"WIJKVRAAG_APP_DB_PATH": str(tmp_path / "app.sqlite")}) as (url, _):
        browser = launch_browser(p, tmp_path / "chromium-profiel")
        try:
            page = browser.new_page()
            yield page, url
        finally:
            browser.close()


def _idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_history_feedback_and_verified_badge_survive_reload_and_restart(warehouse_path, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    env = {"WIJKVRAAG_APP_DB_PATH": str(tmp_path / "app.sqlite")}
    with sync_playwright() as p:
        browser = launch_browser(p, tmp_path / "chromium-profiel")
        try:
            page = browser.new_page()
            with streamlit_app(warehouse_path, tmp_path, env) as (url, _proc):
                page.goto(url)
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
                page.get_by_test_id("stSidebar").get_by_text("Analist", exact=True).click()
                _idle(page)
                ask(page, QUESTION, 0)
                messages = page.get_by_test_id("stChatMessage")
                answer = messages.nth(1)
                answer.get_by_label("Opmerking (optioneel)").fill("helder antwoord")
                answer.get_by_label("Opmerking (optioneel)").press("Enter")
                _idle(page)
                answer.get_by_role("button", name="Goed", exact=True).first.click()
                expect(answer).to_contain_text("Bedankt voor uw feedback")
                answer.get_by_role("button", name="Markeer als geverifieerd").click()
                expect(answer).to_contain_text("Geverifieerd")
                link = page.url
                assert "gesprek=demo-" in link

                page.reload()  # the conversation comes back
                expect(page.get_by_test_id("stChatMessage")).to_have_count(2)
                expect(page.get_by_test_id("stChatMessage").nth(0)).to_contain_text("Schildersbuurt")

            with streamlit_app(warehouse_path, tmp_path, env) as (url, _proc):  # a restarted server
                page.goto(link.replace(link.split("/?")[0] + "/", url))
                messages = page.get_by_test_id("stChatMessage")
                expect(messages).to_have_count(2, timeout=60_000)
                feedback = AppStore(tmp_path / "app.sqlite").feedback()
                assert feedback and feedback[0]["comment"] == "helder antwoord" and feedback[0]["rating"] == 1
                page.get_by_test_id("stSidebar").get_by_text("Analist", exact=True).click()
                overview = page.get_by_test_id("stSidebar").get_by_test_id("stExpander").filter(has_text="Feedback (1)")
                expect(overview).to_have_count(1)

                ask(page, "hoeveel wmo-clienten waren er in 2023 in de schildersbuurt", 1)
                expect(messages.nth(3)).to_contain_text("Geverifieerd")
                expect(messages.nth(3)).to_contain_text("Schildersbuurt")
        finally:
            browser.close()


def test_b11_an_image_in_the_question_is_not_fetched(warehouse_path, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    fetched: list[str] = []
    with sync_playwright() as p, streamlit_app(warehouse_path, tmp_path,
                                               {"WIJKVRAAG_APP_DB_PATH": str(tmp_path / "app.sqlite")}) as (url, _):
        browser = launch_browser(p, tmp_path / "chromium-profiel")
        try:
            page = browser.new_page()
            page.on("request", lambda request: fetched.append(request.url) if "127.0.0.9" in request.url else None)
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            ask(page, "![x](http://127.0.0.9:9/spoor.png) Hoeveel Wmo-cliënten in Moerwijk?", 0)
            question = page.get_by_test_id("stChatMessage").nth(0)
            expect(question).to_contain_text("![x](http://")  # shown as text (its numbers kept as '…': no answer uses them)
            expect(question).to_contain_text("/spoor.png)")
            expect(question.locator("img")).to_have_count(0)
            page.wait_for_timeout(500)
        finally:
            browser.close()
    assert fetched == []


def test_b2_a_refused_edit_can_be_fixed_and_rerun_with_ctrl_enter(warehouse_path, tmp_path):
    from playwright.sync_api import expect

    allowed = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
               "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk")
    with _opened(warehouse_path, tmp_path) as (page, url):
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_test_id("stSidebar").get_by_text("Analist", exact=True).click()
        _idle(page)
        ask(page, "Hoeveel Wmo-cliënten waren er in 2024 per wijk?", 0)
        messages = page.get_by_test_id("stChatMessage")
        editor = messages.nth(1).get_by_test_id("stTextArea").locator("textarea")
        editor.fill("SELECT bsn FROM persoon_identiteit")
        editor.press("Control+Enter")
        expect(messages).to_have_count(4, timeout=60_000)
        _idle(page)
        refused = messages.nth(3)
        expect(refused).to_contain_text("Geweigerd")
        fix = refused.get_by_test_id("stTextArea").locator("textarea")
        expect(fix).to_have_value("SELECT bsn FROM persoon_identiteit")
        fix.fill(allowed)
        refused.get_by_role("button", name="SQL uitvoeren").click()
        expect(messages).to_have_count(6, timeout=60_000)
        expect(messages.nth(5).get_by_test_id("stDataFrame")).to_be_visible()


def _svg(chart) -> str:
    return chart.inner_html()


def _labels(chart) -> list[str]:
    return chart.locator("[role=graphics-symbol]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def _tick_x(chart, label: str) -> float:
    """The horizontal position of the axis label ``label`` (its SVG translate)."""
    text = chart.locator("text", has_text=label).first
    transform = text.get_attribute("transform")
    return float(transform.split("(")[1].split(",")[0])


def test_b4_b5_b6_b7_b8_budgets_trends_durations_and_maps_in_a_real_browser(warehouse_path, tmp_path):
    """B4 a two-part budget question and the overspent taakvelden are answered (not asked back); B5 with
    names, euro amounts and the 100% line; B6 a CBS trend with missing years says which, on a scale of
    years; B7 a duration says its unit the same way in the text and the chart; B8 on a top-N map the
    wijken outside the top N are not drawn as withheld, and the legend says both in full."""
    from playwright.sync_api import expect

    questions = [
        "Hoeveel was er begroot voor beschermd wonen in 2024 en hoeveel is er uitgegeven?",
        "Op welke taakvelden is in 2024 meer uitgegeven dan begroot?",
        "Hoe ontwikkelde het aantal inwoners van Utrecht sinds 2019 volgens het CBS?",
        "Wat was de gemiddelde duur van Wmo-voorzieningen per stadsdeel in 2024?",
        "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?",
    ]
    with _opened(warehouse_path, tmp_path) as (page, url):
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        messages = page.get_by_test_id("stChatMessage")
        for i, question in enumerate(questions):
            ask(page, question, i)
        budget, overspent, trend, duration, top = (messages.nth(2 * i + 1) for i in range(len(questions)))

        # B4 + B5: both amounts, in euros, each as a figure
        expect(budget).to_contain_text("Begroting")
        expect(budget).to_contain_text("€")
        figures = budget.get_by_test_id("stMetric")
        expect(figures).to_have_count(2)
        expect(figures.nth(0)).to_contain_text("Begroting")
        expect(figures.nth(1)).to_contain_text("€")
        # the overspent taakvelden: answered with names, a table, a chart with the 100% line
        expect(overspent).not_to_contain_text("Bedoelt u")
        expect(overspent.get_by_test_id("stDataFrame")).to_be_visible()
        chart = overspent.get_by_test_id("stVegaLiteChart").first
        expect(chart).to_be_visible()
        assert any("Maatwerkvoorzieningen" in (label or "") and "%" in (label or "") for label in _labels(chart))
        assert "mark-rule" in _svg(chart)  # the 100% reference line

        # B6: the years without figures are said, and the axis is a scale of years (2022 -> 2024 twice 2021 -> 2022)
        trend.get_by_text("Toelichting", exact=False).first.click()
        expect(trend).to_contain_text("niet over 2019, 2020 en 2023")
        line = trend.get_by_test_id("stVegaLiteChart").first
        expect(line).to_be_visible()
        step = _tick_x(line, "2022") - _tick_x(line, "2021")
        assert step > 0 and abs((_tick_x(line, "2024") - _tick_x(line, "2022")) - 2 * step) < 2

        # B7: the text and the chart say the same figure with the same unit
        text = duration.inner_text()
        bars = _labels(duration.get_by_test_id("stVegaLiteChart").first)
        laak = next(label for label in bars if label.startswith("Stadsdeel Laak:"))
        figure = laak.split(": ", 1)[1]
        assert figure.endswith(" dagen") and f"Laak: {figure}" in text
        expect(duration.get_by_test_id("stVegaLiteChart").first).to_contain_text("Gemiddelde duur (dagen)")

        # B8: wijken outside the top 5 are 'niet in dit antwoord', drawn lighter than withheld ones
        wijk_map = top.get_by_test_id("stVegaLiteChart").nth(1)
        expect(wijk_map).to_contain_text("niet in dit antwoord")
        expect(wijk_map).to_contain_text("niet getoond (bescherming inwoners)")  # in full, not cut off
        outside = wijk_map.locator("[role=graphics-symbol][aria-label*='niet in dit antwoord']")
        assert outside.count() >= 30  # 45 wijken, 5 in the answer, none withheld here
        assert outside.first.get_attribute("fill") == "#f0f0f0"
        shown = _labels(wijk_map)
        assert sum("€" in (label or "") for label in shown) == 5


def test_b1_b9_b12_b13_clarifications_suggestions_and_bad_input_in_a_real_browser(warehouse_path, tmp_path):
    """B1 a click on a clarification option answers the whole question (not the bare word); a suggested
    follow-up answers its own query; B9 a question that is not understood is a hint, not a red refusal; B13
    personal data beside a question is removed and said, and the rest is answered; B12 a paste over the limit
    is answered with a Dutch message instead of vanishing from the box."""
    from playwright.sync_api import expect

    with _opened(warehouse_path, tmp_path) as (page, url):
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        messages = page.get_by_test_id("stChatMessage")

        ask(page, "Hoeveel Wmo-cliënten waren er in 2023 in Moerwjik?", 0)
        # the unknown word is not quoted back (it could be a name: only what the product can account for is kept)
        expect(messages.nth(1)).to_contain_text("ken ik niet als wijk")
        expect(messages.nth(1)).not_to_contain_text("Moerwjik")
        messages.nth(1).get_by_role("button", name="Moerwijk", exact=True).click()
        expect(messages).to_have_count(4, timeout=60_000)
        _idle(page)
        answer = messages.nth(3)
        expect(answer).to_contain_text("Moerwijk")
        expect(answer).to_contain_text("2023")
        expect(answer).to_contain_text("Wmo")
        expect(answer.get_by_test_id("stMetric")).to_have_count(1)

        answer.get_by_role("button", name="En in 2022?").click()
        expect(messages).to_have_count(6, timeout=60_000)
        _idle(page)
        expect(messages.nth(5)).to_contain_text("Moerwijk in 2022")

        ask(page, "asdf qwerty zxcv", 3)
        hint = messages.nth(7)
        expect(hint.get_by_test_id("stAlertContentInfo")).to_have_count(1)
        expect(hint.get_by_test_id("stAlertContentError")).to_have_count(0)
        expect(hint).not_to_contain_text("Geweigerd")

        ask(page, "Mijn BSN is 123456782, hoeveel Wmo-cliënten waren er in 2024 in Moerwijk?", 4)
        expect(messages.nth(8)).not_to_contain_text("123456782")
        reply = messages.nth(9)
        expect(reply).not_to_contain_text("Geweigerd")
        expect(reply).to_contain_text("Moerwijk")
        reply.get_by_text("Toelichting", exact=False).first.click()
        expect(reply).to_contain_text("BSN")

        # B12: a paste longer than the limit is not dropped in silence: the question is sent and answered in Dutch
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("Hoeveel Wmo-cliënten waren er in 2024 in Moerwijk? " + "x" * 12_000)
        box.press("Enter")
        expect(messages).to_have_count(12, timeout=60_000)
        expect(messages.nth(11)).to_contain_text("maximaal 2.000")


def test_b3_b14_the_analyst_loop_chart_switch_and_downloads_in_a_real_browser(warehouse_path, tmp_path):
    """B3 the SQL shown is the SQL in the editor, without guard plumbing, and runs as it is; the chart switches
    between bars, a line and the table; the CSV downloads with numbers as numbers and a meaningful name; B14
    age classes keep their own order and a blank question is echoed as such."""
    from playwright.sync_api import expect

    with _opened(warehouse_path, tmp_path) as (page, url):
        page.goto(url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_test_id("stSidebar").get_by_text("Analist", exact=True).click()
        _idle(page)
        messages = page.get_by_test_id("stChatMessage")
        ask(page, "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?", 0)
        answer = messages.nth(1)
        shown = answer.get_by_test_id("stCode").first.inner_text()
        editor = answer.get_by_test_id("stTextArea").locator("textarea")
        assert " ".join(editor.input_value().split()) == " ".join(shown.split())
        assert "__n" not in shown and "__max" not in shown and "LIMIT 1000" not in shown
        answer.get_by_role("button", name="SQL uitvoeren").click()
        expect(messages).to_have_count(4, timeout=60_000)
        _idle(page)
        expect(messages.nth(3).get_by_test_id("stDataFrame")).to_be_visible()
        expect(messages.nth(3)).not_to_contain_text("Geweigerd")

        ask(page, "Hoeveel Wmo-cliënten waren er in 2024 per leeftijdsklasse?", 2)
        classes = messages.nth(5)
        chart = classes.get_by_test_id("stVegaLiteChart").first
        expect(chart).to_be_visible()
        order = [t for t in chart.locator("text").all_text_contents() if t in ("18-26", "27-64", "65-74", "75+")]
        assert order == ["18-26", "27-64", "65-74", "75+"]  # the classes' own order, not by value
        expect(classes).not_to_contain_text("clienten, per")
        classes.get_by_text("Lijngrafiek", exact=True).click()
        _idle(page)
        expect(classes.get_by_test_id("stVegaLiteChart").first.locator("[aria-roledescription='line mark']")).to_have_count(1)
        classes.get_by_text("Tabel", exact=True).click()
        _idle(page)
        expect(classes.get_by_test_id("stVegaLiteChart")).to_have_count(0)
        expect(classes.get_by_test_id("stDataFrame")).to_be_visible()

        csv_button = classes.get_by_role("button", name="Download CSV")
        expect(csv_button).to_have_count(1)  # one per answer (a rerun under load may still show the old one)
        with page.expect_download() as download:
            csv_button.click()
        saved = download.value
        assert saved.suggested_filename.endswith(".csv") and "leeftijdsklasse" in saved.suggested_filename
        text = open(saved.path(), encoding="utf-8-sig").read()
        assert text.splitlines()[0].count(";") == 1 and any(line.split(";")[1].isdigit() for line in text.splitlines()[1:])

        ask(page, "   ", 3)
        expect(messages.nth(6)).to_contain_text("(lege vraag)")
