"""Cold start of the Streamlit app as a user meets it, and its memory.

Starts `streamlit run app.py` (fresh process), opens it in Debian's Chromium, asks the SPEC §1 opening
question and two follow-ups. Measures: process start to healthy server, page open to first answer
(warehouse, semantic layer and PII engine loaded on the first run), later answers, and the app
process's resident memory after them. Bars (issue: app): first answer after start-up <= 10 s, RSS under
~1.5 GB.

    python -m bench.app_start [--runs 3] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.appserver import CHROMIUM, ask, launch_browser, streamlit_app  # noqa: E402

WAREHOUSE = ROOT / "warehouse" / "sociaal_domein.duckdb"
QUESTIONS = (
    "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
    "En in 2022?",
    "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?",
)
FIRST_ANSWER_BAR_S = 10.0
RSS_BAR_MB = 1536


def one_run(workdir: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with streamlit_app(WAREHOUSE, workdir) as (url, proc):
        healthy = time.monotonic() - started
        with sync_playwright() as p:
            browser = launch_browser(p, workdir / "profiel", {"width": 1280, "height": 1600})
            try:
                page = browser.new_page()
                opened = time.monotonic()
                page.goto(url)
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
                later = []
                ask(page, QUESTIONS[0], 0)
                first = time.monotonic() - opened
                for i, question in enumerate(QUESTIONS[1:], start=1):
                    t = time.monotonic()
                    ask(page, question, i)
                    later.append(time.monotonic() - t)
            finally:
                browser.close()
        rss_mb = psutil.Process(proc.pid).memory_info().rss / 2**20
    return {"healthy": healthy, "first": first, "later": max(later), "rss": rss_mb}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_start", description="Meet de koude start van de app.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("/usr/bin/chromium ontbreekt: installeer het met `apt-get install -y chromium`.", file=sys.stderr)
        return 2
    if not WAREHOUSE.exists():
        print("Het magazijn ontbreekt: bouw het met `python -m warehouse build`.", file=sys.stderr)
        return 2
    runs = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_run(Path(tmp)))
        r = runs[-1]
        print(f"run {i + 1}: server gezond na {r['healthy']:.2f} s, eerste antwoord na {r['first']:.2f} s, "
              f"traagste vervolgantwoord {r['later']:.2f} s, RSS {r['rss']:.0f} MB")
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    worst = {k: max(r[k] for r in runs) for k in runs[0]}
    ok_first = worst["first"] <= FIRST_ANSWER_BAR_S
    ok_rss = worst["rss"] <= RSS_BAR_MB
    body = "\n".join([
        f"`streamlit run app.py` in a fresh process, Debian Chromium via Playwright, {args.runs} runs; "
        "questions: the SPEC §1 opening question, \"En in 2022?\", and the top-5 kosten question.",
        "",
        "| | median | worst | bar |",
        "|---|---:|---:|---|",
        f"| process start → server healthy | {med['healthy']:.2f} s | {worst['healthy']:.2f} s | |",
        f"| page open → first answer (cold: warehouse, semantic layer, PII engine) | {med['first']:.2f} s | "
        f"{worst['first']:.2f} s | ≤ {FIRST_ANSWER_BAR_S:.0f} s ({'met' if ok_first else 'MISSED'}) |",
        f"| slowest later answer (browser round trip) | {med['later']:.2f} s | {worst['later']:.2f} s | |",
        f"| app process RSS after the answers | {med['rss']:.0f} MB | {worst['rss']:.0f} MB | "
        f"≤ {RSS_BAR_MB} MB ({'met' if ok_rss else 'MISSED'}) |",
    ])
    print(body)
    if not args.no_write:
        from bench.report import write_section

        write_section("app_start", "App cold start and memory", body)
        print("BENCHMARKS.md bijgewerkt (sectie app_start).")
    return 0 if ok_first and ok_rss else 1


if __name__ == "__main__":
    raise SystemExit(main())
