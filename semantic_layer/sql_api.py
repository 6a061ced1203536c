"""Analyst SQL over the semantic layer: a second front door to the same :class:`SemanticQuery`.

An analyst writes SQL in the semantic layer's own names; :func:`from_sql` translates it into a
:class:`SemanticQuery` that ``compile_query`` compiles like any question, and :func:`to_sql` renders a
:class:`SemanticQuery` back into that SQL (the form shown to an analyst for every answered question).
Nothing here reads the warehouse: every decision is taken on the syntax tree, the loaded model and,
when compiling, the catalogue's value lists.

The accepted grammar::

    SELECT item [, item ...]
    FROM relation [alias]
    [WHERE condition [AND condition ...]]
    [GROUP BY dimension [, dimension ...]]          -- exactly the dimensions in SELECT
    [ORDER BY output [ASC | DESC] [, ...]]          -- an output column, alias or SELECT item
    [LIMIT n]

    relation  := an analytic view (vw_voorziening_jaar, vw_kosten, ...) | semantische_laag
    item      := dimension                           -- a dimension of dimensions.yaml that is not filter-only
               | measure [AS name]                   -- name: the metric's name (or <metric>_<year>)
    measure   := MEASURE(metric)                     -- any metric (ratios, CBS, stapeling ...)
               | the metric's aggregate over its own view, as its spec defines it:
                 COUNT(DISTINCT <count_column>) [FILTER (WHERE <flag>)]    (spec.kind count)
                 SUM(<value_column>)                                       (sum, budget)
                 AVG(<value_column>)                                       (average)
               | measure FILTER (WHERE jaar = <year>)
                                                     -- a year comparison: per metric two columns,
                                                     -- base year first; the result adds
                                                     -- <metric>_verschil and <metric>_verschil_pct
    condition := dimension <op> literal | dimension [NOT] IN (literal, ...)
               | dimension BETWEEN literal AND literal | NOT condition | <flag>
               (op: =, !=, <>, <, <=, >, >=; a flag such as is_instroom narrows every aggregate)

``jaar = y`` and ``jaar IN (...)`` become ``SemanticQuery.years`` (other year conditions become year
filters); without a year condition a metric answers for its latest year, as a question does.
Everything else (``*``, joins, subqueries, CTEs, set operations, windows, CASE, CAST, any other
function or expression, HAVING, DISTINCT, OFFSET, columns that are no dimension) raises
:class:`SqlApiError` with a Dutch reason that says what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from pydantic import ValidationError
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from semantic_layer.loader import KNOWN_VIEWS, metric_views
from semantic_layer.model import SemanticModel
from semantic_layer.query import Filter, OrderBy, SemanticQuery, YearComparison

__all__ = ["SEMANTIC_RELATION", "SqlApiError", "allowed_summary", "compile_sql", "from_ast", "from_sql", "render",
           "to_sql"]

SEMANTIC_RELATION = "semantische_laag"
MEASURE_FUNCTION = "MEASURE"
_YEAR = "jaar"
_LATEST_YEARS_NOTE = " elk cijfer in zijn eigen laatste jaar; het resultaat krijgt daarom de kolom jaar "
_AGGREGATES = {"count": "count_distinct", "sum": "sum", "budget": "sum", "population": "sum", "average": "avg"}
_FLIP = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATE = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not in", "not in": "in"}
_COMPARISONS = {exp.EQ: "=", exp.NEQ: "!=", exp.LT: "<", exp.LTE: "<=", exp.GT: ">", exp.GTE: ">="}
_SELECT_PARTS = {"expressions", "from_", "where", "group", "order", "limit"}
_PART_REASONS = {
    "with_": "WITH (CTE's) is niet toegestaan.",
    "joins": "JOIN (of meer tabellen in FROM) is niet toegestaan; lees één view of semantische_laag.",
    "having": "HAVING is niet toegestaan: een filter op de uitkomst van een groep kan kleine groepen aanwijzen.",
    "distinct": "SELECT DISTINCT is niet toegestaan; groepeer met GROUP BY naar dimensies.",
    "qualify": "QUALIFY is niet toegestaan.",
    "windows": "Vensterfuncties (OVER, WINDOW) zijn niet toegestaan.",
    "offset": "OFFSET is niet toegestaan; gebruik ORDER BY met LIMIT.",
    "laterals": "LATERAL is niet toegestaan.",
    "pivots": "PIVOT is niet toegestaan.",
    "sample": "Steekproeven (SAMPLE) zijn niet toegestaan.",
    "into": "SELECT INTO is niet toegestaan; het magazijn is alleen-lezen.",
}


class SqlApiError(ValueError):
    """SQL outside the semantic layer's query space; ``reason`` is a Dutch explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ------------------------------------------------------------------------------------ model forms
