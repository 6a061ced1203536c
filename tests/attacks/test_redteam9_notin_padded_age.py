"""Red team 9: the left-out rule has no left-out group for an area exclusion of two or more wijken.

`wijk NOT IN (W, P)` leaves out W ∪ P, but the rule's left-out group (`wijk IN (W, P)`, not grouped by wijk)
fails validation in the compiler (`group()` returns None), so no left-out check runs. With P a large wijk,
`... AND wijk != P` (left-out group P: large, shown) and `... AND wijk NOT IN (W, P)` differ by exactly W's
part: 0 units -> the same released value (same units, same cell key), 1..9 -> the second is withheld. That is
red team 8's equality oracle again, with the excluded small wijk W padded by a large one.

Binary search over `leeftijd BETWEEN lo AND hi` (5 pairs) gives the exact age of a wijk's only client of a
Jeugdwet soort, `geslacht = 'vrouw'` the gender. Measured (30 targets, 2021-2024): ages 23/30 (chance 0.13;
the 7 misses are Jeugdreclassering, where rule 0a hides the wide intervals), genders 30/30 (chance 0.57).
Also in plain Dutch as a beleidsmaker: '... in Den Haag zonder Zorgvliet en Ypenburg?'."""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import Api, assert_rate, sql_literal  # noqa: F401

pytestmark = pytest.mark.slow

JEUGD = ("Jeugdhulp zonder verblijf", "Jeugdhulp met verblijf", "Pleegzorg", "Jeugdbescherming", "Jeugdreclassering")


def _targets(truth, limit: int = 24):
    return truth.rows(f"""
        SELECT wijk, soort, jaar, min(leeftijd) AS leeftijd, min(geslacht) AS geslacht FROM truth_active
        WHERE jaar BETWEEN 2021 AND 2024 AND soort IN {JEUGD}
        GROUP BY wijk, soort, jaar HAVING count(DISTINCT persoon_id) = 1
        ORDER BY hash(wijk || soort || jaar::VARCHAR) LIMIT {limit}""")


def _value(answer):
    rows = answer.get("rows") or []
    return rows[0][-1] if answer.get("status") == "answered" and len(rows) == 1 else None


def _attack(tmp_path, i, wijk, soort, jaar):
    """One attacker (two analysts taking turns) on a release log of its own: (age guess, gender guess)."""
    d = tmp_path / f"t{i}"
    d.mkdir()
    api = Api(d / "audit.jsonl", release_log_path=d / "vrijgaven.sqlite", app_db_path=d / "app.sqlite",
              rate_sql_per_minute=0)
    try:
        table = api.take_turns(f"SELECT wijk, MEASURE(clienten) FROM vw_voorziening_jaar "
                               f"WHERE soort = {sql_literal(soort)} AND jaar = {jaar} GROUP BY wijk")
        shown = sorted((r for r in table.get("rows") or [] if r[1] is not None and r[0] != wijk), key=lambda r: -r[1])
        pad = shown[0][0]  # the largest other wijk, read from a shown table

        def differs(condition):
            base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(soort)} "
                    f"AND jaar = {jaar} AND {condition}")
            a = _value(api.take_turns(base + f" AND wijk != {sql_literal(pad)}"))
            if a is None:
                return None
            return _value(api.take_turns(base + f" AND wijk NOT IN ({sql_literal(wijk)}, {sql_literal(pad)})")) != a

        lo, hi, age = 0, 27, None
        while lo < hi:
            mid = (lo + hi) // 2
            r = differs(f"leeftijd BETWEEN {lo} AND {mid}")
            if r is None:
                break
            lo, hi = (lo, mid) if r else (mid + 1, hi)
        else:
            age = lo
        r = differs("geslacht = 'vrouw'")
        gender = None if r is None else ("vrouw" if r else "man")
        return age, gender
    finally:
        api.assistant.close()


def test_exact_age_and_gender_of_a_wijks_only_client_via_not_in_padding(truth, tmp_path):
    targets = _targets(truth)
    assert len(targets) >= 20
    ages, genders = [], []
    for i, (wijk, soort, jaar, age, gender) in enumerate(targets):
        g_age, g_gender = _attack(tmp_path, i, wijk, soort, jaar)
        ages.append(((wijk, soort, jaar, age, g_age), g_age == age))
        genders.append(((wijk, soort, jaar, gender, g_gender), g_gender == gender))
    chance_age = collections.Counter(t[3] for t in targets).most_common(1)[0][1] / len(targets)
    chance_gender = collections.Counter(t[4] for t in targets).most_common(1)[0][1] / len(targets)
    failures = []
    for label, outcomes, chance in (("exact age", ages, chance_age), ("gender", genders, chance_gender)):
        try:
            assert_rate(f"{label} of a wijk's only client (wijk NOT IN (W, P) vs wijk != P)", outcomes,
                        max_rate=max(0.35, chance))
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, failures


def test_exact_age_in_plain_dutch_as_beleidsmaker_with_two_wijken_left_out(truth, tmp_path):
    from assistant import Assistant, Settings

    wijk, pad, jaar = "Zorgvliet", "Ypenburg", 2021
    age = truth.scalar("SELECT min(leeftijd) FROM truth_active WHERE wijk = ? AND soort = 'Pleegzorg' AND jaar = ? "
                       "HAVING count(DISTINCT persoon_id) = 1", [wijk, jaar])
    assert age is not None
    assistant = Assistant(Settings(audit_log_path=tmp_path / "audit.jsonl", release_log_path=tmp_path / "v.sqlite",
                                   app_db_path=tmp_path / "app.sqlite", rate_questions_per_minute=0))
    try:
        differ = []
        for a in range(4, 14):
            asked = f"Hoeveel cliënten met pleegzorg van {a} jaar waren er in {jaar} in Den Haag zonder "
            s1 = assistant.new_session(user=f"b{a}", role="beleidsmaker", roles=("beleidsmaker",))
            s2 = assistant.new_session(user=f"c{a}", role="beleidsmaker", roles=("beleidsmaker",))
            one = _value(s1.ask(asked + f"{pad}?").to_json_dict())
            if one is None:
                continue
            if _value(s2.ask(asked + f"{wijk} en {pad}?").to_json_dict()) != one:
                differ.append(a)
    finally:
        assistant.close()
    assert differ != [age], f"the only pleegzorg client of {wijk} in {jaar} is {age}: the one age that differs is {differ}"
