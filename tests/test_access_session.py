"""Roles and rate limits are enforced in the assistant (``Session``), for the app, the API and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.ratelimit import RateLimiter

ROOT = Path(__file__).resolve().parent.parent
SQL = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar "
       "WHERE jaar = 2024 AND wet = 'Wmo' GROUP BY wijk")
QUESTION = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"


@pytest.fixture(scope="module")
def assistant(warehouse_path, tmp_path_factory):
    audit = tmp_path_factory.mktemp("toegang") / "audit.jsonl"
    instance = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=audit,
                                  rate_questions_per_minute=0, rate_sql_per_minute=0))
    yield instance
    instance.close()


def _last_entry(assistant, subject):
    return [e for e in assistant.audit.entries() if e["user"] == subject][-1]


def test_a_beleidsmaker_cannot_run_sql(assistant):
    session = assistant.new_session(user="sub-beleid", role="beleidsmaker")
    answer = session.run_sql(SQL)
    assert answer.status == "refused" and answer.rows == [] and answer.columns == []
    assert "alleen met de rol analist" in answer.answer
    entry = _last_entry(assistant, "sub-beleid")
    assert entry["decision"] == "refused" and entry["role"] == "beleidsmaker"
    assert "geen SQL" in entry["reasons"][0]


def test_a_raadslid_cannot_run_sql_and_an_analyst_can(assistant):
    assert assistant.new_session(user="sub-raad", role="raadslid").run_sql(SQL).status == "refused"
    answer = assistant.new_session(user="sub-ana", role="analist").run_sql(SQL)
    assert answer.status in ("answered", "suppressed") and answer.rows
    entry = _last_entry(assistant, "sub-ana")
    assert entry["role"] == "analist" and entry["decision"] in ("answered", "suppressed")


def test_a_session_only_takes_a_role_the_user_holds(assistant):
    session = assistant.new_session(user="sub-twee", role="beleidsmaker", roles=("beleidsmaker", "raadslid"))
    session.role = "raadslid"
    with pytest.raises(PermissionError):
        session.role = "analist"
    assert session.role == "raadslid" and session.run_sql(SQL).status == "refused"
    with pytest.raises(PermissionError):
        assistant.new_session(user="sub-geen", role="analist", roles=("beleidsmaker",))
    assert assistant.new_session(user="api").roles == frozenset({"beleidsmaker"})


def test_rate_limiter_sliding_window():
    now = [0.0]
    limiter = RateLimiter({"question": 3, "sql": 0}, clock=lambda: now[0])
    assert [limiter.check("a", "question") for _ in range(3)] == [None] * 3
    refused = limiter.check("a", "question")
    assert refused and "3 vragen per minuut" in refused and "60 seconden" in refused
    assert limiter.check("b", "question") is None  # another user is served
    assert all(limiter.check("a", "sql") is None for _ in range(50))  # 0: no limit
    now[0] = 60.5
    assert limiter.check("a", "question") is None  # after the window


def test_a_burst_over_the_limit_is_refused_and_logged_while_others_are_served(warehouse_path, tmp_path):
    audit = tmp_path / "audit.jsonl"
    limited = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=audit,
                                 rate_questions_per_minute=5, rate_sql_per_minute=2))
    try:
        burst = [limited.new_session(user="script").ask("Welke gegevens zijn er?") for _ in range(8)]
        assert [a.status for a in burst[:5]] == ["answered"] * 5
        assert all(a.status == "refused" and "grens van 5 vragen per minuut" in a.answer for a in burst[5:])
        # a new conversation of the same subject does not reset the count
        assert limited.new_session(user="script").ask("Welke gegevens zijn er?").status == "refused"
        # another user is served meanwhile
        assert limited.new_session(user="collega").ask(QUESTION).status == "answered"
        sql = [limited.new_session(user="ana", role="analist").run_sql(SQL).status for _ in range(3)]
        assert "refused" not in sql[:2] and sql[2] == "refused"
        entries = _entries(audit)
        refusals = [e for e in entries if e["user"] == "script" and e["decision"] == "refused"]
        assert len(refusals) == 4 and all(e["reasons"][0] == "snelheidsgrens vragen" for e in refusals)
        assert any(e["user"] == "ana" and e["reasons"][:1] == ["snelheidsgrens SQL"] for e in entries)
        assert limited.audit.verify().ok
    finally:
        limited.close()


def _entries(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def _cli(args, tmp_path, **env):
    full = {**os.environ, "WIJKVRAAG_AUDIT_LOG_PATH": str(tmp_path / "audit.jsonl"), **env}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT,
                          env=full, timeout=300)


def test_cli_sql_is_refused_without_the_analyst_role(warehouse_path, tmp_path):
    done = _cli(["sql", SQL, "--json", "--role", "beleidsmaker", "--user", "cli-beleid"], tmp_path)
    data = json.loads(done.stdout)
    assert data["status"] == "refused" and "analist" in data["answer"] and data["rows"] == []
    done = _cli(["sql", SQL, "--json"], tmp_path, WIJKVRAAG_CLI_ROLE="raadslid")
    assert json.loads(done.stdout)["status"] == "refused"
    entries = _entries(tmp_path / "audit.jsonl")
    assert [(e["user"], e["role"]) for e in entries] == [("cli-beleid", "beleidsmaker"), ("cli", "raadslid")]


def test_cli_refuses_to_answer_when_login_is_required(warehouse_path, tmp_path):
    done = _cli(["ask", QUESTION, "--json"], tmp_path, WIJKVRAAG_REQUIRE_LOGIN="1")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["status"] == "error" and "aanmelding" in data["answer"]
    assert not (tmp_path / "audit.jsonl").exists() or not (tmp_path / "audit.jsonl").read_text()
