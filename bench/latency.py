"""Latency of Wijkvraag end to end: every development-set question in a warm process, and the cold start
of the CLI (`python -m assistant ask "..." --json` in a fresh subprocess, wall time).

    python -m bench.latency                          # 's-Gravenhage warehouse; writes BENCHMARKS.md
    python -m bench.latency --warehouse PATH         # also the national-scale warehouse at PATH
    python -m bench.latency --no-write --repeat 1    # only print

Bars (SPEC §7): p50 <= 50 ms and p95 <= 200 ms per question on the gemeente warehouse; p95 <= 2 s on
the national one. Exit code 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as `python bench/latency.py`
    sys.path.insert(0, str(ROOT))

from assistant.evaluation import DEFAULT_WAREHOUSE, QUESTIONS_DIR, load_devset  # noqa: E402

COLD_QUESTION = "Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?"
GEMEENTE_BARS = {"p50": 0.050, "p95": 0.200}
NATIONAL_BARS = {"p95": 2.0}


@dataclass
class Measurement:
    label: str
    warehouse: Path
    questions: int
    samples: list[float]
    statuses: dict[str, int]
    slowest: list[tuple[float, str]]
    first: list[float]
    cold: list[float]
    cold_status: str
    bars: dict[str, float]

    def quantile(self, q: float, samples: list[float] | None = None) -> float:
        ordered = sorted(self.samples if samples is None else samples)
        if not ordered:
            return float("nan")
        position = q * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    @property
    def figures(self) -> dict[str, float]:
        return {"p50": self.quantile(0.50), "p95": self.quantile(0.95), "max": max(self.samples, default=float("nan"))}

    @property
    def first_figures(self) -> dict[str, float]:
        """The pass on a fresh release log: every cell asked for the first time."""
        return {"p50": self.quantile(0.50, self.first), "p95": self.quantile(0.95, self.first),
                "max": max(self.first, default=float("nan"))}

    def misses(self) -> list[str]:
        out = [f"{name} {self.figures[name] * 1000:.0f} ms > {limit * 1000:.0f} ms"
               for name, limit in self.bars.items() if self.figures[name] > limit]
        return out + [f"first asking {name} {self.first_figures[name] * 1000:.0f} ms > {limit * 1000:.0f} ms"
                      for name, limit in self.bars.items() if self.first and self.first_figures[name] > limit]


def percentile_line(m: Measurement) -> str:
    f, first = m.figures, m.first_figures
    return (f"eerste keer p50 {first['p50'] * 1000:.1f} ms, p95 {first['p95'] * 1000:.1f} ms; opnieuw p50 "
            f"{f['p50'] * 1000:.1f} ms, p95 {f['p95'] * 1000:.1f} ms, max {f['max'] * 1000:.1f} ms")


def warm_latencies(warehouse: Path, repeat: int, questions_dir: Path = QUESTIONS_DIR):
    """Per-question wall time over the development set in one warm process (fresh session per conversation), on a
    release log of its own: a warm-up pass on one log, then ``repeat`` passes on a second, fresh log. The first of
    those asks every cell for the first time (``first``); the later ones ask what was released before (``samples``)."""
    from assistant import Assistant, Settings

    conversations = load_devset(questions_dir)
    with tempfile.TemporaryDirectory(prefix="wijkvraag-latency-") as tmp:
        def assistant_on(log: str):
            return Assistant(Settings(warehouse_path=warehouse, interpreter="offline",
                                      audit_log_path=Path(tmp) / "audit.jsonl", release_log_path=Path(tmp) / log))

        def one_pass(assistant, tag: str, into: list[float] | None, statuses: dict, slowest: list) -> None:
            for conversation in conversations:
                session = assistant.new_session(user=f"latency-{tag}-{conversation.id}")
                for turn in conversation.turns:
                    start = time.perf_counter()
                    answer = session.ask(turn.question)
                    seconds = time.perf_counter() - start
                    if into is None:
                        continue
                    into.append(seconds)
                    statuses[answer.status] = statuses.get(answer.status, 0) + 1
                    slowest.append((seconds, turn.question))

        warm = assistant_on("warm-up.sqlite")
        try:
            one_pass(warm, "warm", None, {}, [])  # warms the process's caches; its log is not used again
        finally:
            warm.close()
        assistant = assistant_on("vrijgaven.sqlite")
        try:
            first: list[float] = []
            samples: list[float] = []
            statuses: dict[str, int] = {}
            slowest: list[tuple[float, str]] = []
            one_pass(assistant, "first", first, {}, [])
            for run in range(repeat):
                one_pass(assistant, str(run), samples, statuses, slowest)
            slowest.sort(reverse=True)
            return len([t for c in conversations for t in c.turns]), samples, statuses, slowest[:5], first
        finally:
            assistant.close()


def cold_starts(warehouse: Path, times: int) -> tuple[list[float], str]:
    """Wall time of `python -m assistant ask "..." --json` in a fresh interpreter process."""
    env = dict(os.environ, WIJKVRAAG_WAREHOUSE_PATH=str(warehouse), WIJKVRAAG_INTERPRETER="offline")
    walls: list[float] = []
    status = "?"
    with tempfile.TemporaryDirectory(prefix="wijkvraag-cold-") as tmp:
        env["WIJKVRAAG_AUDIT_LOG_PATH"] = str(Path(tmp) / "audit.jsonl")
        for _ in range(times):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "assistant", "ask", COLD_QUESTION, "--json"],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            walls.append(time.perf_counter() - start)
            try:
                status = json.loads(done.stdout.strip().splitlines()[-1])["status"]
            except (ValueError, KeyError, IndexError):
                status = f"geen JSON (exitcode {done.returncode})"
    return walls, status


def measure(label: str, warehouse: Path, repeat: int, cold_runs: int, bars: dict[str, float]) -> Measurement:
    count, samples, statuses, slowest, first = warm_latencies(warehouse, repeat)
    cold, cold_status = cold_starts(warehouse, cold_runs) if cold_runs else ([], "-")
    return Measurement(label, warehouse, count, samples, statuses, slowest, first, cold, cold_status, bars)


def markdown(measurements: list[Measurement], repeat: int) -> str:
    lines = [
        f"Every development-set question (`tests/questions`) asked end to end through `Session.ask` in one warm "
        f"process (offline interpreter, fresh session per conversation, one unmeasured warm-up pass on a release log "
        f"of its own; then, on a fresh release log, one pass that asks every cell for the first time (*first asking*) "
        f"and {repeat} pass{'es' if repeat != 1 else ''} that ask them again (*asked again*: a cell released before "
        f"is given again without being judged again). Cold start: `python -m assistant ask \"{COLD_QUESTION}\" "
        f"--json` in a new process, wall time.",
        "",
        "| warehouse | questions | first asking p50 / p95 | asked again p50 | p95 | max | bar | cold start CLI (median / max) |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for m in measurements:
        f = m.figures
        bar = ", ".join(f"{k} ≤ {v * 1000:.0f} ms" for k, v in m.bars.items())
        verdict = "met" if not m.misses() else "missed: " + "; ".join(m.misses())
        cold = (f"{statistics.median(m.cold):.2f} s / {max(m.cold):.2f} s (status {m.cold_status})"
                if m.cold else "not measured")
        first = m.first_figures
        lines.append(f"| {m.label} | {len(m.first)} + {len(m.samples)} | {first['p50'] * 1000:.1f} ms / "
                     f"{first['p95'] * 1000:.1f} ms | {f['p50'] * 1000:.1f} ms | {f['p95'] * 1000:.1f} ms | "
                     f"{f['max'] * 1000:.1f} ms | {bar} ({verdict}) | {cold} |")
    for m in measurements:
        lines += ["", f"Slowest questions ({m.label}):", ""]
        lines += [f"- {s * 1000:.0f} ms: {q[:90]}" for s, q in m.slowest]
        lines += ["", "Statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(m.statuses.items()))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description="Meet de antwoordtijd van Wijkvraag.")
    parser.add_argument("--warehouse", type=Path, help="ook meten op dit (landelijke) magazijn")
    parser.add_argument("--repeat", type=int, default=3, help="aantal gemeten rondes over de set (standaard 3)")
    parser.add_argument("--cold", type=int, default=3, help="aantal koude starts van de CLI (standaard 3; 0 = niet)")
    parser.add_argument("--no-write", action="store_true", help="niet naar BENCHMARKS.md schrijven")
    args = parser.parse_args(argv)
    if not DEFAULT_WAREHOUSE.exists():
        print(f"Magazijn niet gevonden: {DEFAULT_WAREHOUSE}. Bouw het met: python -m warehouse build", file=sys.stderr)
        return 2
    if args.warehouse is not None and not args.warehouse.exists():
        print(f"Magazijn niet gevonden: {args.warehouse}", file=sys.stderr)
        return 2
    measurements = [measure("'s-Gravenhage (gemeente)", DEFAULT_WAREHOUSE, args.repeat, args.cold, GEMEENTE_BARS)]
    if args.warehouse is not None:
        measurements.append(measure(f"national ({args.warehouse.name})", args.warehouse, max(1, args.repeat // 3),
                                    args.cold, NATIONAL_BARS))
    for m in measurements:
        print(f"{m.label}: {len(m.samples)} antwoorden; {percentile_line(m)}")
        if m.cold:
            print(f"  koude start CLI: mediaan {statistics.median(m.cold):.2f} s, max {max(m.cold):.2f} s "
                  f"(status {m.cold_status})")
        for miss in m.misses():
            print(f"  BOVEN DE GRENS: {miss}")
    if not args.no_write:
        from bench.report import write_section

        write_section("latency", "Latency (end to end, offline interpreter)", markdown(measurements, args.repeat))
        print("BENCHMARKS.md bijgewerkt (sectie latency).")
    return 1 if any(m.misses() for m in measurements) else 0


if __name__ == "__main__":
    raise SystemExit(main())
