"""`ccgov routine ...`: the recurring practices and which of them are due."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import AT_HELP, now, parse_timestamp

routine_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Routines: the CAB, vendor reviews, plan reviews, knowledge exchanges, reports.",
)
WITHIN_HELP = "How far ahead counts as upcoming: a duration such as 14d (default) or 48h."


def within_option(text: str, option: str = "--within") -> int:
    """Minutes in a duration option (14d, 48h, 90m)."""
    from ccgov.errors import UsageError
    from ccgov.records.base import duration_minutes

    try:
        return duration_minutes(text)
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a duration; write e.g. 14d or 48h") from None


@routine_app.command("list")
def list_command(
    ctx: typer.Context,
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Every routine: kind, cadence, owner, what it is about, the next occurrence owed."""
    from zoneinfo import ZoneInfo

    from ccgov.cli.output import console, markup
    from ccgov.rhythm.cadence import Cadence
    from ccgov.rhythm.due import meetings_of, next_owed

    repository = open_repository(ctx)
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    rows = []
    for loaded in sorted(repository.of("routine"), key=lambda r: r.record.id):
        routine = loaded.record
        meetings = meetings_of(repository, routine.id)
        owed = next_owed(Cadence(routine, repository.config), meetings) if routine.active else None
        held = [m for m in meetings if m.status == "held"]
        rows.append(
            {
                "id": routine.id,
                "title": routine.title,
                "kind": routine.kind,
                "cadence": routine.cadence,
                "owner": routine.owner,
                "about": routine.vendor or routine.sla or routine.report or "",
                "active": routine.active,
                "last": held[-1].at.astimezone(zone).isoformat() if held else None,
                "next": owed.astimezone(zone).isoformat() if owed else None,
            }
        )
    if output_format == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table("id", "kind", "cadence", "owner", "about", "last held", "next owed", "title")
    for row in rows:
        table.add_row(
            *(
                markup(row[key] or "-")
                for key in ("id", "kind", "cadence", "owner", "about", "last", "next", "title")
            )
        )
    console().print(table)


@routine_app.command("due")
def due_command(
    ctx: typer.Context,
    within: str = typer.Option("14d", "--within", help=WITHIN_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Overdue and upcoming routines, meetings owing minutes, SLA reports due.
    Exits 1 when anything is overdue, so CI or a scheduled job can nag."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from ccgov.cli.output import console, markup
    from ccgov.rhythm.due import due

    repository = open_repository(ctx)
    moment = parse_timestamp(at, "--at") or now()
    horizon = timedelta(minutes=within_option(within))
    entries = [d for d in due(repository, moment, horizon) if d.state not in ("later", "ended")]
    overdue = [d for d in entries if d.overdue]
    if output_format == "json":
        typer.echo(
            json.dumps(
                {
                    "at": moment.isoformat(),
                    "overdue": len(overdue),
                    "due": [d.to_json() for d in entries],
                },
                indent=2,
            )
        )
    else:
        zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
        out = console()
        if not entries:
            out.print(f"nothing due within {markup(within)}")
        labels = {
            "overdue": "[red]overdue[/red]",
            "minutes": "[red]minutes owed[/red]",
            "due": "[yellow]due[/yellow]",
            "scheduled": "scheduled",
        }
        for entry in entries:
            when = entry.at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if entry.at else "-"
            what = f" {entry.meeting}" if entry.meeting else ""
            missed = f" ({entry.missed} missed)" if entry.missed > 1 else ""
            out.print(
                f"{labels.get(entry.state, entry.state)} {markup(when)}{missed} "
                f"[bold]{markup(entry.routine)}[/bold]{markup(what)} {markup(entry.title)} "
                f"[dim](owner {markup(entry.owner)})[/dim]"
            )
            if entry.note:
                out.print(f"  [dim]{markup(entry.note)}[/dim]")
        if overdue:
            out.print(f"{len(overdue)} overdue")
    if overdue:
        raise typer.Exit(1)