@dataclass(frozen=True)
class _Form:
    """A metric's aggregate over one view, as an analyst writes it."""

    view: str
    agg: str  # count_distinct | sum | avg
    column: str
    flag: str | None

    def ast(self) -> exp.Expression:
        col = exp.column(self.column)
        node: exp.Expression = {
            "count_distinct": lambda: exp.Count(this=exp.Distinct(expressions=[col])),
            "sum": lambda: exp.Sum(this=col),
            "avg": lambda: exp.Avg(this=col),
        }[self.agg]()
        if self.flag:
            node = exp.Filter(this=node, expression=exp.Where(this=exp.column(self.flag)))
        return node


def _form(model: SemanticModel, name: str) -> _Form | None:
    """The single-view aggregate of a metric, or None when it has none (ratios, CBS, stapeling) or
    when default filters would make the plain aggregate mean something else."""
    metric = model.metrics[name]
    spec = metric.spec
    agg = _AGGREGATES.get(spec.get("kind"))
    if agg is None or metric.default_filters:
        return None
    column = spec["count_column"] if agg == "count_distinct" else spec["value_column"]
    return _Form(spec["view"], agg, column, spec.get("flag"))


def _forms(model: SemanticModel) -> dict[str, _Form]:
    return {name: form for name in model.metrics if (form := _form(model, name)) is not None}


def _flags(model: SemanticModel) -> set[str]:
    return {f.flag for f in _forms(model).values() if f.flag}


def _key_columns(model: SemanticModel) -> set[str]:
    """Columns that identify a person, household or provision (the metrics' counting columns)."""
    keys: set[str] = set()
    for metric in model.metrics.values():
        for field in ("count_column", "unit_column"):
            if field in metric.spec:
                keys.add(str(metric.spec[field]).lower())
    return keys


def _output_dimensions(model: SemanticModel) -> list[str]:
    return [n for n, d in model.dimensions.items() if not d.spec.get("filter_only")]


def _views(model: SemanticModel) -> list[str]:
    views: set[str] = set()
    for metric in model.metrics.values():
        views |= metric_views(model, metric.spec)
    return sorted(views & KNOWN_VIEWS)


def allowed_summary(model: SemanticModel) -> str:
    """One Dutch sentence naming what analyst SQL may contain, read from the model."""
    forms = _forms(model)
    examples = [f"{f.ast().sql(dialect='duckdb')} AS {name}" for name, f in list(forms.items())[:3]]
    no_form = [n for n in model.metrics if n not in forms]
    examples += [f"MEASURE({n})" for n in no_form[:2]]
    filter_only = [n for n, d in model.dimensions.items() if d.spec.get("filter_only")]
    return (
        f"Toegestaan: één SELECT op één view ({', '.join(_views(model))}) of op {SEMANTIC_RELATION}, met alleen "
        f"dimensies ({', '.join(_output_dimensions(model))}) en maten van de semantische laag "
        f"({', '.join(examples)}, ...); WHERE alleen 'dimensie <op> waarde' met AND"
        + (f" (ook {', '.join(filter_only)})" if filter_only else "")
        + "; GROUP BY precies de dimensies; ORDER BY en LIMIT op kolommen uit het resultaat."
    )


