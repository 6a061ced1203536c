"""Run a compiled query through the SQL guard, the warehouse (with a timeout) and the disclosure guard."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from guards.disclosure import DisclosureGuard, GuardResult, ReleaseMemory
from guards.sql_guard import check_ast, execute_with_timeout
from semantic_layer.compiled import CompiledQuery
from semantic_layer.dialects import render
from warehouse.backends import dialect_of

__all__ = ["ResultCache", "run_guarded"]

Result = tuple[list[str], list[tuple]]

# the wider groups, age runs and population a cell is judged against run beside the question's own query, each
# on its worker's own cursor (a backend's cursors are per thread); two workers: the cores of a small server
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wijkvraag-sql")


class ResultCache:
    """Rows of statements already run on one read-only warehouse, by their SQL (least recently used out first).
    The warehouse does not change while it is open, so the same statement gives the same rows; the guards still
    judge every answer (the cache holds what the warehouse returned, not what was released). Large results (the
    unit sets) are not kept."""

    def __init__(self, max_entries: int = 1024, max_rows: int = 2000) -> None:
        self.max_entries = max_entries
        self.max_rows = max_rows
        self._rows: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()

    def run(self, cursor: Callable[[], Any], sql: str, timeout_s: float) -> Result:
        with self._lock:
            hit = self._rows.get(sql)
            if hit is not None:
                self._rows.move_to_end(sql)
                return hit[0], list(hit[1])
        names, rows = execute_with_timeout(cursor(), sql, timeout_s)
        if len(rows) <= self.max_rows:
            with self._lock:
                self._rows[sql] = (list(names), list(rows))
                while len(self._rows) > self.max_entries:
                    self._rows.popitem(last=False)
        return names, rows


def run_guarded(
    con: Any | Callable[[], Any],
    compiled: CompiledQuery,
    allowed_views: set[str],
    guard: DisclosureGuard,
    memory: ReleaseMemory,
    limit: int = 1000,
    timeout_s: float = 10.0,
    cache: ResultCache | None = None,
) -> tuple[GuardResult, str]:
    """Check, run and guard ``compiled``. ``con`` is a read-only DuckDB connection or cursor, a
    ``warehouse.backends`` cursor (the SQL is rendered in its dialect), or a function returning the calling
    thread's cursor: the unit sets are fetched later, only if the guard
    needs them, possibly from another thread. ``cache``: rows of statements already run on this warehouse.
    Returns the guard's result and the SQL that ran. Raises
    ``SqlRefused`` (also for a timeout).
    """
    per_thread = callable(con) and not hasattr(con, "execute")
    cursor = con if per_thread else (lambda: con)
    dialect = dialect_of(cursor())  # the warehouse's own SQL dialect (warehouse.backends)

    def fetch(ast: Any, row_limit: int) -> tuple[str, Result]:
        statement = render(check_ast(ast, allowed_views, row_limit), dialect)
        if cache is not None:
            return statement, cache.run(cursor, statement, timeout_s)
        return statement, execute_with_timeout(cursor(), statement, timeout_s)

    extra = [group.ast for group in compiled.parents] + [run.ast for run in compiled.age_runs if run.ast is not None]
    if compiled.population_ast is not None:
        extra.append(compiled.population_ast)
    # with a cursor per thread the extra statements run beside the question's own one
    pending = [_POOL.submit(fetch, ast, 1_000_000) for ast in extra] if per_thread else []
    try:
        sql, (names, rows) = fetch(compiled.ast, limit)
        results = [f.result()[1] for f in pending] if pending else [fetch(ast, 1_000_000)[1] for ast in extra]
    finally:
        for f in pending:
            f.cancel()
    n_wider = len(compiled.parents)
    wider = results[:n_wider]
    ran = iter(results[n_wider:])
    runs = [None if run.ast is None else next(ran) for run in compiled.age_runs]
    population = next(ran) if compiled.population_ast is not None else None
    units_sql = compiled.units_sql(dialect)

    def fetch_units() -> Result:
        return execute_with_timeout(cursor(), units_sql, timeout_s)

    return guard.apply(compiled, names, rows, memory, fetch_units if units_sql else None, wider, population,
                       runs), sql
