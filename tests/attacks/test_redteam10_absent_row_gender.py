"""Red team 10, leak 3: a wijk absent from `GROUP BY wijk` narrowed to leeftijdsklasse AND geslacht = g
says its 1..9 clients of that soort and class have no member of gender g. One query per gender, no pairing.
Fails if any such absence pins the gender of a (wijk, soort, class) group of 1..9 clients."""

from __future__ import annotations

import pytest

from tests.attacks.redteam10 import analysts, truth, use_fresh_log

pytestmark = pytest.mark.slow

COMBOS = [(2023, 'Beschermd wonen', '65-74'), (2023, 'Bijzondere bijstand', '65-74'),
          (2021, 'Begeleiding', '18-26'), (2024, 'Hulp bij het huishouden', '65-74')]


def test_absent_wijk_rows_do_not_pin_gender(tmp_path, monkeypatch):
    pinned = []
    for i, (J, S, L) in enumerate(COMBOS):
        use_fresh_log(monkeypatch, tmp_path, f"release{i}")
        s1, s2 = analysts()
        tr = {}
        for w, g, n in truth(f"select wijk, geslacht, count(distinct persoon_id) from vw_voorziening_jaar "
                             f"where jaar={J} and soort='{S}' and leeftijdsklasse='{L}' group by all"):
            tr.setdefault(w, {})[g] = n
        present = {}
        for g, s in (("vrouw", s1), ("man", s2)):
            d = s.run_sql(f"SELECT wijk, MEASURE(clienten) FROM vw_voorziening_jaar WHERE soort = '{S}' AND jaar = {J} "
                          f"AND leeftijdsklasse = '{L}' AND geslacht = '{g}' GROUP BY wijk").to_json_dict()
            present[g] = {r[0] for r in d["rows"]}
        for w, t in tr.items():
            if not 1 <= sum(t.values()) <= 9:
                continue
            for g, other in (("vrouw", "man"), ("man", "vrouw")):
                if w not in present[g] and w in present[other] and t.get(g, 0) == 0:
                    pinned.append((J, S, L, w, f"all {other}"))
    assert not pinned, f"{len(pinned)} small groups' gender pinned by an absent row: {pinned[:8]}"
