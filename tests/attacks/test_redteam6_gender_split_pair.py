"""Red team 6: the red team 5 three-partition averaging attack, preceded by ONE statement that splits the
target by gender, so that the small group is a PAIR of blocks in a context of more than 150 blocks.

guards/combinations.py `_pinned` checks every single block, pair, run and triple only while a context has
at most 150 blocks (``groups = _groups(n) if n <= 150 else np.eye(n)``); above that only single blocks.
Red team 5's attack (see test_redteam5_three_partitions.py)

    est(c) = ([S, a..c] - [S, a+1..c]) - sum over g of ([S-W, a..c', g] - [S-W, a+1..c', g])

pins down [W, a] (W = one wijk per stadsdeel, a = 51: 1..9 clients), which is ONE block of the area x age x
gender context (W's atoms at age a lie in the same rows for both genders) and is caught there. A single
extra statement first,

    SELECT stadsdeel, jaar, geslacht, MEASURE(clienten) ... WHERE leeftijd BETWEEN 51 AND 95 GROUP BY stadsdeel, jaar, geslacht

makes (W, a, man) and (W, a, vrouw) two blocks (neither is determined on its own). [W, a] is then a pair of
blocks. With 8 stadsdelen per statement the context has 96 and 144 blocks after the first two rounds (the
pair is still found and the S-W cells are withheld), and 192 from the third round on: from then on only
single blocks are checked and every cell is released. Measured (API, two analysts, 12 upper ages per side,
49 statements, about 2 minutes): 13/32 exact small counts (chance 0.28); without the split statement the
same 48 statements stay at chance (every [S-W, a+1..c', g] statement withheld: 64 cells).

Red team 6: failed on 0219edc (the leak was real: 13/32 with 12 upper ages, 21/32 with 24, on the API, the CLI
and the app). Since then every context is checked for pairs and runs of blocks whatever its size (only groups
whose least-squares count is 1..k-1 are built); with 24 upper ages the attack stayed at chance (15.7 min alone).
12 upper ages here keep the suite's time down; the old code failed at that size too.
"""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import assert_averaging_at_chance
from tests.attacks.test_redteam5_three_partitions import TARGET_WIJK, YEARS, A, _cells, _sql

N_UPPER = 12   # upper ages per side (more of them: more averaging; the blocks only grow)

SPLIT = ("SELECT stadsdeel, jaar, geslacht, MEASURE(clienten) FROM vw_voorziening_jaar "
         f"WHERE leeftijd BETWEEN {A} AND 95 AND jaar IN ({', '.join(map(str, YEARS))}) "
         "GROUP BY stadsdeel, jaar, geslacht")


def _steps() -> list[tuple[bool, str, str]]:
    out = []
    for cf, cr in zip(range(A + 2, A + 2 + 2 * N_UPPER, 2), range(A + 3, A + 3 + 2 * N_UPPER, 2)):
        out.append((False, _sql(A, cf, False), _sql(A + 1, cf, False)))
        out.append((True, _sql(A, cr, True), _sql(A + 1, cr, True)))
    return out


@pytest.mark.slow
def test_api_gender_split_makes_target_a_pair_of_blocks(truth, tmp_path):
    from assistant import Assistant, Settings

    assistant = Assistant(Settings(release_log_path=tmp_path / "vrijgaven.sqlite", audit_log_path=tmp_path / "audit.jsonl",
                                   app_db_path=tmp_path / "app.sqlite", rate_sql_per_minute=0))
    sessions = [assistant.new_session(user="u1", role="analist"), assistant.new_session(user="u2", role="analist")]
    diffs = {False: collections.defaultdict(list), True: collections.defaultdict(list)}
    try:
        sessions[0].run_sql(SPLIT)
        for i, (rest, lo_sql, hi_sql) in enumerate(_steps()):
            x = _cells(sessions[i % 2].run_sql(lo_sql).to_json_dict())
            y = _cells(sessions[(i + 1) % 2].run_sql(hi_sql).to_json_dict())
            for key in x.keys() & y.keys():
                diffs[rest][key].append(x[key] - y[key])
    finally:
        assistant.close()
    assert_averaging_at_chance(truth, diffs, TARGET_WIJK, YEARS, A)
