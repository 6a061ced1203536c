"""Class 3: measure-family multiplication. The same measure written another way
(COUNT(DISTINCT persoon_id) + 0, * 1, - 0) is not recognised as the measure it is, so the differencing
pair 18+ / 19+ (or all / men) goes through. Either the variant is refused, or the released counts are
protected so the difference is not reliably the true small group."""

from __future__ import annotations

import pytest

from .conftest import assert_rate, cli_sql, single_value, sql_literal
from .test_memory import age_pairs, gender_pairs

VARIANTS = ["COUNT(DISTINCT persoon_id) + 0", "COUNT(DISTINCT persoon_id) * 1", "COUNT(DISTINCT persoon_id) - 0",
            "0 + COUNT(DISTINCT persoon_id)"]


def age_sql(inst, age: int, measure: str = "COUNT(DISTINCT persoon_id)") -> str:
    return (f"SELECT {measure} AS clienten FROM vw_voorziening_jaar WHERE jaar = {inst['jaar']} "
            f"AND wet = 'Wmo' AND wijk = {sql_literal(inst['wijk'])} AND leeftijd >= {age}")


def gender_sql(inst, men: bool, measure: str = "COUNT(DISTINCT persoon_id)") -> str:
    sql = (f"SELECT {measure} AS clienten FROM vw_voorziening_jaar WHERE jaar = {inst['jaar']} "
           f"AND soort = {sql_literal(inst['soort'])} AND wijk = {sql_literal(inst['wijk'])}")
    return sql + (" AND geslacht = 'man'" if men else "")


def _outcome(inst, a, b):
    va, vb = single_value(a), single_value(b)
    derived = None if va is None or vb is None else va - vb
    return (inst, derived), derived == inst["secret"]


def test_age_pair_with_rewritten_measure_api(truth, api):
    outcomes = []
    for n, inst in enumerate(age_pairs(truth, limit=24)):
        variant = VARIANTS[n % len(VARIANTS)]
        a = api.sql(api.s1, age_sql(inst, 18))
        b = api.sql(api.s2, age_sql(inst, 19, variant))
        outcomes.append(_outcome(inst, a, b))
    assert_rate("COUNT(DISTINCT) vs COUNT(DISTINCT)+0, 18+/19+", outcomes)


def test_gender_pair_with_rewritten_measure_api(truth, api):
    outcomes = []
    for n, inst in enumerate(gender_pairs(truth, limit=24)):
        variant = VARIANTS[n % len(VARIANTS)]
        a = api.sql(api.s1, gender_sql(inst, men=False))
        b = api.sql(api.s2, gender_sql(inst, men=True, measure=variant))
        outcomes.append(_outcome(inst, a, b))
    assert_rate("COUNT(DISTINCT) vs rewritten, all/men", outcomes)


@pytest.mark.slow
def test_age_pair_with_rewritten_measure_cli(truth, audit):
    """Each step a separate `sql` process; few instances (a process per step), so at most one may succeed."""
    outcomes = []
    for inst in age_pairs(truth, limit=3):
        a = cli_sql(age_sql(inst, 18), audit, user="m1")
        b = cli_sql(age_sql(inst, 19, "COUNT(DISTINCT persoon_id) + 0"), audit, user="m2")
        outcomes.append(_outcome(inst, a, b))
    assert_rate("rewritten measure, CLI sql processes", outcomes, min_instances=3, max_rate=1 / 3)
