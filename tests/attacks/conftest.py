"""Helpers for the attack suite: the attacker's view (CLI processes, API sessions of two users) and the
warehouse truth (RAW tables only: voorziening, persoon, kosten, gebied, bevolking, cbs_kerncijfers,
persoon_identiteit), so every test can say exactly what an attack would have revealed.

Success of one attack instance = the attacker's derived value equals the truth (a small count of
1..9, a person's cost within EUR 1, a provision's duration, an attribute). A suppressed, refused or
failed step is a failure for the attacker.
"""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = os.environ.get("WIJKVRAAG_TEST_PYTHON", sys.executable)
K = 10
MAX_SUCCESS_RATE = 0.35   # two independent +-2 deviations coincide with probability ~0.22
MIN_INSTANCES = 20
LAST_YEAR = 2024
GEMEENTE = "'s-Gravenhage"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------- truth (raw tables)

ACTIVE_SQL = f"""
CREATE TEMP TABLE truth_active AS
SELECT j.jaar, v.voorziening_id, v.persoon_id, v.huishouden_id, g.naam AS wijk, v.wet, v.soort, v.taakveld,
       j.jaar - p.geboortejaar AS leeftijd, p.geslacht, v.startdatum, v.einddatum,
       date_diff('day', v.startdatum, coalesce(v.einddatum, make_date({LAST_YEAR}, 12, 31))) AS duur
FROM voorziening v
JOIN persoon p ON p.persoon_id = v.persoon_id
JOIN gebied g ON g.gebied_code = v.wijk_code
JOIN (SELECT DISTINCT jaar FROM bevolking) j
  ON v.startdatum <= make_date(j.jaar, 12, 31)
 AND (v.einddatum IS NULL OR v.einddatum >= make_date(j.jaar, 1, 1));
CREATE TEMP TABLE truth_cost AS
SELECT k.jaar, v.voorziening_id, v.persoon_id, g.naam AS wijk, v.wet, v.soort, v.taakveld, k.bedrag
FROM kosten k
JOIN voorziening v ON v.voorziening_id = k.voorziening_id
JOIN gebied g ON g.gebied_code = v.wijk_code;
"""


class Truth:
    """Ground truth computed from the raw warehouse tables, never through the product."""

    def __init__(self, path: Path):
        self.con = duckdb.connect(str(path), read_only=True)
        self.con.execute(ACTIVE_SQL)

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: list | None = None):
        return self.con.execute(sql, params or []).fetchone()[0]


@pytest.fixture(scope="session")
def truth() -> Truth:
    path = ROOT / "warehouse" / "sociaal_domein.duckdb"
    if not path.exists():
        pytest.skip("warehouse not built")
    t = Truth(path)
    yield t
    t.con.close()


# ---------------------------------------------------------------- the attacker's interfaces

def _env(audit: Path) -> dict:
    env = dict(os.environ)
    env["WIJKVRAAG_AUDIT_LOG_PATH"] = str(audit)
    env.pop("WIJKVRAAG_DEBUG", None)
    return env


