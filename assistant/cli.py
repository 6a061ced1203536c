"""Command line: ``python -m assistant ask "VRAAG" --json``, ``sql "SELECT ..." --json``, ``eval``,
``audit verify``.

The CLI cannot sign in: it runs as a local demo user (``--user``, default ``cli``) in a role given by
``--role`` or ``WIJKVRAAG_CLI_ROLE``; without either, ``ask`` runs as beleidsmaker and ``sql`` as analist,
as one picks a role in the demo app. The assistant enforces the role: ``sql`` in any other role is
refused. With ``WIJKVRAAG_REQUIRE_LOGIN=1`` (only signed-in users) the CLI answers no questions and runs
no SQL.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant.answer import Answer
from assistant.compose import format_value
from assistant.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Wijkvraag: vragen over het sociaal domein, in gewoon Nederlands.")
log = logging.getLogger("wijkvraag.cli")


def _emit(answer: Answer, as_json: bool, console: Console) -> None:
    if as_json:
        sys.stdout.write(json.dumps(answer.to_json_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    console.print(f"[bold]{answer.status}[/bold]  {answer.answer}", highlight=False)
    if answer.columns:
        table = Table(show_header=True, header_style="bold")
        for col in answer.columns:
            table.add_column(answer.column_labels.get(col, col), justify="left" if answer.column_units.get(col) in (None, "jaar") else "right")
        for row in answer.rows:
            table.add_row(*[format_value(v, answer.column_units.get(c)) if not isinstance(v, str) else v
                            for c, v in zip(answer.columns, row)])
        console.print(table)
    for notice in answer.notices:
        console.print(f"[yellow]• {notice}[/yellow]", highlight=False)
    if answer.options:
        console.print("Kies: " + " | ".join(answer.options), highlight=False)
    if answer.sql:
        console.print(f"[dim]SQL: {answer.sql}[/dim]", highlight=False)


def _failure(message: str, question: str = "") -> Answer:
    return Answer(status="error", answer=message, question=question)


def _start(as_json: bool, console: Console, question: str = ""):
    """The Assistant, or a Dutch error answer and exit code 1 when it cannot start."""
    from assistant.session import Assistant, AssistantError

    settings = Settings()
    if settings.require_login:
        message = ("Deze installatie vereist aanmelding (WIJKVRAAG_REQUIRE_LOGIN=1); de opdrachtregel kan niet "
                   "aanmelden. Gebruik de app en meld u aan.")
        _emit(_failure(message, question), as_json, console)
        raise typer.Exit(1)
    try:
        return Assistant(settings)
    except AssistantError as exc:  # a known cause (missing warehouse ...): its Dutch message says what to do
        message = str(exc)
    except Exception:
        log.exception("start mislukt")
        message = "Wijkvraag kon niet starten."
    _emit(_failure(message, question), as_json, console)
    raise typer.Exit(1)


@app.command()
def ask(
    vraag: Optional[str] = typer.Argument(None, help="de vraag; zonder vraag: één vraag per regel van stdin"),
    as_json: bool = typer.Option(False, "--json", help="één JSON-object per antwoord"),
    user: str = typer.Option("cli", "--user", help="gebruikersnaam voor het auditlog"),
    role: Optional[str] = typer.Option(None, "--role", help="beleidsmaker, analist of raadslid "
                                       "(standaard WIJKVRAAG_CLI_ROLE, anders beleidsmaker)"),
) -> None:
    """Stel een vraag (of lees vragen van stdin: een lege regel begint een nieuw gesprek)."""
    console = Console()
    assistant = _start(as_json, console, vraag or "")
    role = role or assistant.settings.cli_role or "beleidsmaker"
    session = assistant.new_session(user=user, role=role)
    if vraag is not None:
        _emit(session.ask(vraag), as_json, console)
        return
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if not text.strip():
            session = assistant.new_session(user=user, role=role)  # a new conversation
            continue
        _emit(session.ask(text), as_json, console)


@app.command()
def sql(
    query: str = typer.Argument(..., help="één SELECT op de views van de semantische laag"),
    as_json: bool = typer.Option(False, "--json", help="één JSON-object"),
    user: str = typer.Option("cli", "--user", help="gebruikersnaam voor het auditlog"),
    role: Optional[str] = typer.Option(None, "--role", help="alleen analist mag SQL uitvoeren "
                                       "(standaard WIJKVRAAG_CLI_ROLE, anders analist)"),
) -> None:
    """Voer eigen SQL uit, door dezelfde SQL- en onthullingscontrole (alleen in de rol analist)."""
    console = Console()
    assistant = _start(as_json, console)
    role = role or assistant.settings.cli_role or "analist"
    _emit(assistant.new_session(user=user, role=role).run_sql(query), as_json, console)


audit_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Het auditlog.")
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    path: Optional[str] = typer.Option(None, "--path", help="het auditlog (standaard WIJKVRAAG_AUDIT_LOG_PATH)"),
    as_json: bool = typer.Option(False, "--json", help="de uitkomst als één JSON-object"),
) -> None:
    """Controleer de hashketen van het auditlog; noemt de eerste gewijzigde, ontbrekende of ingevoegde regel."""
    from dataclasses import asdict

    from guards.audit import AuditLog

    settings = Settings()
    result = AuditLog(path or settings.audit_log_path, key=settings.audit_key).verify()
    if as_json:
        sys.stdout.write(json.dumps({**asdict(result), "message": result.message()}, ensure_ascii=False) + "\n")
    else:
        Console().print(result.message(), highlight=False)
    raise typer.Exit(0 if result.ok else 1)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval(ctx: typer.Context) -> None:  # noqa: A001 - the command is called 'eval'
    """Meet de interpretatie op de ontwikkelset (tests/questions)."""
    from assistant import evaluation

    code = evaluation.main(list(ctx.args))
    raise typer.Exit(code or 0)


class _OneLineFormatter(logging.Formatter):
    """Log lines for a terminal user: the message, never a traceback (set WIJKVRAAG_DEBUG=1 to see them)."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = ""
        return super().format(record).rstrip()


def main(argv: list[str] | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if not os.environ.get("WIJKVRAAG_DEBUG"):
        handler.setFormatter(_OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    app(args=argv, prog_name="python -m assistant")
