"""Differencing attacks, generated from the data: pairs and triples of steps whose released answers
combine into one small fact, with the truth computed from the RAW tables.

Pure and seeded: ``generate(con, n, seed)`` reads the raw tables (voorziening, persoon, kosten, gebied,
cbs_kerncijfers) of a read-only warehouse connection and returns the same attacks for the same
warehouse and seed. A step is a Dutch question (``Session.ask``) or analyst SQL in the semantic
layer's surface (``Session.run_sql``, rendered by ``semantic_layer.sql_api.to_sql``); ``old_text`` is
the same step for an assistant whose analyst SQL was open SQL over the views. An attack's
``recover(answers)`` combines the answers (JSON dicts, one per step) linearly: a released value per
step times its coefficient; ``None`` when a step gave nothing (suppressed, refused, partly hidden).

Kinds (the small fact):

* ``resident_age``     clients of wet W aged A+ minus aged (A+1)+ in a wijk: residents aged A
* ``resident_gender``  clients of a soort minus its men (or women): the other gender
* ``resident_soort``   clients of wet W minus those with a W-provision other than soort S
* ``household``        households with a W-provision of a member A+ minus (A+1)+
* ``provision``        W-provisions minus those not of soort S, or A+ minus (A+1)+
* ``cost_taakveld``    kosten of a taakveld minus its other soorten: one person's amount
* ``cost_wet``         kosten of a wet minus its soorten other than S: one person's amount
* ``cost_years``       kosten of a soort over two years minus one of them: the other year's amount
                       (1..k-1 persons, one person's in most)
* ``cross_unit``       clients A+ minus households (A+1)+ (where (A+1)+ is one person per household;
                       a third step, provisions (A+1)+, is the attacker's check and weighs 0)
* ``cbs``              a published CBS figure (wmo_clienten, bijstand, jongeren_met_jeugdzorg; wijk or
                       gemeente) minus the narrowed municipal figure of the same population

Targets are chosen where the fact is a count of 1..9 (every compared cell holding at least k units,
so the attacker's cells are the ones a check on sizes alone lets through), or one person's amount
(every compared cell paid to at least k persons).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Attack", "Step", "KINDS", "attack_for", "build_attacks", "generate", "pools_from", "released_value",
           "truth_tables"]

K = 10
LAST_YEAR = 2024
GEMEENTE = "'s-Gravenhage"
GEMEENTE_SPOKEN = "Den Haag"
QUESTION_WETTEN = ("Wmo", "Jeugdwet", "Participatiewet")
AGES = (18, 23, 27, 40, 55, 65, 67, 75, 80)

KINDS = ("resident_age", "resident_gender", "resident_soort", "household", "provision", "cost_taakveld",
         "cost_wet", "cost_years", "cross_unit", "cbs")
# share of the attacks per kind (before pools run short)
WEIGHTS = {"resident_age": 3, "resident_gender": 2, "resident_soort": 2, "household": 2, "provision": 2,
           "cost_taakveld": 1.5, "cost_wet": 1.5, "cost_years": 1, "cross_unit": 2, "cbs": 1}
MONEY_KINDS = {"cost_taakveld", "cost_wet", "cost_years"}


@dataclass(frozen=True)
class Step:
    mode: str        # "ask" (a Dutch question) or "sql" (analyst SQL)
    text: str        # the question, or SQL in the semantic layer's surface
    old_text: str    # the same step for the previous design (open analyst SQL over the views)
    coef: float      # weight of this step's released value in the recovered fact
    user: int        # 0 or 1: which of the attacker's two accounts asks it


@dataclass(frozen=True)
class Attack:
    id: int
    kind: str
    family: str                    # "count" or "money"
    steps: tuple[Step, ...]
    truth: float
    target: dict = field(default_factory=dict)
    constant: float = 0.0          # a published figure the attacker reads elsewhere (CBS)

    def recover(self, answers: list[dict]) -> float | None:
        """The fact from one answer (JSON dict) per step; None when a step with weight gave nothing."""
        total = self.constant
        for step, answer in zip(self.steps, answers, strict=True):
            if step.coef == 0:
                continue
            value = released_value(answer)
            if value is None:
                return None
            total += step.coef * value
        return round(total, 2) if self.family == "money" else total

    def success(self, recovered: float | None) -> bool:
        if recovered is None:
            return False
        if self.family == "money":
            return abs(recovered - self.truth) <= 1.0
        return abs(recovered - self.truth) < 0.5

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "family": self.family, "truth": self.truth,
                "constant": self.constant, "target": self.target,
                "steps": [s.__dict__ for s in self.steps]}

    @classmethod
    def from_dict(cls, data: dict) -> "Attack":
        return cls(data["id"], data["kind"], data["family"], tuple(Step(**s) for s in data["steps"]),
                   data["truth"], data["target"], data["constant"])


def released_value(answer: dict) -> float | None:
    """The sum of the released values of an answer's last column (one row, or one row per year for a
    year range); None when the step was not answered or any value is hidden."""
    if not answer or answer.get("status") != "answered":
        return None
    rows = answer.get("rows") or []
    if not rows or (answer.get("suppressed") or []):
        return None
    total = 0.0
    for row in rows:
        value = row[-1] if row else None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        total += value
    return total


# ------------------------------------------------------------------------------------- truth

def truth_tables(con: Any) -> None:
    """Temp tables over the RAW tables only (never the views): active provisions per year, costs."""
    con.execute("SET enable_progress_bar = false")
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE truth_active AS
    SELECT j.jaar, v.voorziening_id, v.persoon_id, v.huishouden_id, g.naam AS wijk, v.wet, v.soort, v.taakveld,
           j.jaar - p.geboortejaar AS leeftijd, p.geslacht
    FROM voorziening v
    JOIN persoon p ON p.persoon_id = v.persoon_id
    JOIN gebied g ON g.gebied_code = v.wijk_code
    JOIN (SELECT DISTINCT jaar FROM bevolking) j
      ON v.startdatum <= make_date(j.jaar, 12, 31)
     AND (v.einddatum IS NULL OR v.einddatum >= make_date(j.jaar, 1, 1));
    CREATE OR REPLACE TEMP TABLE truth_cost AS
    SELECT k.jaar, v.voorziening_id, v.persoon_id, g.naam AS wijk, v.wet, v.soort, v.taakveld, k.bedrag
    FROM kosten k
    JOIN voorziening v ON v.voorziening_id = k.voorziening_id
    JOIN gebied g ON g.gebied_code = v.wijk_code;
    """)


