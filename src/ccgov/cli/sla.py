"""`ccgov sla status` and `ccgov sla explain`."""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import AT_HELP, now, record_id

sla_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Service levels: what is at risk now, and how each figure is computed.",
)


def _minutes(value: float | None) -> str:
    from ccgov.cli.output import duration

    return duration(value)


def _when(moment: datetime | None, zone: tzinfo) -> str:
    from ccgov.cli.output import when
    from ccgov.sla.calendar import HORIZON_DAYS

    if moment is None:  # the deadline search gave up (pauses that ran for years)
        return f"none within {HORIZON_DAYS // 365} years"
    return when(moment, zone)


@sla_app.command("status")
def status_command(
    ctx: typer.Context,
    at: str = typer.Option(None, "--at", help=AT_HELP),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Open incidents with time left to each target and the next escalation due, most urgent first."""
    from zoneinfo import ZoneInfo

    from ccgov.cli.options import parse_timestamp
    from ccgov.cli.output import console, markup
    from ccgov.records.text import counted
    from ccgov.sla.status import WARN_FRACTION, status

    moment = parse_timestamp(at, "--at") or now()
    repository = open_repository(ctx)
    rows = status(repository, moment)
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    if output_format == "json":
        typer.echo(
            json.dumps(
                {"at": moment.isoformat(), "incidents": [r.to_json(moment) for r in rows]}, indent=2
            )
        )
        return
    out = console()
    out.print(f"{counted(len(rows), 'open incident')} at {_when(moment, zone)}")
    for row in rows:
        incident = row.incident
        out.print(
            f"[bold]{markup(incident.id)}[/bold] sev {incident.severity} {markup(incident.title)} "
            f"({markup(row.terms.sla.id)})"
        )
        for target in row.targets:
            left = max(0.0, target.target_minutes - target.elapsed_minutes)
            style = (
                "red"
                if target.state == "breached"
                else ("yellow" if (target.fraction_elapsed or 0) >= WARN_FRACTION else "green")
            )
            state = (
                f"breached by {_minutes(target.overage_minutes)}"
                if target.state == "breached"
                else f"{_minutes(left)} left"
            )
            out.print(
                f"    {markup(target.name):<10} [{style}]{state}[/{style}], due "
                f"{_when(target.deadline, zone)} ({markup(target.clock)})"
            )
        if row.next_step is not None:
            who, due, action = row.next_step
            out.print(
                f"    next escalation: notify {markup(', '.join(who))} at "
                f"{_when(due, zone)}" + (f": {markup(action)}" if action else "")
            )
        if row.update_due is not None:
            late = row.update_due < moment
            style = "red" if late else "green"
            out.print(
                f"    next update to the center: [{style}]"
                f"{'overdue since' if late else 'due by'} "
                f"{_when(row.update_due, zone)}[/{style}]"
            )
        for step in row.unrecorded:
            out.print(
                f"    [red]escalation step {step.number} not recorded:[/red] notify "
                f"{markup(', '.join(step.notify))}, due {_when(step.due, zone)} "
                f"(ccgov incident notify {markup(incident.id)} --step {step.number})"
            )
        for warning in row.target_warnings:  # the duties are shown above
            out.print(f"    [yellow]warning:[/yellow] {markup(warning)}")


@sla_app.command("explain")
def explain_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
    at: str = typer.Option(None, "--at", help="As of this ISO 8601 time with zone (default: now)."),
) -> None:
    """The intervals behind an incident's figures: counted, paused, off-hours, holiday."""
    from zoneinfo import ZoneInfo

    from ccgov.cli.options import parse_timestamp
    from ccgov.cli.output import console, markup
    from ccgov.sla.explain import explain

    moment = parse_timestamp(at, "--at") or now()
    repository = open_repository(ctx)
    result = explain(repository, incident_id, moment)
    if output_format == "json":
        typer.echo(json.dumps(result.to_json(), indent=2))
        return
    out = console()
    incident = result.incident
    out.print(
        f"{markup(incident.id)} severity {incident.severity}, judged against "
        f"{markup(result.terms.version_label)}, "
        f"calendar {markup(result.terms.sla.calendar or '(none)')}"
    )
    if result.terms.note:
        out.print(f"  note: {markup(result.terms.note)}")
    if not result.terms.in_force:
        return  # not measured: the note says why
    # Local time of the calendar the figures were counted in (DST shows as it happened).
    calendar = result.terms.calendar
    zone = ZoneInfo(
        calendar.timezone
        if calendar
        else (repository.config.timezone if repository.config else "UTC")
    )
    for target, segments in (
        (result.response, result.response_segments),
        (result.resolution, result.resolution_segments),
    ):
        if target is None:
            out.print("  no target for this severity")
            continue
        out.print(
            f"  {markup(target.name)}: target {markup(target.within)} on the "
            f"{markup(target.clock)} clock = "
            f"{_minutes(target.target_minutes)}; counted {_minutes(target.elapsed_minutes)}; "
            f"{target.state}; deadline {_when(target.deadline, zone)}"
        )
        for segment in segments:
            out.print(
                f"    {_when(segment.start, zone)} .. {_when(segment.end, zone)}  "
                f"{markup(segment.kind):<9} {_minutes(segment.minutes):>9}"
            )
