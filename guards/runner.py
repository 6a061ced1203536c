"""Run a compiled query through the SQL guard, the warehouse (with a timeout) and the disclosure guard."""

from __future__ import annotations

from typing import Any

from guards.disclosure import DisclosureGuard, GuardResult, ReleaseMemory
from guards.sql_guard import check_ast, execute_with_timeout
from semantic_layer.compiled import CompiledQuery

__all__ = ["run_guarded"]


def run_guarded(
    con: Any,
    compiled: CompiledQuery,
    allowed_views: set[str],
    guard: DisclosureGuard,
    memory: ReleaseMemory,
    limit: int = 1000,
    timeout_s: float = 10.0,
) -> tuple[GuardResult, str]:
    """Check, run and guard ``compiled`` on ``con`` (a read-only DuckDB connection or cursor owned by
    one session). Returns the guard's result and the SQL that ran. Raises ``SqlRefused`` (also for a
    timeout). The unit sets are fetched on the same connection, later and only if the guard needs them.
    """
    tree = check_ast(compiled.ast, allowed_views, limit)
    sql = tree.sql(dialect="duckdb")
    names, rows = execute_with_timeout(con, sql, timeout_s)
    units_sql = compiled.units_sql("duckdb")

    def fetch_units() -> tuple[list[str], list[tuple]]:
        return execute_with_timeout(con, units_sql, timeout_s)

    return guard.apply(compiled, names, rows, memory, fetch_units if units_sql else None), sql