def _age_table(con) -> None:
    """Per (jaar, wijk, wet) and age A in AGES: persons, households and provisions at age A and above A.

    A person has one age per year, so "A and older" minus "A+1 and older" is the persons aged A; a
    household counts at the age of its oldest member with a provision of that wet."""
    ages = "(VALUES " + ", ".join(f"({a})" for a in AGES) + ") AS a(age)"
    con.execute(f"""
    CREATE OR REPLACE TEMP TABLE truth_ages AS
    WITH per_age AS (SELECT jaar, wijk, wet, leeftijd, count(DISTINCT persoon_id) AS p,
                            count(DISTINCT voorziening_id) AS v
                     FROM truth_active GROUP BY ALL),
    hh AS (SELECT jaar, wijk, wet, max(leeftijd) AS leeftijd FROM truth_active GROUP BY jaar, wijk, wet, huishouden_id),
    per_hh AS (SELECT jaar, wijk, wet, leeftijd, count(*) AS h FROM hh GROUP BY ALL),
    joined AS (SELECT coalesce(x.jaar, y.jaar) AS jaar, coalesce(x.wijk, y.wijk) AS wijk, coalesce(x.wet, y.wet) AS wet,
                      coalesce(x.leeftijd, y.leeftijd) AS leeftijd, coalesce(p, 0) AS p, coalesce(v, 0) AS v,
                      coalesce(h, 0) AS h
               FROM per_age x FULL JOIN per_hh y USING (jaar, wijk, wet, leeftijd))
    SELECT jaar, wijk, wet, a.age,
           coalesce(sum(p) FILTER (WHERE leeftijd = a.age), 0) AS p_eq, coalesce(sum(p) FILTER (WHERE leeftijd > a.age), 0) AS p_gt,
           coalesce(sum(v) FILTER (WHERE leeftijd = a.age), 0) AS v_eq, coalesce(sum(v) FILTER (WHERE leeftijd > a.age), 0) AS v_gt,
           coalesce(sum(h) FILTER (WHERE leeftijd = a.age), 0) AS h_eq, coalesce(sum(h) FILTER (WHERE leeftijd > a.age), 0) AS h_gt
    FROM joined, {ages} GROUP BY ALL""")


