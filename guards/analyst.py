"""An analyst's own SQL: through the SQL guard, then rewritten so the disclosure guard can judge it.

The SQL guard already admits only one aggregate SELECT over the semantic layer's views. On top of
that an analyst's query over resident-level views must have a shape whose population per cell is
known exactly, so that every measure cell gets

* ``<measure>__n``: the distinct counting units (persons, or households when the measure counts
  ``huishouden_id``) behind that cell, over the same FROM / WHERE / GROUP BY and the measure's own
  ``FILTER (WHERE ...)``;
* ``<measure>__max`` for money: the largest single person's share of the cell, in the cell's unit;
* ``units_ast``: the exact set of counting units per cell, for differencing against earlier answers;
* ``parent_ast`` when the WHERE or a FILTER narrows by anything but area, year or provision (age,
  gender, dates, duration, ...): the unit counts of the same cells without that narrowing, so that a
  0 or an absent row says nothing about a small wider group.

What cannot be rewritten that way is refused with a Dutch reason: joins, subqueries and CTEs (they
can hide the unit behind a cell), set operations, window functions, HAVING (a filter on a group's
size reveals small groups), ROLLUP/CUBE, MIN/MAX and other aggregates that return one person's
value, and expressions inside aggregates (``SUM(CASE WHEN ... )`` narrows the population unseen).
"""

from __future__ import annotations

from sqlglot import exp

from guards.sql_guard import ID_COLUMNS, PUBLISHED_VIEWS, SqlRefused, check_ast, check_sql
from semantic_layer.compiled import CompiledQuery, OutputColumn
from semantic_layer.query import OrderBy, SemanticQuery

__all__ = ["analyst_query"]

_MONEY_COLUMNS = {"bedrag", "begroot"}
# what defines a group; every other condition narrows it (and is checked against the wider group)
_GROUP_COLUMNS = {"jaar", "wijk", "wijk_code", "gemeente", "gemeente_code", "wet", "soort", "taakveld"}


_ALLOWED_AGGS = (exp.Count, exp.Sum, exp.Avg)


def _widen(cond: exp.Expression | None) -> tuple[exp.Expression | None, bool]:
    """``cond`` without the conjuncts that narrow by something other than area, year or provision,
    and whether any was dropped."""
    if cond is None:
        return None, False
    cond = cond.unnest()
    conjuncts = list(cond.flatten()) if isinstance(cond, exp.And) else [cond]
    kept = [c.copy() for c in conjuncts
            if {col.name.lower() for col in c.find_all(exp.Column)} <= _GROUP_COLUMNS]
    return (exp.and_(*kept) if kept else None), len(kept) < len(conjuncts)


def _refuse(reason: str) -> None:
    raise SqlRefused(reason)


def _unalias(node: exp.Expression) -> exp.Expression:
    return node.this if isinstance(node, exp.Alias) else node


def _plain_column(node: exp.Expression) -> exp.Column | None:
    node = _unalias(node)
    return node if isinstance(node, exp.Column) and not isinstance(node.this, exp.Star) else None


def _aggregate_parts(measure: exp.Expression) -> list[tuple[exp.Expression, exp.Expression | None]]:
    """(aggregate, its FILTER condition or None) for every aggregate in a measure expression."""
    parts: list[tuple[exp.Expression, exp.Expression | None]] = []
    for agg in measure.find_all(exp.AggFunc):
        cond = None
        if isinstance(agg.parent, exp.Filter):
            where = agg.parent.expression
            cond = where.this if isinstance(where, exp.Where) else where
        parts.append((agg, cond))
    return parts


def _check_measure(measure: exp.Expression) -> list[tuple[exp.Expression, exp.Expression | None]]:
    parts = _aggregate_parts(measure)
    if not parts:
        _refuse(f"De kolom '{measure.sql()}' is geen aggregaat en geen GROUP BY-kolom.")
    for agg, _cond in parts:
        if not isinstance(agg, _ALLOWED_AGGS):
            _refuse(
                f"Het aggregaat '{agg.sql()}' is niet toegestaan in eigen SQL: alleen COUNT, COUNT(DISTINCT ...), SUM en AVG; "
                "MIN, MAX en vergelijkbare functies geven de waarde van één persoon."
            )
        arg = agg.this
        if isinstance(arg, exp.Distinct):
            if len(arg.expressions) != 1:
                _refuse("COUNT(DISTINCT ...) mag maar één kolom tellen.")
            arg = arg.expressions[0]
        if not (isinstance(arg, exp.Star) or (isinstance(arg, exp.Column) and not isinstance(arg.this, exp.Star))):
            _refuse(
                f"In '{agg.sql()}' staat een berekening binnen het aggregaat; gebruik een kale kolom en "
                "beperk de groep met WHERE of FILTER (WHERE ...)."
            )
        if isinstance(agg, (exp.Sum, exp.Avg)) and isinstance(arg, exp.Column) and arg.name.lower() in ID_COLUMNS:
            _refuse("Rekenen met sleutels van personen of huishoudens is niet toegestaan.")
    for col in measure.find_all(exp.Column):
        if col.find_ancestor(exp.AggFunc, exp.Filter) is None:
            _refuse(f"De kolom '{col.sql()}' staat buiten een aggregaat in '{measure.sql()}'.")
    conds = {None if c is None else c.sql() for _a, c in parts}
    if len(conds) > 1:
        _refuse(f"Gebruik in één kolom één populatie: de aggregaten in '{measure.sql()}' hebben verschillende FILTERs.")
    return parts


