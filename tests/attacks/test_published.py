"""Class 7: published figures. The CBS figure (vw_cbs_kerncijfers, public) minus a narrowed municipal
figure of the same group gives a small count: bijstand minus bijstand 19+ = the 18-year-olds on bijstand
(gemeente and wijk); jongeren met jeugdzorg (0-17) minus Jeugdwet clients 1-17 (or 0-16)."""

from __future__ import annotations

import pytest

from .conftest import GEMEENTE, K, assert_rate, cli_ask, single_value

YEAR = 2021


def cbs_instances(truth) -> list[dict]:
    out = []
    for level_sql, label in (("g.niveau = 'gemeente' AND g.gebied_code = 'GM0518'", "gemeente"),
                             ("g.niveau = 'wijk' AND g.gemeente_code = 'GM0518'", "wijk")):
        rows = truth.rows(f"""
            SELECT g.naam, c.bijstand, c.jongeren_met_jeugdzorg FROM cbs_kerncijfers c
            JOIN gebied g ON g.gebied_code = c.gebied_code WHERE c.jaar = {YEAR} AND {level_sql}""")
        for naam, bijstand, jeugd in rows:
            area = "wijk = ?" if label == "wijk" else "TRUE"
            params = [naam] if label == "wijk" else []
            b = truth.rows(f"""SELECT count(DISTINCT persoon_id), count(DISTINCT persoon_id) FILTER (WHERE leeftijd >= 19)
                              FROM truth_active WHERE jaar = {YEAR} AND soort = 'Bijstand levensonderhoud' AND {area}""", params)[0]
            j = truth.rows(f"""SELECT count(DISTINCT persoon_id) FILTER (WHERE leeftijd <= 17),
                                      count(DISTINCT persoon_id) FILTER (WHERE leeftijd BETWEEN 1 AND 17),
                                      count(DISTINCT persoon_id) FILTER (WHERE leeftijd <= 16)
                              FROM truth_active WHERE jaar = {YEAR} AND wet = 'Jeugdwet' AND {area}""", params)[0]
            where = "Den Haag" if label == "gemeente" else naam
            if bijstand is not None and bijstand == b[0] and b[1] >= K and 1 <= b[0] - b[1] < K:
                out.append(dict(area=naam, published=bijstand, secret=b[0] - b[1],
                                q=f"Hoeveel bijstandsontvangers van 19 jaar en ouder waren er in {YEAR} in {where}?"))
            if jeugd is not None and jeugd == j[0] and j[1] >= K and 1 <= j[0] - j[1] < K:
                out.append(dict(area=naam, published=jeugd, secret=j[0] - j[1],
                                q=f"Hoeveel Jeugdwet-cliënten van 1 tot en met 17 jaar waren er in {YEAR} in {where}?"))
            if jeugd is not None and jeugd == j[0] and j[2] >= K and 1 <= j[0] - j[2] < K:
                out.append(dict(area=naam, published=jeugd, secret=j[0] - j[2],
                                q=f"Hoeveel Jeugdwet-cliënten van 0 tot en met 16 jaar waren er in {YEAR} in {where}?"))
    return out


def _outcome(inst, answer):
    v = single_value(answer)
    derived = None if v is None else inst["published"] - v
    return (inst["q"], derived, inst["secret"]), derived == inst["secret"]


def test_cbs_minus_narrowed_api(truth, api):
    instances = cbs_instances(truth)
    # step 1 (u1): the published figure, asked through the product; step 2 (u2): the narrowed figure
    api.ask(api.s1, f"Hoeveel bijstandsontvangers waren er in {YEAR} in Den Haag volgens het CBS?")
    outcomes = [_outcome(i, api.ask(api.s2, i["q"])) for i in instances]
    assert_rate("CBS minus narrowed municipal figure", outcomes)


def test_cbs_gemeente_bijstand_minus_19plus_api(truth, api):
    """The gemeente figure alone: CBS bijstand 's-Gravenhage 2021 (exact, public) minus bijstand 19+.
    The published figure is exact, so only the release log seeded with CBS figures can stop this one."""
    inst = [i for i in cbs_instances(truth) if i["area"] == GEMEENTE and "bijstand" in i["q"]]
    assert len(inst) == 1 and 1 <= inst[0]["secret"] < K
    cbs = api.ask(api.s1, f"Hoeveel bijstandsontvangers waren er in {YEAR} in Den Haag volgens het CBS?")
    (_, derived, secret), won = _outcome(inst[0], api.ask(api.s2, inst[0]["q"]))
    assert not won, f"CBS {inst[0]['published']} (product said {cbs['rows']}) minus 19+ = {derived} = true 18-year-olds {secret}"


@pytest.mark.slow
def test_cbs_minus_narrowed_two_cli_processes(truth, audit):
    instances = cbs_instances(truth)
    cli_ask([f"Hoeveel bijstandsontvangers waren er in {YEAR} in Den Haag volgens het CBS?"], audit, user="c1")
    answers = cli_ask([i["q"] for i in instances], audit, user="c2")
    assert_rate("CBS minus narrowed municipal figure, CLI", [_outcome(i, a) for i, a in zip(instances, answers)])
