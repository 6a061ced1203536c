"""The app's own database: conversation history, feedback and verified questions (one SQLite file).

Separate from the warehouse (which is read-only): ``Settings.app_db`` puts it beside the warehouse
file. Every call opens its own connection in WAL mode with a busy timeout, so several Streamlit
sessions and server processes can write at the same time.

Public surface::

    store = AppStore(path)
    store.add_turn(user, {"role": "user", ...})      # history, per user
    store.turns(user); store.clear(user)
    store.add_feedback(user, turn_id, rating, comment, question, semantic_query, sql)
    store.feedback()                                 # overview for analysts
    store.verify(question, semantic_query, sql, by)  # an analyst trusts this answer
    store.verified(question)                         # the stored semantic query, or None
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.text import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS turn (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    created REAL NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turn_user ON turn (user, id);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user TEXT NOT NULL,
    turn_id INTEGER,
    created REAL NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    semantic_query TEXT,
    sql TEXT
);
CREATE TABLE IF NOT EXISTS verified (
    question_key TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    semantic_query TEXT NOT NULL,
    sql TEXT,
    verified_by TEXT NOT NULL,
    created REAL NOT NULL
);
"""


def question_key(question: str) -> str:
    """Normalised question text: folded case and accents, single spaces, no closing punctuation."""
    return " ".join(fold(question or "").split()).strip(" ?.!")


class AppStore:
    """Feedback, verified questions and history in one SQLite file, safe for concurrent writers."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10)
        try:
            con.execute("PRAGMA busy_timeout = 10000")
            with con:  # one transaction: committed on success, rolled back on error
                yield con
        finally:
            con.close()

    # ------------------------------------------------------------------ history
    def add_turn(self, user: str, message: dict[str, Any]) -> int:
        with self._connect() as con:
            cur = con.execute("INSERT INTO turn (user, created, message) VALUES (?, ?, ?)",
                              (user, time.time(), json.dumps(message, ensure_ascii=False, default=str)))
            return int(cur.lastrowid)

    def turns(self, user: str) -> list[dict[str, Any]]:
        """The user's conversation, oldest first; each message carries its ``turn_id``."""
        with self._connect() as con:
            rows = con.execute("SELECT id, message FROM turn WHERE user = ? ORDER BY id", (user,)).fetchall()
        return [{**json.loads(message), "turn_id": turn_id} for turn_id, message in rows]

    def clear(self, user: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM turn WHERE user = ?", (user,))

    # ------------------------------------------------------------------ feedback
    def add_feedback(self, user: str, turn_id: int | None, rating: int, comment: str, question: str,
                     semantic_query: dict | None, sql: str | None) -> int:
        if rating not in (-1, 1):
            raise ValueError("rating is 1 (goed) of -1 (niet goed)")
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO feedback (user, turn_id, created, rating, comment, question, semantic_query, sql) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (user, turn_id, time.time(), rating, (comment or "").strip()[:2000], question,
                 json.dumps(semantic_query, ensure_ascii=False) if semantic_query else None, sql))
            return int(cur.lastrowid)

    def feedback(self, limit: int = 200) -> list[dict[str, Any]]:
        """Newest first: what users said about which question, with the semantic query and SQL."""
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            rows = con.execute("SELECT * FROM feedback ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    # ------------------------------------------------------------------ verified questions
    def verify(self, question: str, semantic_query: dict, sql: str | None, by: str) -> None:
        with self._connect() as con:
            con.execute(
                "INSERT INTO verified (question_key, question, semantic_query, sql, verified_by, created) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_key) DO UPDATE SET question = excluded.question, "
                "semantic_query = excluded.semantic_query, sql = excluded.sql, verified_by = excluded.verified_by, "
                "created = excluded.created",
                (question_key(question), question, json.dumps(semantic_query, ensure_ascii=False), sql, by,
                 time.time()))

    def verified(self, question: str) -> dict | None:
        """The semantic query an analyst verified for this question (normalised text match), or None."""
        key = question_key(question)
        if not key:
            return None
        with self._connect() as con:
            row = con.execute("SELECT semantic_query FROM verified WHERE question_key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def is_verified(self, question: str) -> bool:
        return self.verified(question) is not None
