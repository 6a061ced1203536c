"""Compile a :class:`SemanticQuery` into one SELECT over the analytic views (a sqlglot AST).

Shape of every compiled query::

    WITH m_<metric> AS (...one aggregate per metric, grouped by the cell dimensions...),
         [m_<metric>_teller / m_<metric>_noemer  for ratios,
          m_<metric>_jaren                       for a year comparison,
          cellen                                 the union of cells when several metrics meet,
          resultaat                              the joined result]
    SELECT <dimensions>, <measures>, <guard columns> FROM ... ORDER BY ... LIMIT ...

Each metric CTE reads its view once, with every filter in its WHERE clause. ``units_ast`` has the
same cells with ``<measure>__units`` (the distinct counting units) instead of the values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rapidfuzz import process
from sqlglot import exp

from semantic_layer.catalogue import Catalogue
from semantic_layer.compiled import AgeRun, CellScope, CompiledQuery, OutputColumn, Partition, WiderGroup
from semantic_layer.dialects import BottomKeys
from semantic_layer.loader import supports_dimension
from semantic_layer.model import Metric
from semantic_layer.query import Filter, SemanticQuery

SOURCE_TEXT = {
    "CBS": "Bron: CBS, Kerncijfers wijken en buurten (open data, CC BY 4.0)",
    "gemeentelijke registratie (synthetisch)": (
        "Gemeentelijke registratie sociaal domein 's-Gravenhage (synthetische demogegevens, geen echte inwoners)"
    ),
}
UNIT_WORD = {"persoon": "personen", "huishouden": "huishoudens"}
CATEGORY_OPS = {"=", "!=", "in", "not in"}
NUMERIC_OPS = {"=", "!=", ">=", "<=", ">", "<", "between", "in", "not in"}
CBS_VIEW = "vw_cbs_kerncijfers"
# Cell key method (guards/perturbation.py): the record key column of each counting unit and of a cost
# record, summed inside the aggregate that counts them; KEY_SPACE is the keys' range.
KEY_SPACE = 2**32
KEY_COLUMNS = {"persoon_id": "persoon_sleutel", "huishouden_id": "huishouden_sleutel",
               "voorziening_id": "voorziening_sleutel"}
ROW_KEY_COLUMNS = {"vw_kosten": "kosten_sleutel", "vw_voorziening_jaar": "voorziening_sleutel"}
# the units behind a count that the exact checks also judge it as (column suffix, id column), per view
UNIT_VIEWS = {"vw_voorziening_jaar": (("personen", "persoon_id"), ("voorzieningen", "voorziening_id"))}
# The disclosure guard's exact checks first compare cells by a sketch of their counting units: the
# SKETCH_SIZE smallest record keys (a bottom-k sketch) and the sum of all of them; unit sets are
# fetched only for cells the sketches cannot tell apart (guards/disclosure.py).
SKETCH_SIZE = 64


class QueryError(ValueError):
    """A semantic query that does not fit the model or the catalogue; the message is Dutch."""


@dataclass
class _Flt:
    dimension: str
    op: str
    values: list


@dataclass
class _Plan:
    """A validated query: effective dimensions, resolved filters and years per metric."""

    query: SemanticQuery
    dims: list[str]
    filters: list[_Flt]
    years: dict[str, list[int]]
    ctes: list[tuple[str, exp.Expression]] = field(default_factory=list)


def compile_query(query: SemanticQuery, catalogue: Catalogue, dialect: str = "duckdb") -> CompiledQuery:
    """Validate ``query`` against the model and catalogue and compile it into a :class:`CompiledQuery`.

    ``dialect`` is checked here for early failure; the AST itself is dialect-neutral and
    ``CompiledQuery.sql(dialect)`` renders it for duckdb, postgres, tsql, spark or trino.
    """
    if dialect not in ("duckdb", "postgres", "tsql", "spark", "trino"):
        raise QueryError(f"Onbekend SQL-dialect '{dialect}'; kies uit duckdb, postgres, tsql, spark of trino.")
    plan = _validate(query, catalogue)
    builder = _Builder(catalogue, plan, views=True)
    ast, columns = builder.build(units=False)
    counting = [m for m in query.metrics if catalogue.model.metrics[m].counting_unit is not None]
    units_ast = None
    if counting:
        units_plan = _Plan(query=plan.query, dims=plan.dims, filters=plan.filters, years=plan.years)
        units_ast, _ = _Builder(catalogue, units_plan, views=True).build(units=True, metrics=counting)
    sources: list[str] = []
    definitions: dict[str, str] = {}
    for name in query.metrics:
        metric = catalogue.model.metrics[name]
        text = SOURCE_TEXT[metric.source]
        if text not in sources:
            sources.append(text)
        definitions[metric.label] = " ".join(metric.description.split())
    return CompiledQuery(
        query=query, ast=ast, columns=columns, units_ast=units_ast, sources=sources, definitions=definitions,
        domains=_complete_domains(plan, catalogue), parents=_parents(query, plan, catalogue, counting),
        **_age_cut(query, plan, catalogue, counting),
        population_ast=_population_ast(plan, catalogue, counting),
        scope=_scope(plan, catalogue) if counting else None,
        semantic_model=catalogue.model,
    )


def validate_query(query: SemanticQuery, catalogue: Catalogue) -> None:
    """Raise :class:`QueryError` when ``query`` is not a question the semantic layer answers (what
    :func:`compile_query` checks first), without building any SQL: for offering a query before it is asked."""
    _validate(query, catalogue)


def _demographic(cat: Catalogue, dimension: str) -> bool:
    spec = cat.model.dimensions[dimension].spec
    return bool(spec.get("complete")) or spec.get("kind") == "numeric"


_INVERSE = {"=": "!=", "!=": "=", "in": "not in", "not in": "in"}


def _parents(query: SemanticQuery, plan: _Plan, cat: Catalogue, counting: list[str]) -> list[WiderGroup]:
    """The wider groups of every cell: the same question without its narrowing to age or gender (filters
    on a dimension that is not shown); with a soort or taakveld lifted to its wet (also a soort shown beside
    its wet); and both. A metric that names a ``wider`` metric (stapeling: households with any provision) is
    counted by that metric there. 'Meisjes van 12-17 in Zorgvliet met pleegzorg: 0' or 'Pleegzorg in
    Zuiderpark: 0' says something about the one child with jeugdhulp there; the guard compares each cell with
    each of its wider groups.

    And what a question leaves out: for each filter on an area that is not shown ('wijk != Zorgvliet', 'wijk
    = Moerwijk', a list of wijken) and each exclusion of a wet, soort or taakveld, the group on the other side
    of that filter, narrowing dropped and soorten lifted to their wet. 'Pleegzorg in Den Haag, 8 jaar' equal
    to the same 'zonder Zorgvliet' says that none of Zorgvliet's few pleegzorg clients is 8; where that left-out
    group holds 1..k-1 units, the guard hides the cell whatever its value (and never the plainer figure)."""
    if not counting:
        return []
    model = cat.model
    links = cat.value_links()
    wet_of = {v: ws["wet"] for (d, v), ws in links.items() if d == "soort" and ws.get("wet")}
    taakveld_wetten: dict[str, set] = {}
    for soort, wetten in wet_of.items():
        for t in links.get(("soort", soort), {}).get("taakveld", []):
            taakveld_wetten.setdefault(t, set()).update(wetten)
    narrowing = [f for f in query.filters if _demographic(cat, f.dimension) and f.dimension not in plan.dims]
    lifted = [f for f in query.filters if f.dimension in ("soort", "taakveld")]
    # dimensions shown that a wider group lifts to their wet: soort, and taakveld beside its wet (a taakveld
    # can hold more than one wet: the row's own wet is its wider group)
    lift_dims = [d for d in ("soort", "taakveld") if d in plan.dims and (d == "soort" or "wet" in plan.dims)]
    lift_dim = bool(lift_dims)
    lift_map = {"soort": {s: w[0] for s, w in wet_of.items()},
                "taakveld": {t: sorted(ws) for t, ws in taakveld_wetten.items()}}
    metrics = list(dict.fromkeys(model.metrics[m].spec.get("wider", m) for m in counting))
    renamed = {m: model.metrics[m].spec["wider"] for m in counting if model.metrics[m].spec.get("wider")}

    def as_wet(f: Filter) -> list[Filter]:
        """A filter on soort or taakveld as the same filter on their wet ('zonder pleegzorg': none)."""
        if f.op not in ("=", "in"):
            return []
        table = wet_of if f.dimension == "soort" else taakveld_wetten
        wetten = sorted({w for v in f.values for w in ([table[str(v)]] if isinstance(table.get(str(v)), str)
                                                        else (table.get(str(v)) or []))})
        return [Filter(dimension="wet", op="in", values=wetten)] if wetten else []

    def group(filters: list[Filter], lift_this: bool, left_out: bool = False, kind: str = "",
              dropped: list[str] | None = None) -> WiderGroup | None:
        def lifted_dims(ds: list[str]) -> list[str]:
            return list(dict.fromkeys("wet" if (d in lift_dims and lift_this) else d for d in ds))

        dims = lifted_dims(query.dimensions)
        wider = query.model_copy(update={"filters": filters, "dimensions": dims, "metrics": metrics,
                                         "order_by": [], "limit": None})
        try:
            wider_plan = _validate(wider, cat)
        except QueryError:
            return None
        if wider_plan.dims != lifted_dims(plan.dims):
            return None
        tree, _columns = _Builder(cat, wider_plan).build(units=False, metrics=metrics)
        return WiderGroup(ast=tree, lift={d: lift_map[d] for d in lift_dims} if lift_this else {},
                          metrics=renamed, left_out=left_out, kind=kind, dropped=dropped or [])

    variants = []
    if renamed:  # the same cells counted by the wider metric ('instroom' of a wijk's few clients)
        variants.append((False, False))
    if narrowing:
        variants.append((True, False))
    if lifted or lift_dim:
        variants.append((False, True))
        if narrowing:
            variants.append((True, True))
    out: list[WiderGroup] = []
    for widen, lift in variants:
        filters = [f for f in query.filters if not (widen and f in narrowing) and not (lift and f in lifted)]
        if lift:
            filters += [w for f in lifted for w in as_wet(f)]
        kind = {(False, False): "renamed", (True, False): "widen", (False, True): "lift", (True, True): "both"}
        found = group(filters, lift and lift_dim, kind=kind[(widen, lift)],
                      dropped=sorted({f.dimension for f in narrowing}) if widen else [])
        if found is not None:
            out.append(found)
    # and each narrowing dropped on its own (age, by class or bounds, and gender): 'vrouwen van 65-74' in a wijk
    # is 0 where the wijk's few clients of 65-74 are all men; against the wijk's clients of any age and gender
    # that 0 looks safe (red team 10)
    aspects: dict[str, list[Filter]] = {}
    for f in narrowing:
        aspects.setdefault("leeftijd" if f.dimension in ("leeftijd", "leeftijdsklasse") else f.dimension, []).append(f)
    if len(aspects) > 1:
        for name, dropped_filters in aspects.items():
            found = group([g for g in query.filters if g not in dropped_filters], False, kind="widen_one",
                          dropped=sorted({f.dimension for f in dropped_filters}))
            if found is not None:
                out.append(found)


    levels = [d for d, dim in model.dimensions.items() if dim.spec.get("kind") == "area"]  # coarse to fine
    finest_shown = max((levels.index(d) for d in plan.dims if d in levels), default=-1)
    left_out = [f for f in query.filters if f.dimension not in plan.dims and f.op in _INVERSE and (
        # an area filter beside a finer area shown ('elke wijk van Segbroek') keeps or drops whole rows:
        # nothing is left out of a row
        (f.dimension in levels and f.dimension != "gemeente" and finest_shown < levels.index(f.dimension))
        or (f.dimension in ("wet", "soort", "taakveld") and f.op in ("!=", "not in"))
        # an age class or gender left out ('geslacht = g' vs the same 'zonder 75+': the few of 75+ in it)
        or (f.dimension != "leeftijd" and _demographic(cat, f.dimension) and f.op in ("!=", "not in")))]
    # each value left out is a part of its own ('NOT IN (W, P)': W alone can be the small part, beside a
    # large P; the pair is no valid group of an area not shown either)
    parts = [(f, Filter(dimension=f.dimension, op="=", values=[v])) for f in left_out if f.op in ("!=", "not in")
             for v in f.values]
    parts += [(f, Filter(dimension=f.dimension, op=_INVERSE[f.op], values=f.values)) for f in left_out
              if f.op not in ("!=", "not in")]
    # and each value of a list: 'soort IN (S, T)' against 'soort = T' leaves out S's part, so where S holds
    # 1..k-1 units the pair tells whether they have T as well (red team 10)
    parts += [(f, Filter(dimension=f.dimension, op="=", values=[v])) for f in query.filters
              if f.dimension not in plan.dims and f.op == "in" and len(f.values) > 1 and f.dimension != "leeftijd"
              and (f.dimension in levels or f.dimension in ("wet", "soort", "taakveld") or _demographic(cat, f.dimension))
              for v in f.values]
    # an area above the wijk against one of its wijken leaves out the others: 'stadsdeel Laak' equal to 'wijk
    # Laakkwartier en Spoorwijk' says Binckhorst's few have none (red team 11). The rest of the stadsdeel beside
    # each of its wijken is a part (small only where the other wijken are, so a stadsdeel of many is rarely hidden)
    within = {"wijk": {v: set(map(str, ws.get("wijk", []))) for (d, v), ws in links.items() if d == "stadsdeel"},
              "soort": {w: {s for s, ws in wet_of.items() if w in ws} for ws in wet_of.values() for w in ws}}
    if "wijk" in levels and finest_shown < levels.index("wijk"):
        parts += [(f, Filter(dimension="wijk", op="not in",  # as one group (a list of wijken would be rows)
                             values=sorted(str(v) for v in cat.values("wijk") if str(v) not in members - {w})))
                  for f in query.filters
                  if f.dimension == "stadsdeel" and f.dimension not in plan.dims and f.op == "="
                  for members in [within["wijk"].get(str(f.values[0]), set())] if len(members) > 1
                  for w in sorted(members)]
    # and the same for rows of stadsdelen ('per stadsdeel': the Laak row equal to the Laakkwartier en Spoorwijk
    # figure says the same of Binckhorst's few, red team 12). Part k leaves out the k-th wijk of every stadsdeel
    # (all of a stadsdeel with fewer), so its row of each stadsdeel is the rest beside that wijk: one query per
    # k, not per wijk
    if "stadsdeel" in plan.dims and "wijk" in levels and finest_shown == levels.index("stadsdeel"):
        members_of = {s: sorted(ws) for s, ws in within["wijk"].items() if ws}
        for k in range(max((len(ws) for ws in members_of.values() if len(ws) > 1), default=0)):
            left = sorted({w for ws in members_of.values()
                           for w in ([ws[k]] if len(ws) > 1 and k < len(ws) else ws)})
            parts.append((Filter(dimension="wijk", op="in", values=left),  # (names what is left out, not a filter)
                          Filter(dimension="wijk", op="not in", values=left)))
    # an age bound at the limits of the age classes is a list of whole classes ('leeftijd <= 74' is every class but
    # 75+): each class it leaves out is a left-out part and each it keeps a part of its own, as if the classes were
    # written ('jonger dan 75' equal to the plain figure says the few of 75+ are of the other gender: red team 11)
    age_parts: set[int] = set()
    bounds = [f for f in narrowing if f.dimension == "leeftijd"]
    classes = cat.class_ranges("leeftijdsklasse") if bounds and "leeftijdsklasse" in model.dimensions else {}
    inside: dict[str, int] = {}  # per age class: how many of its ages the bounds keep
    if classes:
        age_dim = model.dimensions.get("leeftijd")
        domain = list(range(int(age_dim.spec.get("min", 0)), int(age_dim.spec.get("max", 120)) + 1))
        chosen = _selected_ages(plan, domain, classes)
        spans = {k: (lo, hi if hi is not None else domain[-1]) for k, (lo, hi) in classes.items()}
        inside = {k: sum(lo <= a <= hi for a in chosen) for k, (lo, hi) in spans.items()}
        whole = [k for k, (lo, hi) in spans.items() if inside[k] == hi - lo + 1]
        if 0 < len(whole) < len(classes):
            # what the bounds leave out, as one group (against the plain figure it is their difference), and each
            # class kept where there are more (against another bound the difference is a run of them); a class
            # the bounds cut is judged by its age runs (_age_cut)
            outside = [k for k in classes if inside[k] == 0]
            pieces = ([Filter(dimension="leeftijdsklasse", op="in", values=outside)] if outside else []) + (
                [Filter(dimension="leeftijdsklasse", op="=", values=[k]) for k in whole] if len(whole) > 1 else [])
            for piece in pieces:
                age_parts.add(len(parts))
                parts.append((bounds[0], piece))
    # and a list of age classes leaves out, as one group, the classes it does not name (as the bounds above do)
    parts += [(f, Filter(dimension=f.dimension, op="not in", values=f.values)) for f in narrowing
              if f.dimension == "leeftijdsklasse" and f.op == "in"]
    # and what an exclusion keeps of a wider value it leaves out in part: 'without Escamp's other six wijken'
    # differs from 'without stadsdeel Escamp' by the seventh, 'without X's soorten but S' from 'without wet X'
    # by S. Where that rest is small the question is the pivot, and it is hidden, not the plainer figure
    for f in left_out:
        if f.op in ("!=", "not in") and f.dimension in within:
            excluded = {str(v) for v in f.values}
            for members in within[f.dimension].values():
                rest = members - excluded
                if rest and rest != members:  # as one group: everything else left out (a list is shown per value)
                    parts.append((f, Filter(dimension=f.dimension, op="not in",
                                            values=sorted(str(v) for v in cat.values(f.dimension) if str(v) not in rest))))
    # the narrowing a left-out part is also judged with: one narrowing dropped at a time, and age bounds as the
    # age classes they touch. 'Vrouwen van 65-74 met beschermd wonen, zonder wijk W' equal to the same for the
    # city says W's part has no women; where W has 1..k-1 such clients of 65-74 (whatever their gender), or
    # 1..k-1 of 65-74 beside 'leeftijd 67..74', that is a fact about them (red team 10)
    narrowed_sets: list[list[Filter]] = [[g for g in narrowing if g not in fs] for fs in aspects.values()]
    if classes:
        touched = [k for k in classes if inside[k]]
        if touched:
            narrowed_sets.append([g for g in narrowing if g.dimension not in ("leeftijd", "leeftijdsklasse")]
                                 + [f for f in narrowing if f.dimension == "leeftijdsklasse"]
                                 + [Filter(dimension="leeftijdsklasse", op="in", values=touched)])
    narrowed_sets = [ns for i, ns in enumerate(narrowed_sets) if ns and ns not in narrowed_sets[:i]]
    for n, (excluded, other) in enumerate(parts):
        kept = [f for f in query.filters if f is not excluded and f not in narrowing]
        # a class an age bound leaves out or keeps stands in place of the bounds, with the other narrowing
        ages_of = (lambda g: g.dimension in ("leeftijd", "leeftijdsklasse")) if n in age_parts else (lambda g: False)
        # the left-out part without the narrowing to age or gender ('… 8 jaar zonder Zorgvliet': Zorgvliet's
        # pleegzorg clients of any age), and with soorten lifted to their wet as well ('bijstand zonder
        # Zorgvliet' equal to the plain figure: Zorgvliet's few Participatiewet clients have none)
        # and the part with every narrowing kept: where that is 1..k-1, the cell and the figure without the part
        # differ by those few, so one of them must go, and whichever was asked first would pre-empt the other
        # (red team 12): the cell that leaves them out goes, whatever was asked before
        variants_left = [([*kept, other], False), ([*[f for f in query.filters if f is not excluded], other], False)]
        if not narrowing:
            variants_left.pop()
        if lifted or lift_dim:
            as_wetten = [w for f in lifted if f is not excluded for w in as_wet(f)]
            variants_left.append(([f for f in kept if f not in lifted] + as_wetten + [other], True))
            # and lifted with every narrowing kept, as a single cell is judged: 'hulpmiddelen, 18-26, zonder
            # Haagse Bos' shown says none of Haagse Bos's few Wmo clients of 18-26 has hulpmiddelen, where the
            # cell of Haagse Bos itself is hidden even at 0 (red team 13)
            if narrowing:
                variants_left.append(([f for f in query.filters if f is not excluded and f not in lifted]
                                      + as_wetten + [other], True))
        # and with all but one of its narrowings (or its ages as whole classes): see above
        variants_left += [([*kept, *[g for g in ns if g is not excluded and not ages_of(g)], other], False)
                          for ns in narrowed_sets]
        for filters, lift in variants_left:
            found = group(filters, lift, left_out=True)
            if found is None and not lift:
                # fail closed: a part left out that cannot be counted cannot be shown to be safe
                raise QueryError(f"Deze afbakening ({excluded.dimension} {excluded.op} "
                                 f"{', '.join(map(str, excluded.values))}) kan ik niet beschermen; vraag het "
                                 "cijfer zonder die uitsluiting of per "
                                 f"{cat.model.dimensions[excluded.dimension].label.lower()}.")
            if found is not None:
                out.append(found)
    return out


def _age_cut(query: SemanticQuery, plan: _Plan, cat: Catalogue, counting: list[str]) -> dict:
    """The age classes the question's age bounds cut, and per class each run of its ages that the question
    keeps or leaves out, with the SQL that counts the units of every cell there. 'Leeftijd >= a' answered,
    withheld or equal to the plain figure tells, a year at a time, the age of the youngest client; the guard
    shows a cell in a cut class only with k or more units in each of those runs (SPEC §4)."""
    classes = cat.class_ranges("leeftijdsklasse") if "leeftijdsklasse" in cat.model.dimensions else None
    age = cat.model.dimensions.get("leeftijd")
    if not counting or not classes or age is None or not any(f.dimension == "leeftijd" for f in plan.filters):
        return {}
    top = int(age.spec.get("max", 120))
    chosen = _selected_ages(plan, list(range(int(age.spec.get("min", 0)), top + 1)), classes)
    cut: list[str] = []
    runs: list[AgeRun] = []
    for klasse, (lo, hi) in classes.items():
        members = list(range(lo, (hi if hi is not None else top) + 1))
        kept = [a in chosen for a in members]
        if not any(kept) or all(kept):
            continue
        cut.append(klasse)
        start = 0
        for i in range(1, len(members) + 1):
            if i < len(members) and kept[i] == kept[start]:
                continue
            filters = [f for f in query.filters if f.dimension != "leeftijd"]
            filters.append(Filter(dimension="leeftijd", op="between", values=[members[start], members[i - 1]]))
            part = query.model_copy(update={"filters": filters, "metrics": counting, "order_by": [], "limit": None,
                                            "conditions": []})
            try:
                part_plan = _validate(part, cat)
                tree = (_Builder(cat, part_plan).build(units=False, metrics=counting)[0]
                        if part_plan.dims == plan.dims else None)
            except QueryError:
                tree = None
            runs.append(AgeRun(ast=tree, klasse=klasse, ages=(members[start], members[i - 1]), kept=kept[start]))
            start = i
    return {"age_cut": cut, "age_runs": runs}


def _selected_ages(plan: _Plan, domain: list[int], classes: dict[str, tuple[int, int | None]]) -> set[int]:
    """The whole ages the filters on leeftijd and leeftijdsklasse leave."""
    atoms = set(domain)
    for f in plan.filters:
        if f.dimension == "leeftijd":  # a bound between two ages (17.5) means what it says for whole ages
            positive = _Flt(f.dimension, {"!=": "=", "not in": "in"}.get(f.op, f.op), f.values)
            matching = {a for a in domain if _range_meets((a, a), positive)}
        elif f.dimension == "leeftijdsklasse":
            spans = [classes[str(v)] for v in f.values if str(v) in classes]
            matching = {a for a in domain for lo, hi in spans if lo <= a <= (hi if hi is not None else domain[-1])}
        else:
            continue
        atoms = atoms & matching if f.op in {"=", "in", ">=", "<=", ">", "<", "between"} else atoms - matching
    return atoms


# The residents of a cell (vw_bevolking), for the rule "no figure, not even a 0, over 1..k-1 residents"
POPULATION = {"kind": "population", "view": "vw_bevolking", "value_column": "inwoners"}


def _population_ast(plan: _Plan, cat: Catalogue, counting: list[str]) -> exp.Expression | None:
    """Residents per cell of this query: grouped by the cell's dimensions the population knows (area,
    jaar, leeftijdsklasse, geslacht) and filtered by its filters on them; over several years the
    smallest. Every population cell is there, also where the query's GROUP BY has no row (nobody with
    a provision), so the guard can hide a 0 over a handful of residents, shown or filled in."""
    if not counting:
        return None
    model = cat.model
    dims = [d for d in plan.dims if supports_dimension(model, POPULATION, d)]
    years = sorted({y for m in counting for y in plan.years[m]})
    view = POPULATION["view"]
    dims_with_ranges = [d for d in model.dimensions if d != "jaar" and supports_dimension(model, POPULATION, d)
                        and cat.class_ranges(d)]

    def column(d: str) -> exp.Column:
        return _col(model.dimensions[d].spec["columns"][view])

    conds = [_condition(column("jaar"), "in", years)]
    for f in plan.filters:
        if supports_dimension(model, POPULATION, f.dimension) and f.dimension != "jaar":
            conds.append(_condition(column(f.dimension), f.op, f.values))
        elif model.dimensions[f.dimension].spec.get("kind") == "numeric":
            # an age range: the residents of every age class it reaches (an upper bound of its population)
            for d in dims_with_ranges:
                reached = [v for v, bounds in cat.class_ranges(d).items() if _range_meets(bounds, f)]
                conds.append(_condition(column(d), "in", reached) if reached else exp.false())
    gemeente = model.dimensions.get("gemeente")
    if gemeente is not None and cat.home_gemeente and view in gemeente.spec.get("columns", {}) \
            and not any(f.dimension == "gemeente" for f in plan.filters):
        conds.append(_condition(column("gemeente"), "=", [cat.home_gemeente]))
    inner_dims = [d for d in dims if d != "jaar"] + ["jaar"]
    inner = exp.select(*[exp.alias_(column(d), d) for d in inner_dims],
                       exp.alias_(exp.Sum(this=_col(POPULATION["value_column"])), "inwoners"))
    inner = inner.from_(view).where(_and(conds)).group_by(*[column(d) for d in inner_dims])
    outer = exp.select(*[_col(d) for d in dims], exp.alias_(exp.Min(this=_col("inwoners")), "inwoners"))
    outer = outer.from_(inner.subquery("per_jaar"))
    return outer.group_by(*[_col(d) for d in dims]) if dims else outer


def _scope(plan: _Plan, cat: Catalogue) -> CellScope:
    """Where the query's cells lie on each partition of the counting units of a year: the wijken of the
    home gemeente (gemeente, stadsdeel, wijk), years of age (leeftijd, leeftijdsklasse) and gender. A
    filter narrows the atoms; an output dimension maps each of its values to atoms; what else defines the
    cells (other filters, the years) is the scope's context, written canonically."""
    model = cat.model
    home = cat.home_gemeente
    wijken = list(cat.wijken_of(home))
    links = cat.value_links()
    age = model.dimensions.get("leeftijd")
    ages = list(range(int(age.spec.get("min", 0)), int(age.spec.get("max", 120)) + 1)) if age else []
    classes = cat.class_ranges("leeftijdsklasse") if "leeftijdsklasse" in model.dimensions else None
    families: list[tuple[str, dict[str, dict[str, list]], list]] = [
        ("gebied", {
            "gemeente": {str(home): wijken},
            "stadsdeel": {v: list(ws.get("wijk", [])) for (d, v), ws in links.items() if d == "stadsdeel"},
            "wijk": {str(w): [w] for w in wijken},
        }, wijken),
        ("geslacht", {"geslacht": {str(v): [v] for v in cat.values("geslacht")}} if "geslacht" in model.dimensions
         else {}, list(cat.values("geslacht")) if "geslacht" in model.dimensions else []),
    ]
    if ages:
        by_class = {str(c): [a for a in ages if lo <= a <= (hi if hi is not None else ages[-1])]
                    for c, (lo, hi) in (classes or {}).items()}
        families.append(("leeftijd", {"leeftijd": {}, "leeftijdsklasse": by_class}, ages))
    partitions = []
    for name, by_value, domain in families:
        if not domain:
            continue
        if name == "leeftijd":
            atoms = _selected_ages(plan, domain, classes or {})
        else:
            atoms = set(domain)
            for f in plan.filters:
                if f.dimension not in by_value:
                    continue
                matching = {a for v in f.values for a in by_value[f.dimension].get(str(v), [])}
                atoms = atoms & matching if f.op in {"=", "in", ">=", "<=", ">", "<", "between"} else atoms - matching
        partitions.append(Partition(
            name=name, dimensions=list(by_value), atoms=sorted(atoms, key=lambda a: (str(type(a)), a)),
            by_value={d: values for d, values in by_value.items() if d in plan.dims}))
    # provisions: wet, soort and taakveld as the set of soorten they leave
    provision_dims = ("wet", "soort", "taakveld")
    all_soorten = [str(v) for v in cat.values("soort")] if "soort" in model.dimensions else []

    def soorten_of(dim: str, value) -> set[str]:
        if dim == "soort":
            return {str(value)}
        return {s for s in all_soorten if str(value) in links.get(("soort", s), {}).get(dim, [])}

    soorten: set[str] | None = None
    for f in plan.filters:
        if f.dimension in provision_dims and all_soorten:
            matching = set().union(*(soorten_of(f.dimension, v) for v in f.values))
            base = set(all_soorten) if soorten is None else soorten
            soorten = base & matching if f.op in ("=", "in") else base - matching
    if soorten is not None and soorten == set(all_soorten):
        soorten = None  # every provision: no narrowing
    by_value = {d: {str(v): sorted(soorten_of(d, v)) for v in cat.values(d)}
                for d in plan.dims if d in provision_dims and all_soorten}
    partitioned = {d for p in partitions for d in p.dimensions} | set(provision_dims)
    rest = sorted(
        (f.dimension, "not in" if f.op in {"!=", "not in"} else "in" if f.op == "=" else f.op, sorted(map(str, f.values)))
        for f in plan.filters if f.dimension not in partitioned
    )
    return CellScope(context=json.dumps({"filters": rest}, sort_keys=True), partitions=partitions,
                     soorten=None if soorten is None else sorted(soorten), soorten_by_value=by_value,
                     years={m: list(ys) for m, ys in plan.years.items()})


