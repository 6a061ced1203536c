"""Run a compiled query through the SQL guard, the warehouse (with a timeout) and the disclosure guard."""

from __future__ import annotations

from typing import Any, Callable

from guards.disclosure import DisclosureGuard, GuardResult, ReleaseMemory
from guards.sql_guard import check_ast, execute_with_timeout
from semantic_layer.compiled import CompiledQuery
from semantic_layer.dialects import render
from warehouse.backends import dialect_of

__all__ = ["run_guarded"]


def run_guarded(
    con: Any | Callable[[], Any],
    compiled: CompiledQuery,
    allowed_views: set[str],
    guard: DisclosureGuard,
    memory: ReleaseMemory,
    limit: int = 1000,
    timeout_s: float = 10.0,
) -> tuple[GuardResult, str]:
    """Check, run and guard ``compiled``. ``con`` is a read-only DuckDB connection or cursor, a
    ``warehouse.backends`` cursor (the SQL is rendered in its dialect), or a function returning the calling
    thread's cursor: the unit sets are fetched later, only if the guard
    needs them, possibly from another thread. Returns the guard's result and the SQL that ran. Raises
    ``SqlRefused`` (also for a timeout).
    """
    cursor = con if callable(con) and not hasattr(con, "execute") else (lambda: con)
    dialect = dialect_of(cursor())  # the warehouse's own SQL dialect (warehouse.backends)
    tree = check_ast(compiled.ast, allowed_views, limit)
    sql = render(tree, dialect)
    names, rows = execute_with_timeout(cursor(), sql, timeout_s)
    units_sql = compiled.units_sql(dialect)
    wider = [execute_with_timeout(cursor(), render(check_ast(group.ast, allowed_views, 1_000_000), dialect), timeout_s)
             for group in compiled.parents]

    runs = [None if run.ast is None else execute_with_timeout(
                cursor(), render(check_ast(run.ast, allowed_views, 1_000_000), dialect), timeout_s)
            for run in compiled.age_runs]

    population = None
    if compiled.population_ast is not None:
        population = execute_with_timeout(
            cursor(), render(check_ast(compiled.population_ast, allowed_views, 1_000_000), dialect), timeout_s)

    def fetch_units() -> tuple[list[str], list[tuple]]:
        return execute_with_timeout(cursor(), units_sql, timeout_s)

    return guard.apply(compiled, names, rows, memory, fetch_units if units_sql else None, wider, population,
                       runs), sql