# ------------------------------------------------------------------------------------ parsing
class _Translator:
    def __init__(self, model: SemanticModel):
        self.model = model
        self.forms = _forms(model)
        self.flags = _flags(model)
        self.keys = _key_columns(model)

    def refuse(self, specific: str) -> SqlApiError:
        return SqlApiError(f"{specific} {allowed_summary(self.model)}")

    # -- whole statement -------------------------------------------------------------------------
    def statement(self, tree: exp.Expression) -> SemanticQuery:
        if isinstance(tree, exp.SetOperation):
            raise self.refuse("UNION, INTERSECT en EXCEPT zijn niet toegestaan; stel één SELECT-vraag.")
        if not isinstance(tree, exp.Select):
            kind = tree.key.upper() if isinstance(tree, exp.Expression) else "onbekend"
            raise self.refuse(f"Alleen een SELECT-vraag is toegestaan (niet {kind}); het magazijn is alleen-lezen.")
        for part, value in tree.args.items():
            if value and part not in _SELECT_PARTS:
                raise self.refuse(_PART_REASONS.get(part, f"De SQL-constructie '{part.upper()}' is niet toegestaan."))
        relation, alias = self._relation(tree)
        self._scan(tree)
        self.relation, self.qualifiers = relation, {relation} | ({alias} if alias else set())
        where_conds, flags = self._where(tree.args.get("where"))
        dims, measures = self._select(tree.expressions, flags)
        self._group(tree.args.get("group"), dims)
        metrics, comparison = self._metrics(measures)
        filters, years = self._filters(where_conds, comparison is not None)
        outputs = {name: name for name in dims + [m[0] for m in measures]}
        if comparison is not None:  # a bare metric name orders by its compare-year value, as in a question
            outputs.update({m: m for m in metrics})
            outputs.update({f"{m}_verschil": f"{m}_verschil" for m in metrics})
            outputs.update({f"{m}_verschil_pct": f"{m}_verschil_pct" for m in metrics})
        order = self._order(tree.args.get("order"), outputs, measures)
        limit = self._limit(tree.args.get("limit"))
        try:
            return SemanticQuery(metrics=metrics, dimensions=dims, filters=filters, years=years,
                                 year_comparison=comparison, order_by=order, limit=limit)
        except ValidationError as err:
            problems = "; ".join(e["msg"] for e in err.errors())
            raise self.refuse(f"Deze SQL is geen geldige vraag aan de semantische laag ({problems}).") from None

    def _scan(self, tree: exp.Select) -> None:
        """Refuse every node outside the grammar, before looking at names."""
        for node in tree.walk():
            if node is tree:
                continue
            if isinstance(node, (exp.Select, exp.Subquery, exp.SetOperation, exp.Exists)):
                raise self.refuse("Subquery's zijn niet toegestaan; schrijf één SELECT op één view.")
            if isinstance(node, exp.Window):
                raise self.refuse(_PART_REASONS["windows"])
            if isinstance(node, (exp.Case, exp.If)):
                raise self.refuse("CASE (en IF/IIF) is niet toegestaan: een voorwaarde per rij kan één persoon aanwijzen.")
            if isinstance(node, exp.Cast):
                raise self.refuse("CAST (ook ::) is niet toegestaan; vergelijk een dimensie met een gewone waarde.")
            if isinstance(node, exp.Star):
                if isinstance(node.parent, exp.Count):
                    raise self.refuse("COUNT(*) telt regels en is geen maat van de semantische laag; "
                                      "tel bijvoorbeeld COUNT(DISTINCT voorziening_id) AS voorzieningen.")
                raise self.refuse("SELECT * is niet toegestaan; noem de dimensies en maten.")
            if isinstance(node, exp.Func) and not isinstance(node, exp.Connector) and not self._allowed_function(node):
                name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
                raise self.refuse(f"De functie '{name}' is niet toegestaan; alleen de aggregaten van de maten en MEASURE(...).")
            if isinstance(node, (exp.Placeholder, exp.Parameter)):
                raise self.refuse("Parameters zijn niet toegestaan; schrijf de waarde zelf.")

    @staticmethod
    def _allowed_function(node: exp.Func) -> bool:
        if isinstance(node, exp.Anonymous):
            return node.name.upper() == MEASURE_FUNCTION
        return isinstance(node, (exp.Count, exp.Sum, exp.Avg))

    def _relation(self, tree: exp.Select) -> tuple[str, str | None]:
        from_ = tree.args.get("from_")
        if from_ is None:
            raise self.refuse("FROM ontbreekt.")
        table = from_.this
        if isinstance(table, exp.Subquery):
            raise self.refuse("Subquery's zijn niet toegestaan; schrijf één SELECT op één view.")
        if not isinstance(table, exp.Table) or not isinstance(table.this, exp.Identifier):
            raise self.refuse("Tabelfuncties en bestanden zijn niet toegestaan; lees één view of semantische_laag.")
        if table.args.get("catalog") is not None or (table.args.get("db") is not None and table.db.lower() != "main"):
            raise self.refuse("Andere databases of schema's zijn niet toegestaan.")
        name = table.name.lower()
        if name != SEMANTIC_RELATION and name not in _views(self.model):
            raise self.refuse(f"Tabel of view '{table.name}' is niet toegestaan.")
        return name, (table.alias.lower() or None)

    # -- names -----------------------------------------------------------------------------------
    def _column_name(self, node: exp.Expression, where: str) -> str:
        if not isinstance(node, exp.Column) or not isinstance(node.this, exp.Identifier):
            raise self.refuse(f"{where}: '{node.sql()}' is geen dimensie; berekeningen en functies zijn niet toegestaan.")
        if node.table and node.table.lower() not in self.qualifiers:
            raise self.refuse(f"De kolom '{node.sql()}' hoort niet bij {self.relation}.")
        if node.args.get("db") or node.args.get("catalog"):
            raise self.refuse(f"Schrijf '{node.name}' zonder schema.")
        return node.name.lower()

    def _dimension(self, node: exp.Expression, where: str, output: bool) -> str:
        name = self._column_name(node, where)
        if name in self.keys:
            raise self.refuse(
                f"De kolom '{name}' is een sleutel van een persoon, huishouden of voorziening; die mag alleen "
                "binnen een maat staan, zoals COUNT(DISTINCT persoon_id) AS clienten."
            )
        dim = self.model.dimensions.get(name)
        if dim is None:
            raise self.refuse(f"De kolom '{name}' is geen dimensie van de semantische laag.")
        if output and dim.spec.get("filter_only"):
            classes = [n for n, d in self.model.dimensions.items() if d.spec.get("complete") and n not in {name}]
            hint = f"; splits uit naar {classes[0]}" if classes else ""
            raise self.refuse(f"Op {name} kan alleen gefilterd worden (WHERE {name} >= ...){hint}.")
        return name

    # -- SELECT ----------------------------------------------------------------------------------
    def _select(self, items: list[exp.Expression], flags: list[str]):
        dims: list[str] = []
        measures: list[tuple[str, str, int | None, exp.Expression]] = []  # (output, metric, year, node)
        names: set[str] = set()
        for item in items:
            alias = item.alias.lower() if isinstance(item, exp.Alias) else None
            node = item.this if isinstance(item, exp.Alias) else item
            if isinstance(node, exp.Column):
                dim = self._dimension(node, "SELECT", output=True)
                if alias and alias != dim:
                    raise self.refuse(f"Een dimensie houdt haar eigen naam: schrijf '{dim}', niet '{dim} AS {alias}'.")
                output, entry = dim, None
            else:
                metric, year = self._measure(node, flags)
                output = f"{metric}_{year}" if year is not None else metric
                if alias and alias != output:
                    raise self.refuse(f"Noem de kolom naar de maat: '{node.sql(dialect='duckdb')} AS {output}' (niet AS {alias}).")
                entry = (output, metric, year, node)
            if output in names:
                raise self.refuse(f"De kolom '{output}' staat twee keer in SELECT.")
            names.add(output)
            if entry is None:
                dims.append(output)
            else:
                measures.append(entry)
        if not measures:
            raise self.refuse("Noem minstens één maat.")
        return dims, measures

    def _measure(self, node: exp.Expression, flags: list[str]) -> tuple[str, int | None]:
        text = node.sql(dialect="duckdb")
        conds: list[exp.Expression] = []
        core = node
        if isinstance(node, exp.Filter):
            core = node.this
            conds = _conjuncts(node.expression.this if isinstance(node.expression, exp.Where) else node.expression)
        year: int | None = None
        own_flags: list[str] = []
        for cond in conds:
            flag = self._flag(cond)
            if flag is not None:
                own_flags.append(flag)
                continue
            if isinstance(cond, exp.EQ) and isinstance(cond.this, exp.Column) and cond.this.name.lower() == _YEAR \
                    and year is None:
                value = _literal(cond.expression)
                if isinstance(value, int):
                    year = value
                    continue
            raise self.refuse(
                f"In '{text}' mag FILTER (WHERE ...) alleen een vlag van een maat ({', '.join(sorted(self.flags))}) "
                "of jaar = <jaar> (een vergelijking tussen twee jaren) bevatten."
            )
        if isinstance(core, exp.Anonymous) and core.name.upper() == MEASURE_FUNCTION:
            if own_flags or flags:
                raise self.refuse(f"MEASURE(...) is de maat zelf; een vlag ({', '.join(own_flags + flags)}) past daar niet bij.")
            return self._named_measure(core), year
        if not isinstance(core, (exp.Count, exp.Sum, exp.Avg)):
            raise self.refuse(f"De uitdrukking '{text}' is geen dimensie en geen maat van de semantische laag.")
        if self.relation == SEMANTIC_RELATION:
            raise self.refuse(f"Op {SEMANTIC_RELATION} staan maten als MEASURE(naam); '{text}' hoort bij een view.")
        arg = core.this
        agg = {exp.Sum: "sum", exp.Avg: "avg"}.get(type(core), "count")
        if isinstance(core, exp.Count):
            if not (isinstance(arg, exp.Distinct) and len(arg.expressions) == 1):
                raise self.refuse(f"De uitdrukking '{text}' is geen maat; tel verschillende eenheden met COUNT(DISTINCT ...).")
            arg, agg = arg.expressions[0], "count_distinct"
        column = self._column_name(arg, f"In '{text}'")
        flag_set = set(own_flags + flags)
        if len(flag_set) > 1:
            raise self.refuse(f"De maat '{text}' combineert vlaggen ({', '.join(sorted(flag_set))}); een maat heeft er hoogstens één.")
        flag = next(iter(flag_set), None)
        wanted = _Form(self.relation, agg, column, flag)
        alias = node.parent.alias.lower() if isinstance(node.parent, exp.Alias) else None
        matches = [name for name, form in self.forms.items() if form == wanted]
        if not matches:
            here = [f"{f.ast().sql(dialect='duckdb')} AS {n}" for n, f in self.forms.items() if f.view == self.relation]
            where_flag = f" met {flag}" if flag else ""
            raise self.refuse(
                f"Het aggregaat '{text}'{where_flag} op {self.relation} is geen maat van de semantische laag"
                + (f" (maten op deze view: {', '.join(here)})" if here else "") + "."
            )
        if alias is not None:
            for name in matches:
                if alias in (name, f"{name}_{year}"):
                    return name, year
        return matches[0], year

    def _named_measure(self, node: exp.Anonymous) -> str:
        args = node.expressions
        if len(args) != 1 or not isinstance(args[0], (exp.Column, exp.Identifier)) or \
                (isinstance(args[0], exp.Column) and args[0].table):
            raise self.refuse("MEASURE(...) krijgt precies één metricnaam, bijvoorbeeld MEASURE(kosten_per_client).")
        name = args[0].name.lower()
        metric = self.model.metrics.get(name)
        if metric is None:
            raise self.refuse(f"De naam '{name}' is geen maat van de semantische laag.")
        if self.relation != SEMANTIC_RELATION and self.relation not in metric_views(self.model, metric.spec):
            raise self.refuse(f"MEASURE({name}) leest niet uit {self.relation}; gebruik FROM {SEMANTIC_RELATION}.")
        return name

    def _flag(self, cond: exp.Expression) -> str | None:
        if isinstance(cond, exp.Paren):
            cond = cond.this
        column = cond
        if isinstance(cond, exp.EQ) and isinstance(cond.expression, exp.Boolean) and cond.expression.this is True:
            column = cond.this
        if isinstance(column, exp.Column) and column.name.lower() in self.flags and not column.table:
            return column.name.lower()
        return None

    # -- GROUP BY --------------------------------------------------------------------------------
    def _group(self, group: exp.Group | None, dims: list[str]) -> None:
        if group is None:
            if dims:
                raise self.refuse(f"GROUP BY ontbreekt: groepeer naar {', '.join(dims)}.")
            return
        if group.args.get("all") or any(group.args.get(k) for k in ("rollup", "cube", "grouping_sets", "totals")):
            raise self.refuse("GROUP BY ALL, ROLLUP, CUBE en GROUPING SETS zijn niet toegestaan; noem de dimensies.")
        keys = [self._dimension(k, "GROUP BY", output=True) for k in group.expressions]
        if sorted(keys) != sorted(dims):
            raise self.refuse(
                f"GROUP BY moet precies de dimensies uit SELECT bevatten ({', '.join(dims) or 'geen'}), "
                f"niet {', '.join(keys)}."
            )

    # -- WHERE -----------------------------------------------------------------------------------
    def _where(self, where: exp.Where | None) -> tuple[list[tuple[str, str, list]], list[str]]:
        if where is None:
            return [], []
        conds: list[tuple[str, str, list]] = []
        flags: list[str] = []
        for cond in _conjuncts(where.this):
            flag = self._flag(cond)
            if flag is not None:
                if flag not in flags:
                    flags.append(flag)
                continue
            conds.append(self._condition(cond))
        return conds, flags

    def _condition(self, cond: exp.Expression, negated: bool = False) -> tuple[str, str, list]:
        text = cond.sql(dialect="duckdb")
        while isinstance(cond, exp.Paren):
            cond = cond.this
        if isinstance(cond, exp.Not):
            dim, op, values = self._condition(cond.this, not negated)
            return dim, op, values
        if isinstance(cond, exp.Or):
            raise self.refuse(f"OR is niet toegestaan ('{text}'); gebruik IN (...) voor meer waarden.")
        if isinstance(cond, exp.In):
            if cond.args.get("query") or cond.args.get("unnest") or cond.args.get("field"):
                raise self.refuse("IN mag alleen een lijst waarden bevatten.")
            dim = self._dimension(cond.this, "WHERE", output=False)
            values = [self._value(v, text) for v in cond.expressions]
            op = "in"
        elif isinstance(cond, exp.Between):
            if negated:
                raise self.refuse(f"NOT BETWEEN is niet toegestaan ('{text}'); gebruik < en > in twee stappen of IN.")
            dim = self._dimension(cond.this, "WHERE", output=False)
            values = [self._value(cond.args["low"], text), self._value(cond.args["high"], text)]
            op = "between"
        elif type(cond) in _COMPARISONS:
            op = _COMPARISONS[type(cond)]
            left, right = cond.this, cond.expression
            if not isinstance(left, exp.Column) and isinstance(right, exp.Column):
                left, right, op = right, left, _FLIP[op]
            if isinstance(right, exp.Column):
                raise self.refuse(f"Vergelijk een dimensie met een waarde, niet met een andere kolom ('{text}').")
            dim = self._dimension(left, "WHERE", output=False)
            values = [self._value(right, text)]
        else:
            raise self.refuse(
                f"De voorwaarde '{text}' is niet toegestaan; alleen 'dimensie <op> waarde' (=, !=, <, <=, >, >=, "
                "IN, NOT IN, BETWEEN), verbonden door AND."
            )
        if negated:
            op = _NEGATE[op]
        return dim, op, values

    def _value(self, node: exp.Expression, text: str):
        try:
            return _literal(node)
        except ValueError:
            raise self.refuse(f"In '{text}' staat '{node.sql()}': alleen gewone waarden (tekst of getal) zijn toegestaan.") from None

    def _filters(self, conds: list[tuple[str, str, list]], comparison: bool) -> tuple[list[Filter], list[int] | None]:
        filters: list[Filter] = []
        years: list[int] | None = None
        # every exclusion on one dimension is one set ('leeftijd <> 99 AND leeftijd <> 50' is NOT IN (50, 99)): the
        # same condition, in one order
        excluded: dict[str, list] = {}
        for dim, op, values in conds:
            if op in ("!=", "not in") and dim != _YEAR:
                excluded.setdefault(dim, []).extend(values)
        merged: list[tuple[str, str, list]] = []
        several = {dim for dim, values in excluded.items()
                   if sum(1 for c in conds if c[0] == dim and c[1] in ("!=", "not in")) > 1}
        for dim, op, values in conds:
            if op in ("!=", "not in") and dim in several:
                if dim in excluded:  # (in the place of the first; the others are in it)
                    merged.append((dim, "not in", sorted(dict.fromkeys(excluded.pop(dim)),
                                                         key=lambda v: (isinstance(v, str), v))))
                continue
            merged.append((dim, op, values))
        for dim, op, values in merged:
            if dim == _YEAR or self.model.dimensions[dim].spec.get("kind") == "numeric":
                # whole numbers only: a decimal ('leeftijd <> 9.99976618') or a text names no year or age and can
                # carry any identifier in its digits (red team 21); the value is not repeated in the reason
                if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
                    raise self.refuse(f"{self.model.dimensions[dim].label} is een geheel getal (bijvoorbeeld "
                                      + ("jaar = 2023" if dim == _YEAR else f"{dim} >= 65") + ").")
            if dim == _YEAR:
                if op in ("=", "in") and years is None and not comparison:
                    years = list(values)
                    continue
            try:
                filters.append(Filter(dimension=dim, op=op, values=values))
            except ValidationError as err:
                raise self.refuse(f"Ongeldige voorwaarde op {dim}: {err.errors()[0]['msg']}.") from None
        return filters, years

    # -- measures and year comparison ------------------------------------------------------------
    def _metrics(self, measures) -> tuple[list[str], YearComparison | None]:
        with_year = [m for m in measures if m[2] is not None]
        if not with_year:
            metrics = [m[1] for m in measures]
            if len(set(metrics)) != len(metrics):
                raise self.refuse("Dezelfde maat staat twee keer in SELECT.")
            return metrics, None
        if len(with_year) != len(measures):
            raise self.refuse("Een vergelijking tussen jaren geeft elke maat met FILTER (WHERE jaar = ...); "
                              "meng dat niet met maten zonder jaar.")
        metrics: list[str] = []
        years: dict[str, list[int]] = {}
        for _out, metric, year, _node in measures:
            if metric not in years:
                metrics.append(metric)
            years.setdefault(metric, []).append(year)
        pairs = {tuple(ys) for ys in years.values()}
        if len(pairs) != 1 or len(next(iter(pairs))) != 2 or len(set(next(iter(pairs)))) != 2:
            raise self.refuse(
                "Een vergelijking tussen jaren toont elke maat twee keer, voor dezelfde twee jaren en het basisjaar "
                "eerst, bijvoorbeeld MEASURE(clienten) FILTER (WHERE jaar = 2022) AS clienten_2022, "
                "MEASURE(clienten) FILTER (WHERE jaar = 2024) AS clienten_2024."
            )
        base, compare = next(iter(pairs))
        return metrics, YearComparison(base_year=base, compare_year=compare)

    # -- ORDER BY / LIMIT ------------------------------------------------------------------------
    def _order(self, order: exp.Order | None, outputs: dict[str, str], measures) -> list[OrderBy]:
        if order is None:
            return []
        result: list[OrderBy] = []
        by_text = {node.sql(dialect="duckdb"): out for out, _m, _y, node in measures}
        for ordered in order.expressions:
            target = ordered.this
            name = None
            if isinstance(target, exp.Column) and not target.table and target.name.lower() in outputs:
                name = outputs[target.name.lower()]
            elif target.sql(dialect="duckdb") in by_text:
                name = by_text[target.sql(dialect="duckdb")]
            if name is None:
                raise self.refuse(
                    f"ORDER BY mag alleen kolommen uit het resultaat gebruiken ({', '.join(outputs)}); "
                    f"'{target.sql(dialect='duckdb')}' staat er niet in."
                )
            result.append(OrderBy(field=name, descending=bool(ordered.args.get("desc"))))
        return result

    def _limit(self, limit: exp.Limit | None) -> int | None:
        if limit is None:
            return None
        value = limit.expression
        if not (isinstance(value, exp.Literal) and value.is_int and 1 <= int(value.this) <= 10_000):
            raise self.refuse("LIMIT moet een geheel getal van 1 tot en met 10.000 zijn.")
        if limit.args.get("offset"):
            raise self.refuse(_PART_REASONS["offset"])
        return int(value.this)


