"""Red team 5: averaged differencing across ALL THREE partitions at once (area x age x gender).

Target: the number of clients aged exactly A = 51 in one wijk W of each stadsdeel S, per year (1..9 people).
Red team 4 asked four cells [S, a..c] - [S, a+1..c] - [S-W, a..c] + [S-W, a+1..c]; since then every cell is
placed on each PAIR of partitions in the context the third one leaves, and that combination is caught in
the area x age context "both genders". This attack asks the S cells over both genders and the S-W cells
split by gender (GROUP BY stadsdeel, jaar, geslacht):

    est(c) = ([S, a..c] - [S, a+1..c])                                     (context: gender = all)
           - sum over g of ([S-W, a..c, g] - [S-W, a+1..c, g])             (contexts: gender = man / vrouw)

Every cell is large (hundreds of clients); no two released cells differ by 1..9 units; the area x age
equations of each gender context determine only [S-W, a, g] (large), those of "gender = all" only [S, a]
(large). The S cells and the S-W cells use disjoint upper ages c (even / odd offsets), so no area x gender
context (fixed age range) ever holds both and [W, a..c] is never determined either. The cell key noise has
mean 0, so the average over the upper ages converges on the exact small count [W, a].

Measured on this warehouse (red team 5): 18/32 exact (chance: always guessing the mode, 0.28), 48 SQL
statements, 0 cells suppressed, about 3 s per statement at the end (0.3 s at the start).
The same attack runs through each user surface: two analysts of one Assistant (API), separate CLI
processes on one release log, and the Streamlit app (AppTest) with a fresh browser session every few steps.
Written as strict xfails that failed on 1ecfc0a; every cell is now also placed on area x age x gender (the
product of all three atom sets), where these eight cells are one system, and the attack stays at chance.
"""

from __future__ import annotations

import collections
import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.attacks.conftest import PYTHON, ROOT, assert_averaging_at_chance, sql_literal

A = 51
YEARS = (2021, 2022, 2023, 2024)
FULL_C = list(range(A + 2, A + 26, 2))   # upper ages of the stadsdeel cells (both genders)
REST_C = list(range(A + 3, A + 27, 2))   # upper ages of the stadsdeel-minus-W cells (per gender)
TARGET_WIJK = {   # one wijk per stadsdeel (an attacker tries any; the truth only scores)
    "Loosduinen": "Kraayenstein en Vroondaal", "Centrum": "Archipelbuurt", "Segbroek": "Vogelwijk",
    "Laak": "Binckhorst", "Escamp": "Zuiderpark", "Leidschenveen-Ypenburg": "Hoornwijk",
    "Haagse Hout": "Benoordenhout", "Scheveningen": "Westbroekpark en Duttendel",
}


def _sql(lo: int, hi: int, rest: bool) -> str:
    years = ", ".join(str(y) for y in YEARS)
    g = ", geslacht" if rest else ""
    sql = (f"SELECT stadsdeel, jaar{g}, MEASURE(clienten) FROM vw_voorziening_jaar "
           f"WHERE leeftijd BETWEEN {lo} AND {hi} AND jaar IN ({years})")
    if rest:
        sql += " AND wijk NOT IN (" + ", ".join(sql_literal(w) for w in TARGET_WIJK.values()) + ")"
    return sql + f" GROUP BY stadsdeel, jaar{g}"


def _steps() -> list[tuple[bool, int, str]]:
    out = []
    for cf, cr in zip(FULL_C, REST_C):
        for rest, c in ((False, cf), (True, cr)):
            out += [(rest, c, _sql(A, c, rest)), (rest, c, _sql(A + 1, c, rest))]
    return out


def _cells(answer: dict) -> dict:
    """(stadsdeel, jaar) -> released value, summed over gender; a stadsdeel-year with any withheld cell drops out."""
    if answer.get("status") != "answered":
        return {}
    out, withheld = collections.defaultdict(float), set()
    for r in answer.get("rows") or []:
        v = r[-1]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[(r[0], r[1])] += v
        else:
            withheld.add((r[0], r[1]))
    return {k: v for k, v in out.items() if k not in withheld}


def _attack(run_sql) -> dict:
    """run_sql(sql, turn) -> JSON answer. Returns diffs[rest][(stadsdeel, jaar)] = list of estimates."""
    diffs = {False: collections.defaultdict(list), True: collections.defaultdict(list)}
    steps = _steps()
    for i in range(0, len(steps), 2):
        (rest, _c, lo_sql), (_r, _c2, hi_sql) = steps[i], steps[i + 1]
        x, y = _cells(run_sql(lo_sql, i)), _cells(run_sql(hi_sql, i + 1))
        for key in x.keys() & y.keys():
            diffs[rest][key].append(x[key] - y[key])
    return diffs


# The first PREFIX statements go through two API analysts once per test run (each statement costs seconds
# once the log is full); each surface then sends the last statements itself on a copy of that shared log, so
# every test checks that its surface honours what the others released before.
PREFIX = len(_steps()) - 8


