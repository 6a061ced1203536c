"""Append-only audit log: one JSON line per guard decision, safe under concurrent sessions.

Each entry is encoded completely in memory and written with a single ``write`` on a file opened
with ``O_APPEND``, while holding both a per-path thread lock and an exclusive ``flock`` on the
file. ``O_APPEND`` makes the kernel place every write at the current end of file; the locks make a
long entry (larger than the pipe-buffer atomicity limit) and a partial write impossible to
interleave with another thread's or process's entry. No entry is ever rewritten or removed.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["AuditLog", "DECISIONS"]

DECISIONS = frozenset({"released", "answered", "suppressed", "refused", "clarification", "error"})

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: Path) -> threading.Lock:
    key = str(path)
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _reset_locks_in_child() -> None:
    # a fork while another thread was writing would leave the child's copy of that lock held forever
    global _locks_guard
    _locks_guard = threading.Lock()
    _locks.clear()


os.register_at_fork(after_in_child=_reset_locks_in_child)


class AuditLog:
    """``AuditLog(path).record(user, question, sql, decision, reasons)`` appends one JSON line.

    ``question`` must already be scrubbed of personal data; pass ``scrub`` (text -> text) to have
    the log scrub it again as a last line of defence.
    """

    def __init__(self, path: str | os.PathLike, scrub: Callable[[str], str] | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._scrub = scrub
        self._key = self.path.resolve()

    def record(
        self,
        user: str,
        question: str | None,
        sql: str | None,
        decision: str,
        reasons: Iterable[str] | None = None,
        **extra: object,
    ) -> dict:
        """Append one entry and return it. ``decision``: released/answered, suppressed, refused,
        clarification or error."""
        if decision not in DECISIONS:
            raise ValueError(f"onbekende beslissing {decision!r}; verwacht een van {sorted(DECISIONS)}")
        text = question if question is None or self._scrub is None else self._scrub(question)
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="microseconds"),
            "user": str(user),
            "question": text,
            "sql": sql,
            "decision": decision,
            "reasons": [str(r) for r in (reasons or [])],
            "pid": os.getpid(),
        }
        for key, value in extra.items():
            entry.setdefault(key, value)
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with _lock_for(self._key):
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    view = memoryview(line)
                    while view:
                        written = os.write(fd, view)
                        view = view[written:]
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        return entry

    def entries(self) -> list[dict]:
        """All entries in order of writing (for the analyst view and tests)."""
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
