"""Red team 4: averaged four-cell differencing across TWO partitions at once (area x age).

Target: the number of clients aged exactly `a` in one wijk W of each stadsdeel S, per year (1..9 people).
Every cell the attacker asks for is a large cell (hundreds or thousands of clients):

    [S, a..c] - [S, a+1..c]                 = clients of S aged a          (large: no small difference)
    [S minus W, a..c] - [S minus W, a+1..c] = clients of S minus W aged a  (large)

so no two released cells differ by 1..9 units, no disjoint family covers a cell but for a small group, and
no single context (area partition at fixed ages, or age partition in one area) determines a small block.
Each c gives a fresh, independent noisy estimate of [W, a] = difference of the two lines; the cell key
noise has mean 0, so averaging over many c recovers the exact count. One GROUP BY stadsdeel, jaar query
serves the eight stadsdelen and every year at once; the two analysts of one Assistant alternate queries.
"""

from __future__ import annotations

import collections

import pytest

from tests.attacks.conftest import assert_averaging_at_chance, sql_literal

A = 22                                   # the target age
YEARS = (2021, 2022, 2023, 2024)
C_VALUES = range(A + 10, A + 10 + 20)    # 20 upper bounds = 20 independent estimates per side
TARGET_WIJK = {
    "Centrum": "Groente- en Fruitmarkt", "Escamp": "Leyenburg", "Haagse Hout": "Benoordenhout",
    "Laak": "Binckhorst", "Leidschenveen-Ypenburg": "Leidschenveen", "Loosduinen": "Bohemen en Meer en Bos",
    "Scheveningen": "Duinoord", "Segbroek": "Bomen- en Bloemenbuurt",
}


def _sql(lo: int, hi: int, exclude: bool) -> str:
    years = ", ".join(str(y) for y in YEARS)
    sql = ("SELECT stadsdeel, jaar, MEASURE(clienten) FROM vw_voorziening_jaar "
           f"WHERE leeftijd BETWEEN {lo} AND {hi} AND jaar IN ({years})")
    if exclude:
        sql += " AND wijk NOT IN (" + ", ".join(sql_literal(w) for w in TARGET_WIJK.values()) + ")"
    return sql + " GROUP BY stadsdeel, jaar"


def _cells(session, sql: str) -> dict:
    answer = session.run_sql(sql).to_json_dict()
    if answer.get("status") != "answered":
        return {}
    return {(r[0], r[1]): r[-1] for r in answer.get("rows") or []
            if isinstance(r[-1], (int, float)) and not isinstance(r[-1], bool)}


@pytest.mark.slow
def test_area_age_four_cell_averaging_does_not_recover_small_counts(truth, tmp_path):
    from assistant import Assistant, Settings

    assistant = Assistant(Settings(release_log_path=tmp_path / "vrijgaven.sqlite",
                                   audit_log_path=tmp_path / "audit.jsonl"))
    sessions = [assistant.new_session(user="u1", role="analist"),
                assistant.new_session(user="u2", role="analist")]
    diffs = {False: collections.defaultdict(list), True: collections.defaultdict(list)}
    turn = 0
    try:
        for c in C_VALUES:
            for exclude in (True, False):          # the stadsdeel-minus-W pair first, then the stadsdeel pair
                x = _cells(sessions[turn % 2], _sql(A, c, exclude))
                y = _cells(sessions[(turn + 1) % 2], _sql(A + 1, c, exclude))
                turn += 1
                for key in x.keys() & y.keys():
                    diffs[exclude][key].append(x[key] - y[key])
    finally:
        close = getattr(assistant, "close", None)
        if close:
            close()

    assert_averaging_at_chance(truth, diffs, TARGET_WIJK, YEARS, A)