def _family_metric(view: str, parts: list[tuple[exp.Expression, exp.Expression | None]], measure: exp.Expression) -> str:
    if len(parts) == 1 and _unalias(measure) is parts[0][0] or (
        len(parts) == 1 and isinstance(_unalias(measure), exp.Filter) and _unalias(measure).this is parts[0][0]
    ):
        agg = parts[0][0]
        arg = agg.this.expressions[0] if isinstance(agg.this, exp.Distinct) else agg.this
        name = arg.name.lower() if isinstance(arg, exp.Column) else "*"
        if isinstance(agg, exp.Count) and isinstance(agg.this, exp.Distinct) and name == "persoon_id":
            return "clienten"
        if isinstance(agg, exp.Count) and isinstance(agg.this, exp.Distinct) and name == "huishouden_id":
            return "huishoudens_met_voorziening"
        if isinstance(agg, exp.Sum) and name == "bedrag":
            return "kosten"
    bare = _unalias(measure).copy()
    for flt in list(bare.find_all(exp.Filter)):
        flt.replace(flt.this.copy())
    return f"sql:{view}:{bare.sql(dialect='duckdb').lower()}"


def analyst_query(sql: str, catalogue, limit: int = 1000) -> CompiledQuery:
    """Guard and rewrite an analyst's SQL; raise :class:`SqlRefused` (Dutch ``reason``) when unsafe."""
    allowed = set(catalogue.allowed_views())
    tree = check_sql(sql, allowed, limit=limit)
    if tree.args.get("with_") or tree.args.get("with"):
        _refuse("WITH (CTE's) is in eigen SQL niet toegestaan; schrijf één SELECT op één view.")
    if any(isinstance(n, (exp.Subquery,)) or (isinstance(n, exp.Select) and n is not tree) for n in tree.walk()):
        _refuse("Subquery's zijn in eigen SQL niet toegestaan; ze kunnen verbergen over hoeveel personen een cel gaat.")
    if tree.args.get("joins"):
        _refuse("JOIN is in eigen SQL niet toegestaan; lees één view (de views bevatten al wijk, leeftijd en soort).")
    if tree.args.get("having"):
        _refuse("HAVING is niet toegestaan: een filter op de grootte van een groep kan kleine groepen zichtbaar maken.")
    if tree.find(exp.Window):
        _refuse("Vensterfuncties (OVER ...) zijn in eigen SQL niet toegestaan.")
    if tree.args.get("distinct"):
        _refuse("SELECT DISTINCT is niet toegestaan; gebruik GROUP BY.")
    tables = list(tree.find_all(exp.Table))
    if len(tables) != 1:
        _refuse("Eigen SQL leest precies één view.")
    view = tables[0].name.lower()
    group_keys = list(tree.args["group"].expressions) if tree.args.get("group") else []
    for key in group_keys:
        if not isinstance(key, exp.Column):
            _refuse("GROUP BY mag alleen kolommen bevatten (geen ROLLUP, CUBE, uitdrukkingen of kolomnummers).")
    key_names = {k.name.lower() for k in group_keys}

    resident = view not in PUBLISHED_VIEWS
    columns: list[OutputColumn] = []
    dims: list[tuple[str, exp.Column]] = []
    measures: list[tuple[str, exp.Expression, list]] = []
    names_seen: set[str] = set()
    for projection in tree.expressions:
        name = projection.alias_or_name if isinstance(projection, exp.Alias) or isinstance(projection, exp.Column) else projection.sql()
        if not name or name.lower() in names_seen:
            _refuse(f"Geef elke kolom een eigen naam (AS ...); '{projection.sql()}' is dubbel of naamloos.")
        if name.endswith(("__n", "__max", "__units")):
            _refuse(f"Kolomnamen op __n, __max of __units zijn gereserveerd voor de beveiliging ('{name}').")
        names_seen.add(name.lower())
        column = _plain_column(projection)
        if column is not None and (not resident or column.name.lower() in key_names):
            dims.append((name, column))
            columns.append(OutputColumn(name=name, label=name, kind="dimension"))
            continue
        if not resident:
            columns.append(OutputColumn(name=name, label=name, kind="measure", metric=None))
            continue
        parts = _check_measure(_unalias(projection))
        measures.append((name, _unalias(projection), parts))

    shown = {col.name.lower() for _n, col in dims}
    missing = [k.sql() for k in group_keys if k.name.lower() not in shown]
    if missing:
        _refuse(f"Elke GROUP BY-kolom moet ook in het resultaat staan (ontbreekt: {', '.join(missing)}).")
    if not resident:
        return CompiledQuery(
            query=SemanticQuery(metrics=[c.name for c in columns if c.kind == "measure"] or ["waarde"], limit=None),
            ast=tree,
            columns=columns,
            units_ast=None,
            sources=["eigen SQL van de analist"],
        )

    order_fields = _order_fields(tree, {n for n, _ in dims} | {n for n, _, _ in measures}, [(n, e) for n, e, _ in measures])
    where = tree.args.get("where")
    base_where = where.this.copy() if where is not None else None

    def population(cond: exp.Expression | None, unit: str) -> exp.Expression:
        count = exp.Count(this=exp.Distinct(expressions=[exp.column(unit)]))
        return exp.Filter(this=count, expression=exp.Where(this=cond.copy())) if cond is not None else count

    inner = exp.Select()
    for name, col in dims:
        inner = inner.select(exp.alias_(col.copy(), name, quoted=True), copy=False)
    units_select = inner.copy()
    money_parts: list[tuple[str, exp.Expression | None]] = []
    measure_meta: list[tuple[str, str, bool]] = []
    unit_conds: list[tuple[str, str, exp.Expression | None]] = []
    for i, (name, expr, parts) in enumerate(measures):
        cond = parts[0][1]
        unit = "huishouden_id" if any(
            isinstance(a, exp.Count) and isinstance(a.this, exp.Distinct) and a.this.expressions[0].name.lower() == "huishouden_id"
            for a, _ in parts
        ) else "persoon_id"
        money = any(
            isinstance(a, (exp.Sum, exp.Avg)) and isinstance(a.this, exp.Column) and a.this.name.lower() in _MONEY_COLUMNS
            for a, _ in parts
        )
        inner = inner.select(exp.alias_(expr.copy(), name, quoted=True), copy=False)
        inner = inner.select(exp.alias_(population(cond, unit), f"{name}__n", quoted=True), copy=False)
        agg = exp.ArrayAgg(this=exp.Distinct(expressions=[exp.column(unit)]))
        units_expr = exp.Filter(this=agg, expression=exp.Where(this=cond.copy())) if cond is not None else agg
        units_select = units_select.select(exp.alias_(units_expr, f"{name}__units", quoted=True), copy=False)
        if money:
            money_parts.append((name, cond))
        measure_meta.append((name, unit, money))
        unit_conds.append((name, unit, cond))
        metric = _family_metric(view, parts, expr)
        columns.append(
            OutputColumn(
                name=name,
                label=name,
                kind="measure",
                unit="euro" if money else None,
                metric=metric,
                counting_unit="huishouden" if unit == "huishouden_id" else "persoon",
                count_column=f"{name}__n",
                max_column=f"{name}__max" if money else None,
            )
        )
    parent_ast = None
    wider_where, narrowed = _widen(base_where)
    wider_conds = [(name, unit, _widen(cond)) for name, unit, cond in unit_conds]
    if narrowed or any(dropped for _n, _u, (_c, dropped) in wider_conds):
        wider = exp.Select()
        for name, col in dims:
            wider = wider.select(exp.alias_(col.copy(), name, quoted=True), copy=False)
        for name, unit, (cond, _dropped) in wider_conds:
            wider = wider.select(exp.alias_(population(cond, unit), f"{name}__n", quoted=True), copy=False)
        wider = wider.from_(exp.Table(this=exp.to_identifier(tables[0].name)), copy=False)
        if wider_where is not None:
            wider = wider.where(wider_where, copy=False)
        if group_keys:
            wider = wider.group_by(*[k.copy() for k in group_keys], copy=False)
        parent_ast = check_ast(wider, allowed, limit=limit)
    for name, unit, money in measure_meta:
        columns.append(OutputColumn(name=f"{name}__n", label="aantal eenheden", kind="guard"))
        if money:
            columns.append(OutputColumn(name=f"{name}__max", label="grootste bijdrage", kind="guard"))

    source = exp.Table(this=exp.to_identifier(tables[0].name))
    inner = inner.from_(source.copy(), copy=False)
    units_select = units_select.from_(source.copy(), copy=False)
    if base_where is not None:
        inner = inner.where(base_where.copy(), copy=False)
        units_select = units_select.where(base_where.copy(), copy=False)
    if group_keys:
        inner = inner.group_by(*[k.copy() for k in group_keys], copy=False)
        units_select = units_select.group_by(*[k.copy() for k in group_keys], copy=False)

    outer = exp.Select()
    for name, _col in dims:
        outer = outer.select(exp.column(name, table="q", quoted=True), copy=False)
    for name, _unit, _money in measure_meta:
        outer = outer.select(exp.column(name, table="q", quoted=True), copy=False)
    for name, _unit, _money in measure_meta:
        outer = outer.select(exp.column(f"{name}__n", table="q", quoted=True), copy=False)
    outer = outer.from_(exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("q"))), copy=False)
    if money_parts:
        per_unit = exp.Select()
        for name, col in dims:
            per_unit = per_unit.select(exp.alias_(col.copy(), name, quoted=True), copy=False)
        per_unit = per_unit.select(exp.column("persoon_id"), copy=False)
        agg_sel = exp.Select()
        for name, _col in dims:
            agg_sel = agg_sel.select(exp.column(name, quoted=True), copy=False)
        for i, (name, cond) in enumerate(money_parts):
            total = exp.Sum(this=exp.column("bedrag"))
            total = exp.Filter(this=total, expression=exp.Where(this=cond.copy())) if cond is not None else total
            per_unit = per_unit.select(exp.alias_(total, f"s{i}"), copy=False)
            agg_sel = agg_sel.select(exp.alias_(exp.Max(this=exp.column(f"s{i}")), f"mx{i}"), copy=False)
            agg_sel = agg_sel.select(exp.alias_(exp.Sum(this=exp.column(f"s{i}")), f"tot{i}"), copy=False)
        per_unit = per_unit.from_(source.copy(), copy=False)
        if base_where is not None:
            per_unit = per_unit.where(base_where.copy(), copy=False)
        per_unit = per_unit.group_by(*[k.copy() for k in group_keys], exp.column("persoon_id"), copy=False)
        agg_sel = agg_sel.from_(exp.Subquery(this=per_unit, alias=exp.TableAlias(this=exp.to_identifier("e"))), copy=False)
        if dims:
            agg_sel = agg_sel.group_by(*[exp.column(n, quoted=True) for n, _ in dims], copy=False)
        on = None
        for name, _col in dims:
            cond = exp.NullSafeEQ(this=exp.column(name, table="q", quoted=True), expression=exp.column(name, table="d", quoted=True))
            on = cond if on is None else exp.and_(on, cond)
        d_table = exp.Subquery(this=agg_sel, alias=exp.TableAlias(this=exp.to_identifier("d")))
        if on is not None:
            outer = outer.join(d_table, on=on, join_type="left", copy=False)
        else:
            outer = outer.join(d_table, join_type="cross", copy=False)
        for i, (name, _cond) in enumerate(money_parts):
            share = exp.Div(
                this=exp.column(f"mx{i}", table="d"),
                expression=exp.Nullif(this=exp.column(f"tot{i}", table="d"), expression=exp.Literal.number(0)),
            )
            contribution = exp.Mul(this=exp.paren(share), expression=exp.Abs(this=exp.column(name, table="q", quoted=True)))
            outer = outer.select(exp.alias_(contribution, f"{name}__max", quoted=True), copy=False)
    order = tree.args.get("order")
    if order is not None:
        outer = outer.order_by(
            *[exp.Ordered(this=exp.column(field.field, table="q", quoted=True), desc=field.descending) for field in order_fields],
            copy=False,
        )
    limit_node = tree.args.get("limit")
    outer = outer.limit(int(limit_node.expression.this) if limit_node is not None else limit, copy=False)
    guarded = check_ast(outer, allowed, limit=limit)
    return CompiledQuery(
        query=SemanticQuery(
            metrics=[n for n, _, _ in measures],
            dimensions=[n for n, _ in dims],
            order_by=order_fields,
        ),
        ast=guarded,
        columns=columns,
        units_ast=units_select,
        parent_ast=parent_ast,
        sources=["eigen SQL van de analist"],
    )


def _order_fields(tree: exp.Select, names: set[str], measure_exprs: list[tuple[str, exp.Expression]]) -> list[OrderBy]:
    order = tree.args.get("order")
    fields: list[OrderBy] = []
    if order is None:
        return fields
    lowered = {n.lower(): n for n in names}
    for ordered in order.expressions:
        target = ordered.this
        desc = bool(ordered.args.get("desc"))
        if isinstance(target, (exp.Column, exp.Identifier)) and target.name.lower() in lowered:
            fields.append(OrderBy(field=lowered[target.name.lower()], descending=desc))
            continue
        match = next((n for n, e in measure_exprs if e.sql() == target.sql()), None)
        if match is None:
            _refuse(f"ORDER BY mag alleen kolommen uit het resultaat gebruiken ('{target.sql()}' staat er niet in).")
        fields.append(OrderBy(field=match, descending=desc))
    return fields
