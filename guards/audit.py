"""Append-only, tamper-evident audit log: one JSON line per guard decision, safe under concurrent writers.

Every entry carries a sequence number ``seq``, the hash of the entry before it (``prev``) and its own
``hash``: SHA-256 (or HMAC-SHA-256 with a configured key) over the entry's canonical JSON without
``hash``. Changing, removing or inserting a line breaks the chain at that point, and
:meth:`AuditLog.verify` names the first line where it breaks. A small head file beside the log
(``<log>.head``) holds the last sequence number and hash, so cutting entries off the end is found too.
With a key (``WIJKVRAAG_AUDIT_KEY``) nobody without the key can rewrite the chain from some point on.

Writers (threads, and app, CLI and API processes sharing the file) hold a per-path thread lock and an
exclusive ``flock`` on the log while they read the last entry's hash, append the new entry with one
``write`` on an ``O_APPEND`` descriptor and update the head file, so the chain never forks and no
entry is lost or interleaved. No entry is ever rewritten or removed.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["AuditLog", "DECISIONS", "GENESIS", "Verification"]

DECISIONS = frozenset({"released", "answered", "suppressed", "refused", "clarification", "error"})
GENESIS = "0" * 64  # the ``prev`` of the first entry

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


def _canonical(entry: dict) -> bytes:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class Verification:
    """The outcome of :meth:`AuditLog.verify`: ``ok``, the number of entries, and where the chain first
    breaks (``line``, 1-based, and ``seq``, the sequence number expected there) with a Dutch ``problem``."""

    ok: bool
    entries: int
    line: int | None = None
    seq: int | None = None
    kind: str | None = None  # "gewijzigd" | "ontbreekt" | "ingevoegd" | "onleesbaar" | "afgekapt"
    problem: str = ""
    details: dict = field(default_factory=dict)

    def message(self) -> str:
        if self.ok:
            return f"Auditlog in orde: {self.entries} regels, de keten is ongeschonden."
        return f"Auditlog NIET in orde: {self.problem}"


class AuditLog:
    """``AuditLog(path).record(user, question, sql, decision, reasons, role=...)`` appends one entry.

    ``user`` is the authenticated subject (or the demo user); nothing else that identifies a person is
    written. ``question`` must already be scrubbed of personal data; pass ``scrub`` (text -> text) to
    have the log scrub it again as a last line of defence. ``key`` (bytes or str) turns the entry hash
    into an HMAC.
    """

    def __init__(self, path: str | os.PathLike, scrub: Callable[[str], str] | None = None,
                 key: bytes | str | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self._scrub = scrub
        self._key = key.encode("utf-8") if isinstance(key, str) else key
        self._lock_key = self.path.resolve()
        self._tail: tuple[int, int, int, str] | None = None  # (inode, size, seq, hash) after our last write

    # ------------------------------------------------------------------ hashing
    def _digest(self, entry: dict) -> str:
        data = _canonical(entry)
        if self._key:
            return hmac.new(self._key, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()

    # ------------------------------------------------------------------ writing
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
        entry: dict = {
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
        entry = json.loads(json.dumps(entry, ensure_ascii=False, default=str))  # exactly what is read back
        with _lock_for(self._lock_key):
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    seq, prev = self._last(fd)
                    entry["seq"] = seq + 1
                    entry["prev"] = prev
                    entry["hash"] = self._digest(entry)
                    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
                    view = memoryview(line)
                    while view:
                        written = os.write(fd, view)
                        view = view[written:]
                    stat = os.fstat(fd)
                    self._tail = (stat.st_ino, stat.st_size, entry["seq"], entry["hash"])
                    self._write_head(entry["seq"], entry["hash"])
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        return entry

    def _last(self, fd: int) -> tuple[int, str]:
        """(seq, hash) of the last entry in the file (-1 and GENESIS when empty); caller holds the lock."""
        stat = os.fstat(fd)
        if self._tail is not None and self._tail[:2] == (stat.st_ino, stat.st_size):
            return self._tail[2], self._tail[3]
        size = stat.st_size
        if size == 0:
            return -1, GENESIS
        block, end, data = 4096, size, b""
        while end > 0:
            start = max(0, end - block)
            data = os.pread(fd, end - start, start) + data
            end = start
            if data.rstrip(b"\n").count(b"\n") >= 1:
                break
        last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
        try:
            previous = json.loads(last)
            return int(previous["seq"]), str(previous["hash"])
        except (ValueError, KeyError, TypeError):
            # an unchained or damaged last line: chain on to its raw bytes (verify reports the line)
            return -1, hashlib.sha256(last).hexdigest()

    def _write_head(self, seq: int, digest: str) -> None:
        tmp = self.head_path.with_name(f"{self.head_path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"seq": seq, "hash": digest}) + "\n", encoding="utf-8")
        os.replace(tmp, self.head_path)

    # ------------------------------------------------------------------ reading
    def entries(self) -> list[dict]:
        """All entries in order of writing (for the analyst view and tests)."""
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def verify(self) -> Verification:
        """Walk the chain; report the first line that was changed, removed, inserted or cut off."""
        lines: list[bytes] = []
        if self.path.exists():
            with open(self.path, "rb") as fh:
                lines = [line for line in fh.read().split(b"\n") if line.strip()]
        prev, expected = GENESIS, 0
        for number, raw in enumerate(lines, start=1):
            try:
                entry = json.loads(raw)
                seq, prev_field, digest = int(entry["seq"]), str(entry["prev"]), str(entry["hash"])
            except (ValueError, KeyError, TypeError):
                return self._broken(len(lines), number, expected, "onleesbaar",
                                    f"regel {number} (volgnummer {expected}) is geen geldige, geketende auditregel.")
            intact = hmac.compare_digest(self._digest(entry), digest)
            if seq == expected and prev_field == prev and intact:
                prev, expected = digest, expected + 1
                continue
            if seq == expected and not intact:
                return self._broken(len(lines), number, seq, "gewijzigd",
                                    f"regel {number} (volgnummer {seq}) is gewijzigd: de inhoud past niet bij de hash.")
            if seq == expected:  # intact itself, but not chained to what stands before it
                return self._broken(len(lines), number, seq, "gewijzigd",
                                    f"regel {number} (volgnummer {seq}) sluit niet aan op de regel ervoor "
                                    "(de regel of zijn voorganger is gewijzigd of vervangen).")
            if seq > expected:
                missing = f"volgnummer {expected}" if seq == expected + 1 else f"volgnummers {expected} t/m {seq - 1}"
                return self._broken(len(lines), number, expected, "ontbreekt",
                                    f"{missing} ontbreekt: verwijderd vóór regel {number}.")
            return self._broken(len(lines), number, expected, "ingevoegd",
                                f"regel {number} is ingevoegd of dubbel (volgnummer {seq}, verwacht {expected}).")
        head = self._read_head()
        if head is not None:
            head_seq, head_hash = head
            if head_seq >= expected:
                return self._broken(len(lines), len(lines) + 1, expected, "afgekapt",
                                    f"het log eindigt bij volgnummer {expected - 1}, maar volgnummer {head_seq} is "
                                    f"geschreven: volgnummer {expected} en verder ontbreken.")
            if head_seq == expected - 1 and not hmac.compare_digest(head_hash, prev):
                return self._broken(len(lines), len(lines), head_seq, "gewijzigd",
                                    f"de laatste regel (volgnummer {head_seq}) is vervangen.")
        return Verification(ok=True, entries=len(lines))

    def _read_head(self) -> tuple[int, str] | None:
        try:
            data = json.loads(self.head_path.read_text(encoding="utf-8"))
            return int(data["seq"]), str(data["hash"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @staticmethod
    def _broken(entries: int, line: int, seq: int, kind: str, problem: str) -> Verification:
        return Verification(ok=False, entries=entries, line=line, seq=seq, kind=kind, problem=problem)
