"""Audit log: one JSON line per decision, nothing lost under threads and processes."""

from __future__ import annotations

import json
import multiprocessing as mp
import threading

import pytest

from guards.audit import AuditLog


def _write_many(path: str, worker: int, count: int) -> None:
    log = AuditLog(path)
    for i in range(count):
        log.record(f"user{worker}", f"vraag {i} " + "x" * (i % 7 * 1500), "SELECT 1", "released", [f"reden {worker}-{i}"])


def test_record_writes_one_json_line_with_all_fields(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record("anna", "Hoeveel Wmo-cliënten in <NAAM>?", "SELECT 1", "suppressed", ["Cel te klein"])
    (entry,) = log.entries()
    assert entry["user"] == "anna" and entry["decision"] == "suppressed"
    assert entry["question"] == "Hoeveel Wmo-cliënten in <NAAM>?" and entry["reasons"] == ["Cel te klein"]
    assert entry["sql"] == "SELECT 1" and entry["time"].endswith("+00:00")


def test_unknown_decision_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        AuditLog(tmp_path / "a.jsonl").record("u", "q", None, "maybe", [])


def test_optional_scrubber_runs_before_writing(tmp_path):
    log = AuditLog(tmp_path / "a.jsonl", scrub=lambda t: t.replace("Jansen", "<NAAM>"))
    log.record("u", "Hoeveel zorg krijgt Jansen?", None, "refused", ["individu"])
    assert "Jansen" not in (tmp_path / "a.jsonl").read_text()


def test_no_entry_lost_under_many_threads_and_processes(tmp_path):
    path = str(tmp_path / "audit.jsonl")
    threads = [threading.Thread(target=_write_many, args=(path, w, 60)) for w in range(16)]
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_write_many, args=(path, 100 + w, 60)) for w in range(4)]
    for t in threads + procs:
        t.start()
    for t in threads + procs:
        t.join()
    assert all(p.exitcode == 0 for p in procs)
    lines = open(path, encoding="utf-8").read().splitlines()
    assert len(lines) == 20 * 60
    entries = [json.loads(line) for line in lines]  # every line is a whole entry
    seen = {(e["user"], e["reasons"][0]) for e in entries}
    assert len(seen) == 20 * 60
