"""SQL guard: only a single read-only aggregate SELECT over the semantic layer's views.

Every decision is taken on the sqlglot AST, never on the SQL text: comments, letter case, quoting
and whitespace are the parser's business. The guard

* admits exactly one statement, and it must be a SELECT (no COPY, ATTACH, PRAGMA, SET, INSTALL,
  LOAD, CALL, DESCRIBE, DDL or DML);
* admits only the views of the semantic layer (``allowed_views``) and the query's own CTEs; no
  raw tables, no ``persoon_identiteit``, no table functions (``read_csv``, ``glob``...), no files,
  no other catalogues, no sampling;
* refuses identifying columns (BSN, names, address, phone, e-mail, IBAN, date of birth) anywhere;
* admits id columns (``persoon_id``, ``huishouden_id``, ``voorziening_id``) only inside
  ``COUNT``, as grouping keys of inner queries, or as join keys between columns; never in the
  result, never compared to a literal, never inside another function;
* refuses every function that is not on the allow-list;
* requires that a result built on resident-level views is aggregated (no row-level output);
* forces a LIMIT.

:func:`execute_with_timeout` runs a guarded statement with a watchdog that interrupts DuckDB
(which has no server-side statement timeout), or through a ``warehouse.backends`` cursor with its
engine's own timeout (PostgreSQL ``statement_timeout``, Spark job cancellation).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from semantic_layer.dialects import BottomKeys

__all__ = [
    "SqlRefused",
    "check_sql",
    "parse_statement",
    "execute_with_timeout",
    "open_readonly",
    "ID_COLUMNS",
    "IDENTIFYING_COLUMNS",
    "PUBLISHED_VIEWS",
]


class SqlRefused(Exception):
    """SQL that the guard will not run. ``reason`` is a Dutch explanation for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


ID_COLUMNS = frozenset({"persoon_id", "huishouden_id", "voorziening_id"})
IDENTIFYING_COLUMNS = frozenset(
    {
        "bsn",
        "burgerservicenummer",
        "voornaam",
        "voornamen",
        "tussenvoegsel",
        "achternaam",
        "naam_volledig",
        "straat",
        "huisnummer",
        "postcode",
        "woonplaats",
        "adres",
        "geboortedatum",
        "geboortejaar",
        "telefoon",
        "telefoonnummer",
        "email",
        "e_mail",
        "iban",
    }
)
# Views that hold published or budget figures (no residents behind a row). Every other view is
# treated as resident-level: its rows must be aggregated before they leave the warehouse.
PUBLISHED_VIEWS = frozenset({"vw_begroting", "vw_cbs_kerncijfers", "vw_bevolking"})

# Function node types that may appear anywhere in a guarded statement.
_ALLOWED_FUNCS: tuple[type[exp.Expression], ...] = (
    BottomKeys,  # the compiler's unit sketch for the disclosure guard
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Min,
    exp.Max,
    exp.ApproxDistinct,
    exp.Round,
    exp.Abs,
    exp.Coalesce,
    exp.Nullif,
    exp.Greatest,
    exp.Least,
    exp.Cast,
    exp.TryCast,
    exp.Case,
    exp.If,
    exp.Extract,
    exp.Year,
    exp.Floor,
    exp.Ceil,
    exp.Div,
    exp.SafeDivide,
    exp.Lower,
    exp.Upper,
    exp.CurrentDate,
    exp.DateTrunc,
    exp.Sqrt,
    exp.CountIf,
    exp.And,
    exp.Or,
    exp.Pow,
)
_ALLOWED_ANONYMOUS = frozenset({"iff", "ifnull", "nvl", "trunc", "fdiv", "divide"})
# Aggregates that may take an id column (they only count).
_COUNTING_AGGS: tuple[type[exp.Expression], ...] = (exp.Count, exp.ApproxDistinct)
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.Into,
    exp.TableSample,
    exp.Lambda,
    exp.Placeholder,
    exp.Parameter,
    exp.SessionParameter,
    exp.Lateral,
    exp.Unnest,
    exp.Pivot,
)

_log = logging.getLogger("sqlglot")


