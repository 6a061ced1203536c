"""Shared by the red team 9 stadsdeel-pivot tests: which wijk lies in which stadsdeel, and whether the other
wijken of a stadsdeel pass the left-out rule (their part of the soort and of its wet is 0 or >= k)."""

from __future__ import annotations

from tests.attacks.conftest import K, sql_literal


def stadsdeel_of(truth) -> dict[str, str]:
    return dict(truth.rows("""SELECT g.naam, s.stadsdeel FROM stadsdeel_indeling s JOIN gebied g USING (gebied_code)
                              WHERE g.niveau = 'wijk'"""))


def counts(truth):
    soort = {(j, w, s): n for j, w, s, n in truth.rows(
        "SELECT jaar, wijk, soort, count(DISTINCT persoon_id) FROM truth_active GROUP BY ALL")}
    wet = {(j, w, x): n for j, w, x, n in truth.rows(
        "SELECT jaar, wijk, wet, count(DISTINCT persoon_id) FROM truth_active GROUP BY ALL")}
    wet_of = dict(truth.rows("SELECT DISTINCT soort, wet FROM truth_active"))
    return soort, wet, wet_of


def others_pass(sd, soort_n, wet_n, wet_of, jaar, wijk, soort) -> bool:
    """Every other wijk of wijk's stadsdeel holds 0 or >= K clients of the soort and of its wet."""
    ok = lambda n: n == 0 or n >= K  # noqa: E731
    return all(ok(soort_n.get((jaar, v, soort), 0)) and ok(wet_n.get((jaar, v, wet_of[soort]), 0))
               for v, x in sd.items() if x == sd[wijk] and v != wijk)


def pair(sd, soort: str, jaar: int, wijk: str, condition: str | None = None, metric: str = "clienten",
         view: str = "vw_voorziening_jaar") -> tuple[str, str]:
    """A = the city without W's stadsdeel (left out as one part); B = the city without the *other* wijken of that
    stadsdeel (W is included, not left out). B - A is W's part of the cell."""
    base = (f"SELECT MEASURE({metric}) FROM {view} WHERE soort = {sql_literal(soort)} AND jaar = {jaar}"
            + (f" AND {condition}" if condition else ""))
    others = sorted(v for v, x in sd.items() if x == sd[wijk] and v != wijk)
    return (base + f" AND stadsdeel != {sql_literal(sd[wijk])}",
            base + " AND wijk NOT IN (" + ", ".join(sql_literal(v) for v in others) + ")")


def value(answer):
    rows = answer.get("rows") or []
    return rows[0][-1] if answer.get("status") == "answered" and len(rows) == 1 else None
