"""Start the app (`app_server.py`: `streamlit run app.py`, warmed at start) on 127.0.0.1 and drive it with Debian's Chromium (Playwright).

Shared by the real-browser test and `bench/app_start.py`. Never downloads a browser.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopte met code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit werd niet gezond binnen {timeout} s")


@contextlib.contextmanager
def streamlit_app(warehouse: Path, workdir: Path, extra_env: dict[str, str] | None = None,
                  port: int | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app against `warehouse` (audit log and output in `workdir`); yields (url, process)."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "WIJKVRAAG_SCREENSHOTS"}
    env["WIJKVRAAG_WAREHOUSE_PATH"] = str(warehouse)
    env["WIJKVRAAG_AUDIT_LOG_PATH"] = str(workdir / "audit.jsonl")
    # a release log of its own: what the app may release must not depend on what ran before it
    env["WIJKVRAAG_RELEASE_LOG_PATH"] = str(workdir / "vrijgaven.sqlite")
    env.update(extra_env or {})
    with open(workdir / "streamlit.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "app_server.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc)
            yield f"http://127.0.0.1:{port}/", proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_warm(workdir: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until the server has printed that its warm-up (app_server.py) is done."""
    from app_server import WARM_LOG

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopte met code {proc.returncode}")
        if WARM_LOG.encode() in (workdir / "streamlit.log").read_bytes():
            return
        time.sleep(0.1)
    raise RuntimeError(f"de app was niet opgewarmd binnen {timeout} s")


def launch_browser(playwright, profile_dir: Path, viewport: dict | None = None):
    """Debian's Chromium in a fresh profile (a persistent context: one browser, one profile)."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
        viewport=viewport or {"width": 1400, "height": 3400},
    )


def ask(page, question: str, answers_before: int, timeout_ms: int = 60_000) -> None:
    """Type a question in the chat box and wait until its answer is complete."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    page.get_by_test_id("stChatMessage").nth(2 * answers_before + 1).wait_for(timeout=timeout_ms)
    # the reply is complete once the script run has finished
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