def _parse(sql: str) -> list[exp.Expression | None]:
    if not isinstance(sql, str) or not sql.strip():
        raise SqlRefused("Er is geen SQL opgegeven.")
    if len(sql) > 20_000:
        raise SqlRefused("De SQL is te lang (meer dan 20.000 tekens).")
    level = _log.level
    _log.setLevel(logging.ERROR)
    try:
        return sqlglot.parse(sql, read="duckdb")
    except (ParseError, TokenError) as err:
        raise SqlRefused(f"De SQL kon niet worden gelezen: {str(err).splitlines()[0][:200]}") from None
    except RecursionError:
        raise SqlRefused("De SQL is te diep genest.") from None
    finally:
        _log.setLevel(level)


def _name(node: exp.Expression) -> str:
    return (node.name or "").lower()


def _cte_names(tree: exp.Expression) -> set[str]:
    return {_name(cte.args["alias"]) if cte.args.get("alias") else cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}


def _check_tables(tree: exp.Expression, allowed: set[str], ctes: set[str]) -> None:
    for table in tree.find_all(exp.Table):
        target = table.this
        if not isinstance(target, exp.Identifier):
            raise SqlRefused("Tabelfuncties en bestanden (zoals read_csv of glob) zijn niet toegestaan; gebruik de views van de semantische laag.")
        name = _name(table)
        if table.args.get("catalog") is not None:
            raise SqlRefused("Andere databases of catalogi zijn niet toegestaan.")
        db = table.args.get("db")
        if db is not None and _name(db) != "main":
            raise SqlRefused("Alleen de views van de semantische laag (schema main) zijn toegestaan.")
        if db is None and name in ctes:
            continue
        if name not in allowed:
            if name == "persoon_identiteit":
                raise SqlRefused("De tabel persoon_identiteit bevat identiteitsgegevens en is nooit opvraagbaar.")
            raise SqlRefused(
                f"Tabel of view '{table.name}' is niet toegestaan; alleen de views van de semantische laag "
                f"({', '.join(sorted(allowed))})."
            )


def _check_functions(tree: exp.Expression) -> None:
    for node in tree.find_all(exp.Func):
        if isinstance(node, exp.Anonymous):
            if _name(node) in _ALLOWED_ANONYMOUS:
                continue
            raise SqlRefused(f"De functie '{node.name}' is niet toegestaan.")
        if not isinstance(node, _ALLOWED_FUNCS):
            raise SqlRefused(f"De functie '{node.sql_name()}' is niet toegestaan.")
    for node in tree.find_all(*_FORBIDDEN_NODES):
        raise SqlRefused(f"De SQL-constructie '{node.key.upper()}' is niet toegestaan.")
    for node in tree.find_all(exp.Window):
        # windows are fine in compiled SQL only over aggregated rows; a window over raw rows (e.g.
        # ROW_NUMBER per persoon) exposes row-level order, so only aggregate windows are allowed
        if not isinstance(node.this, (exp.Sum, exp.Count, exp.Avg, exp.Max, exp.Min)):
            raise SqlRefused("Vensterfuncties anders dan SUM/COUNT/AVG/MIN/MAX OVER zijn niet toegestaan.")


def _enclosing_select(node: exp.Expression) -> exp.Select | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.Select):
        parent = parent.parent
    return parent


def _check_columns(tree: exp.Expression, outermost: exp.Select) -> None:
    for col in tree.find_all(exp.Column):
        name = _name(col)
        if name in IDENTIFYING_COLUMNS:
            raise SqlRefused(f"De kolom '{col.name}' is identificerend en nooit opvraagbaar.")
        if name not in ID_COLUMNS:
            continue
        if not _id_use_allowed(col, outermost):
            raise SqlRefused(
                f"De kolom '{col.name}' is een sleutel van een persoon of huishouden; die mag alleen binnen "
                "COUNT(DISTINCT ...) voorkomen, niet in het resultaat, een filter of een andere functie."
            )
    for ident in tree.find_all(exp.Identifier):
        # an alias that pretends to be an identifying column is refused as well
        if ident.name.lower() in IDENTIFYING_COLUMNS and isinstance(ident.parent, (exp.Alias, exp.TableAlias)):
            raise SqlRefused(f"De naam '{ident.name}' is gereserveerd voor identificerende gegevens en mag niet als kolomnaam worden gebruikt.")