def _conjuncts(cond: exp.Expression | None) -> list[exp.Expression]:
    if cond is None:
        return []
    while isinstance(cond, exp.Paren):
        cond = cond.this
    if isinstance(cond, exp.And):
        return _conjuncts(cond.this) + _conjuncts(cond.expression)
    return [cond]


def _literal(node: exp.Expression):
    """The Python value of a literal (text or number); ValueError for anything else."""
    while isinstance(node, exp.Paren):
        node = node.this
    negative = False
    if isinstance(node, exp.Neg):
        node, negative = node.this, True
    if isinstance(node, exp.Literal):
        if node.is_string:
            if negative:
                raise ValueError(node.sql())
            return node.this
        number = int(node.this) if node.is_int else float(node.this)
        return -number if negative else number
    raise ValueError(node.sql())


def parse(text: str) -> exp.Expression:
    """Parse one statement (DuckDB syntax); SqlApiError when it is not exactly one readable statement."""
    if not isinstance(text, str) or not text.strip():
        raise SqlApiError("Er is geen SQL opgegeven.")
    try:
        statements = [s for s in sqlglot.parse(text, read="duckdb") if s is not None]
    except (ParseError, TokenError) as err:
        raise SqlApiError(f"De SQL kon niet worden gelezen: {str(err).splitlines()[0][:200]}") from None
    if len(statements) != 1:
        raise SqlApiError("Precies één SQL-opdracht is toegestaan (geen meerdere opdrachten gescheiden door ';').")
    return statements[0]


