"""Benchmark: wall time and peak memory of the warehouse build (gemeente and national scale).

Each build runs in a fresh child process (`python -m warehouse build`); the peak resident memory is the
child's own maximum RSS (getrusage). Writes the `build` section of BENCHMARKS.md.

    .venv/bin/python bench/build.py [--skip-national] [--seed 42]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

GEMEENTE_LIMIT_S = 60.0
COUNTED = ("persoon", "voorziening", "kosten", "vw_voorziening_jaar")


def run_build(scale: str, seed: int, target: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "warehouse", "build", "--scale", scale, "--seed", str(seed), "--path", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bouwen op schaal {scale} mislukt:\n{proc.stderr[-2000:]}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    con = duckdb.connect(str(target), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in COUNTED}
        (inwoners,) = con.execute("SELECT sum(inwoners) FROM bevolking WHERE jaar = 2024").fetchall()[0]
        (wijken,) = con.execute("SELECT count(DISTINCT wijk_code) FROM bevolking").fetchall()[0]
    finally:
        con.close()
    return {
        "scale": scale,
        "wall_s": round(wall, 1),
        # RUSAGE_CHILDREN holds the largest child so far: valid per run because builds run smallest first
        "peak_rss_gib": round(peak_kib / 2**20, 2),
        "file_mib": round(target.stat().st_size / 2**20),
        "wijken": wijken,
        "inwoners_2024": int(inwoners),
        **counts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="wijkvraag-bench-") as tmp:
        for scale in ("gemeente",) + (() if args.skip_national else ("national",)):
            result = run_build(scale, args.seed, Path(tmp) / f"{scale}.duckdb")
            print(json.dumps(result))
            results.append(result)
    gemeente = results[0]
    ok = gemeente["wall_s"] <= GEMEENTE_LIMIT_S
    lines = [
        "| scale | wall time | peak RSS (child) | file | wijken | inwoners 2024 | persoon | voorziening | kosten | vw_voorziening_jaar |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['scale']} | {r['wall_s']:.1f} s | {r['peak_rss_gib']:.2f} GiB | {r['file_mib']} MiB | {r['wijken']:,} | "
            f"{r['inwoners_2024']:,} | {r['persoon']:,} | {r['voorziening']:,} | {r['kosten']:,} | {r['vw_voorziening_jaar']:,} |"
        )
    lines += [
        "",
        f"Gemeente build (`python -m warehouse build`, seed {args.seed}) within the {GEMEENTE_LIMIT_S:.0f} s bar: "
        f"**{'yes' if ok else 'NO'}** ({gemeente['wall_s']:.1f} s, including interpreter start).",
        "Wall time is measured around a fresh child process; peak memory is that child's maximum resident set size.",
        "`vw_voorziening_jaar` and `vw_kosten` are materialised at build time (see warehouse/views.sql).",
    ]
    write_section("build", "Warehouse build", "\n".join(lines))
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
