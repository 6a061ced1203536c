"""Evaluate the assistant against the development set in ``tests/questions``.

Every conversation runs in a fresh session; every turn is compared with its expected status and,
for table answers, with the expected table computed by independent SQL on the warehouse (see
``tests/questions/README.md`` for the format and the comparison rules). Prints accuracy per
question type and overall, lists the misses, and optionally writes the figures to BENCHMARKS.md.

Called by ``python -m assistant eval``; ``main(argv)`` returns 0 when the bar is met, else 1.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import duckdb
import sqlglot
import yaml
from sqlglot import exp

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_DIR = ROOT / "tests" / "questions"
# unseen sets join the development set after their first run (tests/blind/<date>/, BENCHMARKS.md)
JOINED_DIR = ROOT / "tests" / "blind"
CORE = "questions"
DEFAULT_WAREHOUSE = ROOT / "warehouse" / "sociaal_domein.duckdb"

STATUSES = ("answered", "suppressed", "refused", "clarification")
TABLE_STATUSES = ("answered", "suppressed")
REFUSAL_CATEGORIES = ("buiten_scope", "individueel")
DIMENSIONS = frozenset(
    {"gemeente", "stadsdeel", "wijk", "gebied", "jaar", "wet", "soort", "taakveld", "leeftijdsklasse", "geslacht"}
)
MONEY_PREFIXES = ("kosten", "begroting", "realisatie")
GUARD_SUFFIXES = ("__n", "__max", "__total", "__rest")
HELPER_TABLES = frozenset({"dev_actief", "dev_kosten", "dev_bevolking", "dev_cbs", "begroting"})


class DevsetError(ValueError):
    """The development set itself is malformed (a file, an entry or its SQL)."""


# --------------------------------------------------------------------------------------------
# The development set
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    conversation: str
    index: int
    question: str
    status: str
    category: str
    group: str
    sql: str | None = None
    columns: tuple[str, ...] = ()
    ranked: bool = False
    answer_contains: tuple[str, ...] = ()
    part: str = CORE  # which part of the development set: the core, or a joined unseen set

    @property
    def key(self) -> str:
        return f"{self.conversation}#{self.index + 1}"

    @property
    def has_table(self) -> bool:
        return self.sql is not None


@dataclass(frozen=True)
class Conversation:
    id: str
    category: str
    group: str
    turns: tuple[Turn, ...]
    source: str


def _turn(conv_id: str, index: int, raw: dict, category: str, group: str, source: str, part: str = CORE) -> Turn:
    where = f"{source}: {conv_id} vraag {index + 1}"
    question = raw.get("question")
    if not isinstance(question, str) or not question.strip():
        raise DevsetError(f"{where}: 'question' ontbreekt")
    status = raw.get("status")
    if status not in STATUSES:
        raise DevsetError(f"{where}: 'status' moet een van {STATUSES} zijn, niet {status!r}")
    sql = raw.get("sql")
    columns = tuple(raw.get("columns") or ())
    if sql is not None and not columns:
        raise DevsetError(f"{where}: 'columns' ontbreekt bij de verwachte SQL")
    if status in ("refused", "clarification") and sql is not None:
        raise DevsetError(f"{where}: een {status}-vraag heeft geen verwachte tabel")
    if status == "suppressed" and sql is None:
        raise DevsetError(f"{where}: een suppressed-vraag heeft een verwachte tabel nodig")
    if status == "answered" and sql is None and not raw.get("answer_contains"):
        raise DevsetError(f"{where}: een antwoord zonder tabel heeft 'answer_contains' nodig")
    unknown = set(raw) - {"question", "status", "sql", "columns", "ranked", "answer_contains", "category", "note"}
    if unknown:
        raise DevsetError(f"{where}: onbekende velden {sorted(unknown)}")
    return Turn(
        conversation=conv_id,
        index=index,
        question=question.strip(),
        status=status,
        category=raw.get("category", category),
        group=group,
        sql=sql,
        columns=columns,
        ranked=bool(raw.get("ranked", False)),
        answer_contains=tuple(raw.get("answer_contains") or ()),
        part=part,
    )


def joined_sets() -> list[Path]:
    """The unseen question sets that joined the development set after their first run."""
    return sorted(p for p in JOINED_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml"))) if JOINED_DIR.exists() else []


def load_devset(directory: Path = QUESTIONS_DIR, part: str | None = None) -> list[Conversation]:
    """Read every ``*.yaml`` file of the development set; raises DevsetError naming file and entry."""
    part = part or (CORE if Path(directory) == QUESTIONS_DIR else Path(directory).name)
    conversations: list[Conversation] = []
    seen: set[str] = set()
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise DevsetError(f"geen vragenbestanden (*.yaml) in {directory}")
    for path in files:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise DevsetError(f"{path.name}: verwacht een lijst van gesprekken")
        for raw in entries:
            conv_id = raw.get("id")
            if not conv_id or conv_id in seen:
                raise DevsetError(f"{path.name}: ontbrekend of dubbel id {conv_id!r}")
            seen.add(conv_id)
            category, group = raw.get("category"), raw.get("group")
            if not category or group not in ("beleidsmaker", "analist", "raadslid"):
                raise DevsetError(f"{path.name}: {conv_id}: 'category' en 'group' zijn verplicht")
            if "turns" in raw:
                raw_turns = raw["turns"]
                extra = set(raw) - {"id", "category", "group", "turns", "note"}
            else:
                raw_turns = [{k: v for k, v in raw.items() if k not in ("id", "group")}]
                extra = set()
            if extra or not raw_turns:
                raise DevsetError(f"{path.name}: {conv_id}: een gesprek heeft alleen id, category, group en turns")
            turns = tuple(_turn(conv_id, i, t, category, group, path.name, part) for i, t in enumerate(raw_turns))
            conversations.append(Conversation(conv_id, category, group, turns, path.name))
    return conversations


def all_turns(conversations: Iterable[Conversation]) -> list[Turn]:
    return [t for c in conversations for t in c.turns]


# --------------------------------------------------------------------------------------------
# Expected tables
# --------------------------------------------------------------------------------------------


@dataclass
class Table:
    """A visible table: column names, rows (suppressed cells None) and the suppressed coordinates."""

    columns: list[str]
    rows: list[list[Any]]
    suppressed: set[tuple[int, int]] = field(default_factory=set)

    @property
    def measure_columns(self) -> list[str]:
        return [c for c in self.columns if c not in DIMENSIONS]

    def suppression_level(self) -> str:
        """'none', 'partial' or 'full' (every measure cell suppressed)."""
        measures = [i for i, c in enumerate(self.columns) if c not in DIMENSIONS]
        cells = [(r, c) for r in range(len(self.rows)) for c in measures]
        hit = [cell for cell in cells if cell in self.suppressed]
        if not hit:
            return "none"
        return "full" if len(hit) == len(cells) else "partial"


def tables_in(sql: str) -> set[str]:
    """Names of the relations an expected query reads (CTE names excluded)."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    return {t.name for t in tree.find_all(exp.Table) if t.name not in ctes}


