"""One release log for everyone: no new conversation, window, user or process starts with a clean memory."""

from __future__ import annotations

import pytest

from assistant import Assistant, Settings


@pytest.fixture(scope="module")
def assistant(warehouse_path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("m")  # its own release log: what other tests released plays no part here
    a = Assistant(Settings(warehouse_path=warehouse_path, audit_log_path=tmp / "audit.jsonl",
                           release_log_path=tmp / "vrijgaven.sqlite"))
    yield a
    a.close()


def _differencing_pair(con) -> tuple[str, int]:
    """A wijk and an age A where Wmo-cliënten 2024 'A jaar en ouder' and 'A+1 jaar en ouder' differ by 1..9,
    each answerable on its own: 10 or more clients on either side of both bounds within the class 27-64
    (rule 0a)."""
    rows = con.execute(
        "WITH per_age AS (SELECT wijk, leeftijd, COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar "
        "WHERE jaar = 2024 AND wet = 'Wmo' AND leeftijd BETWEEN 27 AND 64 GROUP BY ALL), "
        "c AS (SELECT wijk, leeftijd, n, SUM(n) OVER (PARTITION BY wijk ORDER BY leeftijd) - n AS below, "
        "SUM(n) OVER (PARTITION BY wijk ORDER BY leeftijd DESC) - n AS above FROM per_age) "
        "SELECT wijk, leeftijd FROM c WHERE n BETWEEN 1 AND 9 AND leeftijd BETWEEN 30 AND 60 "
        "AND below >= 10 AND above >= 10 ORDER BY wijk, leeftijd LIMIT 1"
    ).fetchall()
    assert rows, "geen geschikte wijk in het magazijn"
    return rows[0][0], int(rows[0][1])


def test_a_new_conversation_of_the_same_user_cannot_difference(assistant, warehouse_con):
    wijk, age = _differencing_pair(warehouse_con.cursor())
    first = assistant.new_session("raadslid-7").ask(f"Hoeveel Wmo-cliënten van {age} jaar en ouder waren er in 2024 in {wijk}?")
    assert first.status == "answered" and first.rows[0][0] is not None
    # a fresh conversation (or a second window) of the same user
    second = assistant.new_session("raadslid-7").ask(f"Hoeveel Wmo-cliënten van {age + 1} jaar en ouder waren er in 2024 in {wijk}?")
    assert second.status == "suppressed" and second.rows[0][0] is None
    # another user gets the same answer: what was released to one, was released to all
    other = assistant.new_session("raadslid-8").ask(f"Hoeveel Wmo-cliënten van {age + 1} jaar en ouder waren er in 2024 in {wijk}?")
    assert other.status == "suppressed" and other.rows[0][0] is None


def test_published_cbs_figures_count_as_released(assistant, warehouse_con):
    """CBS publishes Wmo-cliënten per wijk for 2021; a narrower question that differs by 1..9 persons from
    that published figure is suppressed even as the user's first question."""
    cur = warehouse_con.cursor()
    rows = cur.execute(
        "WITH per_age AS (SELECT wijk, leeftijd, COUNT(DISTINCT persoon_id) AS n FROM vw_voorziening_jaar "
        "WHERE jaar = 2021 AND wet = 'Wmo' GROUP BY ALL), "
        "youngest AS (SELECT wijk, MIN(leeftijd) AS a FROM per_age GROUP BY wijk HAVING SUM(n) > 200) "
        "SELECT y.wijk, y.a FROM youngest y JOIN per_age p ON p.wijk = y.wijk AND p.leeftijd = y.a "
        "WHERE p.n BETWEEN 1 AND 9 ORDER BY y.wijk LIMIT 1"
    ).fetchall()
    assert rows, "geen geschikte wijk in het magazijn"
    wijk, youngest = rows[0][0], int(rows[0][1])
    answer = assistant.new_session("nieuw").ask(
        f"Hoeveel Wmo-cliënten van {youngest + 1} jaar en ouder waren er in 2021 in {wijk}?")
    assert answer.status == "suppressed" and answer.rows[0][0] is None


def test_the_release_log_is_shared_by_processes_and_survives_a_restart(warehouse_path, warehouse_con, tmp_path):
    """Two assistants on one release log file stand for two processes (app and CLI), or one before and
    one after a restart: the second cannot difference against what the first released."""
    wijk, age = _differencing_pair(warehouse_con.cursor())
    settings = Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                        release_log_path=tmp_path / "vrijgaven.sqlite")
    first = Assistant(settings)
    try:
        answer = first.new_session("app-gebruiker").ask(
            f"Hoeveel Wmo-cliënten van {age} jaar en ouder waren er in 2024 in {wijk}?")
        assert answer.status == "answered" and answer.rows[0][0] is not None
    finally:
        first.close()
    second = Assistant(settings)  # a new process, after a restart
    try:
        answer = second.new_session("cli-gebruiker").ask(
            f"Hoeveel Wmo-cliënten van {age + 1} jaar en ouder waren er in 2024 in {wijk}?")
        assert answer.status == "suppressed" and answer.rows[0][0] is None
        assert second.release_log.released() >= 1
    finally:
        second.close()


def test_the_release_log_is_readable_by_the_service_only(warehouse_path, tmp_path):
    """It holds the true size of every released cell (the guard needs them; no user may read them)."""
    import stat

    settings = Settings(warehouse_path=warehouse_path, audit_log_path=tmp_path / "audit.jsonl",
                        release_log_path=tmp_path / "vrijgaven.sqlite")
    assistant = Assistant(settings)
    try:
        assistant.new_session("een").ask("Hoeveel Wmo-cliënten waren er in 2023?")
    finally:
        assistant.close()
    for path in tmp_path.glob("vrijgaven.sqlite*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
