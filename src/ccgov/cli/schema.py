"""`ccgov schema export`."""

from __future__ import annotations

from pathlib import Path

import typer

from ccgov.cli.context import settings

schema_app = typer.Typer(
    rich_markup_mode=None,
    help="JSON Schemas of the records, for editors and other tools.",
    no_args_is_help=True,
)


@schema_app.command("export")
def export_command(
    ctx: typer.Context,
    directory: Path = typer.Argument(
        Path("schemas"), help="Where to write the *.schema.json files."
    ),
) -> None:
    """Write one JSON Schema (draft-07) per record kind, plus ccgov.yaml's."""
    from ccgov.onboarding import schemas

    target = directory if directory.is_absolute() else settings(ctx).directory / directory
    from ccgov.cli.output import safe

    for path in schemas.export(target):
        typer.echo(safe(path))
