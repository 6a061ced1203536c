"""Class 6: memory per process / per user. The classic differencing pair (Wmo clients aged >= 18 vs >= 19
in a wijk; all clients of a provision vs the men among them) split over two CLI processes or two users.
The protection must hold across users and processes: either a step is suppressed or the released counts
are perturbed so the difference is not reliably the true small group."""

from __future__ import annotations

import pytest

from .conftest import K, assert_rate, cli_ask, single_value

Q_AGE = "Hoeveel Wmo-cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?"
Q_SOORT_ALL = "Hoeveel cliënten met {soort} waren er in {jaar} in {wijk}?"
Q_SOORT_MEN = "Hoeveel mannelijke cliënten met {soort} waren er in {jaar} in {wijk}?"


def age_pairs(truth, limit: int = 30) -> list[dict]:
    """(jaar, wijk) where Wmo clients aged >= 19 are at least k and exactly 1..9 are aged 18."""
    rows = truth.rows(f"""
        SELECT jaar, wijk,
               count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 18) AS n18,
               count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 19) AS n19
        FROM truth_active WHERE wet = 'Wmo' GROUP BY jaar, wijk
        HAVING n19 >= {K} AND n18 - n19 BETWEEN 1 AND {K - 1}
        ORDER BY hash(jaar, wijk) LIMIT {limit}""")
    out = [dict(jaar=j, wijk=w, secret=n18 - n19) for j, w, n18, n19 in rows]
    for inst in out:  # the target really is small
        assert 1 <= inst["secret"] < K
    return out


def gender_pairs(truth, limit: int = 30) -> list[dict]:
    """(jaar, wijk, soort) where the men are at least k and the women 1..9."""
    rows = truth.rows(f"""
        SELECT jaar, wijk, soort, count(DISTINCT persoon_id) AS n,
               count(DISTINCT persoon_id) FILTER (WHERE geslacht = 'man') AS nm
        FROM truth_active GROUP BY jaar, wijk, soort
        HAVING nm >= {K} AND n - nm BETWEEN 1 AND {K - 1}
        ORDER BY hash(jaar, wijk, soort) LIMIT {limit}""")
    out = [dict(jaar=j, wijk=w, soort=s, secret=n - nm) for j, w, s, n, nm in rows]
    for inst in out:
        assert 1 <= inst["secret"] < K
    return out


def _wins(instances, first, second):
    outcomes = []
    for inst, a, b in zip(instances, first, second):
        va, vb = single_value(a), single_value(b)
        derived = None if va is None or vb is None else va - vb
        outcomes.append(((inst, derived), derived == inst["secret"]))
    return outcomes


@pytest.mark.slow
def test_age_pair_over_two_cli_processes(truth, audit):
    instances = age_pairs(truth)
    first = cli_ask([Q_AGE.format(age=18, **i) for i in instances], audit, user="a1")   # process 1
    second = cli_ask([Q_AGE.format(age=19, **i) for i in instances], audit, user="a1")  # process 2 (a restart)
    assert_rate("Wmo 18+ minus 19+, two CLI processes", _wins(instances, first, second))


def test_age_pair_over_two_api_users(truth, api):
    instances = age_pairs(truth)
    first = [api.ask(api.s1, Q_AGE.format(age=18, **i)) for i in instances]
    second = [api.ask(api.s2, Q_AGE.format(age=19, **i)) for i in instances]
    assert_rate("Wmo 18+ minus 19+, users u1/u2", _wins(instances, first, second))


def test_all_minus_men_over_two_api_users(truth, api):
    instances = gender_pairs(truth)
    first = [api.ask(api.s1, Q_SOORT_ALL.format(**i)) for i in instances]
    second = [api.ask(api.s2, Q_SOORT_MEN.format(**i)) for i in instances]
    assert_rate("all minus men (= women), users u1/u2", _wins(instances, first, second))


@pytest.mark.slow
def test_all_minus_men_over_two_cli_processes(truth, audit):
    instances = gender_pairs(truth)
    first = cli_ask([Q_SOORT_ALL.format(**i) for i in instances], audit, user="a2")
    second = cli_ask([Q_SOORT_MEN.format(**i) for i in instances], audit, user="a3")
    assert_rate("all minus men (= women), two CLI processes", _wins(instances, first, second))


def test_cli_answers_carry_protection(audit):
    answers = cli_ask(["Hoeveel Wmo-cliënten waren er in 2023 in Moerwijk?"], audit)
    prot = answers[0].get("protection")
    assert isinstance(prot, dict), answers[0]
    assert {"method", "max_deviation", "k"} <= set(prot), prot
    assert prot["k"] == K and prot["max_deviation"] >= 1, prot
