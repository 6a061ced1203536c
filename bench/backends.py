"""Warehouse backends side by side: export timings, and DuckDB, PostgreSQL and Spark (local) answering
the same development-set questions over the same data in the same run.

    python -m bench.backends                                   # gemeente warehouse; writes BENCHMARKS.md
    python -m bench.backends --national PATH                   # also the national warehouse at PATH
    python -m bench.backends --questions 60 --no-write         # a smaller sample, only print

Per backend and warehouse, in a fresh process each: session start (``Assistant(...)``: connect, read
the catalogue and the published CBS cells; for Spark also the JVM), then every sampled question once
(the first unmeasured), p50 and p95 per question, and the peak memory of the whole process tree (Python
plus, for Spark, its JVM; PostgreSQL's own server processes are not counted). PostgreSQL runs as a
throwaway local server (warehouse.pgserver).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.evaluation import DEFAULT_WAREHOUSE, load_devset  # noqa: E402

# ----------------------------------------------------------------------------------------- worker


def _worker(url: str, count: int, log_dir: Path) -> dict:
    from assistant import Assistant, Settings

    started = time.perf_counter()
    assistant = Assistant(Settings(warehouse_url=url, release_log_path=log_dir / "vrijgaven.sqlite",
                                   audit_log_path=log_dir / "audit.jsonl", interpreter="offline"))
    start_s = time.perf_counter() - started
    questions = sample_questions(count)
    samples, statuses = [], {}
    session = assistant.new_session(user="bench", role="analist")
    session.ask(questions[0][1])  # warm-up, not measured
    previous = None
    for conversation, question in questions:
        if conversation != previous:
            session.reset()
            previous = conversation
        t = time.perf_counter()
        answer = session.ask(question)
        samples.append(time.perf_counter() - t)
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    assistant.close()
    return {"start_s": start_s, "samples": samples, "statuses": statuses}


def sample_questions(count: int) -> list[tuple[str, str]]:
    """``count`` development-set turns spread evenly over the set (whole conversations, so follow-ups
    keep their context)."""
    conversations = load_devset()
    turns = [(c.id, t.question) for c in conversations for t in c.turns]
    if count >= len(turns):
        return turns
    step = len(conversations) / max(1, count)
    chosen, i = [], 0.0
    while len(chosen) < count and int(i) < len(conversations):
        conv = conversations[int(i)]
        chosen.extend((conv.id, t.question) for t in conv.turns)
        i += step
    return chosen[:count]


# ----------------------------------------------------------------------------------------- parent


def _measure(url: str, count: int, label: str) -> dict:
    """Run the worker in a fresh process; sample the memory of its process tree every 0.2 s."""
    with tempfile.TemporaryDirectory(prefix="wijkvraag-bench-") as tmp:
        out = Path(tmp) / "result.json"
        proc = subprocess.Popen([sys.executable, "-m", "bench.backends", "--worker", url, "--questions", str(count),
                                 "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        peak = 0
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                rss = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.2)
        err = proc.stderr.read() if proc.stderr else ""
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"{label}: worker failed ({proc.returncode}): {err[-2000:]}")
        result = json.loads(out.read_text())
    result["peak_rss"] = peak
    result["label"] = label
    return result


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _export(source: Path, target: str) -> tuple[float, int]:
    from warehouse.export import export

    result = export(source, target)
    return result.seconds, sum(result.rows.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gemeente", type=Path, default=DEFAULT_WAREHOUSE)
    parser.add_argument("--national", type=Path, default=None)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--national-questions", type=int, default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        with tempfile.TemporaryDirectory(prefix="wijkvraag-bench-log-") as tmp:
            result = _worker(args.worker, args.questions, Path(tmp))
        args.out.write_text(json.dumps(result))
        return 0

    from warehouse.pgserver import local_server

    warehouses = [("'s-Gravenhage (gemeente)", args.gemeente, args.questions)]
    if args.national is not None:
        warehouses.append(("national", args.national, args.national_questions or args.questions))
    exports: list[tuple[str, str, float, int]] = []
    runs: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="wijkvraag-parquet-") as parquet_root:
        for label, path, count in warehouses:
            with local_server() as pg_url:
                seconds, rows = _export(path, pg_url)
                exports.append((label, "PostgreSQL (COPY)", seconds, rows))
                print(f"{label}: export PostgreSQL {seconds:.1f} s, {rows} rows", flush=True)
                parquet = Path(parquet_root) / path.stem
                seconds, rows = _export(path, f"spark://{parquet}")
                exports.append((label, "Parquet (Spark)", seconds, rows))
                print(f"{label}: export Parquet {seconds:.1f} s, {rows} rows", flush=True)
                backends = [("DuckDB (embedded)", str(path)), ("PostgreSQL 15", pg_url)]
                if not args.no_spark:
                    backends.append(("Spark local[2]", f"spark://{parquet}"))
                for name, url in backends:
                    result = _measure(url, count, f"{label} / {name}")
                    runs.append((label, {**result, "backend": name}))
                    s = result["samples"]
                    print(f"{label} / {name}: start {result['start_s']:.1f} s, p50 {_quantile(s, .5) * 1000:.0f} ms, "
                          f"p95 {_quantile(s, .95) * 1000:.0f} ms, peak {result['peak_rss'] / 2**30:.2f} GiB, "
                          f"{result['statuses']}", flush=True)
    if not args.no_write:
        _write(exports, runs, args)
    return 0


def _write(exports, runs, args) -> None:
    from bench.report import write_section

    lines = [
        "`python -m bench.backends" + (" --national PATH" if args.national else "") + "`: the analytic views exported "
        "from the DuckDB build (`python -m warehouse export --to ...`), then the same development-set questions "
        "(a sample spread over the set, whole conversations) answered on each backend, each in a fresh process. "
        "Session start: `Assistant(...)` (connect, catalogue, published CBS cells; for Spark the JVM too). "
        "Peak memory: the process tree (Python and, for Spark, its JVM; not PostgreSQL's server).",
        "",
        "| warehouse | export to | rows | time |",
        "|---|---|---:|---:|",
    ]
    for label, target, seconds, rows in exports:
        lines.append(f"| {label} | {target} | {rows:,} | {seconds:.1f} s |".replace(",", "."))
    lines += ["", "| warehouse | backend | questions | session start | p50 | p95 | max | peak memory | statuses |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for label, r in runs:
        s = r["samples"]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(r["statuses"].items()))
        lines.append(f"| {label} | {r['backend']} | {len(s)} | {r['start_s']:.1f} s | {_quantile(s, .5) * 1000:.0f} ms | "
                     f"{_quantile(s, .95) * 1000:.0f} ms | {max(s) * 1000:.0f} ms | {r['peak_rss'] / 2**30:.2f} GiB | "
                     f"{statuses} |")
    write_section("backends", "Warehouse backends (DuckDB, PostgreSQL, Spark)", "\n".join(lines))


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sys.exit(main())