def _complete_domains(plan: _Plan, cat: Catalogue) -> dict[str, list]:
    """For output dimensions marked ``complete``: the values a group can take within the filters.
    A GROUP BY leaves out groups with nobody in them; next to a suppressed cell such an absent row
    would tell that the few hidden people are all in the other rows, so the guard fills them in."""
    domains: dict[str, list] = {}
    for d in plan.dims:
        if not cat.model.dimensions[d].spec.get("complete"):
            continue
        values = list(cat.values(d))
        ranges = cat.class_ranges(d) or {}
        for f in plan.filters:
            if f.dimension == d:
                values = [v for v in values if (v in f.values) == (f.op in {"=", "in"})]
            elif cat.model.dimensions[f.dimension].spec.get("kind") == "numeric" and ranges:
                values = [v for v in values if _range_meets(ranges[str(v)], f)]
        domains[d] = values
    return domains


def _range_meets(bounds: tuple[int, int | None], flt: _Flt) -> bool:
    """Can someone in the class with these bounds (high None: open) pass numeric ``flt``?"""
    lo, hi = bounds[0], (bounds[1] if bounds[1] is not None else float("inf"))
    nums = [float(v) for v in flt.values]
    if flt.op in {"=", "in"}:
        return any(lo <= v <= hi for v in nums)
    if flt.op == "between":
        return lo <= nums[1] and hi >= nums[0]
    return {">=": hi >= nums[0], ">": hi > nums[0], "<=": lo <= nums[0], "<": lo < nums[0]}.get(flt.op, True)


