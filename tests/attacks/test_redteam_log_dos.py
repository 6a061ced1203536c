"""Red team: denial of service through the global release log. The log is shared by every user and
process and kept forever, and whichever of two nearly equal sets comes second is suppressed. One analyst
who releases, say, "Jeugdwet clients aged 1 and over" per wijk (a set that differs from all clients by
the few infants) blanks out the plain headline question ("Hoeveel jeugdhulpcliënten in Moerwijk?") and
the per-wijk table for every other user, in every process, from then on. The attacker needs no knowledge
of the data: a handful of harmless-looking variants per cell suffices.

Success = a question that a fresh log answers is suppressed after another user's earlier queries."""

from __future__ import annotations

import pytest

from .conftest import K, cli_ask, sql_literal

HEADLINE = "Hoeveel jeugdhulpcliënten waren er in 2023 in Moerwijk?"


def _variants(truth, jaar: int, wet: str, wijk: str) -> list[str]:
    """Filters that leave all but 1..K-1 clients of the cell (found here from the truth; an attacker simply
    sends every variant)."""
    out = []
    base = "FROM truth_active WHERE jaar = ? AND wet = ? AND wijk = ?"
    total = truth.scalar(f"SELECT count(DISTINCT persoon_id) {base}", [jaar, wet, wijk])
    cands = [f"leeftijd >= {a}" for a in range(1, 19)] + [f"leeftijd <= {b}" for b in range(90, 104)]
    cands += [f"soort <> {sql_literal(s)}" for (s,) in truth.rows(f"SELECT DISTINCT soort {base}", [jaar, wet, wijk])]
    for cond in cands:
        n = truth.scalar(f"SELECT count(DISTINCT persoon_id) {base} AND {cond}", [jaar, wet, wijk])
        if 1 <= total - n <= K - 1:
            out.append(cond)
    return out


def _attack_sql(jaar, wet, wijk, cond):
    return (f"SELECT COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = {jaar} "
            f"AND wet = {sql_literal(wet)} AND wijk = {sql_literal(wijk)} AND {cond}")


def test_headline_question_denied_by_other_users_release_api(truth, api):
    assert truth.scalar("SELECT count(DISTINCT persoon_id) FROM truth_active WHERE jaar = 2023 AND wet = 'Jeugdwet' "
                        "AND wijk = 'Moerwijk'") >= 100
    variants = _variants(truth, 2023, "Jeugdwet", "Moerwijk")
    assert variants
    for cond in variants[:1]:
        api.sql(api.s1, _attack_sql(2023, "Jeugdwet", "Moerwijk", cond))
    after = api.ask(api.s2, HEADLINE)
    assert after["status"] == "answered" and after["rows"][0][-1] is not None, (
        f"user u1's query ({variants[0]}) made the headline question unanswerable for user u2: {after['answer'][:200]}")


def _per_wijk_suppressed(audit, user) -> set[str]:
    a = cli_ask(["Hoeveel jeugdhulpcliënten waren er per wijk in 2023?"], audit, user=user)[0]
    return {r[0] for r in a["rows"] if r[-1] is None}


@pytest.mark.slow
def test_per_wijk_table_denied_across_processes_cli(truth, audit, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / "fresh.sqlite"))
    baseline = _per_wijk_suppressed(audit, "legit0")
    monkeypatch.setenv("WIJKVRAAG_RELEASE_LOG_PATH", str(tmp_path / "attacked.sqlite"))
    wijken = [w for (w,) in truth.rows("SELECT DISTINCT wijk FROM truth_active WHERE jaar = 2023 AND wet = 'Jeugdwet'")]
    questions = []
    for wijk in sorted(wijken):
        variants = _variants(truth, 2023, "Jeugdwet", wijk)
        if variants and wijk not in baseline:
            lo = variants[0].split()[-1]
            questions.append(f"Hoeveel jeugdhulpcliënten van {lo} jaar en ouder waren er in 2023 in {wijk}?"
                             if variants[0].startswith("leeftijd >=") else None)
    questions = [q for q in questions if q]
    assert len(questions) >= 10
    cli_ask(questions, audit, user="attacker")
    denied = _per_wijk_suppressed(audit, "legit1") - baseline
    assert len(denied) <= 2, (f"after one attacker process, {len(denied)} more wijken are suppressed for everyone in the "
                              f"per-wijk table: {sorted(denied)[:10]}")
