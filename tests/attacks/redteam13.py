"""Helpers of the red team 13 tests: sessions of one assistant on a release log of the attempt's own (two analysts,
a beleidsmaker and a raadslid), a row's released figure, and the raw warehouse as ground truth (read-only)."""

from __future__ import annotations

import pytest

from tests.attacks.redteam12 import rt12  # noqa: F401  (the fixture rt13 is)


@pytest.fixture
def rt13(rt12):  # noqa: F811
    """Factory: rt13(tag) -> (assistant, analyst a, analyst b, beleidsmaker, raadslid) on one fresh release log
    (red team 12's sessions)."""
    return rt12


def row_value(ans, key=None):
    """The released number of the row whose first columns are `key` (or of the single cell); None if not shown."""
    d = ans.to_json_dict()
    if d["status"] != "answered" or not d["rows"]:
        return None
    if key is not None and not isinstance(key, tuple):
        key = (key,)
    for r in d["rows"]:
        if key is None or tuple(r[: len(key)]) == key:
            v = r[-1]
            return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    return None


def lit(s) -> str:
    return "'" + str(s).replace("'", "''") + "'"


# ---------------------------------------------------------------- finding 2: averaging across metrics

WMO_SOORTEN = ["Hulp bij het huishouden", "Hulpmiddelen", "Begeleiding", "Vervoersvoorziening"]


def soort_sets():
    import itertools
    return [list(c) for k in (1, 2, 3, 4) for c in itertools.combinations(WMO_SOORTEN, k)]


def jeugd_targets(db):
    """(wijk, jaar, soort, n): 1..9 clients of one Jeugdwet soort in a wijk, none of them with a Wmo provision that
    year, and >= 10 clients of hulp bij het huishouden in the wijk (so no cell below differs from another by < 10)."""
    rows = db.execute("""
        with a as (select wijk, jaar, soort, count(distinct persoon_id) n from vw_voorziening_jaar
                   where wet = 'Jeugdwet' group by all having n between 1 and 9)
        select a.wijk, a.jaar, a.soort, a.n,
          (select count(distinct persoon_id) from vw_voorziening_jaar v where v.wijk = a.wijk and v.jaar = a.jaar
             and v.soort = 'Hulp bij het huishouden') nt,
          (select count(distinct v.persoon_id) from vw_voorziening_jaar v where v.wijk = a.wijk and v.jaar = a.jaar
             and v.soort = a.soort and v.persoon_id in (select persoon_id from vw_voorziening_jaar w
                                                         where w.jaar = a.jaar and w.wet = 'Wmo')) ov
        from a order by a.jaar, a.wijk, a.soort""").fetchall()
    return [(w, j, s, n) for w, j, s, n, nt, ov in rows if nt >= 10 and ov == 0]


def stadsdelen(db):
    return dict(db.execute("select distinct wijk, stadsdeel from vw_voorziening_jaar").fetchall())


def cross_metric_estimates(sa, sb, w, jr, s1, other_stadsdelen, n_sets):
    """One estimate of |W ∩ S1| per (region, Wmo soort set T):
    clienten[R ∩ (S1 ∪ T)] − clienten[(R − W) ∩ (S1 ∪ T)] − kosten/kpc[R ∩ T] + kosten/kpc[(R − W) ∩ T]."""
    regions = [""] + [f" AND stadsdeel != {lit(o)}" for o in other_stadsdelen]
    wc = f" AND wijk != {lit(w)}"
    est = []
    for T in soort_sets()[:n_sets]:
        in_t = ", ".join(lit(t) for t in T)
        in_s = ", ".join(lit(t) for t in [s1] + T)
        for rc in regions:
            base = f"FROM semantische_laag WHERE jaar = {jr}{rc}"

            def count(extra):
                k = row_value(sa.run_sql(f"SELECT MEASURE(kosten) {base} AND soort IN ({in_t}){extra}"))
                p = row_value(sb.run_sql(f"SELECT MEASURE(kosten_per_client) {base} AND soort IN ({in_t}){extra}"))
                return None if k is None or not p else round(k / p)

            a = row_value(sa.run_sql(f"SELECT MEASURE(clienten) {base} AND soort IN ({in_s})"))
            c = row_value(sb.run_sql(f"SELECT MEASURE(clienten) {base} AND soort IN ({in_s}){wc}"))
            b, e = count(""), count(wc)
            if None not in (a, b, c, e):
                est.append(a - c - b + e)
    return est
