"""The Python API: ``Assistant`` (heavy objects once per process) and ``Session`` (one conversation).

Data flow per question (SPEC §2): PII scrub -> refusal check -> interpreter -> compiler -> SQL guard
-> warehouse (read-only) -> disclosure guard -> composer -> PII scrub of the answer -> audit log.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import json
import re
import threading
import time
from typing import Any

from assistant.access import ROLES
from assistant.answer import Answer, Chart, DialectSql
from assistant.compose import (Composer, differences, ratios, dutch_number, format_value, plain, reference_value, source_text,
                               suggest_chart)
from assistant.interpreter import ADDING_RE, Interpretation, OfflineInterpreter
from assistant.present import sql_in_dialect
from assistant.ratelimit import RateLimiter
from assistant.suggestions import follow_ups
from assistant.settings import Settings
from assistant.text import STOPWORDS, fold
from guards.audit import AuditLog
from guards.disclosure import DisclosureGuard, PublishedCells
from guards.perturbation import for_max_deviation as _perturbation
from guards.release_log import ReleaseLog, warehouse_fingerprint
from guards.individual import domain_phrases, refuse_individual_request
from guards.pii import kept_text, normalised, scrub, spelled_numbers
from guards.runner import ResultCache, run_guarded
from guards.sql_guard import SqlRefused, StatementTimeout
from warehouse.backends import BackendError, connect as connect_warehouse
from semantic_layer import DIALECTS, Catalogue, CompiledQuery, Filter, QueryError, SemanticQuery, compile_query, load_model

log = logging.getLogger("wijkvraag.assistant")

SQL_ROLE = "analist"  # the only role that runs its own SQL (app, API and CLI alike)
PROTECTION_TEXT = (
    "Wijkvraag toont geen aantal van minder dan {k} personen, huishoudens of voorzieningen (de minimale celgrootte is "
    "{k}), ook geen 0 naast zo'n kleine groep, en geen bedrag waarin één persoon of huishouden het grootste deel vormt. "
    "Een cijfer waaruit door aftrekken van een ander getoond cijfer een kleine groep te herleiden is, wordt ook niet "
    "getoond. Alle gemeentelijke aantallen zijn licht verstoord, hooguit ±{d}, met de cell key method: dezelfde cel "
    "geeft iedereen altijd hetzelfde getal. Aandelen, cijfers per 1.000 en gemiddelden worden uit die verstoorde "
    "aantallen berekend.")
PROTECTION_NOTICE = ("Om inwoners te beschermen zijn de gemeentelijke cijfers licht verstoord (aantallen hooguit ±{d}, "
                     "bedragen en afgeleide cijfers evenredig).")
WARM_QUESTIONS = ("Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?",
                  "Welke 5 wijken hadden in 2024 de hoogste kosten voor jeugdhulp met verblijf?")
ERROR_TEXT = ("Er ging iets mis bij het beantwoorden van deze vraag. De fout is vastgelegd; probeer het "
              "opnieuw of stel de vraag anders.")


RECENT_QUESTIONS = 12  # the questions with numbers of one subject whose numbers are judged together (kept_text earlier)
RECENT_SECONDS = 8 * 3600  # ... asked within a working day
RECENT_SUBJECTS = 10_000  # subjects whose recent numbers are held; the one that asked least recently is let go first


class AssistantError(RuntimeError):
    """The assistant cannot start (for example: the warehouse is missing). The message is Dutch."""


class Assistant:
    """One per process: warehouse connection, semantic model, catalogue, interpreter, guards, audit log."""

    def __init__(self, settings: Settings | None = None, *, chat_model: Any = None):
        self.settings = settings or Settings()
        try:  # DuckDB file (read-only), PostgreSQL or Spark: warehouse.backends
            self.backend = connect_warehouse(self.settings.warehouse)
        except BackendError as exc:
            raise AssistantError(str(exc)) from exc
        self.model = load_model()
        self.catalogue = Catalogue.from_warehouse(self.model, self.backend)
        self.vocabulary = self.catalogue.vocabulary()
        self.domain_phrases = domain_phrases(self.vocabulary)  # what a 'wie' question may choose between
        self.allowed_views = self.catalogue.allowed_views()
        self.offline = OfflineInterpreter(self.catalogue, today=self.settings.today)
        self.offline.protection_text = PROTECTION_TEXT.format(k=self.settings.min_cell_size,
                                                              d=self.settings.max_deviation)
        self.composer = Composer(self.catalogue)
        self.disclosure = DisclosureGuard(k=self.settings.min_cell_size, dominance=self.settings.dominance,
                                          perturbation=_perturbation(self.settings.max_deviation))
        # one release log for every user, session and process, with the CBS figures anyone can read as
        # released from the start (differencing against them)
        self.published = PublishedCells.from_warehouse(self.cursor())
        self.results = ResultCache()  # rows the warehouse returned, by statement (it does not change while open)
        self.release_log = ReleaseLog(self.settings.release_log, self.cursor, self.published,
                                      fingerprint=warehouse_fingerprint(self.cursor()))
        self.audit = AuditLog(self.settings.audit_log_path, scrub=lambda t: scrub(t, self.vocabulary)[0],
                              key=self.settings.audit_key)
        # per subject, shared by all sessions of that subject in this process: the numbers of its last kept
        # questions, judged with the next one's (an identifier spread over questions, also over new conversations)
        # (at most RECENT_SUBJECTS subjects, so a long-running process does not grow with every subject it served)
        self.recent_numbers: collections.OrderedDict[str, collections.deque[tuple[float, list[str]]]] = \
            collections.OrderedDict()
        self.numbers_lock = threading.Lock()
        self.rate_limiter = RateLimiter({"question": self.settings.rate_questions_per_minute,
                                         "sql": self.settings.rate_sql_per_minute})
        self._local = threading.local()
        self.startup_notices: list[str] = []
        self.interpreter = self.offline
        if self.settings.interpreter == "llm" or chat_model is not None:
            from assistant.llm import LlmInterpreter

            self.interpreter = LlmInterpreter(self.settings, self.catalogue, self.offline, chat_model=chat_model)
        scrub("Wijkvraag start", self.vocabulary)  # load the PII engine once, before the first question

    @property
    def interpreter_name(self) -> str:
        return getattr(self.interpreter, "name", "offline")

    def new_session(self, user: str = "anoniem", role: str = "beleidsmaker",
                    roles: "tuple[str, ...] | list[str] | None" = None) -> "Session":
        """A conversation of ``user`` (the authenticated subject) in ``role``; ``roles``: the roles the
        user holds (from the identity provider's claims; default: only ``role``)."""
        return Session(self, user=user, role=role, roles=roles)

    @property
    def statement_timeout_s(self) -> float:
        """The configured statement timeout, or the backend's own default: 10 s on the embedded and
        PostgreSQL warehouses, 120 s on Spark, where one job takes seconds even on small data and a
        gemeente-wide cell with its wider group, population and unit sketch tens of seconds on two cores."""
        if self.settings.statement_timeout_s is not None:
            return self.settings.statement_timeout_s
        return 120.0 if self.dialect == "spark" else 10.0

    @property
    def dialect(self) -> str:
        """The SQL dialect of the warehouse (duckdb, postgres or spark)."""
        return self.backend.dialect

    def cursor(self):
        """The calling thread's warehouse cursor (connections are not shared between threads)."""
        return self.backend.cursor()

    def warm(self) -> None:
        """Read and compile two example questions, so the first user's question does not pay for loading the
        word lists and building the compiler's caches. Runs nothing on the warehouse and logs nothing."""
        for question in WARM_QUESTIONS:
            interpretation = self.offline.interpret(question)
            if interpretation.query is not None:
                compile_query(interpretation.query, self.catalogue)

    def close(self) -> None:
        self.backend.close()


_SHARED: dict[str, Assistant] = {}
_SHARED_LOCK = threading.Lock()


def shared_assistant(settings: Settings) -> Assistant:
    """The process's one Assistant for ``settings``: the app's server warms it when it starts, and every browser
    session then uses the same one (a second caller waits for the first to finish building it)."""
    key = settings.model_dump_json()
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = Assistant(settings)
        return _SHARED[key]


class Session:
    """One conversation of one user: its own context and pending clarification (the release log is global)."""

    def __init__(self, assistant: Assistant, user: str, role: str = "beleidsmaker",
                 roles: "tuple[str, ...] | list[str] | None" = None):
        self.assistant = assistant
        self.user = user  # the subject: the only thing that identifies the user in the audit log
        role = role if role in ROLES else "beleidsmaker"
        self.roles = frozenset(r for r in (roles if roles is not None else (role,)) if r in ROLES)
        self.role = role
        self.memory = assistant.release_log  # the same for everyone: protection does not depend on who asks
        self.context: SemanticQuery | None = None
        self.earlier: list[SemanticQuery] = []  # the queries answered before ``context`` in this conversation
        self.beside: list[SemanticQuery] = []  # the other areas answered beside ``context`` (a row each)
        self._pending: dict[str, SemanticQuery] = {}
        # a question asked back only for its year (no data yet): 'Doe dan maar 2019' names another year for it
        self._without_data: SemanticQuery | None = None
        self._said = ""  # the question of the turn being answered, as the user wrote it (never stored)
        self._lock = threading.Lock()

    @property
    def role(self) -> str:
        return self._role

    @role.setter
    def role(self, role: str) -> None:
        """Only a role the user holds (the page offers no other, and this refuses it anyway)."""
        if role not in self.roles:
            raise PermissionError(f"U heeft de rol '{role}' niet; uw rollen: {', '.join(sorted(self.roles)) or 'geen'}.")
        self._role = role

    def reset(self) -> None:
        """Start a new conversation (the release log stays: what was shown, was shown)."""
        with self._lock:
            self.context = None
            self.earlier = []
            self.beside = []
            self._pending = {}
            self._without_data = None

    def _remember(self, query: SemanticQuery, beside: list[SemanticQuery] | None = None) -> None:
        """``query`` was answered (``beside`` it, the other areas): it is the context of the next question, the one
        before joins ``earlier``."""
        if self.context is not None:
            self.earlier = [*self.earlier[-4:], self.context]
        self.context = query
        self.beside = list(beside or [])

    def _also_beside(self, asked: str, interp: Interpretation) -> Interpretation:
        """A follow-up that keeps the area after an answer of areas side by side ('En per leeftijdsklasse?' after
        Moerwijk and heel Den Haag): the same edit of each other area's query, so every area stays a row."""
        levels = set(self.assistant.offline.lex.area_dimensions)

        def areas(query: SemanticQuery) -> list:
            return sorted((f.dimension, tuple(map(str, f.values))) for f in query.filters if f.dimension in levels)

        if interp.kind != "query" or not interp.followup or interp.query is None or interp.beside \
                or interp.whole is not None or self.context is None:
            return interp
        if areas(interp.query) != areas(self.context):
            return self._area_beside(asked, interp, levels)
        if not self.beside:
            return interp
        others = [self.assistant.interpreter.interpret(asked, q, self.earlier) for q in self.beside]
        if all(o.kind == "query" and o.query is not None and o.whole is None and not o.beside
               and areas(o.query) == areas(q) for o, q in zip(others, self.beside)):
            return dataclasses.replace(interp, beside=[o.query for o in others])
        return interp

    # ------------------------------------------------------------------ public
    def ask(self, question: Any) -> Answer:
        with self._lock:
            self._said = ""
            limited = self.assistant.rate_limiter.check(self.user, "question")
            if limited:
                return self._refuse(self._safe_question(question), limited, "snelheidsgrens vragen")
            try:
                return self._ask(question)
            except Exception:  # no traceback ever reaches a user
                log.exception("fout bij vraag")
                return self._error(self._safe_question(question), ERROR_TEXT)

    def scrubbed(self, text: Any) -> str:
        """``text`` with personal data replaced by placeholders (for free text the app stores, such as feedback)."""
        return self._safe_question(text)

    def ask_query(self, question: str, query: dict) -> Answer:
        """Answer ``question`` with a stored semantic query (a verified question), through the same guards."""
        with self._lock:
            self._said = ""
            safe = self._safe_question(question)
            limited = self.assistant.rate_limiter.check(self.user, "question")
            if limited:
                return self._refuse(safe, limited, "snelheidsgrens vragen")
            try:
                semantic = SemanticQuery.model_validate(query)
                answer = self._run_query(safe, semantic, [])
                if answer.status in ("answered", "suppressed"):
                    self._remember(semantic)
                return answer
            except Exception:
                log.exception("fout bij geverifieerde vraag")
                return self._error(safe, ERROR_TEXT)

    def run_sql(self, sql: Any) -> Answer:
        with self._lock:
            self._said = ""
            limited = self.assistant.rate_limiter.check(self.user, "sql")
            if limited:
                return self._refuse(self._safe_question(sql), limited, "snelheidsgrens SQL")
            if self.role != SQL_ROLE:
                return self._refuse(self._safe_question(sql), (
                    f"Eigen SQL uitvoeren kan alleen met de rol analist; u werkt als {self.role}. Stel uw vraag in "
                    "gewoon Nederlands, dan maakt Wijkvraag de SQL."), f"rol {self.role}: geen SQL")
            try:
                return self._run_sql(sql)
            except Exception:
                log.exception("fout bij SQL")
                return self._error("", ERROR_TEXT, sql=None)

    # ------------------------------------------------------------------ steps
    def _safe_question(self, question: Any) -> str:
        try:
            text = str(question)[: self.assistant.settings.max_question_length]
            return kept_text(scrub(text, self.assistant.vocabulary)[0], self.assistant.vocabulary)
        except Exception:
            return ""

    def _ask(self, question: Any) -> Answer:
        a = self.assistant
        if not isinstance(question, str):
            return self._error("", "Stel uw vraag als tekst.", decision="error")
        limit = a.settings.max_question_length
        raw = normalised(question.replace("\x00", " ")).strip()  # circled, flag or spelled-out letters as letters
        if len(raw) > limit:
            return self._error(self._safe_question(raw[:limit]), f"Uw vraag is te lang ({dutch_number(len(raw))} tekens; maximaal "
                               f"{dutch_number(limit)}). Stel een korte vraag, bijvoorbeeld: "
                               "'Hoeveel Wmo-cliënten waren er in 2023 in de Schildersbuurt?'")
        scrubbed, findings = scrub(raw, a.vocabulary)

        def shown(numbers: set[str] | None = None) -> str:
            """What is stored and shown again (computed once the answer's kind is known): the scrubbed question
            without the words the product cannot account for (a name or address the scrubber missed by its form; red
            team 17), its numbers judged with those of the subject's last questions, in any conversation (an
            identifier spread over the turns, 'En van 99 jaar en ouder?', 'En van 76 ...?'; red teams 21 and 22). Only
            questions that keep a number count, for a working day: questions without one in between ('?', a refused
            question) do not make room (red team 23)."""
            now = time.monotonic()
            with a.numbers_lock:
                recent = a.recent_numbers.pop(self.user, None) or collections.deque(maxlen=RECENT_QUESTIONS)
                a.recent_numbers[self.user] = recent  # the most recently asking subject last
                while len(a.recent_numbers) > RECENT_SUBJECTS:
                    a.recent_numbers.popitem(last=False)
                while recent and now - recent[0][0] > RECENT_SECONDS:
                    recent.popleft()
                kept = kept_text(scrubbed, a.vocabulary, numbers=numbers,
                                 earlier=[v for _t, q in recent for v in q])
                said = spelled_numbers(kept, a.vocabulary)
                if said:
                    recent.append((now, said))
            return kept

        self._said = raw
        notices = []
        if not raw:
            return self._finish(Answer(status="clarification", question="", answer=(
                "Stel een vraag in gewoon Nederlands, bijvoorbeeld: 'Hoeveel Wmo-cliënten waren er in 2023 in "
                "de Schildersbuurt?'")), decision="clarification")
        asked = scrubbed  # what the interpreter reads
        # a name makes the question about a person: refused below; other data beside the question is incidental
        named = any(getattr(f, "entity_type", "") == "NAAM" for f in findings)
        incidental = _without_personal_clauses(scrubbed) if findings and not named else None
        if incidental and not refuse_individual_request(incidental, a.domain_phrases):
            # personal data beside an aggregate question: removed, said so, and the rest answered
            notices.append(_removed_notice(findings))
            asked = incidental
        else:
            if findings:
                kinds = sorted({getattr(f, "entity", getattr(f, "entity_type", "persoonsgegeven")) for f in findings})
                notices.append("Persoonsgegevens in uw vraag zijn verwijderd voordat deze werd verwerkt ("
                               + ", ".join(str(k).lower() for k in kinds) + ").")
            if any(getattr(f, "entity_type", "") == "NAAM" for f in findings):
                reason = ("Uw vraag noemt een persoon; de naam is verwijderd en niet verwerkt. Wijkvraag beantwoordt "
                          "alleen vragen over groepen, nooit over een bepaalde inwoner.")
                return self._finish(Answer(status="refused", question=shown(), answer=(
                    reason + f" Vraag naar aantallen van minstens {a.settings.min_cell_size} personen of huishoudens, "
                    "bijvoorbeeld per wijk."), notices=notices), decision="refused", reasons=[reason])
            reason = (refuse_individual_request(raw, a.domain_phrases)
                      or refuse_individual_request(scrubbed, a.domain_phrases))
            if reason:
                text = reason if "groep" in reason else (
                    reason + " Wijkvraag geeft alleen cijfers over groepen van minstens "
                    f"{a.settings.min_cell_size} personen of huishoudens, bijvoorbeeld per wijk.")
                return self._finish(Answer(status="refused", question=shown(), answer=text, notices=notices),
                                    decision="refused", reasons=[reason])
        pending = _pick_option(self._pending, asked)
        if pending is not None:
            interp = Interpretation("query", query=pending)
        else:
            retry = self._without_data is not None and re.search(r"\b(?:19|20)\d\d\b", asked) is not None
            interp = a.interpreter.interpret(asked, self._without_data if retry else self.context, self.earlier)
            if not retry:
                interp = self._also_beside(asked, interp)
        notices += interp.notices
        self._pending = {}
        self._without_data = None
        kind = interp.kind
        if kind in ("query", "show_sql", "chart") and interp.query is not None:
            used = _used_numbers(interp.query)
            if _identifier_shaped(scrubbed, used, a.vocabulary):
                # a number the answer would use and repeat but that has the form of an identifier or a date
                # ('meer dan 999974579 euro', red team 22): neither answered nor kept; a round figure is
                self._pending = {}
                return self._finish(Answer(status="clarification", question=shown(numbers=set()), answer=(
                    "Een getal in uw vraag heeft de vorm van een persoonsnummer, rekeningnummer of datum; zo'n getal "
                    "wordt niet verwerkt of bewaard. Gebruik een rond getal (bijvoorbeeld 2.500 of 1 miljoen) en stel "
                    "de vraag opnieuw."), notices=notices), decision="clarification")
            if interp.beside:  # areas of different levels side by side: one guarded query each
                answer = self._run_beside(shown(numbers=used), [interp.query, *interp.beside], notices)
                if answer.status in ("answered", "suppressed"):
                    self._remember(interp.query, interp.beside)
                return answer
            if interp.whole is not None:  # a share of a group in a whole: two guarded counts
                answer = self._run_share(shown(numbers=used), interp.query, interp.whole, notices)
                if answer.status in ("answered", "suppressed"):
                    self._remember(interp.query)
                return answer
            # of the numbers in the question, only those the answer uses are kept (red team 19: '99 99 50 344')
            answer = self._run_query(shown(numbers=used), interp.query, notices,
                                     chart=interp.chart if kind == "chart" else None,
                                     show_sql=(interp.dialect or "duckdb") if kind == "show_sql" else None)
            if answer.status in ("answered", "suppressed"):
                self._remember(interp.query)
            return answer
        if kind == "clarification":
            self._pending = dict(interp.option_queries)
            return self._finish(Answer(status="clarification", question=shown(), answer=interp.message,
                                       options=interp.options, notices=notices), decision="clarification")
        if kind in ("definition", "overview"):
            if interp.query is not None and not (self.context is not None
                                                 and set(interp.query.metrics) <= set(self.context.metrics)):
                # the figure defined is what 'daar' in a next question points at (the answer before, where that
                # was about the same figure, keeps its scope: 'Idem voor 2021')
                self._remember(interp.query)
            return self._finish(Answer(status="answered", question=shown(), answer=interp.message,
                                       definitions=interp.definitions, notices=notices,
                                       source="semantische laag van Wijkvraag"), decision="answered")
        if kind == "individual":
            return self._finish(Answer(status="refused", question=shown(), answer=interp.message, notices=notices),
                                decision="refused", reasons=[interp.message])
        if kind == "empty":
            return self._finish(Answer(status="clarification", question=shown(), answer=interp.message,
                                       notices=notices), decision="clarification")
        # out of scope
        return self._finish(Answer(status="refused", question=shown(), answer=interp.message, notices=notices,
                                   refusal="scope"), decision="refused", reasons=["buiten het domein"])

    def _run_query(self, question: str, query: SemanticQuery, notices: list[str], chart: str | None = None,
                   show_sql: str | None = None) -> Answer:
        a = self.assistant
        try:
            compiled = compile_query(query, a.catalogue)
        except QueryError as exc:
            # a year without data ('vorig jaar' before its figures exist): the nearest earlier year as an option
            alternative = self._year_with_data(query)
            self._pending = {str(alternative.years[0]): alternative} if alternative is not None else {}
            hint = (f"Wilt u de cijfers over {alternative.years[0]}, het laatste jaar daarvoor met gegevens?"
                    if alternative is not None else a.offline._scope_hint())
            if query.years and self._answerable_in_other_years(query):
                self._without_data = query  # 'Doe dan maar 2019' after a year without data: this question, that year
            return self._finish(Answer(status="clarification", question=question, notices=notices,
                                       semantic_query=query.model_dump(exclude_none=True), options=list(self._pending),
                                       answer=f"Die vraag kan ik zo niet beantwoorden: {exc} {hint}"),
                                decision="clarification", reasons=[str(exc)])
        answer = self._execute(question, compiled, notices, query=query, chart=chart)
        if answer.status in ("answered", "suppressed"):
            answer.suggestions = follow_ups(query, a.catalogue)
            answer.previous = self._year_before(question, query, answer)
        shown = answer.sql_editable or answer.sql
        if show_sql and shown:  # the SQL an analyst can run again, in the dialect asked for
            shown = sql_in_dialect(shown, show_sql) or shown
            answer.answer = "De SQL van deze vraag:\n" + shown + "\n\n" + answer.answer
        return answer

    def _run_share(self, question: str, part: SemanticQuery, whole: SemanticQuery, notices: list[str]) -> Answer:
        """The share of a part in a whole ('aandeel vrouwen onder de Wmo-cliënten'): the part and the whole are two
        ordinary counts, each through the guards as if asked alone, and the share is computed from the two released
        (perturbed) counts. A share whose part or whole is withheld is withheld: it reveals nothing either count
        would not."""
        a = self.assistant
        try:
            compiled = [compile_query(q, a.catalogue) for q in (part, whole)]
        except QueryError as exc:
            return self._finish(Answer(status="clarification", question=question, notices=notices,
                                       answer=f"Die vraag kan ik zo niet beantwoorden: {exc}"),
                                decision="clarification", reasons=[str(exc)])
        results, sqls = [], []
        for c in compiled:
            ran = self._guarded(question, c, notices)
            if isinstance(ran, Answer):
                return ran
            results.append(ran[0])
            sqls.append(ran[1])
        metric, of = part.metrics[0], whole.metrics[0]

        def cells(result, dims, metric):  # (row key of the whole's dimensions) -> released value, None when withheld
            hidden = {(int(r), int(c)) for r, c in result.suppressed}
            m = result.columns.index(metric)
            return [(tuple(plain(row[result.columns.index(d)]) for d in dims),
                     {d: plain(row[result.columns.index(d)]) for d in result.columns if d != metric and not
                      d.startswith(metric + "__")},
                     None if (i, m) in hidden else plain(row[m])) for i, row in enumerate(result.rows)]

        dims = list(part.dimensions)
        wholes: dict = {}  # (a whole over listed areas comes as a row per area: their sum, withheld if one is)
        for key, _row, value in cells(results[1], whole.dimensions, of):
            if key not in wholes:
                wholes[key] = value
            elif wholes[key] is not None:
                wholes[key] = None if value is None else wholes[key] + value
        columns = [*dims, "aandeel"]
        rows, suppressed, said = [], [], []
        for key, row, value in cells(results[0], whole.dimensions, metric):
            total = wholes.get(key)
            # (two perturbed counts of nearly the same units can cross: a share is never above the whole)
            share = min(100.0, round(100 * value / total, 1)) if value is not None and total else None
            if share is None:
                suppressed.append([len(rows), len(dims)])
            rows.append([row.get(d) for d in dims] + [share])
            if value is not None and total:
                said.append((row, value, total, share))
        status = "suppressed" if rows and len(suppressed) == len(rows) else "answered"
        label = a.model.metrics[of].label.lower()
        extra = part.model_copy(update={"filters": [f for f in part.filters if f not in whole.filters]})
        areas = {d for d, dim in a.model.dimensions.items() if dim.spec.get("kind") == "area"}
        named = [t for t in (a.composer.filter_text(extra), a.composer.area_text(extra) if any(
            f.dimension in areas for f in extra.filters) else "") if t]
        rows_named = [a.model.dimensions[d].label.lower() for d in dims if d not in whole.dimensions]
        part_text = " en ".join(named) if named else "per " + " en ".join(rows_named) if rows_named \
            else a.model.metrics[metric].label.lower()
        whole_filters = a.composer.filter_text(whole)
        unit = a.model.metrics[metric].unit
        lines = [("" if not dims else " / ".join(str(row.get(d)) for d in dims) + ": ")
                 + f"{dutch_number(share, 1)}% ({format_value(value, unit)} van {format_value(total, unit)})"
                 for row, value, total, share in said]
        text = (f"Aandeel {part_text} onder de {label}{f' ({whole_filters})' if whole_filters else ''} in "
                f"{a.composer.area_text(whole)}, "
                f"{a.composer.period_text(part)}: " + ("; ".join(lines) if lines else "niet getoond") + ". ")
        if suppressed:
            text += ("Een aandeel waarvan het deel of het geheel een kleine groep is, wordt niet getoond om inwoners te "
                     "beschermen. ")
        amount = "het bedrag" if unit == "euro" else "het aantal"
        text += (f"Berekend als {amount} in het deel gedeeld door {amount} in het geheel, elk door dezelfde "
                 "bescherming als een losse vraag.")
        definitions = dict(compiled[0].definitions)
        definitions["Aandeel"] = (f"{amount.capitalize()} {a.model.metrics[metric].label.lower()} in het deel, gedeeld "
                                  f"door {amount} {label} in de hele groep, maal 100; beide zoals vrijgegeven (licht "
                                  "verstoord).")
        source = source_text(compiled[0].sources, [str(a.model.metrics[metric].source)])
        if source:
            text += f" Bron: {source}."
        all_notices = [*notices, *results[0].notices, *(n for n in results[1].notices if n not in results[0].notices),
                       PROTECTION_NOTICE.format(d=a.disclosure.perturbation.max_deviation)]
        answer_text, _ = scrub(text, a.vocabulary)
        sql = f"-- het deel\n{sqls[0]};\n\n-- het geheel\n{sqls[1]};"
        answer = Answer(status=status, answer=answer_text, question=question, sql=sql, columns=columns, rows=rows,
                        suppressed=suppressed, notices=all_notices, source=source,
                        semantic_query=part.model_dump(exclude_none=True),
                        share_of=whole.model_dump(exclude_none=True), definitions=definitions,
                        column_labels={**{d: a.model.dimensions[d].label for d in dims}, "aandeel": "Aandeel (%)"},
                        column_units={"aandeel": "procent"})
        return self._finish(answer, decision=answer.status, reasons=[*results[0].notices, *results[1].notices], sql=sql)

    def _run_beside(self, question: str, queries: list[SemanticQuery], notices: list[str]) -> Answer:
        """Areas of different levels side by side ('Moerwijk vergeleken met heel Den Haag'): each area's figure is an
        ordinary query through the guards as if asked alone, shown as a row per area (column 'gebied'). It shows
        nothing the questions one after the other would not."""
        a = self.assistant
        try:
            compiled = [compile_query(q, a.catalogue) for q in queries]
        except QueryError as exc:
            return self._finish(Answer(status="clarification", question=question, notices=notices,
                                       answer=f"Die vraag kan ik zo niet beantwoorden: {exc}"),
                                decision="clarification", reasons=[str(exc)])
        columns: list[str] = []
        rows, suppressed, texts, sqls, beside, reasons = [], [], [], [], [], []
        levels = a.offline.lex.area_dimensions
        for query, c in zip(queries, compiled):
            ran = self._guarded(question, c, notices)
            if isinstance(ran, Answer):
                return ran
            result, sql = ran
            # the row's label: the finest area the query names (a CBS wijk with its gemeente), else the home gemeente
            areas = sorted((levels.index(f.dimension), f.values[0]) for f in query.filters
                           if f.dimension in levels and len(f.values) == 1)
            area = str(areas[-1][1]) if areas else a.catalogue.home_gemeente
            columns = ["gebied", *result.columns]
            part = [[plain(v) for v in row] for row in result.rows]
            for r, col in result.suppressed:
                part[int(r)][int(col)] = None
                suppressed.append([len(rows) + int(r), int(col) + 1])
            texts.append(a.composer.compose(query, c, result.columns, part, result.suppressed, result.notices))
            rows += [[area, *row] for row in part]
            sqls.append(f"-- {area}\n{sql};")
            beside.append({"gebied": area, "query": query.model_dump(exclude_none=True)})
            reasons += [n for n in result.notices if n not in reasons]
        specs = {col.name: col for col in compiled[0].columns}
        status = _status(columns, rows, suppressed, specs)
        text, source, definitions = self._defined(" ".join(texts), compiled[0], queries[0])
        all_notices = [*notices, *reasons]
        if any(col.release is not None for c in compiled for col in c.columns):
            all_notices.append(PROTECTION_NOTICE.format(d=a.disclosure.perturbation.max_deviation))
        answer_text, _ = scrub(text, a.vocabulary)
        measures = [n for n in columns if n in specs and specs[n].kind == "measure"]
        sql = "\n\n".join(sqls)
        answer = Answer(status=status, answer=answer_text, question=question, sql=sql, columns=columns, rows=rows,
                        suppressed=suppressed, notices=all_notices, source=source, definitions=definitions,
                        semantic_query=queries[0].model_dump(exclude_none=True), beside=beside,
                        chart=Chart(kind="bar", x="gebied", y=measures[0]) if len(measures) == 1 else Chart(),
                        column_labels={"gebied": "Gebied", **{n: specs[n].label for n in columns if n in specs}},
                        column_units={n: specs[n].unit for n in columns if n in specs})
        return self._finish(answer, decision=answer.status, reasons=reasons, sql=sql)

    def _area_beside(self, asked: str, interp: Interpretation, levels: set[str]) -> Interpretation:
        """'Zet ze onder elkaar', 'zet de Schildersbuurt er ook naast': a follow-up that only adds an area, beside an
        area of another level or beside areas answered side by side, is a row more (the areas before stay)."""
        if not re.search(ADDING_RE + r"|\b(?:onder|naast)\s+elkaar\b", fold(asked)):
            return interp

        def rest(query: SemanticQuery) -> SemanticQuery:
            return query.model_copy(update={"filters": [f for f in query.filters if f.dimension not in levels],
                                            "dimensions": [d for d in query.dimensions if d not in levels],
                                            "order_by": [], "limit": None})

        if rest(interp.query) != rest(self.context) or any(set(q.dimensions) & levels
                                                            for q in (self.context, *self.beside)):
            return interp  # (rows per area before: one table shows one level; red team 29)
        shown = [self.context, *self.beside]
        before = {(f.dimension, str(v)) for q in shown for f in q.filters if f.dimension in levels for v in f.values}
        new = [(f.dimension, v) for f in interp.query.filters if f.dimension in levels for v in f.values
               if (f.dimension, str(v)) not in before]
        if not new and not any(f.dimension in levels for f in interp.query.filters):
            new = [(None, None)]  # the whole home gemeente ('En heel Den Haag? Zet ze naast elkaar')
        # (no area filter: the whole home gemeente)
        old_levels = {f.dimension for f in self.context.filters if f.dimension in levels} or {
            self.assistant.offline.lex.home_dimension}
        if not new or (not self.beside and all((d or self.assistant.offline.lex.home_dimension) in old_levels
                                               for d, _v in new)):
            return interp  # (one more area of the same level: a row each already)
        added = [rest(self.context).model_copy(update={"filters": [
            *rest(self.context).filters, *([Filter(dimension=d, op="=", values=[v])] if d else [])]}) for d, v in new]
        return dataclasses.replace(interp, query=self.context, beside=[*self.beside, *added])

    def _defined(self, text: str, compiled: CompiledQuery, query: SemanticQuery | None) -> tuple[str, str, dict]:
        """The answer's text with the first figure's definition and the source after it: (text, source,
        definitions)."""
        model = self.assistant.model
        sources = [str(model.metrics[m].source) for m in (query.metrics if query is not None else [])
                   if m in model.metrics]
        source = source_text(compiled.sources, sources)
        definitions = dict(compiled.definitions)
        if definitions:
            first_label, first_def = next(iter(definitions.items()))
            text += f" Definitie ({first_label}): {_first_sentence(first_def)}"
        if source:
            text += f" Bron: {source}."
        return text, source, definitions

    def _answerable_in_other_years(self, query: SemanticQuery) -> bool:
        try:
            compile_query(query.model_copy(update={"years": None, "year_comparison": None}), self.assistant.catalogue)
        except QueryError:
            return False
        return True

    def _year_before(self, question: str, query: SemanticQuery, answer: Answer) -> dict | None:
        """One figure over one year: the same figure a year earlier ({'jaar', 'waarde'}), run through the same
        guards and recorded like any answer (a withheld or missing figure gives none)."""
        if (answer.chart.kind != "single" or len(answer.rows) != 1 or answer.suppressed or not query.years
                or len(query.years) != 1 or query.year_comparison is not None or len(query.metrics) != 1):
            return None
        earlier = query.years[0] - 1
        try:
            if earlier not in set(self.assistant.catalogue.years_for_all(query.metrics)):
                return None
            before = query.model_copy(update={"years": [earlier]})
            previous = self._execute(question, compile_query(before, self.assistant.catalogue), [], query=before)
        except (QueryError, KeyError, TypeError):
            return None
        column = answer.chart.y
        if (previous.status != "answered" or previous.suppressed or len(previous.rows) != 1
                or column not in previous.columns):
            return None
        value = previous.rows[0][previous.columns.index(column)]
        return {"jaar": earlier, "waarde": value} if isinstance(value, (int, float)) else None

    def _year_with_data(self, query: SemanticQuery) -> SemanticQuery | None:
        """The same query for the last year with data before the one asked, when that one year has none."""
        if not query.years or len(query.years) != 1 or query.year_comparison is not None:
            return None
        catalogue = self.assistant.catalogue
        try:
            available = set(catalogue.years_for_all(query.metrics))
        except (KeyError, TypeError):
            return None
        earlier = [y for y in available if y < query.years[0]]
        if query.years[0] in available or not earlier:
            return None
        return query.model_copy(update={"years": [max(earlier)]})

    def _run_sql(self, sql: Any) -> Answer:
        a = self.assistant
        if not isinstance(sql, str) or not sql.strip():
            return self._error("", "Geef een SQL-opdracht (één SELECT op de views van de semantische laag).")
        text = normalised(sql).strip()
        if len(text) > 20_000:
            return self._error("", "Deze SQL is te lang (maximaal 20.000 tekens).")
        scrubbed_sql, findings = scrub(text, a.vocabulary, sql=True)
        if findings:
            reason = "De SQL bevat persoonsgegevens; die worden niet verwerkt."
            kept, reason = _own_words_masked(scrubbed_sql, reason, a.catalogue, a.vocabulary)
            return self._finish(Answer(status="refused", question=kept, refusal="sql", answer=reason),
                                decision="refused", reasons=[reason], sql=kept)
        try:
            import guards

            analyst_query = getattr(guards, "analyst_query", None)
            if analyst_query is None:
                from guards.analyst import analyst_query  # type: ignore[no-redef]
            compiled = analyst_query(text, a.catalogue)
        except SqlRefused as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            # a name or value of the analyst's own that the semantic layer does not know is neither kept nor
            # quoted back: it may be a resident's ('AS jan_bakker', "wijk = 'Colindreef 231'"; red team 16)
            kept, reason = _own_words_masked(scrubbed_sql, reason, a.catalogue, a.vocabulary)
            return self._finish(Answer(status="refused", question=kept, refusal="sql", answer=f"Deze SQL wordt niet uitgevoerd: {reason}"),
                                decision="refused", reasons=[reason], sql=kept)
        except ImportError:
            reason = "Eigen SQL is in deze installatie niet beschikbaar."
            return self._finish(Answer(status="refused", question=scrubbed_sql, refusal="sql", answer=reason),
                                decision="refused", reasons=[reason], sql=scrubbed_sql)
        # the analyst's own text is kept (and stays in the editor) when the product can account for every word of
        # it; otherwise the same question as the semantic layer writes it (a name as table alias; red team 17)
        own = _own_words_masked(scrubbed_sql, "", a.catalogue, a.vocabulary)[0] == scrubbed_sql
        kept = scrubbed_sql if own else _values_in_order(compiled.editable_ast()).sql(dialect="duckdb", pretty=True)
        answer = self._execute(kept, compiled, [], query=compiled.query)
        if answer.sql_editable is not None:
            answer.sql_editable = kept
        return answer

    def _guarded(self, question: str, compiled: CompiledQuery, notices: list[str]):
        """Run one compiled query through the guards: (result, sql), or the finished answer when it timed out or was
        refused."""
        a = self.assistant
        try:
            return run_guarded(a.cursor, compiled, a.allowed_views, a.disclosure, self.memory,
                               limit=a.settings.sql_limit, timeout_s=a.statement_timeout_s, cache=a.results)
        except StatementTimeout as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            return self._finish(Answer(status="error", question=question, answer=reason, notices=notices),
                                decision="error", reasons=[reason], sql=compiled.sql(a.dialect))
        except SqlRefused as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            return self._finish(Answer(status="refused", question=question, answer=f"Deze vraag wordt niet uitgevoerd: {reason}",
                                       notices=notices), decision="refused", reasons=[reason])

    def _execute(self, question: str, compiled: CompiledQuery, notices: list[str], query: SemanticQuery | None,
                 chart: str | None = None) -> Answer:
        a = self.assistant
        ran = self._guarded(question, compiled, notices)
        if isinstance(ran, Answer):
            return ran
        result, sql = ran
        rows_out = [[plain(v) for v in row] for row in result.rows]
        specs = {c.name: c for c in compiled.columns}
        suppressed_cells = [[int(r), int(c)] for r, c in result.suppressed]
        for r, c in suppressed_cells:
            if r < len(rows_out) and c < len(rows_out[r]):
                rows_out[r][c] = None  # a suppressed cell is null in every output, whatever else happened
        status = _status(result.columns, rows_out, suppressed_cells, specs)
        text = a.composer.compose(query, compiled, result.columns, rows_out, result.suppressed, result.notices)
        text += self._difference_sentence(question, result.columns, rows_out, suppressed_cells, specs)
        text, source, definitions = self._defined(text, compiled, query)
        answer_text, _ = scrub(text, a.vocabulary)
        all_notices = list(notices) + list(result.notices)
        if any(c.release is not None for c in compiled.columns):
            all_notices.append(PROTECTION_NOTICE.format(d=a.disclosure.perturbation.max_deviation))
        if "synthetische" in source:
            all_notices.append("Let op: de gemeentelijke cijfers zijn synthetische demodata, geen echte inwoners.")
        year_dim = next((n for n, d in a.model.dimensions.items() if d.spec.get("kind") == "year"), "jaar")
        # the map shows wijk boundaries: the finest area level (the last area dimension of the model)
        map_dim = next((n for n, d in reversed(list(a.model.dimensions.items()))
                        if d.spec.get("kind") == "area" and n != a.offline.lex.home_dimension), "wijk")
        chart_obj = suggest_chart(query, compiled, len(rows_out), year_dim, map_dim, requested=chart)
        if chart_obj.kind in ("bar", "line"):
            chart_obj.reference = reference_value(a.model, chart_obj.y)
        by_dialect = DialectSql(DIALECTS, lambda dialect: compiled.sql(dialect, pretty=True))
        labels = {c: specs[c].label for c in result.columns if c in specs}
        units = {c: specs[c].unit for c in result.columns if c in specs}
        derived = differences(a.model, list(result.columns))
        for name, (minuend, subtrahend) in derived.items():
            labels[name] = f"Verschil ({labels[minuend].lower()} − {labels[subtrahend].lower()})"
            units[name] = units[minuend]
            definitions[labels[name]] = (f"{labels[minuend]} min {labels[subtrahend].lower()}, berekend uit de getoonde "
                                         f"cijfers; positief: meer dan {labels[subtrahend].lower()}.")
        shares = ratios(a.model, list(result.columns))
        for name in shares:
            metric = a.model.metrics[name]
            labels[name], units[name] = metric.label, metric.unit
            definitions[metric.label] = f"{metric.description} Hier berekend uit de getoonde bedragen."
        named = {c: {str(v): a.catalogue.value_text(c, v) for v in {row[i] for row in rows_out} if v is not None}
                 for i, c in enumerate(result.columns) if c in specs and specs[c].kind == "dimension"}
        texts = {c: {v: t for v, t in names.items() if t != v} for c, names in named.items()}
        answer = Answer(
            status=status,
            answer=answer_text,
            question=question,
            sql=sql,
            sql_editable=compiled.editable_sql(),
            columns=list(result.columns),
            rows=rows_out,
            suppressed=suppressed_cells,
            notices=all_notices,
            source=source,
            semantic_query=query.model_dump(exclude_none=True) if query is not None else None,
            definitions=definitions,
            chart=chart_obj if isinstance(chart_obj, Chart) else Chart(),
            column_labels=labels,
            column_units=units,
            value_texts={c: t for c, t in texts.items() if t},
            differences=derived,
            ratios=shares,
            sql_by_dialect=by_dialect,
        )
        return self._finish(answer, decision=answer.status, reasons=result.notices, sql=sql)

    # ------------------------------------------------------------------ helpers
    def _difference_sentence(self, question: str, columns: list[str], rows: list[list], suppressed: list[list[int]],
                             specs: dict) -> str:
        """'Hoeveel meer … in Moerwijk dan in Morgenstond?': the difference of the two shown figures, said, in the
        order the question names the areas (computed from the released values)."""
        folded = fold(question or "")
        if len(rows) != 2 or not re.search(r"\bhoeveel\s+(?:\w+\s+)?(?:meer|minder|hoger|lager|groter|kleiner)\b"
                                           r"|\bverschil\b", folded):
            return ""
        areas = [c for c in columns if c in self.assistant.offline.lex.area_dimensions]
        measures = [c for c in columns if c in specs and specs[c].kind == "measure"]
        if len(areas) != 1 or len(measures) != 1 or [r for r, _c in suppressed]:
            return ""
        a_col, m_col = columns.index(areas[0]), columns.index(measures[0])
        named = sorted(rows, key=lambda row: folded.find(fold(str(row[a_col]))) % (len(folded) + 1))
        (first, x), (second, y) = [(str(row[a_col]), row[m_col]) for row in named]
        if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or x == y:
            return ""
        unit = specs[measures[0]].unit
        word = "meer" if x > y else "minder"
        return f" Verschil: {format_value(abs(x - y), unit)} {word} in {first} dan in {second}."

    def _refuse(self, question: str, message: str, reason: str) -> Answer:
        return self._finish(Answer(status="refused", question=question, answer=message, refusal="access"),
                            decision="refused", reasons=[reason, message])

    def _error(self, question: str, message: str, decision: str = "error", sql: str | None = None) -> Answer:
        return self._finish(Answer(status="error", question=question, answer=message), decision=decision,
                            reasons=[message], sql=sql)

    def _quoted_kept(self, text: str, said: str, strict: bool = False) -> str:
        """``text`` with every quoted word of the question ``said`` as :func:`kept_text` keeps it."""
        if not text or "'" not in text:
            return text
        folded = fold(said)

        def keep(m: re.Match) -> str:
            inner = m.group(1)
            if fold(inner) not in folded:  # (quoted as read: lower case, without accents; red team 27)
                return m.group(0)
            return "'" + kept_text(inner, self.assistant.vocabulary, strict) + "'"

        return _QUOTED.sub(keep, text)

    def _finish(self, answer: Answer, decision: str, reasons: list[str] | None = None, sql: str | None = None) -> Answer:
        answer.protection = self.assistant.disclosure.describe()
        said = self._said
        if said:  # a word of the question quoted in a message is kept as the question is ('nienke': '…'); of a
            # refused question, no word that may name someone (red team 17: 'Over 'koning' heb ik geen gegevens')
            refused = answer.status == "refused"
            answer.answer = self._quoted_kept(answer.answer, said, refused)
            answer.notices = [self._quoted_kept(n, said, refused) for n in answer.notices]
            # an option quotes the question too ("Cliënten (zonder '…')", red team 29); chosen, it is found again
            options = [self._quoted_kept(o, said, refused) for o in answer.options]
            for old, new in zip(answer.options, options):
                if new != old and fold(old) in self._pending:
                    self._pending[fold(new)] = self._pending.pop(fold(old))
            answer.options = options
            reasons = [self._quoted_kept(r, said, refused) for r in reasons or []]
        if answer.status == "refused" and answer.refusal != "sql":
            # a refused question is not kept nor shown again, scrubbed or not: what the scrubber missed of a
            # resident in it (red team 16) stays out of the history, the share links and the audit log
            answer.question = REFUSED_QUESTION
        try:
            self.assistant.audit.record(self.user, answer.question, sql if sql is not None else answer.sql,
                                        decision, list(reasons or []), role=self.role)
        except Exception:
            log.exception("auditlog niet bijgewerkt")
            answer.notices.append("Let op: deze beslissing kon niet in het auditlog worden vastgelegd.")
        return answer


_QUOTED = re.compile(r"'([^'\n]{1,80})'")


def _status(columns: list[str], rows: list[list[Any]], suppressed: list[list[int]], specs: dict) -> str:
    """'suppressed' only when every measure cell is suppressed; a partly suppressed table is 'answered'
    (its suppressed cells listed in `suppressed` and explained in the answer and the notices)."""
    measures = [j for j, name in enumerate(columns) if specs.get(name) is not None and specs[name].kind == "measure"]
    cells = {(r, c) for r in range(len(rows)) for c in measures}
    hidden = {(r, c) for r, c in suppressed} & cells
    return "suppressed" if cells and hidden == cells else "answered"


REFUSED_QUESTION = "(geweigerde vraag; de tekst wordt niet bewaard)"
OWN_WORD = "…"
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _values_in_order(tree: Any) -> Any:
    """``tree`` with the values of every IN list sorted: a set of values means the same in any order, and an order
    of the analyst's own may spell a number ('leeftijd IN (0, 6, 1, 2, ...)'; red team 19)."""
    from sqlglot import exp

    for node in tree.find_all(exp.In):
        values = node.expressions
        if values and all(isinstance(v, exp.Literal) for v in values):
            node.set("expressions", sorted(values, key=lambda v: (v.is_string, float(v.this) if v.is_number else 0,
                                                                  v.this)))
    return tree


def _identifier_shaped(text: str, used: set[str], vocabulary: Any) -> bool:
    """Does ``text`` hold a number the answer uses that what is kept of it replaces (a run or a number of an
    identifier's or a date's form, judged on this text alone)?"""
    said = spelled_numbers(text, vocabulary)
    if not any(value in used for value in said):
        return False  # (most questions: years only)
    kept = spelled_numbers(kept_text(text, vocabulary, numbers=used), vocabulary)
    for value in said:
        if value in kept:
            kept.remove(value)
        elif value in used:
            return True
    return False


def _used_numbers(query: SemanticQuery) -> set[str]:
    """Every number a query holds (years, age bounds, values, a limit, the 1000 of a rate), also as the parts of a
    range or code ('0-17': 0 and 17; '6.72')."""
    text = json.dumps(query.model_dump(mode="json"), ensure_ascii=False)
    found = set(re.findall(r"\d+(?:\.\d+)?", text))
    return found | {p for n in found for p in n.split(".")}


def _own_words_masked(sql: str, reason: str, catalogue: Any, vocabulary: Any = None) -> tuple[str, str]:
    """SQL and a reason about it with every word of the analyst's own the product cannot account for replaced by
    '…' (found on the parsed statement): an alias or string literal the semantic layer does not know, and a name
    (table, schema, column, function, alias) that is neither the semantic layer's nor Dutch or English words
    ('FROM liam.coret_coredo', 'WHERE julessteeg = 170'; red team 17). SQL that does not parse is not kept."""
    import sqlglot
    from sqlglot import exp

    from semantic_layer.sql_api import SEMANTIC_RELATION

    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except Exception:  # noqa: BLE001 - unparseable text: nothing of it is kept
        return "(SQL niet bewaard: niet te lezen)", reason
    model = catalogue.model
    known = {n.lower() for n in [*model.metrics, *model.dimensions, *catalogue.allowed_views(), SEMANTIC_RELATION]}
    values = {str(v).lower() for d in model.dimensions for v in catalogue.values(d)}
    own = {a.alias for a in tree.find_all(exp.Alias) if a.alias and a.alias.lower() not in known}
    own |= {lit.this for lit in tree.find_all(exp.Literal) if lit.is_string and lit.this
            and lit.this.lower() not in values and lit.this.lower() not in known}

    def unaccounted(name: str) -> bool:
        words = name.replace("_", " ").replace(".", " ").strip()
        return bool(words) and name.lower() not in known and kept_text(words, vocabulary) != words

    own |= {i.name for i in tree.find_all(exp.Identifier) if i.name and unaccounted(i.name)}
    # numbers: a list or a number that spells an identifier ('jaar NOT IN (999, 950, 344)'), as in a question
    lists = [[lit for lit in node.expressions if isinstance(lit, exp.Literal) and not lit.is_string]
             for node in tree.find_all(exp.In)]
    listed = {id(lit) for group in lists for lit in group}
    lists += [[lit] for lit in tree.find_all(exp.Literal) if not lit.is_string and id(lit) not in listed]
    lists.append([lit for lit in tree.find_all(exp.Literal) if not lit.is_string])  # (spread over the statement)
    numbers: set[str] = set()
    for group in lists:
        if group and kept_text(", ".join(lit.this for lit in group)) != ", ".join(lit.this for lit in group):
            numbers |= {lit.this for lit in group if lit.this.lower() not in values}
    own |= {f.name for f in tree.find_all(exp.Anonymous) if f.name and unaccounted(f.name)}
    for word in sorted(own, key=len, reverse=True):
        pattern = r"(?<![\w])" + re.escape(word) + r"(?![\w])"
        sql, reason = re.sub(pattern, OWN_WORD, sql), re.sub(pattern, OWN_WORD, reason)
    for number in sorted(numbers, key=len, reverse=True):
        pattern = r"(?<![\w.])" + re.escape(number) + r"(?![\w]|\.\d)"
        sql, reason = re.sub(pattern, OWN_WORD, sql), re.sub(pattern, OWN_WORD, reason)
    # a comment is the analyst's own text, never needed to run the statement (red team 18: '-- 99999 9874')
    sql = _COMMENT.sub(lambda m: "/* … */" if m.group(0).startswith("/*") else "-- …", sql)
    return sql, reason


PERSONAL_KINDS = {"BSN": "een BSN", "NAAM": "een naam", "ADRES": "een adres", "TELEFOON": "een telefoonnummer",
                  "EMAIL": "een e-mailadres", "IBAN": "een rekeningnummer", "POSTCODE": "een postcode",
                  "GEBOORTEDATUM": "een geboortedatum"}
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")


def _without_personal_clauses(scrubbed: str) -> str | None:
    """The question without the clauses that held personal data ('Mijn BSN is <BSN>, hoeveel ...'
    -> 'hoeveel ...'), or None when nothing of a question is left."""
    clauses = re.split(r"(?<=[,;.!?])\s+", scrubbed)
    kept = [c for c in clauses if not _PLACEHOLDER.search(c)]
    if any(c.rstrip().endswith("?") for c in clauses if _PLACEHOLDER.search(c)):
        return None  # the personal data is in the question itself ('bij welke voorzieningen hoort <nummer>?')
    rest = " ".join(kept).strip(" ,;")
    if len(kept) == len(clauses) or not re.search(r"[a-zA-Z]{3}", rest):
        return None
    return rest[0].upper() + rest[1:]


def _removed_notice(findings: list) -> str:
    kinds = sorted({PERSONAL_KINDS.get(str(getattr(f, "entity_type", "")), "een persoonsgegeven") for f in findings})
    listed = " en ".join(kinds) if len(kinds) <= 2 else ", ".join(kinds[:-1]) + " en " + kinds[-1]
    return (f"Uw vraag bevatte {listed}. Dat is verwijderd en niet verwerkt: Wijkvraag verwerkt geen "
            "persoonsgegevens en geeft alleen cijfers over groepen. De rest van uw vraag is hieronder beantwoord.")


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _pick_option(options: dict[str, Any], reply: str) -> Any:
    """The option a reply to a question back chooses: its text ('stadsdeel Laak'), or a short reply whose
    words all start words of exactly one option ('de wijk', 'het stadsdeel', 'wijk Laak')."""
    key = fold(reply).strip(" ?.!")
    if key in options or not options:
        return options.get(key)
    words = [w for w in key.replace(",", " ").split() if w not in STOPWORDS]
    if not words or len(words) > 4:
        return None
    fitting = [name for name in options
               if all(any(part.startswith(w) for part in name.split()) for w in words)]
    return options[fitting[0]] if len(fitting) == 1 else None