def from_ast(tree: exp.Expression, model: SemanticModel) -> SemanticQuery:
    """Translate a parsed SELECT over the semantic layer into a :class:`SemanticQuery`."""
    return _Translator(model).statement(tree)


def from_sql(text: str, catalogue) -> SemanticQuery:
    """Translate analyst SQL into a :class:`SemanticQuery`; raise :class:`SqlApiError` outside the grammar."""
    return from_ast(parse(text), catalogue.model)


def compile_sql(tree: exp.Expression | str, catalogue):
    """Translate analyst SQL (text or AST) and compile it with ``compile_query``, the compiler questions use.

    The result must have exactly the dimensions the SELECT names: where the semantic layer would add
    one (several wijken in a filter, several years), the SQL is refused with the column to add.
    """
    from semantic_layer.compiler import QueryError, compile_query

    query = from_ast(parse(tree) if isinstance(tree, str) else tree, catalogue.model)
    try:
        compiled = compile_query(query, catalogue)
    except QueryError as err:
        raise SqlApiError(f"De semantische laag kan deze SQL niet beantwoorden: {err}") from None
    shown = [c.name for c in compiled.columns if c.kind == "dimension"]
    if _YEAR in shown and _YEAR not in query.dimensions and not _has_year_condition(query):
        shown.remove(_YEAR)  # each metric's own latest year (see render)
    if shown != list(query.dimensions):
        extra = [d for d in shown if d not in query.dimensions]
        raise SqlApiError(
            f"Het resultaat heeft ook de kolom {', '.join(extra)} (meer {' en '.join(extra)}-waarden in WHERE); "
            f"zet die in SELECT en GROUP BY: {', '.join(shown)}."
            if extra else f"Zet de dimensies in deze volgorde: {', '.join(shown)}."
        )
    return compiled


