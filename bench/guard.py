"""Overhead of the SQL guard + disclosure guard per question: guarded vs unguarded on the same queries.

Runs the legitimate conversation of tests/test_false_refusals.py (64 questions, one session) against
the 's-Gravenhage warehouse, warm, a few rounds. "Unguarded" executes the compiled SQL and fetches
the rows; "guarded" is check_ast + the same execution with a watchdog + the disclosure guard with its
release memory (unit sets fetched lazily). Also runs the attack-style differencing sequence to show
the cost when unit sets are needed.

    python -m bench.guard [--rounds 3] [--warehouse PATH]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

import duckdb

from bench.report import write_section
from guards.disclosure import DisclosureGuard, PublishedCells, ReleaseMemory
from guards.runner import ResultCache, run_guarded
from semantic_layer import Catalogue, compile_query, load_model
from tests.test_false_refusals import CONVERSATION

ROOT = Path(__file__).resolve().parent.parent


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warehouse", default=str(ROOT / "warehouse" / "sociaal_domein.duckdb"))
    args = parser.parse_args()

    con = duckdb.connect(args.warehouse, read_only=True)
    catalogue = Catalogue.from_warehouse(load_model(), con)
    views = catalogue.allowed_views()
    compiled = [compile_query(q, catalogue) for _question, q, _e in CONVERSATION]
    cur = con.cursor()

    def unguarded(c) -> None:
        cur.execute(c.sql()).fetchall()

    published = PublishedCells.from_warehouse(cur)
    for c in compiled:  # warm up
        unguarded(c)

    local = threading.local()

    def per_thread():
        """A cursor per calling thread, as the product's backends give them."""
        if getattr(local, "cur", None) is None:
            local.cur = con.cursor()
        return local.cur

    plain: list[float] = []
    guarded: list[float] = []
    product: list[float] = []
    fetched_questions: list[int] = []
    released = 0
    for _round in range(args.rounds):
        memory = ReleaseMemory(published)
        guard = DisclosureGuard(10, 0.5)
        beside, cache = ReleaseMemory(published), ResultCache()  # the product's path, a fresh cache each round
        for c in compiled:
            t0 = time.perf_counter()
            unguarded(c)
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            result, _sql = run_guarded(cur, c, views, guard, memory)
            guarded.append(time.perf_counter() - t0)
            released += result.status == "answered"
            t0 = time.perf_counter()
            run_guarded(per_thread, c, views, DisclosureGuard(10, 0.5), beside, cache=cache)
            product.append(time.perf_counter() - t0)
        loaders = {id(cell.loader): cell.loader for cells in memory._cells.values() for cell in cells if hasattr(cell.loader, "_fetch")}
        fetched_questions.append(sum(1 for loader in loaders.values() if loader._sets is not None))

    ratio = sum(guarded) / sum(plain)
    ratio_product = sum(product) / sum(plain)
    overhead_ms = [(g - p) * 1000 for g, p in zip(guarded, plain)]
    n = len(compiled)
    body = f"""
Same {n} legitimate questions (tests/test_false_refusals.py), one session per round, {args.rounds} rounds, warm process,
's-Gravenhage warehouse. Unguarded = run the compiled SQL and fetch; guarded = SQL guard (AST check, forced LIMIT),
run with statement-timeout watchdog, disclosure guard with release memory (seeded with the CBS-published wijk cells;
unit sets fetched lazily).

| | p50 ms | p95 ms | mean ms |
|---|---:|---:|---:|
| unguarded | {_pct(plain, .5) * 1000:.1f} | {_pct(plain, .95) * 1000:.1f} | {statistics.mean(plain) * 1000:.1f} |
| guarded, one cursor | {_pct(guarded, .5) * 1000:.1f} | {_pct(guarded, .95) * 1000:.1f} | {statistics.mean(guarded) * 1000:.1f} |
| guarded as the product runs it | {_pct(product, .5) * 1000:.1f} | {_pct(product, .95) * 1000:.1f} | {statistics.mean(product) * 1000:.1f} |
| overhead (guarded − unguarded) | {_pct(overhead_ms, .5):.1f} | {_pct(overhead_ms, .95):.1f} | {statistics.mean(overhead_ms):.1f} |

- ratio guarded / unguarded (total time): **{ratio:.2f}×** on one cursor; **{ratio_product:.2f}×** as the product runs it
  (the wider groups, age runs and population on two worker threads beside the query, each with its own cursor; rows
  of a statement already run in the round reused, as the warehouse does not change while open; the cache is new each
  round, so a round's first asking of every statement is measured)
- questions answered: {released}/{n * args.rounds}
- questions (with released resident cells) whose exact unit sets were fetched: {statistics.mean(fetched_questions):.0f} per round
  (of {len(loaders)} such questions; the others were decided on cell sizes alone);
  {sum(len(v) for v in memory._cells.values())} released cells remembered at the end of a round ({len(published.cells)} of them CBS-published)
"""
    print(body)
    write_section("guard", "Guard overhead per question", body)


if __name__ == "__main__":
    main()