def _id_use_allowed(col: exp.Column, outermost: exp.Select) -> bool:
    node: exp.Expression = col
    parent = node.parent
    # inside COUNT / COUNT(DISTINCT ...), possibly with FILTER: always fine
    anc = parent
    while anc is not None and not isinstance(anc, exp.Select):
        if isinstance(anc, _COUNTING_AGGS):
            return True
        if isinstance(anc, exp.Func) and not isinstance(anc, exp.Distinct):
            break
        anc = anc.parent
    select = _enclosing_select(col)
    if select is None:
        return False
    # join / correlation key: one id column equal to another id column (no literal, no arithmetic)
    if isinstance(parent, exp.EQ) and all(
        isinstance(side, exp.Column) and _name(side) in ID_COLUMNS for side in (parent.this, parent.expression)
    ):
        return True
    inner = select is not outermost
    if not inner:
        return False
    # bare (or self-aliased) projection or grouping key of an inner query
    if parent is select and col in select.expressions:
        return True
    if isinstance(parent, exp.Alias) and parent.parent is select and _name(parent.args["alias"]) in ID_COLUMNS:
        return True
    if isinstance(parent, exp.Group):
        return True
    if isinstance(parent, exp.Distinct) and isinstance(parent.parent, exp.Select):
        return True
    return False


def _group_keys(select: exp.Select) -> list[exp.Expression]:
    group = select.args.get("group")
    return list(group.expressions) if group else []


def _has_own_aggregate(select: exp.Select) -> bool:
    for projection in select.expressions:
        for agg in projection.find_all(exp.AggFunc):
            if _enclosing_select(agg) is select and agg.find_ancestor(exp.Window) is None:
                return True
    return False


def _aggregated(query: exp.Expression, ctes: dict[str, exp.Expression], seen: frozenset[str] = frozenset()) -> bool:
    """True when every row this query returns summarises residents (never one resident per row)."""
    if isinstance(query, exp.Subquery):
        return _aggregated(query.this, ctes, seen)
    if isinstance(query, exp.SetOperation):
        return _aggregated(query.left, ctes, seen) and _aggregated(query.right, ctes, seen)
    if not isinstance(query, exp.Select):
        return False
    for key in _group_keys(query):
        if any(_name(c) in ID_COLUMNS for c in key.find_all(exp.Column)):
            return False  # one row per person / household / provision
        if isinstance(key, (exp.Rollup, exp.Cube, exp.GroupingSets)):
            for c in key.find_all(exp.Column):
                if _name(c) in ID_COLUMNS:
                    return False
    if _group_keys(query) or _has_own_aggregate(query):
        return True
    sources: list[exp.Expression] = []
    from_ = query.args.get("from_") or query.args.get("from")
    if from_ is not None:
        sources.append(from_.this)
    sources.extend(j.this for j in query.args.get("joins") or [])
    if not sources:
        return True  # SELECT of literals
    for source in sources:
        if isinstance(source, exp.Table):
            name = _name(source)
            if name in ctes and source.args.get("db") is None:
                if name in seen or not _aggregated(ctes[name], ctes, seen | {name}):
                    return False
            elif name not in PUBLISHED_VIEWS:
                return False
        elif isinstance(source, exp.Subquery):
            if not _aggregated(source.this, ctes, seen):
                return False
        else:
            return False
    return True


def _strip_comments(tree: exp.Expression) -> None:
    for node in tree.walk():
        if node.comments:
            node.comments = None


def parse_statement(sql: str) -> exp.Expression:
    """Parse exactly one statement (DuckDB syntax) into an AST, or raise :class:`SqlRefused`."""
    statements = [s for s in _parse(sql) if s is not None]
    if len(statements) != 1:
        raise SqlRefused("Precies één SQL-opdracht is toegestaan (geen meerdere opdrachten gescheiden door ';').")
    return statements[0]


