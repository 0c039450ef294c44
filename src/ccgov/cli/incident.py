"""`ccgov incident ...`: incidents from a service-desk tool."""

from __future__ import annotations

import json
import sys
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ccgov.cli.context import open_repository, settings

if TYPE_CHECKING:
    from ccgov.imports.incident_plan import ImportResult

incident_app = typer.Typer(
    rich_markup_mode=None,
    help="Incidents: import them from a service-desk tool's CSV export.",
    no_args_is_help=True,
)

ImportFormat = Literal["text", "json"]


@incident_app.command("import")
def import_command(
    ctx: typer.Context,
    csv_file: Path = typer.Argument(..., metavar="FILE.csv", help="The tool's ticket export."),
    mapping: Path = typer.Option(
        ...,
        "--map",
        metavar="FILE.yaml",
        help="YAML saying which column holds each field, the export's time zone and value maps.",
    ),
    write: bool = typer.Option(
        False, "--apply", help="Write and commit the new incidents (default: a dry run)."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="With --apply: stage the new records but do not commit."
    ),
    output_format: ImportFormat = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Turn a ticket export into incident records, skipping tickets already recorded.

    A dry run by default: shows what would be written. With --apply every new
    incident is committed in one change.
    """
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.imports.incidents import import_incidents
    from ccgov.imports.problems import ImportRefusedError

    base = settings(ctx).directory
    csv_path, mapping_path = (p if p.is_absolute() else base / p for p in (csv_file, mapping))
    for path in (csv_path, mapping_path):
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    if no_commit and not write:
        raise UsageError("--no-commit only applies with --apply")
    repository = open_repository(ctx)
    try:
        result = import_incidents(
            repository, csv_path, mapping_path, write=write, commit=not no_commit
        )
    except ImportRefusedError as exc:
        if output_format != "json":
            raise
        json.dump(
            {
                "error": exc.message,
                "hint": exc.hint,
                "problems": [p.to_json() for p in exc.problems],
                "more": exc.more,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from ccgov.cli.output import zone_of

        _text(result, write=write, zone=zone_of(repository.config))


def _text(result: ImportResult, *, write: bool, zone: tzinfo) -> None:
    # Titles and ticket ids come from another tool's export: shown, not obeyed.
    from ccgov.cli.output import counted, safe, when

    plan = result.plan
    new, duplicates = len(plan.new), len(plan.duplicates)
    if plan.new:
        verb = "Importing" if result.applied else "Would import"
        typer.echo(f"{verb} {counted(new, 'incident')} from {safe(plan.source)}:")
        for incident in plan.new:
            typer.echo(
                f"  {incident.id}  sev {incident.severity}  {when(incident.opened, zone)}  "
                f"{safe(incident.title)}  (row {incident.row})"
            )
    if plan.duplicates:
        typer.echo(f"Skipping {counted(duplicates, 'duplicate')}:")
        for duplicate in plan.duplicates:
            ticket = f"{safe(duplicate.external_id)}  " if duplicate.external_id else ""
            typer.echo(
                f"  row {duplicate.row}  {ticket}{when(duplicate.opened, zone)}  "
                f"{safe(duplicate.title)}  (already {safe(duplicate.duplicate_of)})"
            )
    summary = f"{new} new, {duplicates} duplicate"
    if plan.blank_rows:
        summary += f", {counted(plan.blank_rows, 'blank row')}"
    if result.applied is not None:
        applied = result.applied
        where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
        typer.echo(f"{summary}. {safe(applied.mutation.message)}: {where}")
    elif not plan.new:
        typer.echo(f"{summary}: nothing to import.")
    elif write:
        typer.echo(f"{summary}.")
    else:
        typer.echo(f"{summary}. Dry run: nothing written; add --apply to write and commit them.")
