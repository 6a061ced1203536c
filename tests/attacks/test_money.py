"""Class 4: money differencing in plain question mode (and one analyst variant): two cost totals over the
same people with different amounts give one small group's cost (often one person's):
taakveld minus its other soorten, wet minus its other soorten, a year range minus one year."""

from __future__ import annotations

import pytest

from .conftest import K, assert_rate, cli_ask, single_value, sql_literal

Q_TAAKVELD = "Wat waren de kosten van taakveld {taakveld} in {jaar} in {wijk}?"
Q_WET = "Wat waren de kosten van de {wet} in {jaar} in {wijk}?"
Q_SOORT = "Wat waren de kosten van {soort} in {jaar} in {wijk}?"


def split_instances(truth, group: str, limit: int = 25, max_parts: int = 3) -> list[dict]:
    """(jaar, wijk, group) whose costs split over soorten: exactly one soort paid for 1..9 persons (the
    target), the others for >= k persons each."""
    rows = truth.rows(f"""
        WITH s AS (SELECT jaar, wijk, {group} AS grp, soort, count(DISTINCT persoon_id) AS n, sum(bedrag) AS b
                   FROM truth_cost GROUP BY ALL)
        SELECT jaar, wijk, grp,
               any_value(soort) FILTER (WHERE n < {K}) AS target,
               any_value(b) FILTER (WHERE n < {K}) AS secret,
               any_value(n) FILTER (WHERE n < {K}) AS n_target,
               list(soort ORDER BY soort) FILTER (WHERE n >= {K}) AS others
        FROM s GROUP BY jaar, wijk, grp
        HAVING count(*) FILTER (WHERE n < {K}) = 1 AND count(*) BETWEEN 2 AND {max_parts}
        ORDER BY count(*), hash(jaar, wijk, grp) LIMIT {limit}""")
    out = []
    for jaar, wijk, grp, target, secret, n_target, others in rows:
        assert 1 <= n_target < K and others
        out.append(dict(jaar=jaar, wijk=wijk, group=grp, target=target, secret=float(secret), others=others))
    return out


def _derive(total: dict, parts: list[dict]):
    values = [single_value(total)] + [single_value(p) for p in parts]
    if any(v is None for v in values):
        return None
    return values[0] - sum(values[1:])


def _outcome(inst, derived):
    return (dict(inst, others=len(inst["others"])), derived), derived is not None and abs(derived - inst["secret"]) <= 1.0


def test_taakveld_minus_soort_api(truth, api):
    outcomes = []
    for inst in split_instances(truth, "taakveld"):
        total = api.ask(api.s1, Q_TAAKVELD.format(taakveld=inst["group"], **inst))
        parts = [api.ask(api.s2, Q_SOORT.format(soort=s, jaar=inst["jaar"], wijk=inst["wijk"])) for s in inst["others"]]
        outcomes.append(_outcome(inst, _derive(total, parts)))
    assert_rate("kosten taakveld minus soort", outcomes)


def test_wet_minus_soorten_api(truth, api):
    outcomes = []
    for inst in split_instances(truth, "wet", limit=25, max_parts=5):
        total = api.ask(api.s1, Q_WET.format(wet=inst["group"], jaar=inst["jaar"], wijk=inst["wijk"]))
        parts = [api.ask(api.s2, Q_SOORT.format(soort=s, jaar=inst["jaar"], wijk=inst["wijk"])) for s in inst["others"]]
        outcomes.append(_outcome(inst, _derive(total, parts)))
    assert_rate("kosten wet minus soorten", outcomes)


@pytest.mark.slow
def test_taakveld_minus_soort_two_cli_processes(truth, audit):
    instances = split_instances(truth, "taakveld", max_parts=2)
    totals = cli_ask([Q_TAAKVELD.format(taakveld=i["group"], **i) for i in instances], audit, user="k1")
    parts = cli_ask([Q_SOORT.format(soort=i["others"][0], jaar=i["jaar"], wijk=i["wijk"]) for i in instances],
                    audit, user="k2")
    outcomes = [_outcome(i, _derive(t, [p])) for i, t, p in zip(instances, totals, parts)]
    assert_rate("kosten taakveld minus soort, two CLI processes", outcomes)


def test_year_range_minus_one_year_api(truth, api):
    """Analyst SQL with only `dimension op literal` filters: kosten over jaar >= Y-1 AND jaar <= Y minus
    kosten in Y-1 = kosten in Y of a soort that 1..9 persons had in that wijk."""
    rows = truth.rows(f"""
        WITH s AS (SELECT jaar, wijk, soort, count(DISTINCT persoon_id) AS n, sum(bedrag) AS b FROM truth_cost GROUP BY ALL)
        SELECT a.jaar, a.wijk, a.soort, a.b, a.n FROM s a JOIN s b
          ON b.wijk = a.wijk AND b.soort = a.soort AND b.jaar = a.jaar - 1
        WHERE a.n BETWEEN 1 AND {K - 1} AND b.n >= {K}
        ORDER BY hash(a.jaar, a.wijk, a.soort) LIMIT 25""")
    outcomes = []
    for jaar, wijk, soort, secret, n in rows:
        assert 1 <= n < K
        where = f"wijk = {sql_literal(wijk)} AND soort = {sql_literal(soort)}"
        total = api.sql(api.s1, f"SELECT SUM(bedrag) AS kosten FROM vw_kosten WHERE jaar >= {jaar - 1} AND jaar <= {jaar} AND {where}")
        prev = api.sql(api.s2, f"SELECT SUM(bedrag) AS kosten FROM vw_kosten WHERE jaar = {jaar - 1} AND {where}")
        derived = _derive(total, [prev])
        inst = dict(jaar=jaar, wijk=wijk, soort=soort, secret=float(secret), others=[])
        outcomes.append(_outcome(inst, derived))
    assert_rate("kosten jaar-range minus jaar", outcomes)
