"""`ccgov kpi ...`: key performance indicators: list them, and import the
figures of imported KPIs from an outside system's export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

import typer

from ccgov.cli.context import open_repository, settings
from ccgov.cli.options import FORMAT_HELP, now

kpi_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="KPIs: list them; import figures from the ACD, the IVR or monitoring.",
)


@kpi_app.command("list")
def list_command(
    ctx: typer.Context,
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List the KPIs: source, target, owner, frequency."""
    from ccgov.cli.output import print_records

    found = sorted((r.record for r in open_repository(ctx).of("kpi")), key=lambda k: k.id)
    columns = ("id", "source", "metric", "unit", "target", "direction", "frequency", "owner")
    print_records(found, columns, output_format, empty="no KPIs yet: add one under kpis/")


@kpi_app.command("import")
def import_command(
    ctx: typer.Context,
    csv_file: Path = typer.Argument(..., metavar="FILE.csv", help="The system's export."),
    mapping: Path = typer.Option(
        ..., "--map", help="YAML naming the period column and each KPI's figure."
    ),
    write: bool = typer.Option(
        False, "--apply", help="Write and commit the measurements (default: a dry run)."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite a period's figure that differs from the export's."
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="With --apply: stage the records but do not commit."
    ),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", "-f"),
) -> None:
    """Turn an export's rows into KPI measurements, one per period.

    A dry run by default: shows what would be recorded. With --apply every
    changed KPI record is committed in one change.
    """
    from ccgov.cli.output import safe
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.imports.kpis import import_kpis
    from ccgov.imports.problems import ImportRefusedError

    base = settings(ctx).directory
    csv_path, mapping_path = (p if p.is_absolute() else base / p for p in (csv_file, mapping))
    for path in (csv_path, mapping_path):
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
    if no_commit and not write:
        raise UsageError("--no-commit only applies with --apply")
    try:
        result = import_kpis(
            open_repository(ctx),
            csv_path,
            mapping_path,
            now=now(),
            write=write,
            replace=replace,
            commit=not no_commit,
        )
    except ImportRefusedError as exc:
        if output_format != "json":
            raise
        document = {
            "error": exc.message,
            "hint": exc.hint,
            "problems": [p.to_json() for p in exc.problems],
            "more": exc.more,
        }
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == "json":
        json.dump(result.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    plan = result.plan
    verb = "Recording" if result.applied else "Would record"
    if plan.new:
        typer.echo(f"{verb} {len(plan.new)} measurements from {safe(plan.source)}:")
    for planned in plan.new:
        replaced = "" if planned.replaces is None else f" (was {planned.replaces})"
        typer.echo(
            f"  {planned.kpi}  {planned.period}  {planned.value}{replaced}  (row {planned.row})"
        )
    summary = f"{len(plan.new)} new, {plan.unchanged} already recorded, {plan.empty} empty"
    if result.applied is not None:
        applied = result.applied
        where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
        typer.echo(f"{summary}. {safe(applied.mutation.message)}: {where}")
    elif not plan.new:
        typer.echo(f"{summary}: nothing to record.")
    else:
        typer.echo(f"{summary}. Dry run: nothing written; add --apply to write and commit them.")
