"""Privacy benchmark: generated differencing attacks against the current disclosure protection (cell key
perturbation, k on true counts, one global release log, analyst SQL within the semantic layer) and
against the previous design (commit 36dbf7f: exact suppression, a release memory per user and process,
open analyst SQL); chance baselines; utility of the released figures; guard overhead.

    python -m bench.privacy            # >= 1,000 attacks, a CLI sample, utility, overhead
    python -m bench.privacy --quick    # a smaller run

The previous design runs from a temporary ``git worktree`` in /tmp (removed afterwards) in a
subprocess, over the same warehouse file; its steps are the same questions, and its analyst SQL is
the same step written as plain SQL over the views (what that design accepted).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.differencing import Attack, build_attacks, pools_from, truth_tables  # noqa: E402
from bench.report import write_section  # noqa: E402

OLD_COMMIT = "36dbf7f"
WAREHOUSE = ROOT / "warehouse" / "sociaal_domein.duckdb"
PYTHON = sys.executable

# Runs inside the old worktree (cwd): one Assistant, the attack steps split over the attacker's two
# accounts per attack (each account its own release memory there), answers as JSON lines.
OLD_RUNNER = r'''
import json, sys
from assistant import Assistant, Settings
attacks = json.load(open(sys.argv[1]))
a = Assistant(Settings(audit_log_path=sys.argv[3]))
out = open(sys.argv[2], "w")
for atk in attacks:
    answers = []
    for step in atk["steps"]:
        s = a.new_session(user=f"a{atk['id']}-{step['user']}", role="analist")
        ans = s.ask(step["old_text"]) if step["mode"] == "ask" else s.run_sql(step["old_text"])
        d = ans.to_json_dict()
        answers.append({"status": d["status"], "rows": d["rows"], "suppressed": d["suppressed"]})
    out.write(json.dumps({"id": atk["id"], "answers": answers}) + "\n")
out.close()
'''


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _slim(d: dict) -> dict:
    return {"status": d["status"], "rows": d["rows"], "suppressed": d["suppressed"]}


# ------------------------------------------------------------------------------ running attacks

def run_new_api(attacks: list[Attack], assistant) -> dict[int, list[dict]]:
    out = {}
    for atk in attacks:
        answers = []
        for step in atk.steps:
            s = assistant.new_session(user=f"a{atk.id}-{step.user}", role="analist")
            ans = s.ask(step.text) if step.mode == "ask" else s.run_sql(step.text)
            answers.append(_slim(ans.to_json_dict()))
        out[atk.id] = answers
    return out


def start_old(attacks: list[Attack], workdir: Path) -> tuple[subprocess.Popen, Path, Path]:
    tree = workdir / "old"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), OLD_COMMIT], cwd=ROOT, check=True,
                   capture_output=True)
    link = tree / "warehouse" / "sociaal_domein.duckdb"
    if not link.exists():
        link.symlink_to(WAREHOUSE.resolve())
    (workdir / "attacks.json").write_text(json.dumps([a.to_dict() for a in attacks]), encoding="utf-8")
    (workdir / "old_runner.py").write_text(OLD_RUNNER, encoding="utf-8")
    result = workdir / "old_answers.jsonl"
    proc = subprocess.Popen([PYTHON, str(workdir / "old_runner.py"), str(workdir / "attacks.json"), str(result),
                             str(workdir / "old_audit.jsonl")], cwd=tree, env=_env(tree),
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "old_stderr.txt", "w"))
    return proc, tree, result


def _env(cwd: Path, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKVRAAG_")}
    env["PYTHONPATH"] = str(cwd)
    env.update(extra or {})
    return env


def read_old(result: Path) -> dict[int, list[dict]]:
    out = {}
    for line in result.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec["answers"]
    return out


def remove_worktree(tree: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=ROOT, capture_output=True)


def run_cli(attacks: list[Attack], cwd: Path, workdir: Path, tag: str, env_extra: dict) -> dict[int, list[dict]]:
    """Two CLI processes (accounts x1 and x2): each runs its account's steps of every attack, in order,
    a new conversation per step. Process 1 runs first, then process 2 (a second process, later)."""
    answers: dict[int, list[dict | None]] = {a.id: [None] * len(a.steps) for a in attacks}
    for user in (0, 1):
        order = [(a.id, i, s.old_text if tag == "old" else s.text) for a in attacks for i, s in enumerate(a.steps)
                 if s.user == user]
        stdin = "\n\n".join(q for _id, _i, q in order) + "\n"
        env = _env(cwd, {"WIJKVRAAG_AUDIT_LOG_PATH": str(workdir / f"cli_{tag}_audit.jsonl"), **env_extra})
        proc = subprocess.run([PYTHON, "-m", "assistant", "ask", "--json", "--user", f"x{user + 1}", "--role", "analist"],
                              input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=1800)
        lines = [json.loads(x) for x in proc.stdout.splitlines() if x.strip().startswith("{")]
        if len(lines) != len(order):
            raise RuntimeError(f"CLI {tag}: {len(lines)} answers for {len(order)} questions: {proc.stderr[-1500:]}")
        for (aid, i, _q), d in zip(order, lines):
            answers[aid][i] = _slim(d)
    return answers  # type: ignore[return-value]


# ------------------------------------------------------------------------------ scoring

def score(attacks: list[Attack], answers: dict[int, list[dict]]) -> dict:
    rows = []
    for atk in attacks:
        ans = answers.get(atk.id)
        rec = atk.recover(ans) if ans is not None else None
        rows.append((atk, rec, atk.success(rec)))
    counts = [r for r in rows if r[0].family == "count"]
    money = [r for r in rows if r[0].family == "money"]

    def block(sub):
        n = len(sub)
        if not n:
            return {}
        recovered = [(a, v) for a, v, _ok in sub if v is not None]
        return {
            "n": n,
            "success": sum(ok for *_x, ok in sub) / n,
            "blocked": 1 - len(recovered) / n,
            "mae": statistics.mean(abs(v - a.truth) for a, v in recovered) if recovered else float("nan"),
            "mae_rel": statistics.mean(abs(v - a.truth) / abs(a.truth) for a, v in recovered if a.truth)
            if recovered else float("nan"),
        }

    per_kind = {}
    for kind in sorted({a.kind for a in attacks}):
        per_kind[kind] = block([r for r in rows if r[0].kind == kind])
    return {"all": block(rows), "count": block(counts), "money": block(money), "kind": per_kind}


def chance(attacks: list[Attack], coincidence: float) -> dict:
    counts = [a.truth for a in attacks if a.family == "count"]
    top, freq = Counter(counts).most_common(1)[0] if counts else (None, 0)
    return {"guess_value": top, "guess_rate": freq / len(counts) if counts else float("nan"), "coincide": coincidence}


# ------------------------------------------------------------------------------ utility and overhead

def dev_questions() -> list[list[str]]:
    """Conversations of the development set whose expected status is answered (a turn list each)."""
    convs = []
    for path in sorted((ROOT / "tests" / "questions").glob("*.yaml")):
        for conv in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if "question" in conv:
                if conv.get("status") == "answered":
                    convs.append([(conv["question"], True)])
            else:
                convs.append([(t["question"], t.get("status") == "answered") for t in conv.get("turns", [])])
    return convs


def answered_share(assistant, convs) -> tuple[int, int]:
    answered = total = 0
    for i, conv in enumerate(convs):
        s = assistant.new_session(user=f"dev{i}", role="analist")
        for question, legit in conv:
            ans = s.ask(question)
            if legit:
                total += 1
                answered += ans.status == "answered"
    return answered, total


def compiled_devset(assistant, convs) -> list:
    from semantic_layer import compile_query

    out = []
    for conv in convs:
        context = None
        for question, legit in conv:
            interp = assistant.interpreter.interpret(question, context)
            if interp.query is None:
                continue
            context = interp.query
            if not legit:
                continue
            try:
                out.append(compile_query(interp.query, assistant.catalogue))
            except Exception:
                continue
    return out


def utility_and_overhead(assistant, compiled: list, workdir: Path, rounds: int) -> dict:
    """Released vs true values of every perturbed cell (same compiled SQL without the guard), and the
    time of run_guarded vs the unguarded execution of the same SQL on the same cursor."""
    from guards.release_log import ReleaseLog, warehouse_fingerprint
    from guards.runner import run_guarded

    cur = assistant.cursor()
    views = assistant.allowed_views
    guard = assistant.disclosure
    rel_all, rel_big, abs_dev = [], [], []
    ratios, plain_t, guarded_t = [], [], []
    for c in compiled:  # warm up
        cur.execute(c.sql()).fetchall()
    profile = cProfile.Profile()
    for r in range(rounds):
        log = ReleaseLog(workdir / f"overhead_{r}.sqlite", lambda: cur, assistant.published,
                         fingerprint=warehouse_fingerprint(cur))
        for c in compiled:
            t0 = time.perf_counter()
            true_cur = cur.execute(c.sql())
            names = [d[0] for d in true_cur.description]
            true_rows = true_cur.fetchall()
            t1 = time.perf_counter()
            t2 = time.perf_counter()
            result, _sql = run_guarded(cur, c, views, guard, log)
            t3 = time.perf_counter()
            plain_t.append(t1 - t0)
            guarded_t.append(t3 - t2)
            ratios.append((t3 - t2) / max(t1 - t0, 1e-9))
            if r:
                continue
            specs = {col.name: col for col in c.columns}
            dims = [n for n in result.columns if specs.get(n) is not None and specs[n].kind == "dimension"]
            measures = [n for n in result.columns if specs.get(n) is not None and specs[n].kind == "measure"
                        and specs[n].release is not None]
            if not measures:
                continue
            truth = {tuple(row[names.index(d)] for d in dims): row for row in true_rows}
            hidden = {(int(a), int(b)) for a, b in result.suppressed}
            for i, row in enumerate(result.rows):
                key = tuple(row[result.columns.index(d)] for d in dims)
                true_row = truth.get(key)
                if true_row is None:
                    continue
                for m in measures:
                    j = result.columns.index(m)
                    released, true_value = row[j], true_row[names.index(m)] if m in names else None
                    if (i, j) in hidden or released is None or true_value is None:
                        continue
                    true_value = float(true_value)
                    if true_value == 0:
                        continue
                    err = abs(float(released) - true_value) / abs(true_value)
                    rel_all.append(err)
                    n_col = specs[m].count_column
                    size = true_row[names.index(n_col)] if n_col and n_col in names else None
                    if specs[m].release == "count" and true_value >= 100 or (size is not None and size >= 100):
                        rel_big.append(err)
                    if specs[m].release == "count":
                        abs_dev.append(abs(float(released) - true_value))
    # where the guarded time goes: a separate pass under cProfile (not in the timings above)
    log = ReleaseLog(workdir / "profile.sqlite", lambda: cur, assistant.published, fingerprint=warehouse_fingerprint(cur))
    profile.enable()
    t_prof = time.perf_counter()
    for c in compiled:
        run_guarded(cur, c, views, guard, log)
    total_profiled = time.perf_counter() - t_prof
    profile.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream).sort_stats("cumulative")
    stats.print_stats(25)
    tottime = pstats.Stats(profile).sort_stats("tottime")
    top_self = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in sorted(tottime.stats.items(), key=lambda kv: -kv[1][2])[:8]:
        top_self.append((f"{Path(file).name}:{line} {func}", tt))
    cum = {}
    for (file, _line, func), (_cc, _nc, tt, ct, _callers) in pstats.Stats(profile).stats.items():
        name = f"{Path(file).parent.name}/{Path(file).name} {func}"
        if any(p in file for p in ("guards", "semantic_layer")) and "site-packages" not in file:
            cum[name] = max(cum.get(name, 0.0), ct)
    return {
        "n_queries": len(compiled), "rounds": rounds, "cells": len(rel_all), "cells_big": len(rel_big),
        "rel_median": _pct(rel_all, .5), "rel_p95": _pct(rel_all, .95),
        "rel_big_median": _pct(rel_big, .5), "rel_big_p95": _pct(rel_big, .95),
        "count_dev_mean": statistics.mean(abs_dev) if abs_dev else float("nan"),
        "ratio_median": _pct(ratios, .5), "ratio_p95": _pct(ratios, .95),
        "ratio_total": sum(guarded_t) / sum(plain_t),
        "plain_median_ms": _pct(plain_t, .5) * 1000, "guarded_median_ms": _pct(guarded_t, .5) * 1000,
        "plain_p95_ms": _pct(plain_t, .95) * 1000, "guarded_p95_ms": _pct(guarded_t, .95) * 1000,
        "profile_total_s": total_profiled,
        "profile_cum": sorted(cum.items(), key=lambda kv: -kv[1])[:12],
        "profile_self": top_self,
        "profile_text": stream.getvalue(),
    }


# ------------------------------------------------------------------------------ report

def _fmt_rate(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f}%"


def _fmt(x: float, digits: int = 2) -> str:
    return "–" if x != x else f"{x:,.{digits}f}"


def body_text(args, attacks, new, old, cli_new, cli_old, base, util, share_fresh, share_filled, timings) -> str:
    kinds = Counter(a.kind for a in attacks)
    fam = Counter(a.family for a in attacks)
    modes = Counter(s.mode for a in attacks for s in a.steps)
    lines = [
        f"{len(attacks)} generated differencing attacks (`bench/differencing.py`, seed {args.seed}): "
        f"{fam['count']} on counts, {fam['money']} on money; {modes['ask']} question steps and {modes['sql']} analyst-SQL "
        "steps. Every step goes through a fresh session of one of the attacker's two accounts (accounts differ per "
        "attack); the truth comes from the raw tables. Success = the recovered value equals the true count (money: "
        "within €1). *Blocked* = some step with weight was suppressed, refused or partly hidden. The previous design "
        f"(commit {OLD_COMMIT}) ran the same attacks in a subprocess from a temporary worktree over the same "
        "warehouse: the same questions, and each analyst-SQL step as plain SQL over the views.",
        "",
        "| | attacks | success | blocked | MAE (recovered) | mean rel. error |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, res in (("current design, counts", new["count"]), ("previous design, counts", old["count"]),
                       ("current design, money", new["money"]), ("previous design, money", old["money"])):
        if res:
            unit = " €" if "money" in label else ""
            lines.append(f"| {label} | {res['n']} | **{_fmt_rate(res['success'])}** | {_fmt_rate(res['blocked'])} | "
                         f"{_fmt(res['mae'])}{unit} | {_fmt_rate(res['mae_rel'])} |")
    lines += [
        "",
        f"Chance baselines for the count attacks: guessing the most frequent true value of the attack population "
        f"({base['guess_value']:.0f}) without asking anything gives **{_fmt_rate(base['guess_rate'])}**; two independent "
        f"deviations of the published table coincide with probability Σp² = **{_fmt_rate(base['coincide'])}**.",
        "",
        "Per kind (success current / previous, blocked current / previous):",
        "",
        "| kind | attacks | success now | success before | blocked now | blocked before |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind in sorted(kinds):
        n, o = new["kind"].get(kind, {}), old["kind"].get(kind, {})
        lines.append(f"| {kind} | {kinds[kind]} | {_fmt_rate(n.get('success', float('nan')))} | "
                     f"{_fmt_rate(o.get('success', float('nan')))} | {_fmt_rate(n.get('blocked', float('nan')))} | "
                     f"{_fmt_rate(o.get('blocked', float('nan')))} |")
    if cli_new is not None:
        lines += [
            "",
            f"Two CLI processes (`python -m assistant ask --json`, account x1 then account x2, a new conversation per "
            f"step), {cli_new['all']['n']} question-only attacks of their own (seed {args.seed + 1}; for the current "
            "design a fresh release log): success current "
            f"**{_fmt_rate(cli_new['all']['success'])}** (blocked {_fmt_rate(cli_new['all']['blocked'])}), previous "
            f"**{_fmt_rate(cli_old['all']['success'])}** (blocked {_fmt_rate(cli_old['all']['blocked'])}).",
        ]
    lines += [
        "",
        f"Utility over the development set (tests/questions/*.yaml, {util['n_queries']} questions expected to be "
        f"answered, interpreted offline): relative error |released − true| / true of {util['cells']} released "
        "perturbed cells (true ≠ 0):",
        "",
        "| cells | n | median | p95 |",
        "|---|---:|---:|---:|",
        f"| all | {util['cells']} | {_fmt_rate(util['rel_median'])} | {_fmt_rate(util['rel_p95'])} |",
        f"| true ≥ 100 (count, or ≥ 100 units behind it) | {util['cells_big']} | {_fmt_rate(util['rel_big_median'])} | "
        f"{_fmt_rate(util['rel_big_p95'])} |",
        "",
        f"Mean absolute deviation of released counts: {_fmt(util['count_dev_mean'])}. Legitimate questions answered "
        f"(status answered): **{share_fresh[0]}/{share_fresh[1]} = {_fmt_rate(share_fresh[0] / share_fresh[1])}** with a "
        f"fresh release log, **{share_filled[0]}/{share_filled[1]} = {_fmt_rate(share_filled[0] / share_filled[1])}** "
        f"after the attack run (the same global log, then holding {timings['log_cells']} released cells); the bar is "
        "98%.",
        "",
        f"Guard overhead: run_guarded (SQL guard, execution with watchdog, population and wider-group queries, "
        f"disclosure guard with a fresh ReleaseLog) vs the same compiled SQL executed and fetched on the same cursor, "
        f"{util['n_queries']} queries × {util['rounds']} rounds, warm:",
        "",
        "| | median | p95 |",
        "|---|---:|---:|",
        f"| unguarded ms | {_fmt(util['plain_median_ms'], 1)} | {_fmt(util['plain_p95_ms'], 1)} |",
        f"| guarded ms | {_fmt(util['guarded_median_ms'], 1)} | {_fmt(util['guarded_p95_ms'], 1)} |",
        f"| ratio guarded / unguarded per query | **{_fmt(util['ratio_median'])}×** | **{_fmt(util['ratio_p95'])}×** |",
        "",
        f"Total-time ratio {_fmt(util['ratio_total'])}× (goal ≤ 1.5×).",
    ]
    if util["ratio_median"] > 1.5 or util["ratio_p95"] > 1.5:
        lines += ["", "Above the goal; where the guarded time goes (a separate cProfile pass over the same queries "
                      f"with a fresh log, {_fmt(util['profile_total_s'])} s guarded in total under the profiler; "
                      "cumulative seconds):", ""]
        lines += [f"- `{name}`: {ct:.2f} s" for name, ct in util["profile_cum"]]
        lines += ["", "Largest self time:", ""]
        lines += [f"- `{name}`: {tt:.2f} s" for name, tt in util["profile_self"]]
    lines += ["", f"Wall time: attacks current {timings['new_s']:.0f} s, previous {timings['old_s']:.0f} s (in parallel); "
                  f"CLI sample {timings['cli_s']:.0f} s; utility and overhead {timings['util_s']:.0f} s; "
                  f"total {timings['total_s']:.0f} s."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 attacks, 20 CLI attacks")
    parser.add_argument("--attacks", type=int, default=None)
    parser.add_argument("--cli", type=int, default=None, help="attacks in the CLI sample (question steps only)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    n = args.attacks or (200 if args.quick else 1000)
    n_cli = args.cli if args.cli is not None else (20 if args.quick else 50)
    rounds = 1
    start = time.perf_counter()

    from assistant import Assistant, Settings

    workdir = Path(tempfile.mkdtemp(prefix="wijkvraag-privacy-"))
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    truth_tables(con)
    pools = pools_from(con)
    from semantic_layer import Catalogue, load_model

    catalogue = Catalogue.from_warehouse(load_model(), con)
    attacks = build_attacks(pools, n, args.seed, catalogue)
    # the CLI sample: attacks of their own whose steps are all questions
    cli_attacks = [a for a in build_attacks(pools, 16 * n_cli, args.seed + 1, catalogue)
                   if all(s.mode == "ask" for s in a.steps)][:n_cli]
    print(f"{len(attacks)} attacks, {len(cli_attacks)} CLI attacks, pools in {time.perf_counter() - start:.0f} s", flush=True)

    tree = None
    timings = {}
    try:
        t0 = time.perf_counter()
        proc, tree, result = start_old(attacks, workdir)
        settings = Settings(audit_log_path=workdir / "audit_new.jsonl", release_log_path=workdir / "release_new.sqlite")
        assistant = Assistant(settings)
        new_answers = run_new_api(attacks, assistant)
        timings["new_s"] = time.perf_counter() - t0
        print(f"current design done in {timings['new_s']:.0f} s", flush=True)
        proc.wait()
        timings["old_s"] = time.perf_counter() - t0
        old_answers = read_old(result)
        if len(old_answers) != len(attacks):
            raise RuntimeError("previous design: " + (workdir / "old_stderr.txt").read_text()[-2000:])
        print(f"previous design done in {timings['old_s']:.0f} s", flush=True)

        t1 = time.perf_counter()
        cli_new = cli_old = None
        if cli_attacks:
            cli_new = score(cli_attacks, run_cli(cli_attacks, ROOT, workdir, "new",
                                                 {"WIJKVRAAG_RELEASE_LOG_PATH": str(workdir / "release_cli.sqlite")}))
            cli_old = score(cli_attacks, run_cli(cli_attacks, tree, workdir, "old", {}))
        timings["cli_s"] = time.perf_counter() - t1
        print(f"CLI sample done in {timings['cli_s']:.0f} s", flush=True)
    finally:
        if tree is not None:
            remove_worktree(tree)

    new, old = score(attacks, new_answers), score(attacks, old_answers)
    base = chance(attacks, assistant.disclosure.perturbation.coincidence)

    t2 = time.perf_counter()
    convs = dev_questions()
    timings["log_cells"] = assistant.release_log.released()
    share_filled = answered_share(assistant, convs)
    fresh = Assistant(Settings(audit_log_path=workdir / "audit_fresh.jsonl",
                               release_log_path=workdir / "release_fresh.sqlite"))
    share_fresh = answered_share(fresh, convs)
    compiled = compiled_devset(fresh, convs)
    util = utility_and_overhead(fresh, compiled, workdir, rounds)
    timings["util_s"] = time.perf_counter() - t2
    timings["total_s"] = time.perf_counter() - start

    body = body_text(args, attacks, new, old, cli_new, cli_old, base, util, share_fresh, share_filled, timings)
    print(body)
    (workdir / "profile.txt").write_text(util["profile_text"], encoding="utf-8")
    if not args.no_write:
        write_section("privacy", "Privacy: differencing attacks, chance, utility, overhead", body)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