def open_expected(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection with the helper tables of ``expected_views.sql`` built in memory."""
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute(f"SET file_search_path = '{ROOT.as_posix()}'")  # data files named relative to the project
    con.execute((QUESTIONS_DIR / "expected_views.sql").read_text(encoding="utf-8"))
    return con


def apply_disclosure(columns: list[str], rows: list[tuple], k: int = 10, dominance: float = 0.5) -> Table:
    """Drop the guard columns and null every measure cell the disclosure rule suppresses."""
    visible = [c for c in columns if not c.endswith(GUARD_SUFFIXES)]
    index = {c: i for i, c in enumerate(columns)}
    out_rows: list[list[Any]] = []
    suppressed: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        out: list[Any] = []
        for c, name in enumerate(visible):
            value = row[index[name]]
            hide = False
            n = row[index[f"{name}__n"]] if f"{name}__n" in index else None
            if n is not None and 1 <= n < k:
                hide = True
            # units the cell adds to figures that are already public (CBS wijk figures): subtracting
            # those from this cell would reveal a small group just the same
            rest = row[index[f"{name}__rest"]] if f"{name}__rest" in index else None
            if rest is not None and 1 <= rest < k:
                hide = True
            biggest = row[index[f"{name}__max"]] if f"{name}__max" in index else None
            total = row[index[f"{name}__total"]] if f"{name}__total" in index else value
            if biggest is not None and total and biggest > dominance * total:
                hide = True
            if hide:
                suppressed.add((r, c))
                value = None
            out.append(value)
        out_rows.append(out)
    return Table(visible, out_rows, suppressed)


def expected_table(con: duckdb.DuckDBPyConnection, turn: Turn, k: int = 10, dominance: float = 0.5) -> Table:
    try:
        cursor = con.execute(turn.sql)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as error:
        raise DevsetError(f"{turn.key}: verwachte SQL faalt: {error}") from error
    table = apply_disclosure(columns, rows, k, dominance)
    if list(table.columns) != list(turn.columns):
        raise DevsetError(f"{turn.key}: SQL geeft kolommen {table.columns}, verwacht {list(turn.columns)}")
    return table


def expected_status(table: Table) -> set[str]:
    level = table.suppression_level()
    return {"none": {"answered"}, "partial": {"answered", "suppressed"}, "full": {"suppressed"}}[level]


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def precision(column: str) -> int:
    if column.endswith("_pct") or "per_1000" in column or column.startswith(("uitputting", "pct_")):
        return 1
    if column.startswith(MONEY_PREFIXES):
        return 2
    return 1


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def values_equal(column: str, expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    e, g = _number(expected), _number(got)
    if e is None or g is None:
        return str(expected).strip().casefold() == str(got).strip().casefold()
    tolerance = 0.5 * 10 ** -precision(column) * 1.0001 + 1e-9
    return abs(e - g) <= tolerance


def _dim_key(value: Any) -> Any:
    number = _number(value)
    if number is not None and number.is_integer():
        return int(number)
    return str(value).strip().casefold() if value is not None else None


def _is_empty_row(table: Table, r: int, measure_idx: list[int]) -> bool:
    for c in measure_idx:
        value = table.rows[r][c]
        if (r, c) in table.suppressed:
            return False
        number = _number(value)
        if value is not None and (number is None or number != 0):
            return False
    return True


def _constant(table: Table, column: str) -> bool:
    i = table.columns.index(column)
    return len({_dim_key(row[i]) for row in table.rows}) <= 1


def compare_tables(expected: Table, got: Table, ranked: bool = False) -> str | None:
    """None when ``got`` shows exactly the expected table, else a short Dutch reason."""
    for col in got.columns:
        if col not in expected.columns and not (col in DIMENSIONS and _constant(got, col)):
            return f"onverwachte kolom {col!r}"
    for col in expected.columns:
        if col not in got.columns and not (col in DIMENSIONS and _constant(expected, col)):
            return f"kolom {col!r} ontbreekt"
    common = [c for c in expected.columns if c in got.columns]
    dims = [c for c in common if c in DIMENSIONS]
    measures = [c for c in common if c not in DIMENSIONS]
    if not measures and (expected.measure_columns or got.measure_columns):
        return "geen gemeenschappelijke meetwaarde"

    def project(table: Table) -> list[tuple[tuple, list[Any], list[bool]]]:
        idx = [table.columns.index(c) for c in common]
        m_idx = [table.columns.index(c) for c in measures]
        out = []
        for r, row in enumerate(table.rows):
            if _is_empty_row(table, r, m_idx):
                continue
            key = tuple(_dim_key(row[table.columns.index(c)]) for c in dims)
            vals = [row[i] for i in idx if table.columns[i] in measures]
            supp = [(r, i) in table.suppressed or row[i] is None for i in m_idx]
            out.append((key, vals, supp))
        return out

    exp_rows, got_rows = project(expected), project(got)
    # rows the guard adds with every figure hidden (a group with nobody in it, under a small wider group)
    # carry no number: an absent row would have said 0
    exp_keys = {key for key, _vals, _supp in exp_rows}
    got_rows = [row for row in got_rows if row[0] in exp_keys or not all(row[2])]
    if len(exp_rows) != len(got_rows):
        return f"{len(got_rows)} rijen, verwacht {len(exp_rows)}"
    exp_by_key = {key: (vals, supp) for key, vals, supp in exp_rows}
    got_by_key = {key: (vals, supp) for key, vals, supp in got_rows}
    if len(exp_by_key) != len(exp_rows) or len(got_by_key) != len(got_rows):
        return "dubbele rijen voor dezelfde dimensiewaarden"
    if set(exp_by_key) != set(got_by_key):
        missing = sorted(map(str, set(exp_by_key) - set(got_by_key)))[:3]
        extra = sorted(map(str, set(got_by_key) - set(exp_by_key)))[:3]
        return f"andere rijen: ontbreekt {missing}, extra {extra}"

    budget = Counter()
    for _key, _vals, supp in exp_rows:
        for m, hidden in zip(measures, supp):
            budget[m] += hidden
    for key, (e_vals, e_supp) in exp_by_key.items():
        g_vals, g_supp = got_by_key[key]
        for m, e, g, e_hidden, g_hidden in zip(measures, e_vals, g_vals, e_supp, g_supp):
            if e_hidden and not g_hidden:
                return f"{m} voor {key or 'totaal'} had onderdrukt moeten worden (kleine cel)"
            if g_hidden and not e_hidden:
                budget[m] -= 1
                if budget[m] < 0:
                    return f"{m} voor {key or 'totaal'} onterecht onderdrukt"
                continue
            if not values_equal(m, e, g):
                return f"{m} voor {key or 'totaal'}: {g!r}, verwacht {e!r}"

    if ranked:
        # a row whose sort value is suppressed has no place in the ranking: showing it in its true
        # position would leak its value, so such rows are compared as a set (above), not by position
        hidden = {row[0] for row in exp_rows + got_rows if any(row[2])}
        exp_rows = [row for row in exp_rows if row[0] not in hidden]
        got_rows = [row for row in got_rows if row[0] not in hidden]
        for position, ((_ek, e_vals, _es), (_gk, g_vals, _gs)) in enumerate(zip(exp_rows, got_rows), start=1):
            if not all(values_equal(m, e, g) for m, e, g in zip(measures, e_vals, g_vals)):
                return f"volgorde wijkt af op plaats {position}"
    return None


# --------------------------------------------------------------------------------------------
# Running the assistant
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    turn: Turn
    ok: bool
    reason: str
    got_status: str
    seconds: float
    expected: Table | None = None
    got: Table | None = None


def answer_table(answer: Any) -> Table:
    columns = list(getattr(answer, "columns", None) or [])
    rows = [list(r) for r in (getattr(answer, "rows", None) or [])]
    suppressed = {(int(r), int(c)) for r, c in (getattr(answer, "suppressed", None) or [])}
    return Table(columns, rows, suppressed)


def true_values(answer: Any, assistant: Any) -> Any:
    """The answer with every shown figure replaced by its true value (same cells, same suppression).

    Released figures are perturbed (cell key method): interpretation is judged on whether the right
    cells were asked, so the evaluator looks up the true value of each shown cell by re-running the
    answer's semantic query without protection. Evaluation only: never shown to a user."""
    from semantic_layer import SemanticQuery, compile_query

    query = getattr(answer, "semantic_query", None)
    if assistant is None or not query or not getattr(answer, "rows", None):
        return answer
    if getattr(answer, "share_of", None):
        return _true_shares(answer, assistant)
    if getattr(answer, "beside", None):  # a row group per area, each its own query
        rows = []
        for part in answer.beside:
            alone = answer.model_copy(update={
                "semantic_query": part["query"], "beside": [], "columns": answer.columns[1:],
                "rows": [row[1:] for row in answer.rows if row[0] == part["gebied"]]})
            rows += [[part["gebied"], *row] for row in true_values(alone, assistant).rows]
        return answer.model_copy(update={"rows": rows})
    compiled = compile_query(SemanticQuery(**query), assistant.catalogue)
    cur = assistant.cursor().execute(compiled.sql(getattr(assistant, "dialect", "duckdb")))
    names = [d[0] for d in cur.description]
    specs = {c.name: c for c in compiled.columns}
    dims = [n for n in answer.columns if n in specs and specs[n].kind == "dimension"]
    truth = {tuple(_dim_key(row[names.index(d)]) for d in dims): row for row in cur.fetchall()}
    rows = []
    for row in answer.rows:
        true_row = truth.get(tuple(_dim_key(row[answer.columns.index(d)]) for d in dims))
        new = list(row)
        for j, name in enumerate(answer.columns):
            if true_row is not None and name in names and specs.get(name) is not None \
                    and specs[name].kind == "measure" and new[j] is not None:
                new[j] = true_row[names.index(name)]
        rows.append(new)
    return answer.model_copy(update={"rows": rows})


def _true_shares(answer: Any, assistant: Any) -> Any:
    """A share (part over whole) with its true value: both counts re-run without protection."""
    from semantic_layer import SemanticQuery, compile_query

    def truth(query: dict) -> tuple[list[str], dict]:
        q = SemanticQuery(**query)
        cur = assistant.cursor().execute(compile_query(q, assistant.catalogue).sql(getattr(assistant, "dialect", "duckdb")))
        names = [d[0] for d in cur.description]
        values: dict = {}  # (a whole over listed areas comes as a row per area: their sum)
        for row in cur.fetchall():
            key = tuple(_dim_key(row[names.index(d)]) for d in q.dimensions)
            values[key] = values.get(key, 0) + (row[names.index(q.metrics[0])] or 0)
        return q.dimensions, values

    part_dims, parts = truth(answer.semantic_query)
    whole_dims, wholes = truth(answer.share_of)
    share = answer.columns.index("aandeel")
    rows = []
    for row in answer.rows:
        at = {d: _dim_key(row[answer.columns.index(d)]) for d in part_dims}
        part, whole = parts.get(tuple(at[d] for d in part_dims)), wholes.get(tuple(at[d] for d in whole_dims))
        new = list(row)
        if new[share] is not None and part is not None and whole:
            new[share] = 100 * part / whole
        rows.append(new)
    return answer.model_copy(update={"rows": rows})


def judge(turn: Turn, expected: Table | None, answer: Any) -> str | None:
    """None when the answer is right for this turn, else a short Dutch reason."""
    status = getattr(answer, "status", None)
    text = getattr(answer, "answer", "") or ""
    if not text.strip():
        return "leeg antwoord"
    if not turn.has_table:
        if status != turn.status:
            return f"status {status!r}, verwacht {turn.status!r}"
        missing = [w for w in turn.answer_contains if w.casefold() not in text.casefold()]
        return f"antwoord noemt {missing} niet" if missing else None
    allowed = expected_status(expected)
    if status not in allowed:
        return f"status {status!r}, verwacht {' of '.join(sorted(allowed))}"
    return compare_tables(expected, answer_table(answer), turn.ranked)


# The question sets were written on this date: their relative years ('vorig jaar' = 2025) count from it.
REFERENCE_DATE = date(2026, 12, 4)


def make_assistant(warehouse: Path, audit_dir: Path):
    """The assistant on ``warehouse`` with the offline interpreter, a throw-away audit log, release log and app
    database, and the question sets' date as today (unless WIJKVRAAG_TODAY says otherwise)."""
    from assistant import Assistant, Settings

    fields = getattr(Settings, "model_fields", {})
    options: dict[str, Any] = {"warehouse_path": warehouse}
    if "today" in fields and not os.environ.get("WIJKVRAAG_TODAY"):
        options["today"] = REFERENCE_DATE
    if "interpreter" in fields:
        options["interpreter"] = "offline"
    if "audit_log_path" in fields:
        options["audit_log_path"] = audit_dir / "audit.jsonl"
    # a release log and app database of its own: a score never depends on what earlier runs released
    if "release_log_path" in fields:
        options["release_log_path"] = audit_dir / "vrijgaven.sqlite"
    if "app_db_path" in fields:
        options["app_db_path"] = audit_dir / "app.sqlite"
    return Assistant(Settings(**options))


def run(
    conversations: Sequence[Conversation],
    expected: dict[str, Table],
    new_session: Callable[[str], Any],
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for conversation in conversations:
        session = new_session(conversation.id)
        assistant = getattr(session, "assistant", None)
        if assistant is not None:
            # each conversation is judged as a first-time asker sees it: interpretation is measured here,
            # what a filled global release log costs is measured by bench/privacy.py
            from guards.disclosure import ReleaseMemory

            session.memory = ReleaseMemory(assistant.published)
        for turn in conversation.turns:
            start = time.perf_counter()
            try:
                answer = session.ask(turn.question)
            except Exception as error:  # an exception is a miss, and the evaluation goes on
                outcomes.append(Outcome(turn, False, f"uitzondering: {type(error).__name__}: {error}", "exception",
                                        time.perf_counter() - start, expected.get(turn.key)))
                continue
            seconds = time.perf_counter() - start
            answer = true_values(answer, getattr(session, "assistant", None))
            reason = judge(turn, expected.get(turn.key), answer)
            got = answer_table(answer) if turn.has_table else None
            outcomes.append(Outcome(turn, reason is None, reason or "", str(getattr(answer, "status", "")),
                                    seconds, expected.get(turn.key), got))
    return outcomes


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def correct(self) -> int:
        return sum(o.ok for o in self.outcomes)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def in_scope_accuracy(self) -> float:
        scoped = [o for o in self.outcomes if o.turn.category not in REFUSAL_CATEGORIES]
        return sum(o.ok for o in scoped) / len(scoped) if scoped else 0.0

    def refusal_rate(self) -> float:
        """Share of out-of-scope and individual-level questions that were refused."""
        target = [o for o in self.outcomes if o.turn.category in REFUSAL_CATEGORIES]
        return sum(o.got_status == "refused" for o in target) / len(target) if target else 1.0

    def by(self, attribute: str) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            key = getattr(o.turn, attribute)
            counts[key][0] += o.ok
            counts[key][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    def part(self, name: str) -> "Report":
        """The outcomes of one part of the development set (the core ``questions``, or an unseen set)."""
        return Report([o for o in self.outcomes if o.turn.part == name], self.seconds)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def confidently_wrong(self) -> list[Outcome]:
        """Misses that were answered with figures (not refused, not a question back, not all suppressed):
        a user cannot tell these from a right answer."""
        return [o for o in self.misses if o.got_status == "answered" or (
            o.got_status == "suppressed" and o.got is not None
            and any(v is not None for row in o.got.rows for v in row))]

    def confidently_wrong_rate(self) -> float:
        return len(self.confidently_wrong) / self.total if self.total else 0.0

    def markdown(self) -> str:
        lines = [
            f"Development set: {self.total} questions in {len({o.turn.conversation for o in self.outcomes})} "
            f"conversations (`tests/questions` and the unseen sets of `tests/blind` after their first run), offline "
            f"interpreter, 's-Gravenhage warehouse.",
            "",
            "| part | correct | total | accuracy | confidently wrong |",
            "|---|---:|---:|---:|---:|",
            *(f"| {name} | {ok} | {n} | {ok / n:.1%} | {self.part(name).confidently_wrong_rate():.1%} |"
              for name, (ok, n) in self.by("part").items()),
            "",
            f"- overall: **{self.accuracy:.1%}** ({self.correct}/{self.total}); bar ≥ 95%",
            f"- in scope: {self.in_scope_accuracy():.1%}",
            f"- confidently wrong (answered with a wrong figure): **{self.confidently_wrong_rate():.1%}** "
            f"({len(self.confidently_wrong)}/{self.total}); bar ≤ 1%",
            f"- out-of-scope and individual-level questions refused: **{self.refusal_rate():.1%}**; bar 100%",
            f"- whole set in {self.seconds:.1f} s",
            "",
            "| question type | correct | total | accuracy |",
            "|---|---:|---:|---:|",
        ]
        for category, (ok, n) in self.by("category").items():
            lines.append(f"| {category} | {ok} | {n} | {ok / n:.0%} |")
        lines += ["", "| user group | correct | total | accuracy |", "|---|---:|---:|---:|"]
        for group, (ok, n) in self.by("group").items():
            lines.append(f"| {group} | {ok} | {n} | {ok / n:.0%} |")
        return "\n".join(lines)


def _short(table: Table | None, limit: int = 4) -> str:
    if table is None:
        return "-"
    rows = "; ".join(str(r) for r in table.rows[:limit])
    more = f" … (+{len(table.rows) - limit})" if len(table.rows) > limit else ""
    return f"{table.columns} {rows}{more}"


def print_report(report: Report, show_misses: int, out=sys.stdout) -> None:
    parts = report.by("part")
    if len(parts) > 1:
        print(f"{'deel van de set':<22} {'goed':>5} {'totaal':>6} {'score':>7}  met zekerheid fout", file=out)
        for name, (ok, n) in parts.items():
            sub = report.part(name)
            print(f"{name:<22} {ok:>5} {n:>6} {ok / n:>7.1%}  {sub.confidently_wrong_rate():.1%}", file=out)
        print("", file=out)
    print(f"{'vraagtype':<22} {'goed':>5} {'totaal':>6} {'score':>7}", file=out)
    for category, (ok, n) in report.by("category").items():
        print(f"{category:<22} {ok:>5} {n:>6} {ok / n:>7.1%}", file=out)
    print("-" * 43, file=out)
    print(f"{'totaal':<22} {report.correct:>5} {report.total:>6} {report.accuracy:>7.1%}", file=out)
    print(f"buiten scope/individueel geweigerd: {report.refusal_rate():.1%}", file=out)
    print(f"met zekerheid fout (beantwoord met een verkeerd cijfer): {report.confidently_wrong_rate():.1%} "
          f"({len(report.confidently_wrong)}/{report.total})", file=out)
    print(f"tijd: {report.seconds:.1f} s", file=out)
    if report.misses and show_misses:
        print(f"\nMissers ({len(report.misses)}):", file=out)
        for o in report.misses[:show_misses]:
            print(f"- [{o.turn.key} {o.turn.category}] {o.turn.question}", file=out)
            print(f"    {o.reason}", file=out)
            if o.turn.has_table:
                print(f"    verwacht: {o.turn.status} {_short(o.expected)}", file=out)
                print(f"    gekregen: {o.got_status} {_short(o.got)}", file=out)
            else:
                print(f"    verwacht: {o.turn.status}; gekregen: {o.got_status}", file=out)


def compute_expected(conversations: Sequence[Conversation], warehouse: Path, k: int = 10,
                     dominance: float = 0.5) -> dict[str, Table]:
    con = open_expected(warehouse)
    try:
        return {t.key: expected_table(con, t, k, dominance) for t in all_turns(conversations) if t.has_table}
    finally:
        con.close()


def evaluate(warehouse: Path = DEFAULT_WAREHOUSE, questions: Path = QUESTIONS_DIR,
             categories: Iterable[str] | None = None, assistant: Any = None, joined: bool | None = None) -> Report:
    """Run the development set through the assistant and return the report: ``questions`` and, for the
    default set, the joined unseen sets (``joined``)."""
    start = time.perf_counter()
    conversations = load_devset(questions)
    if joined is None:
        joined = Path(questions) == QUESTIONS_DIR
    if joined:  # the whole development set: the core and every unseen set after its first run
        for directory in joined_sets():
            conversations += load_devset(directory)
        ids = [c.id for c in conversations]
        if len(ids) != len(set(ids)):
            raise DevsetError("dubbele gespreks-id's tussen de vragensets")
    if categories:
        wanted = set(categories)
        conversations = [c for c in conversations if wanted & {c.category, *(t.category for t in c.turns)}]
    with tempfile.TemporaryDirectory(prefix="wijkvraag-eval-") as tmp:
        expected = compute_expected(conversations, warehouse)
        if assistant is None:
            assistant = make_assistant(warehouse, Path(tmp))
        outcomes = run(conversations, expected, lambda cid: assistant.new_session(user=f"evaluatie-{cid}"))
    return Report(outcomes, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant eval",
                                     description="Meet Wijkvraag op de ontwikkelset (tests/questions).")
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="pad naar het DuckDB-magazijn")
    parser.add_argument("--questions", type=Path, default=QUESTIONS_DIR, help="map met de vragenbestanden")
    parser.add_argument("--threshold", type=float, default=0.95,
                        help="minimale score (0-1); daaronder is de exitcode 1 (standaard 0.95)")
    parser.add_argument("--category", action="append", help="alleen dit vraagtype (herhaalbaar)")
    parser.add_argument("--misses", type=int, default=50, help="toon hoogstens zoveel missers (standaard 50)")
    parser.add_argument("--write-benchmarks", action="store_true", help="schrijf de score naar BENCHMARKS.md")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"Magazijn niet gevonden: {args.warehouse}. Bouw het met: python -m warehouse build", file=sys.stderr)
        return 2
    try:
        report = evaluate(args.warehouse, args.questions, args.category)
    except DevsetError as error:
        print(f"Fout in de ontwikkelset: {error}", file=sys.stderr)
        return 2
    print_report(report, args.misses)
    if args.write_benchmarks:
        from bench.report import write_section

        write_section("eval", "Interpretation accuracy (development set)", report.markdown())
        print("BENCHMARKS.md bijgewerkt (sectie eval).")
    core = report.part(CORE) if report.part(CORE).total else report
    passed = core.accuracy >= args.threshold and report.refusal_rate() == 1.0
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