def check_sql(sql: str, allowed_views: set[str], limit: int = 1000) -> exp.Select:
    """Parse and check one SELECT; return its AST with a forced LIMIT, or raise :class:`SqlRefused`."""
    return check_ast(parse_statement(sql), allowed_views, limit)


def check_ast(tree: exp.Expression, allowed_views: set[str], limit: int = 1000) -> exp.Select:
    """The same checks as :func:`check_sql` on an already built AST (a copy is returned)."""
    if isinstance(tree, exp.SetOperation):
        raise SqlRefused("UNION, INTERSECT en EXCEPT zijn niet toegestaan; stel één SELECT-vraag.")
    if not isinstance(tree, exp.Select):
        kind = tree.key.upper() if isinstance(tree, exp.Expression) else "onbekend"
        raise SqlRefused(f"Alleen een SELECT-vraag is toegestaan (niet {kind}); het magazijn is alleen-lezen.")
    tree = tree.copy()
    _strip_comments(tree)
    allowed = {v.lower() for v in allowed_views}
    ctes = {}
    for cte in tree.find_all(exp.CTE):
        ctes[cte.alias_or_name.lower()] = cte.this
    _check_tables(tree, allowed, set(ctes))
    _check_functions(tree)
    _check_columns(tree, tree)
    if any(isinstance(p, exp.Star) or (isinstance(p, exp.Column) and isinstance(p.this, exp.Star)) for p in tree.expressions):
        if not _aggregated(tree, ctes) or any(_name(t) not in PUBLISHED_VIEWS for t in tree.find_all(exp.Table) if _name(t) not in ctes):
            raise SqlRefused("SELECT * is niet toegestaan op gegevens over inwoners; noem de kolommen en aggregeer ze.")
    if not _aggregated(tree, ctes):
        raise SqlRefused(
            "Het resultaat zou gegevens per persoon, huishouden of voorziening tonen. Alleen geaggregeerde "
            "cijfers (COUNT, SUM, AVG met GROUP BY) zijn toegestaan."
        )
    current = tree.args.get("limit")
    value: int | None = None
    if current is not None:
        expr = current.expression if isinstance(current, exp.Limit) else None
        if isinstance(expr, exp.Literal) and expr.is_int:
            value = int(expr.this)
    if value is None or value > limit or value < 0:
        tree = tree.limit(limit, copy=False)
    return tree


def open_readonly(path: str) -> Any:
    """Open the warehouse read-only (the only mode in which answering SQL runs)."""
    import duckdb

    return duckdb.connect(str(path), read_only=True)


class StatementTimeout(SqlRefused):
    """A guarded statement ran longer than the configured timeout and was interrupted."""


def execute_with_timeout(con: Any, sql: str, timeout_s: float = 10.0, params: list | None = None) -> tuple[list[str], list[tuple]]:
    """Run ``sql`` on ``con`` (a DuckDB connection or cursor) and fetch all rows, interrupting it after
    ``timeout_s`` seconds. Returns (column names, rows); raises :class:`StatementTimeout`. A
    ``warehouse.backends`` cursor runs the statement with its own engine's timeout."""
    import duckdb

    if callable(getattr(con, "run", None)):
        from warehouse.backends import QueryTimeout

        try:
            return con.run(sql, timeout_s)
        except QueryTimeout:
            raise StatementTimeout(f"De vraag duurde langer dan {timeout_s:g} seconden en is afgebroken.") from None

    done = threading.Event()

    def _watchdog() -> None:
        if not done.wait(timeout_s):
            try:
                con.interrupt()
            except Exception:  # the connection may already be closed; nothing left to stop
                logging.getLogger(__name__).debug("interrupt failed", exc_info=True)

    watcher = threading.Thread(target=_watchdog, daemon=True, name="sql-watchdog")
    watcher.start()
    try:
        result = con.execute(sql, params) if params is not None else con.execute(sql)
        rows = result.fetchall()
        names = [d[0] for d in result.description or []]
        return names, rows
    except duckdb.InterruptException:
        raise StatementTimeout(f"De vraag duurde langer dan {timeout_s:g} seconden en is afgebroken.") from None
    finally:
        done.set()
        watcher.join(timeout=1.0)
