"""Generated differencing attacks (bench/differencing.py) against the release path, hypothesis-driven.

Pairs and triples of steps, questions and analyst SQL, about one resident (age A+ minus (A+1)+), one
household, one provision and one cost record (a wet's kosten minus its other soorten), split over two
API users and two Assistant instances that share one release log file (two processes). Exact recovery
may happen no more often than two independent perturbations coincide (sum p^2) plus 0.1 for counts,
and never for money. The same harness against a guard without noise and with a memory per user (the
previous design) must fail, so the harness can tell the two apart.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.differencing import attack_for, pools_from, truth_tables
from guards.disclosure import DisclosureGuard, ReleaseMemory
from guards.perturbation import CellKeyPerturbation

from .conftest import ROOT

KINDS = ("resident_age", "household", "provision", "cost_wet")
MIN_ATTACKS = 100


@pytest.fixture(scope="module")
def pools(warehouse_con):
    con = warehouse_con.cursor()
    truth_tables(con)
    found = pools_from(con, KINDS)
    assert all(found[k] for k in KINDS), {k: len(v) for k, v in found.items()}
    return found


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    """Two Assistant instances (standing for two processes) on one release log file."""
    if not (ROOT / "warehouse" / "sociaal_domein.duckdb").exists():
        pytest.skip("warehouse not built")
    from assistant import Assistant, Settings

    tmp = tmp_path_factory.mktemp("differencing")
    made = [Assistant(Settings(audit_log_path=tmp / f"audit{i}.jsonl", release_log_path=tmp / "vrijgaven.sqlite"))
            for i in range(2)]
    yield made
    for a in made:
        a.close()


def _run(processes, pools, n_examples: int, memory_per_user: dict | None = None) -> list:
    """Run hypothesis-generated attacks; returns (attack, recovered, success) per distinct attack."""
    outcomes: dict[tuple, tuple] = {}
    catalogue = processes[0].catalogue

    @settings(max_examples=n_examples, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(kind=st.sampled_from(KINDS), pick=st.integers(0, 2**31 - 1), modes=st.integers(0, 2**31 - 1))
    def attack(kind, pick, modes):
        pool = pools[kind]
        target = pool[random.Random(pick).randrange(len(pool))]
        atk = attack_for(kind, target, modes, catalogue)
        key = (kind, tuple(sorted((k, str(v)) for k, v in atk.target.items())), tuple(s.text for s in atk.steps))
        if key in outcomes:
            return
        answers = []
        for i, step in enumerate(atk.steps):
            assistant = processes[(i + step.user) % 2]           # steps alternate between the two processes
            session = assistant.new_session(user=f"analist{step.user + 1}", role="analist")
            if memory_per_user is not None:                       # the previous design: a memory per user
                session.memory = memory_per_user.setdefault((id(assistant), session.user),
                                                            ReleaseMemory(assistant.published))
            answer = session.ask(step.text) if step.mode == "ask" else session.run_sql(step.text)
            answers.append(answer.to_json_dict())
        recovered = atk.recover(answers)
        outcomes[key] = (atk, recovered, atk.success(recovered))

    attack()
    return list(outcomes.values())


def _rates(outcomes) -> dict:
    counts = [o for o in outcomes if o[0].family == "count"]
    money = [o for o in outcomes if o[0].family == "money"]
    return {
        "count": sum(ok for *_x, ok in counts) / max(1, len(counts)),
        "money": sum(ok for *_x, ok in money) / max(1, len(money)),
        "n_count": len(counts), "n_money": len(money),
        "wins": [(a.kind, a.target, rec, a.truth) for a, rec, ok in outcomes if ok][:5],
    }


def test_generated_attacks_recover_no_more_than_chance(processes, pools):
    outcomes = _run(processes, pools, n_examples=135)
    assert len(outcomes) >= MIN_ATTACKS, len(outcomes)
    chance = processes[0].disclosure.perturbation.coincidence
    rates = _rates(outcomes)
    assert rates["n_money"] >= 10, rates
    assert rates["count"] <= chance + 0.1, rates
    assert rates["money"] == 0, rates


class _WithoutAgeRule(DisclosureGuard):
    """Rule 0a (age bounds inside an age class) alone blocks the age steps most attacks here use."""

    def _age_bounds(self, *args, **kwargs) -> bool:
        return False


def test_harness_catches_a_guard_without_noise(processes, pools):
    """No perturbation (deviation 0 with probability 1), no rule 0a and a memory per user: the harness must fail."""
    saved = [a.disclosure for a in processes]
    try:
        for a in processes:
            a.disclosure = _WithoutAgeRule(k=10, dominance=0.5, perturbation=CellKeyPerturbation(
                probabilities=(0.0, 0.0, 1.0, 0.0, 0.0)))
        outcomes = _run(processes, pools, n_examples=40, memory_per_user={})
    finally:
        for a, guard in zip(processes, saved):
            a.disclosure = guard
    rates = _rates(outcomes)
    chance = processes[0].disclosure.perturbation.coincidence
    assert rates["count"] > chance + 0.1, rates   # the assertion of the test above would fail

