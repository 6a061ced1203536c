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
    assert AuditLog(path).verify().ok  # and the chain is one unbroken line


# --------------------------------------------------------------------------- the hash chain

def _filled(tmp_path, n=6, key=None) -> AuditLog:
    log = AuditLog(tmp_path / "audit.jsonl", key=key)
    for i in range(n):
        log.record(f"sub-{i % 2}", f"vraag {i}", None, "answered", [], role="beleidsmaker")
    return log


def _lines(log: AuditLog) -> list[str]:
    return log.path.read_text(encoding="utf-8").splitlines()


def _write(log: AuditLog, lines: list[str]) -> None:
    log.path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_entries_are_chained_and_verify(tmp_path):
    log = _filled(tmp_path)
    entries = log.entries()
    assert [e["seq"] for e in entries] == list(range(6))
    assert entries[0]["prev"] == "0" * 64
    assert all(b["prev"] == a["hash"] for a, b in zip(entries, entries[1:]))
    assert entries[3]["user"] == "sub-1" and entries[3]["role"] == "beleidsmaker"
    result = log.verify()
    assert result.ok and result.entries == 6, result.message()


def test_verify_names_an_altered_entry(tmp_path):
    log = _filled(tmp_path)
    lines = _lines(log)
    lines[2] = lines[2].replace("vraag 2", "vraag X")
    _write(log, lines)
    result = log.verify()
    assert not result.ok and result.kind == "gewijzigd" and result.line == 3 and result.seq == 2
    assert "regel 3" in result.message()


def test_verify_names_an_altered_entry_with_a_recomputed_hash(tmp_path):
    log = _filled(tmp_path)
    lines = _lines(log)
    entry = json.loads(lines[2])
    entry["user"] = "iemand-anders"
    from guards.audit import _canonical  # noqa: PLC0415 - the forger knows the format
    import hashlib  # noqa: PLC0415

    entry["hash"] = hashlib.sha256(_canonical(entry)).hexdigest()
    lines[2] = json.dumps(entry, ensure_ascii=False)
    _write(log, lines)
    result = log.verify()  # the next line no longer chains to it
    assert not result.ok and result.line == 4 and result.kind == "gewijzigd"


def test_verify_names_a_deleted_entry(tmp_path):
    log = _filled(tmp_path)
    lines = _lines(log)
    del lines[3]
    _write(log, lines)
    result = log.verify()
    assert not result.ok and result.kind == "ontbreekt" and result.seq == 3 and result.line == 4
    assert "volgnummer 3 ontbreekt" in result.message()


def test_verify_names_an_inserted_entry(tmp_path):
    log = _filled(tmp_path)
    lines = _lines(log)
    lines.insert(2, lines[0])  # a copy of an earlier, valid entry
    _write(log, lines)
    result = log.verify()
    assert not result.ok and result.kind == "ingevoegd" and result.line == 3
    lines = _lines(log)
    lines[2] = json.dumps({"time": "2026-01-01T00:00:00+00:00", "user": "x", "decision": "answered"})
    _write(log, lines)
    result = log.verify()
    assert not result.ok and result.line == 3


def test_verify_names_entries_cut_off_the_end(tmp_path):
    log = _filled(tmp_path)
    _write(log, _lines(log)[:-2])
    result = log.verify()
    assert not result.ok and result.kind == "afgekapt" and result.seq == 4


def test_a_keyed_chain_cannot_be_rewritten_without_the_key(tmp_path):
    log = _filled(tmp_path, key="geheim")
    assert log.verify().ok
    assert not AuditLog(log.path, key="ander-geheim").verify().ok
    assert not AuditLog(log.path).verify().ok


def test_writing_continues_the_chain_after_another_writer(tmp_path):
    first, second = AuditLog(tmp_path / "a.jsonl"), AuditLog(tmp_path / "a.jsonl")
    first.record("a", "q", None, "answered")
    second.record("b", "q", None, "answered")
    first.record("a", "q", None, "answered")  # its cached tail is stale: it reads the file again
    assert [e["seq"] for e in first.entries()] == [0, 1, 2]
    assert first.verify().ok


def test_twenty_writers_threads_and_processes_still_verify(tmp_path):
    path = str(tmp_path / "audit.jsonl")
    threads = [threading.Thread(target=_write_many, args=(path, w, 25)) for w in range(14)]
    ctx = mp.get_context("spawn")  # fresh processes, as app, CLI and API are
    procs = [ctx.Process(target=_write_many, args=(path, 100 + w, 25)) for w in range(6)]
    for t in threads + procs:
        t.start()
    for t in threads + procs:
        t.join()
    assert all(p.exitcode == 0 for p in procs)
    log = AuditLog(path)
    result = log.verify()
    assert result.ok and result.entries == 20 * 25, result.message()
    assert sorted(e["seq"] for e in log.entries()) == list(range(500))


def test_cli_audit_verify_names_the_altered_entry(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    log = _filled(tmp_path)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "WIJKVRAAG_AUDIT_LOG_PATH": str(log.path)}
    env.pop("WIJKVRAAG_AUDIT_KEY", None)
    ok = subprocess.run([sys.executable, "-m", "assistant", "audit", "verify"], capture_output=True, text=True,
                        cwd=root, env=env, timeout=120)
    assert ok.returncode == 0 and "in orde" in ok.stdout, ok.stdout + ok.stderr
    lines = _lines(log)
    lines[4] = lines[4].replace('"answered"', '"refused"')
    _write(log, lines)
    bad = subprocess.run([sys.executable, "-m", "assistant", "audit", "verify", "--json"], capture_output=True,
                         text=True, cwd=root, env=env, timeout=120)
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert data["ok"] is False and data["line"] == 5 and data["kind"] == "gewijzigd" and "regel 5" in data["message"]
