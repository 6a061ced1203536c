"""Start the Wijkvraag page with its heavy engines warmed while the server starts.

``python app_server.py [streamlit options]`` is ``streamlit run app.py [options]`` plus one thing Streamlit has
no hook for: before the first browser opens the page, a background thread builds the process's one
``Assistant`` (warehouse, semantic layer, release log, PII engine), reads two example questions and imports
the page's own libraries. The page finds all of it ready (``assistant.shared_assistant``), so the first
question is answered in well under a second instead of after the start-up. A page opened during the warm-up
waits for it, exactly as without it. ``./run.sh`` starts the app this way.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP = ROOT / "app.py"
WARM_LOG = "Wijkvraag warm"  # the line the server prints when the warm-up is done (read by bench/appserver.py)


def warm() -> None:
    """Build what the first page run needs; a failure is left for the page to explain in Dutch."""
    started = time.monotonic()
    try:
        import altair  # noqa: F401 - the page's own libraries, imported once for every session
        import pandas  # noqa: F401

        import app_auth  # noqa: F401
        from assistant import AssistantError, Settings, shared_assistant

        try:
            shared_assistant(Settings()).warm()
        except AssistantError:
            pass  # the warehouse is missing: the page says so and how to build it
    except Exception:  # noqa: BLE001 - never stop the server; the page reports the problem itself
        logging.getLogger("wijkvraag").exception("opwarmen mislukt")
    print(f"{WARM_LOG} in {time.monotonic() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    threading.Thread(target=warm, name="wijkvraag-warm", daemon=True).start()
    cli.main(args=["run", str(APP), *(sys.argv[1:] if argv is None else argv)], prog_name="streamlit")


if __name__ == "__main__":
    main()