def cli_ask(questions: list[str | None], audit: Path, user: str = "cli") -> list[dict]:
    """One CLI process: `python -m assistant ask --json`, questions on stdin (None = a new conversation).
    Returns one JSON answer per question."""
    lines = ["" if q is None else q for q in questions]
    proc = subprocess.run(
        [PYTHON, "-m", "assistant", "ask", "--json", "--user", user, "--role", "analist"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=_env(audit), timeout=300)
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    expected = sum(1 for q in questions if q)
    assert len(answers) == expected, (proc.returncode, proc.stderr[-2000:])
    return answers


def cli_sql(sql: str, audit: Path, user: str = "cli") -> dict:
    """One CLI process: `python -m assistant sql "SELECT ..." --json`."""
    proc = subprocess.run(
        [PYTHON, "-m", "assistant", "sql", sql, "--json", "--user", user],
        capture_output=True, text=True, cwd=ROOT, env=_env(audit), timeout=120)
    lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    assert len(lines) == 1, (proc.returncode, proc.stdout[-1000:], proc.stderr[-2000:])
    return json.loads(lines[0])


def cli_in(tmp_path: Path, args: list[str], user: str) -> tuple[dict, str]:
    """One CLI process (`python -m assistant <args> --json`) with an audit log, release log and app db of its own
    under ``tmp_path``: its JSON answer and the audit log's text (as `ask` a raadslid, as `sql` an analist)."""
    env = dict(os.environ, WIJKVRAAG_AUDIT_LOG_PATH=str(tmp_path / "audit.jsonl"),
               WIJKVRAAG_RELEASE_LOG_PATH=str(tmp_path / "vrijgaven.sqlite"),
               WIJKVRAAG_APP_DB_PATH=str(tmp_path / "app.sqlite"), PYTHONPATH=str(ROOT))
    args = [*args, "--user", user, "--json"] + (["--role", "raadslid"] if args[0] == "ask" else [])
    proc = subprocess.run([PYTHON, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, (proc.returncode, proc.stderr[-1500:])
    audit = tmp_path / "audit.jsonl"
    return json.loads(lines[0]), audit.read_text(encoding="utf-8") if audit.exists() else ""


class Api:
    """One Assistant (one process) with two analysts; attack steps are split over them."""

    def __init__(self, audit: Path, **settings):
        from assistant import Assistant, Settings

        self.audit = audit
        self.assistant = Assistant(Settings(audit_log_path=audit, **settings))
        self.s1 = self.assistant.new_session(user="u1", role="analist")
        self.s2 = self.assistant.new_session(user="u2", role="analist")
        self.turn = 0

    def take_turns(self, sql: str) -> dict:
        """Analyst SQL from u1 and u2 in turn."""
        self.turn += 1
        return self.sql(self.s1 if self.turn % 2 else self.s2, sql)

    def ask(self, session, question: str) -> dict:
        return session.ask(question).to_json_dict()

    def sql(self, session, sql: str) -> dict:
        return session.run_sql(sql).to_json_dict()


@pytest.fixture
def api(tmp_path) -> Api:
    a = Api(tmp_path / "audit_api.jsonl")
    yield a
    close = getattr(a.assistant, "close", None)
    if close:
        close()


@pytest.fixture
def fresh_api(tmp_path) -> Api:
    """Two analysts on a release log of their own, without rate limits."""
    a = Api(tmp_path / "audit_api.jsonl", release_log_path=tmp_path / "vrijgaven.sqlite",
            app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0)
    yield a
    a.assistant.close()


@pytest.fixture
def three_users(tmp_path):
    """Factory: three_users(tag) -> (assistant, a beleidsmaker, analyst a, analyst b, audit path), each assistant on a
    release log, audit log and app db of its own under tmp_path, without rate limits."""
    from assistant import Assistant, Settings

    made = []

    def make(tag):
        audit = tmp_path / f"audit-{tag}.jsonl"
        a = Assistant(Settings(audit_log_path=audit, release_log_path=tmp_path / f"vrijgaven-{tag}.sqlite",
                               app_db_path=tmp_path / f"app-{tag}.sqlite", rate_sql_per_minute=0,
                               rate_questions_per_minute=0))
        made.append(a)
        return (a, a.new_session(user=f"{tag}-beleid", role="beleidsmaker", roles=("beleidsmaker",)),
                a.new_session(user=f"{tag}-a1", role="analist", roles=("analist",)),
                a.new_session(user=f"{tag}-a2", role="analist", roles=("analist",)), audit)

    yield make
    for a in made:
        a.close()


@pytest.fixture
def four_users(three_users):
    """Factory: four_users(tag) -> (assistant, {"b": beleidsmaker, "r": raadslid, "a1": analyst, "a2": analyst}, audit
    path), on one assistant of three_users."""
    def make(tag):
        a, beleid, a1, a2, audit = three_users(tag)
        return a, {"b": beleid, "r": a.new_session(user=f"{tag}-raad", role="raadslid", roles=("raadslid",)),
                   "a1": a1, "a2": a2}, audit
    return make


@pytest.fixture
def audit(tmp_path) -> Path:
    return tmp_path / "audit_cli.jsonl"


# ---------------------------------------------------------------- reading answers

def single_value(answer: dict):
    """The one released number of an answer, or None when the step gave the attacker nothing."""
    if answer.get("status") != "answered":
        return None
    rows = answer.get("rows") or []
    if len(rows) != 1 or not rows[0]:
        return None
    value = rows[0][-1]
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def clients_sql(wijk: str, wet: str, year: int, condition: str | None = None) -> str:
    """Analyst SQL: the clients of one wet in one wijk and year, with an extra condition."""
    return (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE wijk = {sql_literal(wijk)} "
            f"AND wet = {sql_literal(wet)} AND jaar = {year}" + (f" AND {condition}" if condition else ""))


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def assert_rate(label: str, outcomes: list[tuple[object, bool]], min_instances: int = MIN_INSTANCES,
                max_rate: float = MAX_SUCCESS_RATE) -> None:
    """outcomes: (instance description, attacker succeeded). Fails with the successful instances listed."""
    assert len(outcomes) >= min_instances, f"{label}: only {len(outcomes)} instances (need {min_instances})"
    wins = [inst for inst, ok in outcomes if ok]
    rate = len(wins) / len(outcomes)
    assert rate <= max_rate, (
        f"{label}: attacker recovered the true small value in {len(wins)}/{len(outcomes)} instances "
        f"(rate {rate:.2f} > {max_rate}); e.g. {wins[:5]}")


def assert_averaging_at_chance(truth, diffs: dict, targets: dict[str, str], years, age: int) -> None:
    """Score an averaging attack on the clients aged exactly ``age`` in one wijk per stadsdeel
    (``targets``: stadsdeel -> wijk): diffs[False][(stadsdeel, jaar)] holds the estimates of the whole
    stadsdeel, diffs[True] those of the stadsdeel without its wijk; their means differ by the wijk's
    count. Fails when the attacker gets more small counts (1..9) exactly right than chance (always
    guessing the most common true value) or MAX_SUCCESS_RATE allow."""
    outcomes, values = [], []
    for stadsdeel, wijk in targets.items():
        for year in years:
            true = truth.scalar(
                "SELECT count(DISTINCT persoon_id) FROM truth_active WHERE wijk = ? AND jaar = ? AND leeftijd = ?",
                [wijk, year, age])
            if not 1 <= true <= 9:
                continue
            values.append(true)
            full, rest = diffs[False].get((stadsdeel, year)), diffs[True].get((stadsdeel, year))
            estimate = sum(full) / len(full) - sum(rest) / len(rest) if full and rest else None
            ok = estimate is not None and round(estimate) == true
            outcomes.append(((stadsdeel, wijk, year, true, estimate and round(estimate, 2)), ok))
    assert len(outcomes) >= 20, len(outcomes)
    chance = collections.Counter(values).most_common(1)[0][1] / len(values)
    wins = [inst for inst, ok in outcomes if ok]
    assert len(wins) / len(outcomes) <= max(MAX_SUCCESS_RATE, chance), (
        f"recovered {len(wins)}/{len(outcomes)} exact small counts (chance {chance:.2f}); "
        f"all: {[inst for inst, _ in outcomes]}")


def assert_dutch_refusal(answer: dict) -> None:
    assert answer["status"] == "refused", answer
    text = answer.get("answer") or ""
    assert len(text) > 20, answer
    assert any(w in text.lower() for w in (" niet ", " geen ", "nooit", "wordt", "mag")), text


def app_page(app) -> str:
    """Everything the chat messages of an AppTest run show, in lower case."""
    parts = []
    for c in app.chat_message:
        for kind in ("markdown", "info", "warning", "error", "caption", "code"):
            parts += [str(e.value) for e in getattr(c, kind, [])]
    return " ".join(parts).lower()


def app_round(tmp_path: Path, monkeypatch, question: str, comment: str, sql: str, more: list[str] = ()) -> dict:
    """The app (AppTest, demo, analist) on logs of its own: ``question`` asked, ``comment`` given as feedback on the
    answer, ``sql`` run from the answer's SQL editor, then the questions ``more`` in the same chat. What it shows and
    keeps, in lower case: the page, the share links
    (?vraag=), app.sqlite (turns and feedback), the page after a reload (?gesprek=) and the audit log."""
    import sqlite3
    from urllib.parse import unquote

    from streamlit.testing.v1 import AppTest

    for k, v in {"WIJKVRAAG_AUDIT_LOG_PATH": tmp_path / "audit.jsonl",
                 "WIJKVRAAG_RELEASE_LOG_PATH": tmp_path / "vrijgaven.sqlite",
                 "WIJKVRAAG_APP_DB_PATH": tmp_path / "app.sqlite"}.items():
        monkeypatch.setenv(k, str(v))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.radio(key="role").set_value("Analist").run()
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    at.text_input(key="fb_comment_1").set_value(comment)
    at.button(key="fb_down_1").click()
    at.run()
    at.text_area(key="sql_edit_1").set_value(sql)
    at.button(key="sql_run_1").click()
    at.run()
    assert not at.exception, at.exception
    for q in more:
        at.chat_input[0].set_value(q).run()
        assert not at.exception, at.exception
    every = " ".join(str(e.value) for e in at.markdown) + " " + app_page(at)
    links = " ".join(unquote(m) for m in re.findall(r"\?vraag=[^)\s\"']*", every))  # (none for a question with '…')
    gesprek = at.query_params.get("gesprek")
    gesprek = gesprek[0] if isinstance(gesprek, list) else gesprek
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        stored = " ".join(json.dumps(r, ensure_ascii=False) for t in ("turn", "feedback")
                          for r in db.execute(f"SELECT * FROM {t}")).lower()
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    again.query_params["gesprek"] = gesprek
    again.run()
    audit = tmp_path / "audit.jsonl"
    with sqlite3.connect(tmp_path / "app.sqlite") as db:
        history = [m.get("text") or "" for (raw,) in db.execute("SELECT message FROM turn ORDER BY id")
                   for m in [json.loads(raw)] if m.get("role") == "user"]
    return {"page": app_page(at), "share link ?vraag=": links.lower(), "app.sqlite": stored,
            "reload ?gesprek=": app_page(again), "audit": audit.read_text(encoding="utf-8").lower() if audit.exists() else "",
            "history": history}
