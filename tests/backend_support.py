"""Helpers for the backend tests: the development set answered on one backend, and the distinct
compiled queries behind it."""

from __future__ import annotations


import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant import Assistant, Settings
from assistant.evaluation import all_turns, load_devset
from semantic_layer import SemanticQuery, compile_query

Released = tuple[str, list[str], list[list[Any]], list[list[int]]]


def make_settings(tmp: Path, name: str, url: str | None = None) -> Settings:
    """Settings with a release log and audit log of their own (one per backend run)."""
    return Settings(warehouse_url=url, release_log_path=tmp / f"vrijgaven-{name}.sqlite",
                    audit_log_path=tmp / f"audit-{name}.jsonl", interpreter="offline")


def answer_devset(assistant: Assistant, compiled: list | None = None) -> dict[str, Released]:
    """Every development-set turn, each conversation in a fresh session: status, columns, the released
    rows (suppressed cells null) and the suppressed cells. ``compiled`` collects the distinct compiled
    queries behind the table answers."""
    out: dict[str, Released] = {}
    seen: set[str] = set()
    for conversation in load_devset():
        session = assistant.new_session(user=f"backend-{conversation.id}", role="analist")
        for turn in conversation.turns:
            answer = session.ask(turn.question)
            out[turn.key] = (answer.status, list(answer.columns), answer.rows, answer.suppressed)
            if compiled is not None and answer.semantic_query and answer.status in ("answered", "suppressed"):
                query = compile_query(SemanticQuery(**answer.semantic_query), assistant.catalogue)
                if query.sql("duckdb") not in seen:
                    seen.add(query.sql("duckdb"))
                    compiled.append(query)
    assert len(out) == len(all_turns(load_devset()))
    return out


def same_rows(got: list[tuple], expected: list[tuple]) -> bool:
    """Rows equal across engines in any order: unit sets as sets, numbers equal up to 1e-9 relative
    (sums of doubles differ in the last bits with the order of addition)."""
    if len(got) != len(expected):
        return False
    a, b = sorted(map(_key, got), key=lambda kv: kv[0]), sorted(map(_key, expected), key=lambda kv: kv[0])
    return all(_close(x, y) for x, y in zip(a, b))


def _normal(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d+(?:,\d+)*", value):
        # T-SQL has no arrays: the unit sketch comes as the ordered keys in one string (the guard reads
        # the smallest 64 distinct ones, as from an array)
        return tuple(float(v) for v in sorted({int(v) for v in value.split(",")})[:64])
    if isinstance(value, (list, tuple)):
        return tuple(sorted(_normal(v) for v in value))
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        return float(value)
    return value


def _key(row: tuple) -> tuple:
    values = tuple(_normal(v) for v in row)
    # sort on everything but floats rounded coarsely, so rows pair up despite last-bit differences
    return tuple((0, round(v, 3)) if isinstance(v, float) else (1, repr(v)) for v in values), values


def _close(u: Any, v: Any) -> bool:
    u, v = u[1], v[1]
    if len(u) != len(v):
        return False
    for x, y in zip(u, v):
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif x != y:
            return False
    return True
