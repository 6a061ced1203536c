"""`python -m warehouse build [--seed N] [--path P] [--scale gemeente|national]` and
`python -m warehouse export --to URL [--path P] [--if-missing]`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from warehouse.builder import DEFAULT_PATH, SCALES, BuildError, _validate, build

app = typer.Typer(add_completion=False, help="Het Wijkvraag-magazijn (DuckDB) bouwen en exporteren.", no_args_is_help=True)
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """Wijkvraag-magazijn: CBS-cijfers en synthetische microdata van 's-Gravenhage."""


@app.command("build")
def build_command(
    seed: str = typer.Option("42", "--seed", help="Seed voor de synthetische gegevens (geheel getal >= 0)."),
    path: Path = typer.Option(DEFAULT_PATH, "--path", help="Doelbestand van het magazijn."),
    scale: str = typer.Option("gemeente", "--scale", help="'gemeente' ('s-Gravenhage) of 'national' (heel Nederland)."),
) -> None:
    """Bouw het magazijn: CBS-tabellen, synthetische microdata en analytische views."""
    try:
        seed_value = int(seed.strip())
    except ValueError:
        console.print(f"[red]Fout:[/red] het seed moet een geheel getal zijn, niet '{seed}'.")
        raise typer.Exit(2)
    if scale not in SCALES:
        console.print(f"[red]Fout:[/red] onbekende schaal '{scale}': kies 'gemeente' of 'national'.")
        raise typer.Exit(2)
    try:
        _validate(path, seed_value, scale)
    except BuildError as exc:
        console.print(f"[red]Fout:[/red] {exc}")
        raise typer.Exit(2)
    started = time.perf_counter()
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console) as bar:
            task = bar.add_task("magazijn bouwen", total=1.0)

            def report(step: str, fraction: float) -> None:
                bar.update(task, description=step, completed=fraction)

            target = build(path, seed=seed_value, scale=scale, progress=report)
    except BuildError as exc:
        console.print(f"[red]Fout:[/red] {exc}")
        raise typer.Exit(2)
    except KeyboardInterrupt:
        console.print("[yellow]Afgebroken; er is geen half gebouwd magazijn achtergebleven.[/yellow]")
        raise typer.Exit(130)
    except OSError as exc:
        console.print(f"[red]Fout:[/red] het magazijn kon niet worden geschreven: {exc.strerror or exc}.")
        raise typer.Exit(1)
    except Exception as exc:  # noqa: BLE001 - the user gets a message, never a traceback
        console.print(f"[red]Fout:[/red] het bouwen is mislukt ({type(exc).__name__}: {exc}).")
        raise typer.Exit(1)
    console.print(f"Magazijn gebouwd: {target} ({time.perf_counter() - started:.1f} s, schaal {scale}, seed {seed_value}).")


@app.command("export")
def export_command(
    to: str = typer.Option(..., "--to", help="Doel: postgresql://gebruiker@host:poort/database of spark:///map."),
    path: Path = typer.Option(DEFAULT_PATH, "--path", help="Het DuckDB-magazijn dat wordt gekopieerd."),
    if_missing: bool = typer.Option(False, "--if-missing", help="Niets doen als het doel de views al heeft."),
) -> None:
    """Kopieer de analytische views (nooit persoon_identiteit) naar PostgreSQL of naar Parquet voor Spark."""
    from warehouse.backends import describe_url
    from warehouse.export import export

    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console) as bar:
            task = bar.add_task("exporteren", total=1.0)
            result = export(path, to, progress=lambda step, f: bar.update(task, description=step, completed=f),
                            if_missing=if_missing)
    except BuildError as exc:
        console.print(f"[red]Fout:[/red] {exc}")
        raise typer.Exit(2)
    except Exception as exc:  # noqa: BLE001 - the user gets a message, never a traceback
        console.print(f"[red]Fout:[/red] het exporteren is mislukt ({type(exc).__name__}: {describe_url(str(exc))}).")
        raise typer.Exit(1)
    if result.skipped:
        console.print(f"{result.target} heeft de views al; niets gekopieerd.")
        return
    rows = sum(result.rows.values())
    console.print(f"Geëxporteerd naar {result.target}: {rows:,} rijen in {len(result.rows)} tabellen "
                  f"({result.seconds:.1f} s).".replace(",", "."))


USAGE = ("Gebruik: python -m warehouse build [--seed N] [--path BESTAND] [--scale gemeente|national]\n"
         "         python -m warehouse export --to postgresql://...|spark:///MAP [--path BESTAND] [--if-missing]")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI; usage errors get a Dutch message instead of an English one or a traceback."""
    try:
        code = app(args=argv, standalone_mode=False, prog_name="python -m warehouse")
    except typer.Abort:
        console.print("[yellow]Afgebroken.[/yellow]")
        return 130
    except typer.TyperException as exc:
        kind = type(exc).__name__
        if kind == "NoArgsIsHelpError":
            console.print(USAGE)
        elif kind == "NoSuchOption":
            console.print(f"[red]Fout:[/red] onbekende optie '{getattr(exc, 'option_name', '')}'.\n{USAGE}")
        elif kind in ("BadOptionUsage", "MissingParameter"):
            console.print(f"[red]Fout:[/red] een optie mist haar waarde.\n{USAGE}")
        elif kind == "UsageError" and "command" in str(exc):
            console.print(f"[red]Fout:[/red] onbekende opdracht; kies 'build' of 'export'.\n{USAGE}")
        else:
            console.print(f"[red]Fout:[/red] ongeldige aanroep.\n{USAGE}")
        return 2
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(run())
