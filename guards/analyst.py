"""An analyst's own SQL: SQL over the semantic layer, answered exactly like a question.

As in Cube's SQL API, an analyst writes one SELECT in the semantic layer's own names (dimensions,
named measures such as ``COUNT(DISTINCT persoon_id) AS clienten`` or ``MEASURE(kosten_per_client)``,
filters ``dimension <op> literal``); see :mod:`semantic_layer.sql_api` for the grammar. The text is

1. parsed into one statement (:func:`guards.sql_guard.parse_statement`),
2. refused outright when it names identity data (``persoon_identiteit``, BSN, names, addresses ...),
3. translated into a :class:`~semantic_layer.query.SemanticQuery` and compiled by ``compile_query``,
   the compiler every question goes through.

So the SQL that runs is always the compiler's own (with its guard columns, unit sets, complete
domains and wider groups), checked again by :func:`guards.sql_guard.check_ast` in the runner. Every
refusal is decided on the syntax tree, the semantic model and the catalogue's value lists, before
anything runs; none depends on the data.
"""

from __future__ import annotations

from sqlglot import exp

from guards.sql_guard import IDENTIFYING_COLUMNS, SqlRefused, parse_statement
from semantic_layer.compiled import CompiledQuery
from semantic_layer.sql_api import SqlApiError, compile_sql

__all__ = ["analyst_query"]

IDENTITY_TABLE = "persoon_identiteit"
# identifying columns of the identity table, and the bare word people try first
_IDENTIFYING = IDENTIFYING_COLUMNS | {"naam"}


def analyst_query(sql: str, catalogue) -> CompiledQuery:
    """Translate and compile an analyst's SQL; raise :class:`SqlRefused` (Dutch ``reason``) outside the
    semantic layer's query space."""
    tree = parse_statement(sql)
    _refuse_identity(tree)
    try:
        compiled = compile_sql(tree, catalogue)
    except SqlApiError as err:
        raise SqlRefused(err.reason) from None
    _refuse_unknown_years(compiled, catalogue)
    return compiled


def _refuse_unknown_years(compiled: CompiledQuery, catalogue) -> None:
    """A year the data does not hold is no condition on the data ('jaar NOT IN (999, 950, 344)' spells a number of the
    analyst's own): refused, as a question about such a year is asked back."""
    query = compiled.query
    known = set(catalogue.years) | {y for m in catalogue.model.metrics for y in catalogue.years_for(m)}
    asked = set(query.years or [])
    if query.year_comparison is not None:
        asked |= {query.year_comparison.base_year, query.year_comparison.compare_year}
    asked |= {v for f in query.filters if f.dimension == "jaar" for v in f.values}
    if any(not isinstance(y, int) or y not in known for y in asked):
        raise SqlRefused("Een jaar in deze SQL komt in de gegevens niet voor; jaren met gegevens: "
                         + ", ".join(str(y) for y in sorted(known)) + ".")


def _refuse_identity(tree: exp.Expression) -> None:
    for table in tree.find_all(exp.Table):
        if table.name.lower() == IDENTITY_TABLE:
            raise SqlRefused(f"De tabel {IDENTITY_TABLE} bevat identiteitsgegevens en is nooit opvraagbaar.")
    for node in tree.find_all(exp.Column, exp.Identifier):
        if node.name.lower() in _IDENTIFYING:
            raise SqlRefused(f"De kolom '{node.name}' is identificerend (persoonsgegevens) en nooit opvraagbaar.")
