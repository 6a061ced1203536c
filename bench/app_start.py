"""Start-up, the first answer and a long conversation in the Streamlit app as a user meets it, and its memory.

Starts the app as ``./run.sh`` does (``app_server.py``: ``streamlit run app.py`` with the heavy engines warmed
while the server starts), opens it in Debian's Chromium and holds a conversation of 20 turns. Measures: process
start to healthy server and to the end of the warm-up; page open to the first answer on a started (warm)
server; the browser round trip of turns 1, 10 and 20 (the page re-renders every earlier turn on each
question); the app process's resident memory at the end. A second server per run measures the first answer
when the page is opened the moment the server is healthy (during the warm-up). Bars (issue 13): first answer
on a started server <= 3 s, turn 20 <= 1.5 s; RSS under ~1.5 GB.

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

from bench.appserver import CHROMIUM, ask, launch_browser, streamlit_app, wait_warm  # noqa: E402

WAREHOUSE = ROOT / "warehouse" / "sociaal_domein.duckdb"
# a conversation as a beleidsmaker holds it: follow-ups, charts, maps, a table per wijk, a definition
QUESTIONS = (
    "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
    "En in 2022?",
    "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?",
    "Hoeveel Wmo-cliënten waren er in 2024 per wijk?",
    "Hoe ontwikkelde het aantal bijstandsontvangers in Moerwijk sinds 2019?",
    "Wat betekent stapeling?",
    "Hoeveel huishoudens in Moerwijk hebben voorzieningen uit meerdere wetten?",
    "Wat is de uitputting van de begroting per taakveld in 2024?",
    "Hoeveel cliënten met schuldhulpverlening waren er in 2024 per wijk?",
    "Hoeveel jeugdhulpcliënten waren er in 2024 per stadsdeel?",
    "En in 2023?",
    "Hoeveel Wmo-cliënten per 1.000 inwoners waren er in 2024 per wijk?",
    "Wat waren de kosten per cliënt voor begeleiding in 2024 per stadsdeel?",
    "Hoeveel mensen kregen re-integratie per wijk in 2024?",
    "Hoeveel bijstandsontvangers waren er in 2024 in Escamp, per leeftijdsklasse?",
    "Vergelijk Wmo-cliënten per 1.000 inwoners in Den Haag en Rotterdam",
    "Hoeveel Wmo-cliënten waren er in 2024 in Laak?",
    "En in Segbroek?",
    "Hoeveel instroom en uitstroom was er in de bijstand per jaar sinds 2020?",
    "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
)
FIRST_ANSWER_BAR_S = 3.0
TURN_20_BAR_S = 1.5
RSS_BAR_MB = 1536


def converse(workdir: Path, url: str, questions: tuple[str, ...]) -> tuple[float, list[float]]:
    """Open the page and ask ``questions``: seconds from page open to the first answer, and each turn's time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_browser(p, workdir / "profiel", {"width": 1280, "height": 1600})
        try:
            page = browser.new_page()
            opened = time.monotonic()
            page.goto(url)
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
            turns: list[float] = []
            for i, question in enumerate(questions):
                t = time.monotonic()
                ask(page, question, i)
                turns.append(time.monotonic() - t)
                if i == 0:
                    first = time.monotonic() - opened
            return first, turns
        finally:
            browser.close()


def one_run(workdir: Path) -> dict[str, float]:
    """A started server: the conversation of 20 turns."""
    started = time.monotonic()
    with streamlit_app(WAREHOUSE, workdir) as (url, proc):
        healthy = time.monotonic() - started
        wait_warm(workdir, proc)
        warm = time.monotonic() - started
        first, turns = converse(workdir, url, QUESTIONS)
        rss_mb = psutil.Process(proc.pid).memory_info().rss / 2**20
    return {"healthy": healthy, "warm": warm, "first": first, "turn1": turns[0], "turn10": turns[9],
            "turn20": turns[19], "rss": rss_mb}


def opened_during_warm_up(workdir: Path) -> float:
    """Page opened the moment the server is healthy: seconds to the first answer."""
    with streamlit_app(WAREHOUSE, workdir) as (url, _proc):
        return converse(workdir, url, QUESTIONS[:1])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app_start", description="Meet de start en een lang gesprek in de app.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("/usr/bin/chromium ontbreekt: installeer het met `apt-get install -y chromium`.", file=sys.stderr)
        return 2
    if not WAREHOUSE.exists():
        print("Het magazijn ontbreekt: bouw het met `python -m warehouse build`.", file=sys.stderr)
        return 2
    runs, early = [], []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_run(Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            early.append(opened_during_warm_up(Path(tmp)))
        r = runs[-1]
        print(f"run {i + 1}: gezond {r['healthy']:.2f} s, opgewarmd {r['warm']:.2f} s, eerste antwoord "
              f"{r['first']:.2f} s, beurt 1/10/20 {r['turn1']:.2f}/{r['turn10']:.2f}/{r['turn20']:.2f} s, "
              f"RSS {r['rss']:.0f} MB; pagina direct bij start: eerste antwoord {early[-1]:.2f} s")
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    worst = {k: max(r[k] for r in runs) for k in runs[0]}
    ok_first = worst["first"] <= FIRST_ANSWER_BAR_S
    ok_turn = worst["turn20"] <= TURN_20_BAR_S
    ok_rss = worst["rss"] <= RSS_BAR_MB

    def bar(ok: bool, text: str) -> str:
        return f"{text} ({'met' if ok else 'MISSED'})"

    body = "\n".join([
        f"`app_server.py` (as `./run.sh` starts it) in a fresh process, Debian Chromium via Playwright, {args.runs} "
        f"runs; a conversation of {len(QUESTIONS)} turns (bench/app_start.py: follow-ups, per-wijk maps, trends, "
        "a budget, a definition). Turn times are browser round trips: type, answer, every earlier turn re-rendered.",
        "",
        "| | median | worst | bar |",
        "|---|---:|---:|---|",
        f"| process start → server healthy | {med['healthy']:.2f} s | {worst['healthy']:.2f} s | |",
        f"| process start → warm-up done | {med['warm']:.2f} s | {worst['warm']:.2f} s | |",
        f"| page open → first answer, started server | {med['first']:.2f} s | {worst['first']:.2f} s | "
        f"{bar(ok_first, f'≤ {FIRST_ANSWER_BAR_S:.0f} s')} |",
        f"| page open → first answer, page opened when the server is healthy (during the warm-up) | "
        f"{statistics.median(early):.2f} s | {max(early):.2f} s | |",
        f"| turn 1 | {med['turn1']:.2f} s | {worst['turn1']:.2f} s | |",
        f"| turn 10 | {med['turn10']:.2f} s | {worst['turn10']:.2f} s | |",
        f"| turn 20 | {med['turn20']:.2f} s | {worst['turn20']:.2f} s | {bar(ok_turn, f'≤ {TURN_20_BAR_S} s')} |",
        f"| app process RSS after 20 turns | {med['rss']:.0f} MB | {worst['rss']:.0f} MB | "
        f"{bar(ok_rss, f'≤ {RSS_BAR_MB} MB')} |",
    ])
    print(body)
    if not args.no_write:
        from bench.report import write_section

        write_section("app_start", "App start, first answer, long conversations and memory", body)
        print("BENCHMARKS.md bijgewerkt (sectie app_start).")
    return 0 if ok_first and ok_turn and ok_rss else 1


if __name__ == "__main__":
    raise SystemExit(main())
