"""`ccgov raci ...`: RACI matrices."""

from __future__ import annotations

import json
import sys
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_prefix, repository_root
from ccgov.cli.options import FORMAT_HELP
from ccgov.cli.reporters import Format

raci_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="RACI matrices: show them, check them."
)

# Piped, every matrix is one list: a row per activity and role that has letters.
PIPED_COLUMNS = ("matrix", "activity", "role", "letters")


@raci_app.command("show")
def raci_show_command(
    ctx: typer.Context,
    process: str = typer.Argument(
        None, metavar="PROCESS", help="A process id (file name under raci/); default: all."
    ),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """Show RACI matrices: tables on a terminal; piped, one tab-separated row
    per activity and role."""
    from ccgov.cli.output import console, is_terminal, markup, print_records
    from ccgov.errors import RefusedError
    from ccgov.report import raci

    matrices = raci.build(open_repository(ctx))
    if process is not None:
        matrices = [m for m in matrices if m.id == process]
        if not matrices:
            raise RefusedError(f"there is no RACI matrix {process!r}", hint="see ccgov raci show")
    if output_format == "json":
        document = [
            {
                "id": m.id,
                "process": m.process,
                "description": m.description,
                "roles": m.roles,
                "activities": [
                    {
                        "name": name,
                        "raci": {r: x for r, x in zip(m.roles, letters, strict=True) if x},
                    }
                    for name, letters in m.rows
                ],
            }
            for m in matrices
        ]
        typer.echo(json.dumps(document, indent=2))
        return
    if not is_terminal():
        rows = [
            {"matrix": m.id, "activity": name, "role": role, "letters": letter}
            for m in matrices
            for name, letters in m.rows
            for role, letter in zip(m.roles, letters, strict=True)
            if letter
        ]
        print_records(rows, PIPED_COLUMNS, "text")
        return
    from rich.table import Table

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
    if not matrices:
        console(stderr=True).print("no RACI matrices yet: add one under raci/")


@raci_app.command("check")
def raci_check_command(
    ctx: typer.Context,
    output_format: Format = typer.Option(
        "auto",
        "--format",
        "-f",
        help="As for validate: text, json, github or sarif (auto: github under GitHub Actions).",
    ),
) -> None:
    """Check every matrix: exactly one A and at least one R per activity, declared roles only."""
    from ccgov.cli.reporters import reporter_for
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.records.kinds import KIND_BY_NAME
    from ccgov.validation.validate import validate

    root = repository_root(ctx)
    result = validate(root, only=[KIND_BY_NAME["raci"].directory])
    reporter_for(output_format, repository_prefix(root)).report(result, sys.stdout)
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)