# ---------------------------------------------------------------------------------------- validation
def _suggest(text: str, choices) -> str:
    choices = [str(c) for c in choices]
    if not choices:
        return ""
    best = process.extractOne(str(text), choices, score_cutoff=70)
    return f" Bedoelt u '{best[0]}'?" if best else ""


def _validate(query: SemanticQuery, cat: Catalogue) -> _Plan:
    model = cat.model
    for name in query.metrics:
        if name not in model.metrics:
            raise QueryError(f"Onbekend cijfer '{name}'.{_suggest(name, model.metrics)}")
    if len(set(query.metrics)) != len(query.metrics):
        raise QueryError("Hetzelfde cijfer staat twee keer in de vraag.")
    metrics = [model.metrics[m] for m in query.metrics]
    has_cbs = any(m.spec["kind"] == "cbs" for m in metrics)
    has_municipal = any(m.source != "CBS" for m in metrics)

    def check_allowed(dim: str, role: str) -> None:
        if dim not in model.dimensions:
            raise QueryError(f"Onbekende dimensie '{dim}'.{_suggest(dim, model.dimensions)}")
        for metric in metrics:
            if dim not in metric.dimensions:
                label = model.dimensions[dim].label.lower()
                raise QueryError(
                    f"'{metric.label}' kan niet {role} {label}. Mogelijk: "
                    + ", ".join(model.dimensions[d].label.lower() for d in metric.dimensions) + "."
                )

    dims: list[str] = []
    for dim in query.dimensions:
        check_allowed(dim, "uitgesplitst worden naar")
        if model.dimensions[dim].spec.get("filter_only"):
            raise QueryError(
                f"Naar {model.dimensions[dim].label.lower()} kan alleen gefilterd worden; "
                "gebruik leeftijdsklasse om uit te splitsen."
            )
        if dim in dims:
            raise QueryError(f"De dimensie '{dim}' staat twee keer in de vraag.")
        dims.append(dim)
    if query.year_comparison and "jaar" in dims:
        raise QueryError("Een vergelijking tussen twee jaren kan niet ook per jaar worden uitgesplitst.")

    filters: list[_Flt] = []
    year_filters: list[Filter] = []
    for flt in query.filters:
        if flt.dimension not in model.dimensions:
            raise QueryError(f"Onbekende dimensie '{flt.dimension}'.{_suggest(flt.dimension, model.dimensions)}")
        if len(metrics) == 1 or model.dimensions[flt.dimension].spec["kind"] in ("area", "year"):
            check_allowed(flt.dimension, "gefilterd worden op")
        elif not any(flt.dimension in m.dimensions for m in metrics):
            raise QueryError(
                f"Geen van de gevraagde cijfers kan gefilterd worden op "
                f"{model.dimensions[flt.dimension].label.lower()}."
            )
        dim = model.dimensions[flt.dimension]
        kind = dim.spec["kind"]
        if kind == "year":
            try:
                year_filters.append(Filter(dimension=flt.dimension, op=flt.op, values=[int(v) for v in flt.values]))
            except (TypeError, ValueError):
                raise QueryError(f"'{', '.join(map(str, flt.values))}' is geen geldig jaar.") from None
            continue
        if kind == "numeric":
            if flt.op not in NUMERIC_OPS:
                raise QueryError(f"Filter '{flt.op}' past niet bij {dim.label.lower()}.")
            values = []
            for v in flt.values:
                try:
                    num = float(v)
                except (TypeError, ValueError):
                    raise QueryError(f"'{v}' is geen geldige {dim.label.lower()}; verwacht een getal.") from None
                lo, hi = dim.spec.get("min"), dim.spec.get("max")
                if (lo is not None and num < lo) or (hi is not None and num > hi):
                    raise QueryError(f"{dim.label} {v} ligt buiten het bereik {lo} tot en met {hi}.")
                values.append(int(num) if num == int(num) else num)
            if flt.op == "between" and values[0] > values[1]:
                values = [values[1], values[0]]
            filters.append(_Flt(flt.dimension, flt.op, values))
            continue
        if flt.op not in CATEGORY_OPS:
            raise QueryError(f"Filter '{flt.op}' past niet bij {dim.label.lower()}; gebruik =, !=, in of not in.")
        if flt.dimension == "wijk":
            continue  # resolved below, once the gemeente is known
        values = []
        for v in flt.values:
            found = cat.resolve_value(flt.dimension, v)
            if found is None:
                raise QueryError(
                    f"'{v}' is geen bekende {dim.label.lower()}.{_suggest(v, cat.values(flt.dimension))}"
                )
            if found not in values:
                values.append(found)
        filters.append(_Flt(flt.dimension, flt.op, values))

    home = cat.home_gemeente
    gemeente_flt = next((f for f in filters if f.dimension == "gemeente"), None)
    if has_municipal and gemeente_flt is not None:
        others = [v for v in gemeente_flt.values if v != home]
        if gemeente_flt.op in {"!=", "not in"} and home in gemeente_flt.values:
            others = [home]
        if others:
            raise QueryError(
                f"De gemeentelijke registratie is er alleen voor {home}; voor {', '.join(map(str, others))} "
                "zijn alleen CBS-cijfers beschikbaar."
            )
    scope_gemeenten = (
        list(gemeente_flt.values) if gemeente_flt is not None and gemeente_flt.op in {"=", "in"} else [home]
    )
    for flt in query.filters:
        if flt.dimension != "wijk":
            continue
        values = []
        for v in flt.values:
            found = None
            for gemeente in scope_gemeenten:
                found = cat.resolve_wijk(gemeente, v)
                if found is not None:
                    break
            if found is None:
                where = " of ".join(map(str, scope_gemeenten))
                choices = [w for g in scope_gemeenten for w in cat.wijken_of(g)]
                raise QueryError(f"'{v}' is geen bekende wijk van {where}.{_suggest(v, choices)}")
            if found not in values:
                values.append(found)
        filters.append(_Flt("wijk", flt.op, values))

    # years per metric
    years: dict[str, list[int]] = {}
    for metric in metrics:
        available = cat.years_for(metric.name)
        if not available:
            raise QueryError(f"Voor '{metric.label}' zijn geen gegevens beschikbaar.")
        if query.year_comparison:
            wanted = [query.year_comparison.base_year, query.year_comparison.compare_year]
            if wanted[0] == wanted[1]:
                raise QueryError("Kies twee verschillende jaren om te vergelijken.")
        elif query.years:
            wanted = sorted(set(query.years))
        elif year_filters or "jaar" in dims:
            wanted = list(available)
        else:
            wanted = [max(available)]
        for yf in year_filters:
            wanted = [y for y in wanted if _year_matches(y, yf)]
        missing = [y for y in wanted if y not in available]
        if query.year_comparison and missing:
            raise QueryError(
                f"Voor '{metric.label}' zijn geen gegevens over {', '.join(map(str, missing))}; "
                f"wel over {_year_range(available)}."
            )
        kept = [y for y in wanted if y in available]
        if not kept:
            asked = ", ".join(map(str, wanted)) if wanted else "de gevraagde jaren"
            raise QueryError(
                f"Voor '{metric.label}' zijn geen gegevens over {asked}; wel over {_year_range(available)}."
            )
        years[metric.name] = kept

    # implicit dimensions: several areas or several years are always shown side by side
    for area in ("gemeente", "wijk"):
        flt = next((f for f in filters if f.dimension == area), None)
        if flt and flt.op in {"=", "in"} and len(flt.values) > 1 and area not in dims:
            dims.append(area)
    if has_cbs and "wijk" in dims and "gemeente" not in dims and len(scope_gemeenten) > 1:
        dims.insert(dims.index("wijk"), "gemeente")
    all_years = {y for ys in years.values() for y in ys}
    if not query.year_comparison and "jaar" not in dims and len(all_years) > 1:
        dims.append("jaar")
    for d in dims:
        for metric in metrics:
            if d not in metric.dimensions:
                raise QueryError(f"'{metric.label}' kan niet uitgesplitst worden naar {model.dimensions[d].label.lower()}.")

    plan = _Plan(query=query, dims=dims, filters=filters, years=years)
    valid_order = set(query.metrics) | set(dims) | {c for c in _output_names(plan, cat)}
    for cond in query.conditions:
        if cond.metric not in query.metrics:
            raise QueryError(f"Een voorwaarde op '{cond.metric}' kan alleen op een cijfer van deze vraag.")
    for ob in query.order_by:
        if ob.field not in valid_order:
            raise QueryError(
                f"Kan niet sorteren op '{ob.field}': dat is geen cijfer of dimensie van deze vraag."
            )
    return plan


