"""Red team 12, finding 2 (availability): the Laak row of a plain "per stadsdeel" table is shown in a fresh release
log, but once any user asks the same figure for the wijk Laakkwartier en Spoorwijk (Laak minus Binckhorst's 1..9), the
Laak row is withheld for everyone, permanently. The answer to a plain table then depends on what someone else asked
before (SPEC §5: "It does not depend on who asks or on what was asked before"). Fails while the Laak row is shown in
a fresh log but withheld after the wijk question."""
import pytest
from tests.attacks.redteam12 import rt11, rt12, row_value  # noqa: F401  (rt11, rt12: the fixtures)

LK = "Laakkwartier en Spoorwijk"


@pytest.mark.slow
def test_wijk_question_does_not_preempt_stadsdeel_row(rt12):
    rows = rt12.db.execute("""
        select jaar, soort, leeftijdsklasse, geslacht from vw_voorziening_jaar where wijk = 'Binckhorst'
        group by all having count(distinct persoon_id) between 1 and 9 order by all""").fetchall()
    targets = []
    for j, s, l, g in rows:
        n = rt12.db.execute("select count(distinct persoon_id) from vw_voorziening_jaar where jaar=? and soort=? "
                            "and leeftijdsklasse=? and geslacht=? and wijk=?", [j, s, l, g, LK]).fetchone()[0]
        if n >= 20:
            targets.append((j, s, l, g))
    targets = targets[::max(1, len(targets) // 10)][:10]
    assert len(targets) >= 8
    inconsistent = []
    for i, (j, s, l, g) in enumerate(targets):
        base = (f"FROM semantische_laag WHERE jaar = {j} AND soort = '{s}' "
                f"AND leeftijdsklasse = '{l}' AND geslacht = '{g}'")
        table = f"SELECT stadsdeel, MEASURE(clienten) {base} GROUP BY stadsdeel"
        _, s1, _, _, _ = rt12(f"fresh{i}")
        before = row_value(s1.run_sql(table), "Laak")
        _, s1, s2, _, _ = rt12(f"after{i}")
        s2.run_sql(f"SELECT MEASURE(clienten) {base} AND wijk = '{LK}'")     # another user, the wijk figure
        after = row_value(s1.run_sql(table), "Laak")
        if (before is None) != (after is None):
            inconsistent.append((j, s, l, g, before, after))
    assert len(inconsistent) <= 1, f"Laak row shown fresh but withheld after one wijk question: {inconsistent}"