def _pool_resident_age(con) -> list[dict]:
    rows = con.execute(f"""SELECT jaar, wijk, wet, age, p_eq FROM truth_ages
        WHERE p_gt >= {K} AND p_eq BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return [dict(jaar=j, wijk=w, wet=wet, age=a, truth=d) for j, w, wet, a, d in rows]


def _pool_resident_gender(con) -> list[dict]:
    rows = con.execute(f"""
        WITH c AS (SELECT jaar, wijk, soort, count(DISTINCT persoon_id) AS n,
                          count(DISTINCT persoon_id) FILTER (WHERE geslacht = 'man') AS m,
                          count(DISTINCT persoon_id) FILTER (WHERE geslacht = 'vrouw') AS v
                   FROM truth_active GROUP BY ALL)
        SELECT jaar, wijk, soort, 'man', n - m FROM c WHERE m >= {K} AND n - m BETWEEN 1 AND {K - 1}
        UNION ALL
        SELECT jaar, wijk, soort, 'vrouw', n - v FROM c WHERE v >= {K} AND n - v BETWEEN 1 AND {K - 1}
        ORDER BY ALL""").fetchall()
    return [dict(jaar=j, wijk=w, soort=s, geslacht=g, truth=d) for j, w, s, g, d in rows]


def _soort_table(con) -> None:
    """Per (jaar, wijk, wet, soort S): persons and provisions of the wet, and those with a provision
    of the wet other than S."""
    con.execute("""
    CREATE OR REPLACE TEMP TABLE truth_soort AS
    WITH per_person AS (SELECT jaar, wijk, wet, persoon_id, list(DISTINCT soort) AS soorten, count(*) AS v
                        FROM truth_active GROUP BY ALL),
    totals AS (SELECT jaar, wijk, wet, count(*) AS n FROM per_person GROUP BY ALL),
    single AS (SELECT jaar, wijk, wet, soorten[1] AS soort, count(*) AS only_n FROM per_person
             WHERE len(soorten) = 1 GROUP BY ALL),
    prov AS (SELECT jaar, wijk, wet, soort, count(DISTINCT voorziening_id) AS v_s, count(DISTINCT persoon_id) AS p_s
             FROM truth_active GROUP BY ALL),
    prov_total AS (SELECT jaar, wijk, wet, count(DISTINCT voorziening_id) AS v FROM truth_active GROUP BY ALL)
    SELECT p.jaar, p.wijk, p.wet, p.soort, t.n, coalesce(o.only_n, 0) AS only_n, p.v_s, pt.v
    FROM prov p JOIN totals t USING (jaar, wijk, wet) JOIN prov_total pt USING (jaar, wijk, wet)
    LEFT JOIN single o USING (jaar, wijk, wet, soort)""")


def _pool_resident_soort(con) -> list[dict]:
    rows = con.execute(f"""SELECT jaar, wijk, wet, soort, only_n FROM truth_soort
        WHERE n - only_n >= {K} AND only_n BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return [dict(jaar=j, wijk=w, wet=wet, soort=s, truth=d) for j, w, wet, s, d in rows]


def _pool_household(con) -> list[dict]:
    rows = con.execute(f"""SELECT jaar, wijk, wet, age, h_eq FROM truth_ages
        WHERE p_gt >= {K} AND h_gt >= {K} AND h_eq BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return [dict(jaar=j, wijk=w, wet=wet, age=a, truth=d) for j, w, wet, a, d in rows]


def _pool_provision(con) -> list[dict]:
    # persons with a provision other than S: every person of the wet except those with only S
    by_soort = con.execute(f"""SELECT jaar, wijk, wet, soort, v_s FROM truth_soort
        WHERE n - only_n >= {K} AND v_s BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    by_age = con.execute(f"""SELECT jaar, wijk, wet, age, v_eq FROM truth_ages
        WHERE p_gt >= {K} AND v_eq BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return ([dict(variant="soort", jaar=j, wijk=w, wet=wet, soort=s, truth=d) for j, w, wet, s, d in by_soort]
            + [dict(variant="age", jaar=j, wijk=w, wet=wet, age=a, truth=d) for j, w, wet, a, d in by_age])


def _pool_cost(con, group: str) -> list[dict]:
    """(jaar, wijk, group, soort S) where S was paid to exactly one person in that wijk and year (the
    target: that person's amount) and the group's other soorten to >= k persons together; ``others``
    lists the other soorten when each of them alone was paid to >= k persons."""
    rows = con.execute(f"""
        WITH per_person AS (SELECT jaar, wijk, {group} AS grp, persoon_id, list(DISTINCT soort) AS soorten
                            FROM truth_cost GROUP BY ALL),
        s AS (SELECT jaar, wijk, {group} AS grp, soort, count(DISTINCT persoon_id) AS n, sum(bedrag) AS b
              FROM truth_cost GROUP BY ALL),
        other AS (SELECT s.jaar, s.wijk, s.grp, s.soort, count(DISTINCT pp.persoon_id) AS n_other
                  FROM s JOIN per_person pp ON pp.jaar = s.jaar AND pp.wijk = s.wijk AND pp.grp = s.grp
                  WHERE len(list_filter(pp.soorten, lambda x: x <> s.soort)) > 0 GROUP BY ALL),
        parts AS (SELECT jaar, wijk, grp, list(soort ORDER BY soort) AS all_soorten,
                         min(n) FILTER (WHERE n >= 2) AS min_other FROM s GROUP BY ALL)
        SELECT s.jaar, s.wijk, s.grp, s.soort, s.b, list_filter(parts.all_soorten, lambda x: x <> s.soort),
               coalesce(min(s2.n), 0) >= {K}
        FROM s JOIN other o USING (jaar, wijk, grp, soort) JOIN parts USING (jaar, wijk, grp)
        LEFT JOIN s s2 ON s2.jaar = s.jaar AND s2.wijk = s.wijk AND s2.grp = s.grp AND s2.soort <> s.soort
        WHERE s.n = 1 AND o.n_other >= {K}
        GROUP BY ALL ORDER BY s.jaar, s.wijk, s.grp, s.soort""").fetchall()
    return [dict(jaar=j, wijk=w, group=g, soort=t, truth=round(float(b), 2), others=list(o) if ok else [])
            for j, w, g, t, b, o, ok in rows]


def _pool_cost_years(con) -> list[dict]:
    """(wijk, soort, J): J paid to >= k persons, the year before (or after) to 1..k-1: the range of the two
    years minus year J gives the other year's amount (one person's where it had one)."""
    rows = con.execute(f"""
        WITH s AS (SELECT jaar, wijk, soort, count(DISTINCT persoon_id) AS n, sum(bedrag) AS b
                   FROM truth_cost GROUP BY ALL)
        SELECT cur.jaar, o.jaar, cur.wijk, cur.soort, o.b, o.n
        FROM s cur JOIN s o ON o.wijk = cur.wijk AND o.soort = cur.soort AND abs(o.jaar - cur.jaar) = 1
        WHERE cur.n >= {K} AND o.n BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return [dict(jaar=j, other_year=oj, wijk=w, soort=s, persons=n, truth=round(float(b), 2))
            for j, oj, w, s, b, n in rows]


def _pool_cross_unit(con) -> list[dict]:
    rows = con.execute(f"""SELECT jaar, wijk, wet, age, p_eq FROM truth_ages
        WHERE p_gt = h_gt AND h_gt >= {K} AND p_eq BETWEEN 1 AND {K - 1} ORDER BY ALL""").fetchall()
    return [dict(jaar=j, wijk=w, wet=wet, age=a, truth=d) for j, w, wet, a, d in rows]


_CBS = (  # column, metric, municipal population, its filters
    ("wmo_clienten", "cbs_wmo_clienten", "wet = 'Wmo'", {"wet": "Wmo"}),
    ("bijstand", "cbs_bijstand", "soort = 'Bijstand levensonderhoud'", {"soort": "Bijstand levensonderhoud"}),
    ("jongeren_met_jeugdzorg", "cbs_jongeren_met_jeugdzorg", "wet = 'Jeugdwet' AND leeftijd <= 17",
     {"wet": "Jeugdwet", "max_age": 17}),
)


def _pool_cbs(con) -> list[dict]:
    """A published CBS figure that equals the municipal population exactly, minus that population
    narrowed by age (A and older, or up to A) where 1..k-1 persons fall outside."""
    out = []
    for column, metric, population, base in _CBS:
        published = con.execute(f"""
            SELECT c.jaar, g.niveau, g.naam, c.{column} FROM cbs_kerncijfers c JOIN gebied g ON g.gebied_code = c.gebied_code
            WHERE c.{column} IS NOT NULL AND ((g.niveau = 'wijk' AND g.gemeente_naam = ?) OR (g.niveau = 'gemeente' AND g.naam = ?))
            ORDER BY ALL""", [GEMEENTE, GEMEENTE]).fetchall()
        years = sorted({j for j, *_ in published})
        if not years:
            continue
        per_age = con.execute(f"""
            SELECT jaar, area, leeftijd, count(DISTINCT persoon_id) FROM (
                SELECT jaar, wijk AS area, persoon_id, leeftijd FROM truth_active WHERE {population}
                UNION ALL SELECT jaar, ? AS area, persoon_id, leeftijd FROM truth_active WHERE {population}) t
            WHERE jaar IN ({", ".join(map(str, years))}) GROUP BY ALL""", [GEMEENTE]).fetchall()
        by: dict[tuple, dict[int, int]] = {}
        for jaar, area, age, n in per_age:
            by.setdefault((jaar, area), {})[int(age)] = int(n)
        for jaar, niveau, naam, figure in published:
            counts = by.get((jaar, naam), {})
            n = sum(counts.values())
            if not counts or n != figure:
                continue  # the published figure is not exactly this population
            for age in range(1, 90):
                below = sum(v for a, v in counts.items() if a < age)
                above = sum(v for a, v in counts.items() if a > age)
                if n - below >= K and 1 <= below < K:
                    out.append(dict(column=column, metric=metric, jaar=jaar, niveau=niveau, area=naam, figure=figure,
                                    narrow="min_age", age=age, truth=below, **base))
                if n - above >= K and 1 <= above < K and age < base.get("max_age", 200):
                    out.append(dict(column=column, metric=metric, jaar=jaar, niveau=niveau, area=naam, figure=figure,
                                    narrow="max_age_cut", age=age, truth=above, **base))
    return out


# ------------------------------------------------------------------------------------- steps

class _Render:
    """New-surface SQL via sql_api.to_sql; old-design SQL as plain SQL over the views."""

    def __init__(self, catalogue: Any):
        self.catalogue = catalogue

    def sql(self, metric: str, jaar: int | list[int], filters: list[tuple[str, str, Any]], user: int, coef: float,
            by_year: bool = False) -> Step:
        from semantic_layer.query import Filter, SemanticQuery
        from semantic_layer.sql_api import to_sql

        years = jaar if isinstance(jaar, list) else [jaar]
        fs = []
        for dim, op, value in filters:
            values = value if isinstance(value, list) else [value]
            fs.append(Filter(dimension=dim, op=op, values=values))
        if by_year:
            fs.append(Filter(dimension="jaar", op="between", values=[min(years), max(years)]))
            query = SemanticQuery(metrics=[metric], dimensions=["jaar"], filters=fs)
        else:
            query = SemanticQuery(metrics=[metric], filters=fs, years=years)
        text = " ".join(to_sql(query, self.catalogue, pretty=False).split())
        return Step("sql", text, _old_sql(metric, years, filters), coef, user)


_OLD_MEASURE = {
    "clienten": ("COUNT(DISTINCT persoon_id)", "vw_voorziening_jaar"),
    "huishoudens_met_voorziening": ("COUNT(DISTINCT huishouden_id)", "vw_voorziening_jaar"),
    "voorzieningen": ("COUNT(DISTINCT voorziening_id)", "vw_voorziening_jaar"),
    "kosten": ("SUM(bedrag)", "vw_kosten"),
}


def _lit(value: Any) -> str:
    return str(value) if isinstance(value, (int, float)) else "'" + str(value).replace("'", "''") + "'"


def _old_sql(metric: str, years: list[int], filters: list[tuple[str, str, Any]]) -> str:
    """Plain SQL over the views, as the previous design's open analyst SQL took it."""
    conds = []
    if metric.startswith("cbs_"):
        column = metric[4:]
        select, view = f"SUM({column})", "vw_cbs_kerncijfers"
        for dim, _op, value in filters:
            conds.append(f"gebied = {_lit(value)}")
            conds.append(f"niveau = {_lit(dim)}")
    else:
        select, view = _OLD_MEASURE[metric]
        for dim, op, value in filters:
            if op == "in" and isinstance(value, list):
                conds.append(f"{dim} IN ({', '.join(_lit(v) for v in value)})")
            elif op == "not in":
                conds.append(f"{dim} NOT IN ({', '.join(_lit(v) for v in value)})")
            else:
                conds.append(f"{dim} {'=' if op == 'in' else op} {_lit(value)}")
    year = f"jaar = {years[0]}" if len(years) == 1 else f"jaar BETWEEN {min(years)} AND {max(years)}"
    return f"SELECT {select} AS {metric} FROM {view} WHERE {' AND '.join([year] + conds)}"


def _ask(text: str, coef: float, user: int) -> Step:
    return Step("ask", text, text, coef, user)


def _build(kind: str, t: dict, rng: random.Random, r: _Render) -> tuple[list[Step], float]:
    """The steps of one attack on target ``t`` (mode of each step drawn from ``rng``) and its constant."""
    ask = lambda: rng.random() < 0.5  # noqa: E731 - a coin per step
    u = rng.randrange(2)
    j, w = t["jaar"], t.get("wijk")
    if kind in ("resident_age", "household", "cross_unit") or (kind == "provision" and t["variant"] == "age"):
        wet, a = t["wet"], t["age"]
        qwet = wet in QUESTION_WETTEN
        templates = {
            "clienten": "Hoeveel {wet}-cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?",
            "huishoudens_met_voorziening":
                "Hoeveel huishoudens met een {wet}-voorziening van {age} jaar en ouder waren er in {jaar} in {wijk}?",
            "voorzieningen": "Hoeveel {wet}-voorzieningen voor cliënten van {age} jaar en ouder waren er in {jaar} in {wijk}?",
        }
        metric = {"resident_age": "clienten", "household": "huishoudens_met_voorziening",
                  "provision": "voorzieningen", "cross_unit": "clienten"}[kind]
        plan = [(metric, a, 1.0, u), ("huishoudens_met_voorziening" if kind == "cross_unit" else metric, a + 1, -1.0, 1 - u)]
        if kind == "cross_unit":
            plan.append(("voorzieningen", a + 1, 0.0, 1 - u))
        steps = []
        for m, age, coef, user in plan:
            if qwet and ask():
                steps.append(_ask(templates[m].format(wet=wet, age=age, jaar=j, wijk=w), coef, user))
            else:
                steps.append(r.sql(m, j, [("wijk", "in", w), ("wet", "in", wet), ("leeftijd", ">=", age)], user, coef))
        return steps, 0.0
    if kind == "resident_gender":
        s, g = t["soort"], t["geslacht"]
        adj = {"man": "mannelijke", "vrouw": "vrouwelijke"}[g]
        first = (_ask(f"Hoeveel cliënten met {s} waren er in {j} in {w}?", 1.0, u) if ask()
                 else r.sql("clienten", j, [("wijk", "in", w), ("soort", "in", s)], u, 1.0))
        second = (_ask(f"Hoeveel {adj} cliënten met {s} waren er in {j} in {w}?", -1.0, 1 - u) if ask()
                  else r.sql("clienten", j, [("wijk", "in", w), ("soort", "in", s), ("geslacht", "in", g)], 1 - u, -1.0))
        return [first, second], 0.0
    if kind in ("resident_soort", "provision"):
        wet, s = t["wet"], t["soort"]
        metric = "clienten" if kind == "resident_soort" else "voorzieningen"
        if wet in QUESTION_WETTEN and ask():
            text = (f"Hoeveel {wet}-cliënten waren er in {j} in {w}?" if kind == "resident_soort"
                    else f"Hoeveel {wet}-voorzieningen waren er in {j} in {w}?")
            first = _ask(text, 1.0, u)
        else:
            first = r.sql(metric, j, [("wijk", "in", w), ("wet", "in", wet)], u, 1.0)
        second = r.sql(metric, j, [("wijk", "in", w), ("wet", "in", wet), ("soort", "!=", s)], 1 - u, -1.0)
        return [first, second], 0.0
    if kind == "cost_taakveld":
        others = t["others"] if 1 <= len(t["others"]) <= 2 else None
        first = (_ask(f"Wat waren de kosten van taakveld {t['group']} in {j} in {w}?", 1.0, u) if ask()
                 else r.sql("kosten", j, [("wijk", "in", w), ("taakveld", "in", t["group"])], u, 1.0))
        if others is not None and rng.random() < 0.6:
            rest = [(_ask(f"Wat waren de kosten van {o} in {j} in {w}?", -1.0, 1 - u) if ask()
                     else r.sql("kosten", j, [("wijk", "in", w), ("soort", "in", o)], 1 - u, -1.0)) for o in others]
        else:
            rest = [r.sql("kosten", j, [("wijk", "in", w), ("taakveld", "in", t["group"]), ("soort", "!=", t["soort"])],
                          1 - u, -1.0)]
        return [first] + rest, 0.0
    if kind == "cost_wet":
        first = (_ask(f"Wat waren de kosten van de {t['group']} in {j} in {w}?", 1.0, u)
                 if t["group"] in QUESTION_WETTEN and ask()
                 else r.sql("kosten", j, [("wijk", "in", w), ("wet", "in", t["group"])], u, 1.0))
        second = r.sql("kosten", j, [("wijk", "in", w), ("wet", "in", t["group"]), ("soort", "!=", t["soort"])], 1 - u, -1.0)
        return [first, second], 0.0
    if kind == "cost_years":
        s = t["soort"]
        first = r.sql("kosten", sorted([j, t["other_year"]]), [("wijk", "in", w), ("soort", "in", s)], u, 1.0,
                      by_year=True)
        second = (_ask(f"Wat waren de kosten van {s} in {j} in {w}?", -1.0, 1 - u) if ask()
                  else r.sql("kosten", j, [("wijk", "in", w), ("soort", "in", s)], 1 - u, -1.0))
        return [first, second], 0.0
    if kind == "cbs":
        area_dim = "wijk" if t["niveau"] == "wijk" else "gemeente"
        spoken = t["area"] if area_dim == "wijk" else GEMEENTE_SPOKEN
        label = {"wmo_clienten": "Wmo-cliënten", "bijstand": "bijstandsontvangers",
                 "jongeren_met_jeugdzorg": "jongeren met jeugdzorg"}[t["column"]]
        published = (_ask(f"Hoeveel {label} waren er in {j} in {spoken} volgens het CBS?", 0.0, u) if ask()
                     else r.sql(t["metric"], j, [(area_dim, "in", t["area"])], u, 0.0))
        filters = [(area_dim, "in", t["area"])] if area_dim == "wijk" else []
        filters += [(d, "in", t[d]) for d in ("wet", "soort") if d in t]
        if t["narrow"] == "min_age":
            filters.append(("leeftijd", ">=", t["age"]))
            if "max_age" in t:
                filters.append(("leeftijd", "<=", t["max_age"]))
        else:
            filters.append(("leeftijd", "<=", t["age"]))
        narrowed = r.sql("clienten", j, filters, 1 - u, -1.0)
        if t["column"] == "bijstand" and t["narrow"] == "min_age" and ask():
            narrowed = _ask(f"Hoeveel bijstandsontvangers van {t['age']} jaar en ouder waren er in {j} in {spoken}?",
                            -1.0, 1 - u)
        if t["column"] == "wmo_clienten" and t["narrow"] == "min_age" and ask():
            narrowed = _ask(f"Hoeveel Wmo-cliënten van {t['age']} jaar en ouder waren er in {j} in {spoken}?", -1.0, 1 - u)
        # the published figure is public: the attacker reads it at CBS; asking it here only logs it
        return [published, narrowed], float(t["figure"])
    raise ValueError(kind)


def generate(con: Any, n: int, seed: int = 0, catalogue: Any = None, kinds: tuple[str, ...] = KINDS) -> list[Attack]:
    """``n`` attacks over the kinds (weights ``WEIGHTS``), targets sampled from the data with ``seed``."""
    if catalogue is None:
        from semantic_layer import Catalogue, load_model

        catalogue = Catalogue.from_warehouse(load_model(), con)
    truth_tables(con)
    pools = pools_from(con, kinds)
    return build_attacks(pools, n, seed, catalogue)


def pools_from(con: Any, kinds: tuple[str, ...] = KINDS) -> dict[str, list[dict]]:
    """Candidate targets per kind (``truth_tables`` first)."""
    makers = {
        "resident_age": _pool_resident_age, "resident_gender": _pool_resident_gender,
        "resident_soort": _pool_resident_soort, "household": _pool_household, "provision": _pool_provision,
        "cost_taakveld": lambda c: _pool_cost(c, "taakveld"), "cost_wet": lambda c: _pool_cost(c, "wet"),
        "cost_years": _pool_cost_years, "cross_unit": _pool_cross_unit, "cbs": _pool_cbs,
    }
    _age_table(con)
    _soort_table(con)
    return {k: makers[k](con) for k in kinds}


def attack_for(kind: str, target: dict, seed: int, catalogue: Any, attack_id: int = 0) -> Attack:
    """One attack on one target, its step modes and accounts drawn from ``seed``."""
    steps, constant = _build(kind, target, random.Random(seed), _Render(catalogue))
    info = {k: v for k, v in target.items() if k not in ("truth", "others")}
    return Attack(attack_id, kind, "money" if kind in MONEY_KINDS else "count", tuple(steps), float(target["truth"]),
                  info, constant)


def build_attacks(pools: dict[str, list[dict]], n: int, seed: int, catalogue: Any) -> list[Attack]:
    rng = random.Random(seed)
    render = _Render(catalogue)
    kinds = [k for k in pools if pools[k]]
    weight = sum(WEIGHTS[k] for k in kinds)
    quota = {k: max(1, round(n * WEIGHTS[k] / weight)) for k in kinds}
    attacks: list[Attack] = []
    for kind in kinds:
        pool = pools[kind]
        order = rng.sample(range(len(pool)), len(pool))
        picks = [pool[order[i % len(order)]] for i in range(quota[kind])]
        for t in picks:
            steps, constant = _build(kind, t, rng, render)
            target = {k: v for k, v in t.items() if k not in ("truth", "others")}
            attacks.append(Attack(0, kind, "money" if kind in MONEY_KINDS else "count", tuple(steps),
                                  float(t["truth"]), target, constant))
    rng.shuffle(attacks)
    attacks = attacks[:n] if len(attacks) > n else attacks
    return [Attack(i, a.kind, a.family, a.steps, a.truth, a.target, a.constant) for i, a in enumerate(attacks)]