def _year_matches(year: int, flt: Filter) -> bool:
    vals = [int(v) for v in flt.values]
    return {
        "=": lambda: year == vals[0],
        "!=": lambda: year != vals[0],
        "in": lambda: year in vals,
        "not in": lambda: year not in vals,
        ">=": lambda: year >= vals[0],
        "<=": lambda: year <= vals[0],
        ">": lambda: year > vals[0],
        "<": lambda: year < vals[0],
        "between": lambda: min(vals) <= year <= max(vals),
    }[flt.op]()


def _year_range(years: list[int]) -> str:
    ys = sorted(years)
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ", ".join(map(str, ys))


def _output_names(plan: _Plan, cat: Catalogue) -> list[str]:
    names: list[str] = []
    yc = plan.query.year_comparison
    for m in plan.query.metrics:
        if yc:
            names += [f"{m}_{yc.base_year}", f"{m}_{yc.compare_year}", f"{m}_verschil", f"{m}_verschil_pct"]
        else:
            names.append(m)
    return names


# ---------------------------------------------------------------------------------------- SQL helpers
def _col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table=table)


def _lit(value) -> exp.Expression:
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def _condition(column: exp.Expression, op: str, values: list) -> exp.Expression:
    if op in ("in", "not in"):  # a set of values: written in one order (an order of its own may spell a number)
        values = sorted(dict.fromkeys(values), key=lambda v: (isinstance(v, str), v))
    lits = [_lit(v) for v in values]
    if op == "in" and len(lits) == 1:
        op = "="
    if op == "not in" and len(lits) == 1:
        op = "!="
    if op == "=":
        return exp.EQ(this=column, expression=lits[0])
    if op == "!=":
        return exp.NEQ(this=column, expression=lits[0])
    if op == "in":
        return exp.In(this=column, expressions=lits)
    if op == "not in":
        return exp.Not(this=exp.In(this=column, expressions=lits))
    if op == "between":
        return exp.Between(this=column, low=lits[0], high=lits[1])
    cls = {">=": exp.GTE, "<=": exp.LTE, ">": exp.GT, "<": exp.LT}[op]
    return cls(this=column, expression=lits[0])


