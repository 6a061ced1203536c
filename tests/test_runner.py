"""The guarded path's execution: the statements a cell is judged against run beside the query on cursors of their own
threads, and rows of a statement already run on the (unchanging) warehouse are reused. Neither may change an answer."""

from __future__ import annotations

import threading

import pytest

from guards.analyst import analyst_query
from guards.disclosure import DisclosureGuard, ReleaseMemory
from guards.runner import ResultCache, run_guarded
from semantic_layer import Catalogue, load_model

# wider groups (the narrowing to women and to an age), a population and a row per wijk
SQL = ("SELECT wijk, COUNT(DISTINCT persoon_id) AS clienten FROM vw_voorziening_jaar WHERE jaar = 2023 AND wet = 'Wmo' "
       "AND geslacht = 'vrouw' AND leeftijd >= 75 GROUP BY wijk")


@pytest.fixture(scope="module")
def catalogue(warehouse_con):
    return Catalogue.from_warehouse(load_model(), warehouse_con)


class _PerThread:
    """A cursor per calling thread (as `warehouse.backends` gives them), counting the statements and the threads."""

    def __init__(self, con):
        self.con = con
        self.local = threading.local()
        self.threads: set[str] = set()
        self.statements = 0
        self.lock = threading.Lock()

    def __call__(self):
        cur = getattr(self.local, "cur", None)
        if cur is None:
            cur = self.local.cur = _Counting(self.con.cursor(), self)
        with self.lock:
            self.threads.add(threading.current_thread().name)
        return cur


class _Counting:
    def __init__(self, cur, owner):
        self.cur, self.owner = cur, owner

    def execute(self, sql, params=None):
        with self.owner.lock:
            self.owner.statements += 1
        return self.cur.execute(sql) if params is None else self.cur.execute(sql, params)

    def interrupt(self):
        self.cur.interrupt()


def test_the_statements_beside_the_query_and_the_reused_rows_give_the_same_answer(catalogue, warehouse_con):
    compiled = analyst_query(SQL, catalogue)
    assert compiled.parents and compiled.population_ast is not None
    views = catalogue.allowed_views()
    plain, sql = run_guarded(warehouse_con.cursor(), compiled, views, DisclosureGuard(), ReleaseMemory())
    per_thread, cache = _PerThread(warehouse_con), ResultCache()
    beside, sql2 = run_guarded(per_thread, compiled, views, DisclosureGuard(), ReleaseMemory(), cache=cache)
    assert sql2 == sql and beside.rows == plain.rows and beside.suppressed == plain.suppressed
    assert any(name.startswith("wijkvraag-sql") for name in per_thread.threads)  # the extra statements ran beside it
    first = per_thread.statements
    again, _ = run_guarded(per_thread, compiled, views, DisclosureGuard(), ReleaseMemory(), cache=cache)
    assert again.rows == plain.rows and again.suppressed == plain.suppressed
    assert per_thread.statements - first < first  # the query, wider groups and population came from the cache


def test_the_cache_keeps_no_large_result_and_forgets_the_oldest(warehouse_con):
    cache = ResultCache(max_entries=2, max_rows=3)
    cur = warehouse_con.cursor
    assert cache.run(cur, "SELECT 1 AS a", 5)[1] == [(1,)]
    cache.run(cur, "SELECT range AS a FROM range(10)", 5)  # more rows than kept
    cache.run(cur, "SELECT 2 AS a", 5)
    cache.run(cur, "SELECT 3 AS a", 5)
    assert set(cache._rows) == {"SELECT 2 AS a", "SELECT 3 AS a"}