# ------------------------------------------------------------------------------------ rendering
def render(query: SemanticQuery, dimensions: list[str], model: SemanticModel | None = None) -> exp.Select:
    """The analyst SQL of a query whose result has ``dimensions`` (the compiled query's dimension columns).

    A query whose metrics are all plain aggregates over one view (same dimensions, no year comparison)
    is written over that view (``COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar``);
    every other query, or any query when no model is given, uses ``MEASURE(...) FROM semantische_laag``.
    Both forms translate back into a query that compiles to the same SQL.

    One query is not written exactly: without any year condition, metrics whose latest years differ
    (a CBS figure of 2021 beside a municipal one of 2024) each answer for their own latest year, and
    the result gets a jaar column. No year condition in SQL says "each metric's latest year", so the
    SQL leaves jaar out of SELECT and GROUP BY (a comment says why) and :func:`compile_sql` admits
    that one extra column; the compiled result is the same.
    """
    yc = query.year_comparison
    implicit_year = _YEAR in dimensions and _YEAR not in query.dimensions and not _has_year_condition(query)
    if implicit_year:
        dimensions = [d for d in dimensions if d != _YEAR]
    forms = _forms(model) if model is not None else {}
    chosen = [forms.get(m) for m in query.metrics]
    single_view = (
        yc is None and all(chosen) and len({f.view for f in chosen}) == 1
        and len({frozenset(model.metrics[m].dimensions) for m in query.metrics}) == 1
    )
    items: list[exp.Expression] = [exp.column(d) for d in dimensions]
    for name, form in zip(query.metrics, chosen):
        if single_view:
            items.append(exp.alias_(form.ast(), name))
        elif yc is None:
            items.append(exp.alias_(_measure_call(name), name))
        else:
            for year in (yc.base_year, yc.compare_year):
                cond = exp.Where(this=exp.EQ(this=exp.column(_YEAR), expression=exp.Literal.number(year)))
                items.append(exp.alias_(exp.Filter(this=_measure_call(name), expression=cond), f"{name}_{year}"))
    relation = chosen[0].view if single_view else SEMANTIC_RELATION
    select = exp.select(*items).from_(relation)
    if implicit_year:
        select.args["from_"].add_comments([_LATEST_YEARS_NOTE])
    conds: list[exp.Expression] = []
    if query.years and yc is None:
        years = sorted(set(query.years))
        conds.append(_condition(_YEAR, "in" if len(years) > 1 else "=", years))
    for flt in query.filters:
        conds.append(_condition(flt.dimension, flt.op, list(flt.values)))
    if conds:
        select = select.where(exp.and_(*conds))
    if dimensions:
        select = select.group_by(*[exp.column(d) for d in dimensions])
    order = []
    for ob in query.order_by:
        field = f"{ob.field}_{yc.compare_year}" if yc and ob.field in query.metrics else ob.field
        order.append(exp.Ordered(this=exp.column(field), desc=ob.descending, nulls_first=False))
    if order:
        select = select.order_by(*order)
    if query.limit:
        select = select.limit(query.limit)
    return select