def _and(conditions: list[exp.Expression]) -> exp.Expression | None:
    return exp.and_(*conditions) if conditions else None


def _count_distinct(column: exp.Expression) -> exp.Expression:
    return exp.Count(this=exp.Distinct(expressions=[column]))


def _key_sum(column: exp.Expression, distinct: bool) -> exp.Expression:
    """The sum of the record keys of a cell's units modulo KEY_SPACE: the cell key's numerator."""
    total = exp.Sum(this=exp.Distinct(expressions=[column]) if distinct else column)
    return exp.Mod(this=exp.paren(total), expression=exp.Literal.number(KEY_SPACE))


def _sketch(key: exp.Expression, out: str) -> list[exp.Expression]:
    """``<out>__schets``: the SKETCH_SIZE smallest distinct unit keys; ``<out>__uk``: their full sum."""
    smallest = BottomKeys(this=key.copy(), expression=exp.Literal.number(SKETCH_SIZE))
    return [exp.alias_(smallest, f"{out}__schets"), exp.alias_(_key_sum(key.copy(), distinct=True), f"{out}__uk")]


def _units_agg(column: exp.Expression, distinct: bool = True) -> exp.Expression:
    return exp.ArrayAgg(this=exp.Distinct(expressions=[column]) if distinct else column)


def _round(expr: exp.Expression, digits: int | None) -> exp.Expression:
    if digits is None:
        return expr
    return exp.Round(this=expr, decimals=exp.Literal.number(digits))


