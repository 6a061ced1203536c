"""Red team 8: the exact age (and gender) of the only client of a soort in a wijk, from equal / withheld pairs
of city-wide cells with and without that wijk.

    SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = S AND jaar = J AND leeftijd = a
    SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = S AND jaar = J AND leeftijd = a AND wijk != W

Both cells are city-wide, so rule 0a passes (every run of ages of the class holds >= k clients) and k passes.
Where W has nobody aged a, the two cells have the same units, hence the same cell key and the same value;
where W's one client is aged a they differ by one unit and the second is withheld. Scanning a over 0..27 the
single age that is not equal is that resident's age (e.g. 2024, Forepark, Jeugdreclassering: 13). The same
with `geslacht = g` gives the gender. Measured: 37/39 exact ages (2021-2024, Jeugdwet soorten), chance 0.15.

ARCHITECTURE.md allows a bound to say "whether anybody has exactly that age" for ages between the k-th
youngest and the k-th oldest of *a cell*; here the cell is the city, and the group whose ages are read is one
wijk's 1..9 clients of a soort."""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import assert_rate, sql_literal

pytestmark = pytest.mark.slow  # many questions per target; run with the attack suite

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


def _scan(api, plain: dict, soort: str, jaar: int, wijk: str, conditions: dict) -> list:
    """The conditions under which the city-wide cell and the same without `wijk` are not equal."""
    differ = []
    for key, condition in conditions.items():
        base = (f"SELECT MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = {sql_literal(soort)} "
                f"AND jaar = {jaar} AND {condition}")
        if (soort, jaar, key) not in plain:
            plain[(soort, jaar, key)] = _value(api.take_turns(base))
        if plain[(soort, jaar, key)] is None:
            continue  # nothing to compare with
        if _value(api.take_turns(base + f" AND wijk != {sql_literal(wijk)}")) != plain[(soort, jaar, key)]:
            differ.append(key)
    return differ


def test_exact_age_of_a_wijks_only_client_from_equal_citywide_cells(truth, fresh_api):
    targets = _targets(truth)
    assert len(targets) >= 20
    chance = collections.Counter(t[3] for t in targets).most_common(1)[0][1] / len(targets)
    plain, outcomes = {}, []
    for wijk, soort, jaar, age, _ in targets:
        differ = _scan(fresh_api, plain, soort, jaar, wijk, {a: f"leeftijd = {a}" for a in range(28)})
        guess = differ[0] if len(differ) == 1 else None
        outcomes.append(((wijk, soort, jaar, age, guess), guess == age))
    assert_rate("exact age of the only client of a soort in a wijk", outcomes, max_rate=max(0.35, chance))


def test_gender_of_a_wijks_only_client_from_equal_citywide_cells(truth, fresh_api):
    targets = _targets(truth)
    chance = collections.Counter(t[4] for t in targets).most_common(1)[0][1] / len(targets)
    plain, outcomes = {}, []
    for wijk, soort, jaar, _, gender in targets:
        differ = _scan(fresh_api, plain, soort, jaar, wijk, {g: f"geslacht = '{g}'" for g in ("man", "vrouw")})
        guess = differ[0] if len(differ) == 1 else None
        outcomes.append(((wijk, soort, jaar, gender, guess), guess == gender))
    assert_rate("gender of the only client of a soort in a wijk", outcomes, max_rate=max(0.35, chance))


def test_exact_age_in_plain_dutch_as_beleidsmaker(truth, tmp_path):
    """The same without SQL: a beleidsmaker asks '... in Den Haag' and '... in Den Haag zonder <wijk>?'."""
    from assistant import Assistant, Settings

    wijk, soort, jaar = "Zorgvliet", "pleegzorg", 2021
    age = truth.scalar("SELECT min(leeftijd) FROM truth_active WHERE wijk = ? AND soort = 'Pleegzorg' AND jaar = ? "
                       "HAVING count(DISTINCT persoon_id) = 1", [wijk, jaar])
    assert age is not None
    assistant = Assistant(Settings(audit_log_path=tmp_path / "audit.jsonl", release_log_path=tmp_path / "vrijgaven.sqlite",
                                   app_db_path=tmp_path / "app.sqlite", rate_questions_per_minute=0))
    try:
        differ = []
        for a in range(0, 18):
            asked = f"Hoeveel cliënten met {soort} van {a} jaar waren er in {jaar} in Den Haag"
            s1 = assistant.new_session(user=f"b{a}", role="beleidsmaker", roles=("beleidsmaker",))
            s2 = assistant.new_session(user=f"c{a}", role="beleidsmaker", roles=("beleidsmaker",))
            whole = _value(s1.ask(asked + "?").to_json_dict())
            if whole is None:
                continue
            if _value(s2.ask(asked + f" zonder {wijk}?").to_json_dict()) != whole:
                differ.append(a)
    finally:
        assistant.close()
    assert differ != [age], f"the only {soort} client of {wijk} in {jaar} is {age}: the one age that differs is {differ}"
