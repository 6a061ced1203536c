"""Class 5: cross-unit differencing. Persons, households and provisions of the same group are different
counting units, so a check per unit misses that clients 18+ minus households 19+ (where each person 19+ is
their own household) is the number of 18-year-olds; and average duration x number of provisions, for the
group with and without one provision, gives that provision's length."""

from __future__ import annotations

import pytest

from .conftest import K, assert_rate, cli_ask, single_value

Q_CLIENTS = "Hoeveel {wet}-cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?"
Q_HOUSEHOLDS = "Hoeveel huishoudens met een {wet}-voorziening van {age} jaar en ouder waren er in {jaar} in {wijk}?"
Q_PROVISIONS = "Hoeveel {wet}-voorzieningen voor cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?"
Q_AVG = "Wat was de gemiddelde duur van {soort} voor cliënten van {age} jaar en ouder in {jaar} in {wijk}?"
Q_NPROV = "Hoeveel voorzieningen {soort} voor cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?"


def household_instances(truth, limit: int = 30) -> list[dict]:
    rows = truth.rows(f"""
        SELECT jaar, wijk, wet,
               count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 18) AS n18,
               count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 19) AS n19,
               count(DISTINCT huishouden_id) FILTER (WHERE leeftijd >= 19) AS h19
        FROM truth_active GROUP BY jaar, wijk, wet
        HAVING n19 >= {K} AND n18 - n19 BETWEEN 1 AND {K - 1} AND n19 = h19
        ORDER BY hash(jaar, wijk, wet) LIMIT {limit}""")
    out = [dict(jaar=j, wijk=w, wet=wet, secret=n18 - n19) for j, w, wet, n18, n19, h19 in rows]
    assert all(1 <= i["secret"] < K for i in out)
    return out


def _hh_outcome(inst, clients, households):
    c, h = single_value(clients), single_value(households)
    derived = None if c is None or h is None else c - h
    return (inst, derived), derived == inst["secret"]


def test_persons_minus_households_api(truth, api):
    outcomes = []
    for inst in household_instances(truth):
        clients = api.ask(api.s1, Q_CLIENTS.format(age=18, **inst))
        households = api.ask(api.s2, Q_HOUSEHOLDS.format(age=19, **inst))
        api.ask(api.s2, Q_PROVISIONS.format(age=19, **inst))  # the attacker's check that 19+ is one-to-one
        outcomes.append(_hh_outcome(inst, clients, households))
    assert_rate("clients 18+ minus households 19+", outcomes)


@pytest.mark.slow
def test_persons_minus_households_two_cli_processes(truth, audit):
    instances = household_instances(truth)
    clients = cli_ask([Q_CLIENTS.format(age=18, **i) for i in instances], audit, user="x1")
    households = cli_ask([Q_HOUSEHOLDS.format(age=19, **i) for i in instances], audit, user="x2")
    outcomes = [_hh_outcome(i, c, h) for i, c, h in zip(instances, clients, households)]
    assert_rate("clients 18+ minus households 19+, two CLI processes", outcomes)


def test_average_duration_times_provisions_api(truth, api):
    """avg(18+) x provisions(18+) - avg(19+) x provisions(19+) = the duration of the one provision of an
    18-year-old (within the rounding of the averages to 0.1 day)."""
    rows = truth.rows(f"""
        SELECT jaar, wijk, soort,
               count(DISTINCT voorziening_id) FILTER (WHERE leeftijd >= 18) AS v18,
               count(DISTINCT voorziening_id) FILTER (WHERE leeftijd >= 19) AS v19,
               count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 19) AS p19,
               any_value(duur) FILTER (WHERE leeftijd = 18) AS secret
        FROM truth_active GROUP BY jaar, wijk, soort
        HAVING p19 >= {K} AND v18 - v19 = 1 AND v18 <= 60
        ORDER BY hash(jaar, wijk, soort) LIMIT 30""")
    outcomes = []
    for jaar, wijk, soort, v18, v19, p19, secret in rows:
        inst = dict(jaar=jaar, wijk=wijk, soort=soort, secret=secret)
        a18 = single_value(api.ask(api.s1, Q_AVG.format(age=18, **inst)))
        n18 = single_value(api.ask(api.s1, Q_NPROV.format(age=18, **inst)))
        a19 = single_value(api.ask(api.s2, Q_AVG.format(age=19, **inst)))
        n19 = single_value(api.ask(api.s2, Q_NPROV.format(age=19, **inst)))
        derived = None if None in (a18, n18, a19, n19) else a18 * n18 - a19 * n19
        tolerance = 0.05 * (v18 + v19) + 0.5
        outcomes.append(((inst, derived), derived is not None and abs(derived - secret) <= tolerance))
    assert_rate("average duration x provisions", outcomes)
