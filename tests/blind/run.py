#!/usr/bin/env python3
"""Re-run the reference SQL of this unseen question set, read-only.

Lives in tests/blind/ (two levels below the repository root). Usage, from anywhere:

    .venv/bin/python tests/blind/run.py tests/blind/<set>            # check every turn, print a summary
    .venv/bin/python tests/blind/run.py tests/blind/<set> --show     # also print every expected table
    .venv/bin/python tests/blind/run.py tests/blind/<set> --id bl6-a05 --show
    .venv/bin/python tests/blind/run.py tests/blind/<set> --root /path/to/repo

What it does, per turn with `sql`:
- opens warehouse/sociaal_domein.duckdb READ_ONLY (attached to an in-memory connection),
  builds the helper tables of tests/questions/expected_views.sql as TEMP tables
  (DuckDB's file_search_path is the repository root, as the evaluator sets it);
- runs the reference SQL, applies the disclosure rule of tests/questions/README.md to the guard
  columns (`__n`, `__max`, `__total`, `__rest`; k = 10) and drops them;
- checks that the visible columns equal `columns`, that the table is not empty, and that the
  status is consistent: `suppressed` means every measure cell is null, `answered` means at least
  one measure cell is shown.
It writes nothing anywhere. Exit code 1 when any check fails.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import yaml

K = 10
HERE = Path(__file__).resolve().parent
GUARD_SUFFIXES = ("__n", "__max", "__total", "__rest")
DIMENSIONS = {"wijk", "gemeente", "stadsdeel", "jaar", "soort", "wet", "taakveld",
              "leeftijdsklasse", "geslacht", "gebied"}


def find_root(arg: str | None) -> Path:
    candidates = [Path(arg)] if arg else [HERE.parents[1], Path.cwd()]
    for c in candidates:
        if (c / "warehouse" / "sociaal_domein.duckdb").exists() and (c / "tests" / "questions" / "expected_views.sql").exists():
            return c.resolve()
    sys.exit(f"repository root not found (tried {', '.join(map(str, candidates))}); pass --root")


def connect(root: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    db = (root / "warehouse" / "sociaal_domein.duckdb").as_posix().replace("'", "''")
    con.execute(f"ATTACH '{db}' AS wh (READ_ONLY)")
    con.execute("USE wh")
    con.execute(f"SET file_search_path = '{root.as_posix()}'")
    con.execute((root / "tests" / "questions" / "expected_views.sql").read_text(encoding="utf-8"))
    return con


def turns(root_dir: Path):
    for f in sorted(root_dir.glob("*.yaml")):
        for conv in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            if "turns" in conv:
                for i, t in enumerate(conv["turns"], 1):
                    yield f.name, f"{conv['id']}#{i}", {**{k: v for k, v in conv.items() if k != "turns"}, **t}
            else:
                yield f.name, conv["id"], conv


def protect(cols: list[str], rows: list[tuple]) -> tuple[list[str], list[list], int]:
    """Apply the README's disclosure rule; return visible columns, rows and the number of nulled cells."""
    idx = {c: i for i, c in enumerate(cols)}
    visible = [c for c in cols if not c.endswith(GUARD_SUFFIXES)]
    out, nulled = [], 0
    for r in rows:
        row = []
        for c in visible:
            v = r[idx[c]]
            hide = False
            n = r[idx[c + "__n"]] if c + "__n" in idx else None
            if n is not None and 1 <= n < K:
                hide = True
            rest = r[idx[c + "__rest"]] if c + "__rest" in idx else None
            if rest is not None and 1 <= rest < K:
                hide = True
            mx = r[idx[c + "__max"]] if c + "__max" in idx else None
            if mx is not None:
                tot = r[idx[c + "__total"]] if c + "__total" in idx else v
                if tot is not None and mx > 0.5 * tot:
                    hide = True
            if hide and v is not None:
                nulled += 1
            row.append(None if hide else v)
        out.append(row)
    return visible, out, nulled


def fmt(v) -> str:
    if v is None:
        return "·"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set", type=Path, help="the set's directory, e.g. tests/blind/2026-12-04d")
    ap.add_argument("--root", help="repository root (default: two levels above this file, or the cwd)")
    ap.add_argument("--show", action="store_true", help="print each expected table")
    ap.add_argument("--id", help="only conversations whose id starts with this")
    args = ap.parse_args()
    root = find_root(args.root)
    con = connect(root)

    problems, n_sql, counts = [], 0, {}
    for fname, tid, t in turns(args.set):
        if args.id and not tid.startswith(args.id):
            continue
        status = t.get("status")
        counts[(fname, status)] = counts.get((fname, status), 0) + 1
        sql = t.get("sql")
        if not sql:
            if status in ("answered", "suppressed") and not t.get("answer_contains"):
                problems.append(f"{tid}: {status} without sql or answer_contains")
            continue
        n_sql += 1
        try:
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
        except Exception as e:  # noqa: BLE001
            problems.append(f"{tid}: SQL error {e}")
            continue
        visible, shown, nulled = protect(cols, rows)
        if visible != list(t.get("columns", [])):
            problems.append(f"{tid}: columns {visible} != expected {t.get('columns')}")
        if not rows:
            problems.append(f"{tid}: empty result")
        measures = [i for i, c in enumerate(visible) if c not in DIMENSIONS]
        cells = [r[i] for r in shown for i in measures]
        all_null = bool(cells) and all(v is None for v in cells)
        if status == "suppressed" and not all_null:
            problems.append(f"{tid}: status suppressed but some measure cells are shown")
        if status == "answered" and all_null:
            problems.append(f"{tid}: status answered but every measure cell is suppressed")
        if args.show:
            print(f"\n== {tid} [{status}] {t['question']}")
            print("   " + " | ".join(visible))
            for r in shown[:60]:
                print("   " + " | ".join(fmt(v) for v in r))
            if len(shown) > 60:
                print(f"   ... {len(shown)} rows")
            if nulled:
                print(f"   ({nulled} cell(s) suppressed)")

    print(f"\nroot: {root}")
    print(f"reference queries run: {n_sql}")
    for (f, s), n in sorted(counts.items()):
        print(f"  {f:14s} {s:14s} {n}")
    if problems:
        print("\nPROBLEMS:")
        for p in problems:
            print("  " + p)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