def _has_year_condition(query: SemanticQuery) -> bool:
    return bool(query.years) or query.year_comparison is not None or any(f.dimension == _YEAR for f in query.filters)


def _measure_call(name: str) -> exp.Expression:
    return exp.Anonymous(this=MEASURE_FUNCTION, expressions=[exp.column(name)])


def _lit(value) -> exp.Expression:
    if isinstance(value, bool):
        return exp.Literal.string(str(value).lower())
    if isinstance(value, (int, float)):
        return exp.Literal.number(value) if value >= 0 else exp.Neg(this=exp.Literal.number(-value))
    return exp.Literal.string(str(value))


def _condition(dimension: str, op: str, values: list) -> exp.Expression:
    column = exp.column(dimension)
    lits = [_lit(v) for v in values]
    if op == "in":
        return exp.In(this=column, expressions=lits)
    if op == "not in":
        return exp.Not(this=exp.In(this=column, expressions=lits))
    if op == "between":
        return exp.Between(this=column, low=lits[0], high=lits[1])
    cls = {"=": exp.EQ, "!=": exp.NEQ, ">=": exp.GTE, "<=": exp.LTE, ">": exp.GT, "<": exp.LT}[op]
    return cls(this=column, expression=lits[0])


def to_sql(query: SemanticQuery, catalogue, pretty: bool = True) -> str:
    """The analyst SQL of ``query`` (compiled once to know its result dimensions)."""
    from semantic_layer.compiler import compile_query

    compiled = compile_query(query, catalogue)
    dims = [c.name for c in compiled.columns if c.kind == "dimension"]
    return render(query, dims, catalogue.model).sql(dialect="duckdb", pretty=pretty)
