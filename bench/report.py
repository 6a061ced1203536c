"""Write one benchmark's figures into its own section of BENCHMARKS.md (other sections are kept)."""

from __future__ import annotations

import platform
import re
import time
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import psutil

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
HEADER = "# Wijkvraag — benchmarks\n\nFigures written by the scripts in `bench/`; each section is replaced when its script runs.\n"


@lru_cache(maxsize=1)
def python_speed() -> float:
    """Seconds for 10 million additions in a pure-Python loop: machines of one kind differ in speed,
    and this makes figures measured on different days comparable."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def machine() -> str:
    return (f"{psutil.cpu_count(logical=True)} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
            f"Python {platform.python_version()}, reference loop (10⁷ additions) {python_speed():.2f} s")


def write_section(name: str, title: str, body: str) -> None:
    """Replace (or append) the section `name` of BENCHMARKS.md with `body` (markdown)."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    block = f"<!-- bench:{name} -->\n## {title}\n\n_Measured {stamp} on {machine()}._\n\n{body.strip()}\n<!-- /bench:{name} -->"
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    BENCHMARKS.write_text(text, encoding="utf-8")
