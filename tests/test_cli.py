"""The CLI: one JSON object per answer, batch mode over stdin with conversations split by empty lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["status", "answer", "question", "sql", "columns", "rows", "suppressed", "notices", "source", "protection"]


def run(args, stdin=None, tmp_path=None):
    env = dict(os.environ, WIJKVRAAG_AUDIT_LOG_PATH=str(tmp_path / "audit.jsonl"))
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)


def test_ask_json_has_exactly_the_spec_fields(warehouse_path, tmp_path):
    result = run(["ask", "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?", "--json"], tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == KEYS
    assert data["status"] == "answered" and data["columns"] == ["clienten"]


def test_batch_mode_two_conversations(warehouse_path, tmp_path):
    stdin = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?\nEn in 2022?\n\nEn in 2022?\n"
    result = run(["ask", "--json"], stdin=stdin, tmp_path=tmp_path)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3
    assert lines[0]["status"] == "answered" and lines[1]["status"] == "answered"
    assert "2022" in lines[1]["answer"]
    assert lines[2]["status"] == "clarification"  # a new conversation has no previous question


def test_sql_command_refuses_identity_table(warehouse_path, tmp_path):
    result = run(["sql", "SELECT bsn FROM persoon_identiteit", "--json"], tmp_path=tmp_path)
    data = json.loads(result.stdout)
    assert list(data) == KEYS and data["status"] == "refused" and data["rows"] == []


def test_readable_output(warehouse_path, tmp_path):
    result = run(["ask", "Kosten per wet in 2024"], tmp_path=tmp_path)
    assert result.returncode == 0 and "Wmo" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_missing_warehouse_gives_a_dutch_error_and_no_traceback(tmp_path):
    env = {**os.environ, "WIJKVRAAG_WAREHOUSE_PATH": str(tmp_path / "ontbreekt.duckdb"),
           "WIJKVRAAG_AUDIT_LOG_PATH": str(tmp_path / "audit.jsonl")}
    env.pop("WIJKVRAAG_DEBUG", None)
    for args in (["ask", "Hoeveel Wmo-cliënten?", "--json"], ["sql", "SELECT 1", "--json"]):
        done = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=120)
        assert done.returncode == 1
        answer = json.loads(done.stdout)
        assert answer["status"] == "error" and "python -m warehouse build" in answer["answer"]
        assert "Traceback" not in done.stderr