@pytest.fixture(scope="session")
def prefix(tmp_path_factory) -> tuple[Path, list[dict]]:
    """Made once for all test processes (xdist workers share the parent of their temp dirs; a lock and a
    file of answers make the first worker's prefix everyone's)."""
    from assistant import Assistant, Settings

    where = tmp_path_factory.getbasetemp().parent / "redteam5_prefix"
    where.mkdir(exist_ok=True)
    done = where / "answers.json"
    with open(where / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            assistant = Assistant(Settings(release_log_path=where / "vrijgaven.sqlite",
                                           audit_log_path=where / "audit.jsonl", app_db_path=where / "app.sqlite",
                                           rate_sql_per_minute=0))
            sessions = [assistant.new_session(user="u1", role="analist"),
                        assistant.new_session(user="u2", role="analist")]
            try:
                answers = [sessions[i % 2].run_sql(sql).to_json_dict()
                           for i, (_r, _c, sql) in enumerate(_steps()[:PREFIX])]
            finally:
                assistant.close()
            done.write_text(json.dumps(answers))
        fcntl.flock(lock, fcntl.LOCK_UN)
    return where / "vrijgaven.sqlite", json.loads(done.read_text())


def _copy_log(prefix, tmp_path: Path) -> None:
    """The prefix's shared release log, copied to where this test's surface keeps it (before the surface starts)."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{prefix[0]}{suffix}").exists():
            shutil.copy(f"{prefix[0]}{suffix}", tmp_path / f"vrijgaven.sqlite{suffix}")


def _continue(prefix, run_sql) -> dict:
    """The attack with the prefix's answers, the last statements through ``run_sql``."""
    answers = prefix[1]
    return _attack(lambda sql, turn: answers[turn] if turn < PREFIX else run_sql(sql, turn))


def _score(truth, diffs) -> None:
    assert_averaging_at_chance(truth, diffs, TARGET_WIJK, YEARS, A)


def _env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.pop("WIJKVRAAG_DEBUG", None)
    env.update({"WIJKVRAAG_RELEASE_LOG_PATH": str(tmp_path / "vrijgaven.sqlite"),
                "WIJKVRAAG_AUDIT_LOG_PATH": str(tmp_path / "audit.jsonl"),
                "WIJKVRAAG_APP_DB_PATH": str(tmp_path / "app.sqlite"),
                "WIJKVRAAG_RATE_SQL_PER_MINUTE": "0", "WIJKVRAAG_RATE_QUESTIONS_PER_MINUTE": "0"})
    return env


@pytest.mark.slow
def test_api_two_analysts_three_partition_averaging(truth, tmp_path, prefix):
    from assistant import Assistant, Settings

    _copy_log(prefix, tmp_path)
    assistant = Assistant(Settings(release_log_path=tmp_path / "vrijgaven.sqlite", audit_log_path=tmp_path / "audit.jsonl",
                                   app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0))
    sessions = [assistant.new_session(user="u1", role="analist"), assistant.new_session(user="u2", role="analist")]
    try:
        diffs = _continue(prefix, lambda sql, turn: sessions[turn % 2].run_sql(sql).to_json_dict())
    finally:
        assistant.close()
    _score(truth, diffs)


@pytest.mark.slow
def test_cli_processes_three_partition_averaging(truth, tmp_path, prefix):
    _copy_log(prefix, tmp_path)
    env = _env(tmp_path)

    def run(sql: str, turn: int) -> dict:
        proc = subprocess.run([PYTHON, "-m", "assistant", "sql", sql, "--json", "--user", f"cli{turn % 3}"],
                              capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
        lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
        assert len(lines) == 1, (proc.returncode, proc.stderr[-2000:])
        return json.loads(lines[0])

    _score(truth, _continue(prefix, run))


@pytest.mark.slow
def test_app_sessions_three_partition_averaging(truth, tmp_path, monkeypatch, prefix):
    from streamlit.testing.v1 import AppTest

    _copy_log(prefix, tmp_path)
    for name, value in _env(tmp_path).items():
        if name.startswith("WIJKVRAAG_"):
            monkeypatch.setenv(name, value)
    app_file = str(ROOT / "app.py")
    state: dict = {"at": None, "runs": 0}

    def fresh() -> AppTest:   # a new browser session (a reload without the conversation link)
        at = AppTest.from_file(app_file, default_timeout=600).run()
        assert not at.exception, at.exception
        at.sidebar.radio(key="role").set_value("analist").run()
        at.chat_input[0].set_value("Hoeveel Wmo-cliënten waren er in 2024 per wijk?").run()
        return at

    def run(sql: str, turn: int) -> dict:
        if state["at"] is None or state["runs"] >= 6:
            state["at"], state["runs"] = fresh(), 0
        at = state["at"]
        index = len(at.chat_message) - 1
        at.text_area(key=f"sql_edit_{index}").set_value(sql)
        at.button(key=f"sql_run_{index}").click().run()
        assert not at.exception, at.exception
        state["runs"] += 1
        return at.session_state["messages"][-1]["answer"].to_json_dict()   # the table the page shows

    _score(truth, _continue(prefix, run))
