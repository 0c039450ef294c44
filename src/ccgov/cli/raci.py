"""`ccgov raci ...`: RACI matrices."""

from __future__ import annotations

import sys

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.output import console, markup

raci_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="RACI matrices: show them, check them."
)


@raci_app.command("show")
def raci_show_command(
    ctx: typer.Context,
    process: str = typer.Argument(None, help="A process id (file name under raci/); default: all."),
) -> None:
    """Show RACI matrices as tables."""
    from rich.table import Table

    from ccgov.errors import RefusedError
    from ccgov.report import raci

    matrices = raci.build(open_repository(ctx))
    if process is not None:
        matrices = [m for m in matrices if m.id == process]
        if not matrices:
            raise RefusedError(f"there is no RACI matrix {process!r}", hint="see ccgov raci show")
    out = console()
    for matrix in matrices:
        table = Table(
            "activity",
            *(markup(role) for role in matrix.roles),
            title=f"{markup(matrix.process)} ({markup(matrix.id)})",
        )
        for name, letters in matrix.rows:
            table.add_row(markup(name), *(markup(letter) for letter in letters))
        out.print(table)


@raci_app.command("check")
def raci_check_command(ctx: typer.Context) -> None:
    """Check every matrix: exactly one A and at least one R per activity, declared roles only."""
    from ccgov.cli.reporters import TextReporter
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.records.kinds import KIND_BY_NAME
    from ccgov.validation.validate import validate

    result = validate(repository_root(ctx), only=[KIND_BY_NAME["raci"].directory])
    TextReporter().report(result, sys.stdout)
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)