def _div(numerator: exp.Expression, denominator: exp.Expression, per: float) -> exp.Expression:
    scaled = exp.Mul(this=exp.paren(numerator), expression=exp.Literal.number(f"{float(per)}"))
    nullif = exp.Nullif(this=denominator, expression=exp.Literal.number(0))
    return exp.Div(this=scaled, expression=nullif)


_GUARD_LABELS = {"n": "aantal telbare eenheden", "max": "grootste bijdrage van één eenheid", "ck": "celsleutel", "schets": "schets van de eenheden", "uk": "sleutelsom van de eenheden",
                 "som": "som", "rijen": "aantal rijen", "top": "grootste waarde"}


# ---------------------------------------------------------------------------------------- builder
class _Builder:
    def __init__(self, cat: Catalogue, plan: _Plan, views: bool = False) -> None:
        self.views = views  # counts also with the other units behind them (UNIT_VIEWS; the answer's own cells)
        self.cat = cat
        self.model = cat.model
        self.plan = plan
        self.ctes: list[tuple[str, exp.Expression]] = []
        yc = plan.query.year_comparison
        self.cell_dims = list(plan.dims)  # dimensions of the output cells
        self.metric_dims = list(plan.dims) + (["jaar"] if yc else [])  # grouping inside metric CTEs

    # -- public --------------------------------------------------------------------------------
    def build(self, units: bool, metrics: list[str] | None = None) -> tuple[exp.Expression, list[OutputColumn]]:
        names = metrics or list(self.plan.query.metrics)
        yc = self.plan.query.year_comparison
        parts: list[tuple[str, list[str]]] = []  # (cte name, output column names besides dims)
        columns: list[OutputColumn] = [self._dimension_column(d) for d in self.cell_dims]
        guard_columns: list[OutputColumn] = []
        for name in names:
            metric = self.model.metrics[name]
            cte, cols = self._metric_cte(metric, units)
            if yc:
                cte, cols = self._pivot(metric, cte, cols)
            parts.append((cte, cols))
            measures, guards = self._output_columns(metric, cols)
            columns += measures
            guard_columns += guards
        columns += guard_columns

        if units:
            select_names = [c for _, cols in parts for c in cols]
        else:
            select_names = [c.name for c in columns if c.kind != "dimension"]

        if len(parts) == 1 and not yc:
            source = parts[0][0]
        else:
            source = "resultaat"
            self.ctes.append((source, self._combine(parts, units)))
        select = exp.select(*[_col(d) for d in self.cell_dims], *[_col(c) for c in select_names]).from_(source)
        select = select.order_by(*self._order(units)) if self._order(units) else select
        # no LIMIT here: the disclosure guard ranks and cuts after protection (released values, and
        # suppressed rows never ranked), so a top-N says nothing the released figures do not
        for name, body in self.ctes:  # (each body once, and the select built here: no copies needed)
            select = select.with_(name, as_=body, copy=False)
        return select, columns

    # -- output description ----------------------------------------------------------------------
    def _dimension_column(self, dim: str) -> OutputColumn:
        d = self.model.dimensions[dim]
        return OutputColumn(name=dim, label=d.label, kind="dimension", unit="jaar" if dim == "jaar" else None)

    def _has_max(self, metric: Metric) -> bool:
        return metric.counting_unit is not None and self._numerator_spec(metric.spec)["kind"] == "sum"

    def _counted_part(self, metric: Metric) -> tuple[str, str] | None:
        """The count a ratio's released value gives away, with the column suffix of its true size: the
        denominator ('kosten per cliënt': kosten / kosten per cliënt is the perturbed count of clients), else the
        numerator ('cliënten per 1.000 inwoners' times the public population)."""
        for ref, size in ((metric.spec.get("denominator"), "noemer_n"), (metric.spec.get("numerator"), "n")):
            part = self.model.metrics.get(ref) if isinstance(ref, str) else None
            if part is not None and part.spec["kind"] == "count" and part.counting_unit == metric.counting_unit:
                return part.name, size
        return None

    def _numerator_spec(self, spec: dict) -> dict:
        if spec["kind"] != "ratio":
            return spec
        ref = spec["numerator"]
        return self.model.metrics[ref].spec if isinstance(ref, str) else ref

    def _output_columns(self, metric: Metric, cols: list[str]) -> tuple[list[OutputColumn], list[OutputColumn]]:
        """The measure columns of ``metric`` and, as guard columns, every other column its CTE gives
        (``cols``: ``<measure>__n``, ``__max``, ``__ck`` ... see CompiledQuery)."""
        yc = self.plan.query.year_comparison
        cu = metric.counting_unit
        has_max = self._has_max(metric)
        spec = metric.spec
        kind = spec["kind"]
        release = None
        if cu is not None:
            release = {"count": "count", "stapeling": "count", "sum": "magnitude", "average": "average",
                       "ratio": "ratio"}.get(kind)
        per = float(spec["per"]) if kind == "ratio" else None
        counted = self._counted_part(metric) if release == "ratio" else None

        def measure(name: str, label: str, unit: str, guarded: bool, depends: list[str] | None = None,
                    derived: str | None = None):
            return OutputColumn(
                name=name, label=label, kind="measure", unit=unit, metric=metric.name, counting_unit=cu,
                count_column=f"{name}__n" if guarded and cu else None,
                max_column=f"{name}__max" if guarded and has_max else None,
                depends_on=depends or [], release=derived if derived else (release if guarded else None),
                per=per, digits=spec.get("round"),
                counted_as=counted[0] if counted and guarded and not derived else None,
                counted_size=f"{name}__{counted[1]}" if counted and guarded and not derived else None,
                views=[v for v, _c in UNIT_VIEWS.get(spec.get("view"), ()) if f"{name}__{v}_n" in cols]
                if guarded and not derived else [],
            )

        guards = [
            OutputColumn(name=c, label=_GUARD_LABELS.get(c.rsplit("__", 1)[1], "beveiliging") + f" ({metric.label})",
                         kind="guard", unit=metric.unit if c.endswith("__max") else None, metric=metric.name,
                         counting_unit=cu)
            for c in cols if "__" in c
        ]
        if not yc:
            return [measure(metric.name, metric.label, metric.unit, True)], guards
        b, c = yc.base_year, yc.compare_year
        nb, nc = f"{metric.name}_{b}", f"{metric.name}_{c}"
        derived = "change" if cu is not None else None
        measures = [
            measure(nb, f"{metric.label} {b}", metric.unit, True),
            measure(nc, f"{metric.label} {c}", metric.unit, True),
            measure(f"{metric.name}_verschil", f"{metric.label}: verschil {b}-{c}", metric.unit, False, [nb, nc],
                    derived=derived),
            measure(f"{metric.name}_verschil_pct", f"{metric.label}: verschil {b}-{c} (%)", "procent", False, [nb, nc],
                    derived="pct_change" if derived else None),
        ]
        return measures, guards

    # -- ordering --------------------------------------------------------------------------------
    def _order(self, units: bool) -> list[exp.Ordered]:
        yc = self.plan.query.year_comparison
        order: list[exp.Ordered] = []
        used: set[str] = set()
        if not units:
            for ob in self.plan.query.order_by:
                name = ob.field
                if yc and name in self.plan.query.metrics:
                    name = f"{name}_{yc.compare_year}"
                if name in used:
                    continue
                used.add(name)
                order.append(exp.Ordered(this=_col(name), desc=ob.descending, nulls_first=False))
        for d in self.cell_dims:
            if d not in used:
                order.append(exp.Ordered(this=_col(d), desc=False, nulls_first=False))
        return order

    # -- filters ---------------------------------------------------------------------------------
    def _filters_for(self, metric: Metric, spec: dict, denominator: bool = False) -> list[_Flt]:
        """The query's filters this metric knows (a filter only some metrics know narrows those),
        plus the metric's default filters; a denominator keeps only what its own view can filter."""
        flts = [f for f in self.plan.filters if f.dimension in metric.dimensions]
        for raw in metric.default_filters:
            f = Filter(**raw)
            flts.append(_Flt(f.dimension, f.op, list(f.values)))
        if denominator:
            return [f for f in flts if supports_dimension(self.model, spec, f.dimension)]
        return flts

    def _where(self, spec: dict, flts: list[_Flt], years: list[int]) -> list[exp.Expression]:
        view = spec["view"]
        conds: list[exp.Expression] = []
        jaar_col = self.model.dimensions["jaar"].spec["columns"][view]
        conds.append(_condition(_col(jaar_col), "in", years))
        for f in flts:
            column = self.model.dimensions[f.dimension].spec["columns"][view]
            conds.append(_condition(_col(column), f.op, f.values))
        # the municipal registration answers for its own gemeente only: a warehouse that holds more
        # gemeenten (the national scale build) must not add them to 's-Gravenhage's figures
        gemeente = self.model.dimensions.get("gemeente")
        home = self.cat.home_gemeente
        if gemeente is not None and home and view in gemeente.spec.get("columns", {}) \
                and not any(f.dimension == "gemeente" for f in flts):
            conds.append(_condition(_col(gemeente.spec["columns"][view]), "=", [home]))
        return conds

    # -- metric CTEs -----------------------------------------------------------------------------
    def _metric_cte(self, metric: Metric, units: bool) -> tuple[str, list[str]]:
        name = metric.name
        years = self.plan.years[name]
        spec = metric.spec
        digits = spec.get("round")
        cte = f"m_{name}"
        if spec["kind"] == "ratio":
            return self._ratio_cte(metric, units, years)
        flts = self._filters_for(metric, spec)
        body, cols = self._simple(spec, self.metric_dims, flts, years, name, units, digits,
                                  views_of=self.views)
        self.ctes.append((cte, body))
        return cte, cols

    def _simple(self, spec: dict, dims: list[str], flts: list[_Flt], years: list[int], out: str,
                units: bool, digits: int | None, views_of: bool = False) -> tuple[exp.Select, list[str]]:
        """One aggregate over one view, grouped by ``dims``; columns named ``out``, ``out__n``, ``out__max``
        (``views_of``: a count also with the other units behind it, ``out__<personen|voorzieningen>_*``)."""
        kind = spec["kind"]
        if kind == "cbs":
            return self._cbs(spec, dims, years, out, digits), [out]
        view = spec["view"]
        dcols = {d: self.model.dimensions[d].spec["columns"][view] for d in dims}
        dim_exprs = [exp.alias_(_col(dcols[d]), d) if dcols[d] != d else _col(d) for d in dims]
        group = [_col(dcols[d]) for d in dims]
        conds = self._where(spec, flts, years)
        if spec.get("flag"):
            conds.append(exp.EQ(this=_col(spec["flag"]), expression=exp.true()))
        where = _and(conds)

        def grouped(select: exp.Select, by: list[exp.Expression]) -> exp.Select:
            return select.group_by(*by, copy=False) if by else select

        if kind in ("count", "average"):
            unit = _col(spec["unit_column"])
            # a count of households or persons also gives away the persons or provisions behind it where they
            # are one to one (bijstand: one client, one household, one provision): the exact checks judge the cell
            # as each of those too (red team 14)
            views = [(suffix, column) for suffix, column in UNIT_VIEWS.get(view, ())
                     if column != spec["unit_column"]] if views_of and kind == "count" else []
            if units:
                aggs = [exp.alias_(_units_agg(unit), f"{out}__units")]
                cols = [f"{out}__units"]
                for suffix, column in views:
                    aggs.append(exp.alias_(_units_agg(_col(column)), f"{out}__{suffix}__units"))
                    cols.append(f"{out}__{suffix}__units")
            elif kind == "count":
                key = _col(KEY_COLUMNS[spec["count_column"]])
                aggs = [exp.alias_(_count_distinct(_col(spec["count_column"])), out),
                        exp.alias_(_count_distinct(unit), f"{out}__n"),
                        exp.alias_(_key_sum(key, distinct=True), f"{out}__ck"),
                        *_sketch(_col(KEY_COLUMNS[spec["unit_column"]]), out)]
                cols = [out, f"{out}__n", f"{out}__ck", f"{out}__schets", f"{out}__uk"]
                for suffix, column in views:
                    aggs += [exp.alias_(_count_distinct(_col(column)), f"{out}__{suffix}_n"),
                             *_sketch(_col(KEY_COLUMNS[column]), f"{out}__{suffix}")]
                    cols += [f"{out}__{suffix}_n", f"{out}__{suffix}__schets", f"{out}__{suffix}__uk"]
            else:
                value = exp.cast(_col(spec["value_column"]), "DOUBLE")
                avg = exp.Avg(this=value.copy())
                aggs = [exp.alias_(_round(avg, digits), out), exp.alias_(_count_distinct(unit), f"{out}__n"),
                        exp.alias_(exp.Sum(this=value.copy()), f"{out}__som"),
                        exp.alias_(exp.Count(this=exp.Star()), f"{out}__rijen"),
                        exp.alias_(exp.Max(this=exp.Abs(this=value.copy())), f"{out}__top"),
                        exp.alias_(_key_sum(_col(ROW_KEY_COLUMNS[view]), distinct=False), f"{out}__ck"),
                        *_sketch(_col(KEY_COLUMNS[spec["unit_column"]]), out)]
                cols = [out, f"{out}__n", f"{out}__som", f"{out}__rijen", f"{out}__top", f"{out}__ck",
                        f"{out}__schets", f"{out}__uk"]
            return grouped(exp.select(*dim_exprs, *aggs).from_(view, copy=False).where(where, copy=False), group), cols

        if kind in ("budget", "population"):
            total = exp.Sum(this=_col(spec["value_column"]))
            select = exp.select(*dim_exprs, exp.alias_(_round(total, digits), out)).from_(view, copy=False).where(where, copy=False)
            return grouped(select, group), [out]

        if kind == "sum":
            unit = _col(spec["unit_column"])
            if units:
                select = exp.select(*dim_exprs, exp.alias_(_units_agg(unit), f"{out}__units")).from_(view, copy=False).where(where, copy=False)
                return grouped(select, group), [f"{out}__units"]
            # per counting unit first (the id keeps its own name and never leaves this subquery)
            inner = exp.select(*dim_exprs, unit.copy(),
                               exp.alias_(exp.Sum(this=_col(spec["value_column"])), "bijdrage"),
                               exp.alias_(exp.Sum(this=_col(ROW_KEY_COLUMNS[view])), "sleutel"),
                               exp.alias_(exp.Max(this=_col(KEY_COLUMNS[spec["unit_column"]])), "eenheid_sleutel"))
            inner = inner.from_(view, copy=False).where(where, copy=False).group_by(*group, unit.copy(), copy=False)
            outer = exp.select(
                *[_col(d) for d in dims],
                exp.alias_(_round(exp.Sum(this=_col("bijdrage")), digits), out),
                exp.alias_(exp.Count(this=unit.copy()), f"{out}__n"),
                exp.alias_(exp.Max(this=_col("bijdrage")), f"{out}__max"),
                exp.alias_(_key_sum(_col("sleutel"), distinct=False), f"{out}__ck"),
                *_sketch(_col("eenheid_sleutel"), out),
            ).from_(inner.subquery("per_eenheid"), copy=False)
            return grouped(outer, [_col(d) for d in dims]), [out, f"{out}__n", f"{out}__max", f"{out}__ck",
                                                             f"{out}__schets", f"{out}__uk"]

        if kind == "stapeling":
            unit = _col(spec["unit_column"])
            distinct = _col(spec["distinct_column"])
            key = exp.Max(this=_col(KEY_COLUMNS[spec["unit_column"]]))  # one key per unit
            inner = exp.select(*dim_exprs, unit.copy(), exp.alias_(key, "sleutel")).from_(view, copy=False).where(where, copy=False)
            having = exp.GTE(this=_count_distinct(distinct), expression=exp.Literal.number(spec["min_distinct"]))
            inner = inner.group_by(*group, unit, copy=False).having(having, copy=False)
            if units:
                aggs = [exp.alias_(_units_agg(unit.copy(), distinct=False), f"{out}__units")]
                cols = [f"{out}__units"]
            else:
                aggs = [exp.alias_(exp.Count(this=exp.Star()), out),
                        exp.alias_(exp.Count(this=exp.Star()), f"{out}__n"),
                        exp.alias_(_key_sum(_col("sleutel"), distinct=False), f"{out}__ck"),
                        *_sketch(_col("sleutel"), out)]
                cols = [out, f"{out}__n", f"{out}__ck", f"{out}__schets", f"{out}__uk"]
            outer = exp.select(*[_col(d) for d in dims], *aggs).from_(inner.subquery("per_eenheid"), copy=False)
            return grouped(outer, [_col(d) for d in dims]), cols

        raise QueryError(f"Onbekend soort cijfer '{kind}' in de semantische laag.")

    def _cbs(self, spec: dict, dims: list[str], years: list[int], out: str, digits: int | None) -> exp.Select:
        flts = {f.dimension: f for f in self.plan.filters}
        home = self.cat.home_gemeente
        conds = [_condition(_col("jaar"), "in", years)]
        dim_exprs: list[exp.Expression] = []
        group: list[exp.Expression] = []
        wijk_level = "wijk" in dims or "wijk" in flts
        gflt = flts.get("gemeente")
        if wijk_level:
            conds.append(exp.EQ(this=_col("niveau"), expression=_lit("wijk")))
            if gflt is not None:
                conds.append(_condition(_col("gemeente"), gflt.op, gflt.values))
            else:
                conds.append(exp.EQ(this=_col("gemeente"), expression=_lit(home)))
            if "wijk" in flts:
                conds.append(_condition(_col("gebied"), flts["wijk"].op, flts["wijk"].values))
        else:
            if gflt is not None:
                conds.append(exp.In(this=_col("niveau"), expressions=[_lit("gemeente"), _lit("land")]))
                conds.append(_condition(_col("gebied"), gflt.op, gflt.values))
                if gflt.op in {"!=", "not in"}:
                    conds.append(exp.EQ(this=_col("niveau"), expression=_lit("gemeente")))
            elif "gemeente" in dims:
                conds.append(exp.EQ(this=_col("niveau"), expression=_lit("gemeente")))
            else:
                conds.append(exp.EQ(this=_col("niveau"), expression=_lit("gemeente")))
                conds.append(exp.EQ(this=_col("gebied"), expression=_lit(home)))
        for d in dims:
            if d == "jaar":
                source = _col("jaar")
            elif d == "wijk":
                source = _col("gebied")
            else:  # gemeente
                source = _col("gemeente") if wijk_level else _col("gebied")
            dim_exprs.append(exp.alias_(source, d) if source.name != d else source)
            group.append(source)
        value: exp.Expression = exp.Max(this=_col(spec["column"]))
        if spec.get("scale"):
            value = exp.Mul(this=value, expression=exp.Literal.number(spec["scale"]))
        select = exp.select(*dim_exprs, exp.alias_(_round(value, digits), out)).from_(CBS_VIEW, copy=False).where(
            _and(conds), copy=False)
        return select.group_by(*group, copy=False) if group else select

    def _ratio_cte(self, metric: Metric, units: bool, years: list[int]) -> tuple[str, list[str]]:
        spec = metric.spec
        name = metric.name
        num_ref, den_ref = spec["numerator"], spec["denominator"]
        num_spec = self.model.metrics[num_ref].spec if isinstance(num_ref, str) else num_ref
        den_spec = self.model.metrics[den_ref].spec if isinstance(den_ref, str) else den_ref
        num_metric = self.model.metrics[num_ref] if isinstance(num_ref, str) else None
        num_flts = self._filters_for(metric, num_spec)
        if num_metric is not None:
            num_flts += [_Flt(f["dimension"], f.get("op", "in"), list(f["values"])) for f in num_metric.default_filters]
        den_dims = [d for d in self.metric_dims if supports_dimension(self.model, den_spec, d)]
        den_flts = self._filters_for(metric, den_spec, denominator=True)
        if units:
            body, _ = self._simple(num_spec, self.metric_dims, num_flts, years, name, True, None)
            cte = f"m_{name}"
            self.ctes.append((cte, body))
            if (self._counted_part(metric) or ("", ""))[1] != "noemer_n":
                return cte, [f"{name}__units"]
            # the count the ratio gives away is its denominator's: its units too (kosten per cliënt: the clients)
            den_units, _ = self._simple(den_spec, den_dims, den_flts, years, f"{name}__noemer", True, None)
            self.ctes.append((f"{cte}_noemer", den_units))
            select = exp.select(*[_col(d, cte) for d in self.metric_dims], _col(f"{name}__units", cte),
                                _col(f"{name}__noemer__units", f"{cte}_noemer")).from_(cte)
            on = _and([exp.EQ(this=_col(d, cte), expression=_col(d, f"{cte}_noemer")) for d in den_dims])
            select = select.join(f"{cte}_noemer", on=on, join_type="left") if den_dims \
                else select.join(f"{cte}_noemer", join_type="cross")
            self.ctes.append((f"{cte}_eenheden", select))
            return f"{cte}_eenheden", [f"{name}__units", f"{name}__noemer__units"]
        num_cte, den_cte, cte = f"m_{name}_teller", f"m_{name}_noemer", f"m_{name}"
        num_body, num_cols = self._simple(num_spec, self.metric_dims, num_flts, years, "teller", False, None)
        den_body, den_cols = self._simple(den_spec, den_dims, den_flts, years, "noemer", False, None)
        self.ctes.append((num_cte, num_body))
        self.ctes.append((den_cte, den_body))
        per = spec["per"]
        noemer = _col("noemer", den_cte)
        projections = [_col(d, num_cte) for d in self.metric_dims]
        # (in a comparison of years the difference is taken of the exact ratios, and the years rounded after it)
        digits = None if self.plan.query.year_comparison else spec.get("round")
        projections.append(exp.alias_(_round(_div(_col("teller", num_cte), noemer, per), digits), name))
        cols = [name]
        if "teller__n" in num_cols:
            projections.append(exp.alias_(_col("teller__n", num_cte), f"{name}__n"))
            cols.append(f"{name}__n")
        if "teller__max" in num_cols:
            projections.append(exp.alias_(_div(_col("teller__max", num_cte), noemer, per), f"{name}__max"))
            cols.append(f"{name}__max")
        # the parts the disclosure guard derives the released ratio from (perturbed numerator and, for a
        # count, perturbed denominator)
        for col in ("teller__schets", "teller__uk"):  # the rate's units are its numerator's
            if col in num_cols:
                projections.append(exp.alias_(_col(col, num_cte), f"{name}__{col.split('__')[1]}"))
                cols.append(f"{name}__{col.split('__')[1]}")
        for col in num_cols:
            if col in ("teller__schets", "teller__uk"):
                continue
            part = "teller" + col[len("teller"):].replace("__", "_")
            projections.append(exp.alias_(_col(col, num_cte), f"{name}__{part}"))
            cols.append(f"{name}__{part}")
        for col in den_cols:
            base = "bevolking" if den_spec["kind"] == "population" else "noemer"
            part = base + col[len("noemer"):].replace("__", "_")
            projections.append(exp.alias_(_col(col, den_cte), f"{name}__{part}"))
            cols.append(f"{name}__{part}")
        select = exp.select(*projections).from_(num_cte)
        if den_dims:
            on = _and([exp.EQ(this=_col(d, num_cte), expression=_col(d, den_cte)) for d in den_dims])
            select = select.join(den_cte, on=on, join_type="left")
        else:
            select = select.join(den_cte, join_type="cross")
        self.ctes.append((cte, select))
        return cte, cols

    # -- year comparison and combination ---------------------------------------------------------
    def _pivot(self, metric: Metric, cte: str, cols: list[str]) -> tuple[str, list[str]]:
        yc = self.plan.query.year_comparison
        projections: list[exp.Expression] = [_col(d) for d in self.cell_dims]
        out_cols: list[str] = []
        for year in (yc.base_year, yc.compare_year):
            cond = exp.Where(this=exp.EQ(this=_col("jaar"), expression=exp.Literal.number(year)))
            for col in cols:
                agg = exp.Filter(this=exp.Max(this=_col(col)), expression=cond.copy())
                suffix = col[len(metric.name):]  # '', '__n', '__max', '__units'
                alias = f"{metric.name}_{year}{suffix}"
                projections.append(exp.alias_(agg, alias))
                out_cols.append(alias)
        select = exp.select(*projections).from_(cte)
        if self.cell_dims:
            select = select.group_by(*[_col(d) for d in self.cell_dims])
        name = f"{cte}_jaren"
        self.ctes.append((name, select))
        return name, out_cols

    def _combine(self, parts: list[tuple[str, list[str]]], units: bool) -> exp.Select:
        yc = self.plan.query.year_comparison
        dims = self.cell_dims
        if dims and len(parts) > 1:
            union: exp.Expression = exp.select(*[_col(d) for d in dims]).from_(parts[0][0])
            for cte, _ in parts[1:]:
                union = exp.union(union, exp.select(*[_col(d) for d in dims]).from_(cte), distinct=True)
            self.ctes.append(("cellen", union))
            base = "cellen"
        else:
            base = parts[0][0]
        projections: list[exp.Expression] = [_col(d, base) for d in dims]
        select_from = exp.select().from_(base)
        for cte, cols in parts:
            if cte != base:
                if dims:
                    on = _and([exp.EQ(this=_col(d, base), expression=_col(d, cte)) for d in dims])
                    select_from = select_from.join(cte, on=on, join_type="left")
                else:
                    select_from = select_from.join(cte, join_type="cross")
            if yc and not units:
                metric = self.model.metrics[cols[0][: -len(f"_{yc.base_year}")]]
                years = {f"{metric.name}_{yc.base_year}", f"{metric.name}_{yc.compare_year}"}
                projections += [exp.alias_(_round(_col(c, cte), metric.spec.get("round")), c)
                                if c in years and metric.spec.get("kind") == "ratio" else _col(c, cte) for c in cols]
            else:
                projections += [_col(c, cte) for c in cols]
            if yc and not units:
                base_col, cmp_col = _col(cols[0], cte), _col(f"{metric.name}_{yc.compare_year}", cte)
                diff = exp.Sub(this=cmp_col, expression=base_col)
                projections.append(exp.alias_(_round(diff.copy(), metric.spec.get("round")), f"{metric.name}_verschil"))
                pct = _round(_div(diff.copy(), base_col.copy(), 100), 1)
                projections.append(exp.alias_(pct, f"{metric.name}_verschil_pct"))
        return select_from.select(*projections)
