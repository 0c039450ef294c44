"""`ccgov incident list` and `ccgov incident show`: incidents with their
lifecycle state (registered on the `incident` group by incident.py)."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import FORMAT_HELP, record_id


def list_command(
    ctx: typer.Context,
    running: bool = typer.Option(False, "--open", help="Only those not yet resolved."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """List incidents, newest first, with their state."""
    from ccgov.cli.output import print_records, zone_of
    from ccgov.records.incident_lifecycle import RUNNING, state

    repository = open_repository(ctx)
    found = sorted(
        (r.record for r in repository.of("incident")),
        key=lambda i: (i.opened, i.id),
        reverse=True,
    )
    if running:
        found = [i for i in found if state(i) in RUNNING]
    rows = [
        {
            "id": i.id,
            "state": state(i),
            "severity": i.severity,
            "sla": i.sla,
            "opened": i.opened,
            "title": i.title,
        }
        for i in found
    ]
    print_records(
        rows,
        LIST_COLUMNS,
        output_format,
        zone=zone_of(repository.config),
        empty="no open incidents" if running else "no incidents yet: ccgov incident new",
    )


LIST_COLUMNS = ("id", "state", "severity", "sla", "opened", "title")


def show_command(
    ctx: typer.Context,
    incident_id: str = record_id("incident"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help=FORMAT_HELP),
) -> None:
    """An incident with its state, updates and notifications."""
    from ccgov.cli.output import console, markup, when, zone_of
    from ccgov.operations.common import find
    from ccgov.records.incident_lifecycle import NEXT_ACTIONS, state

    repository = open_repository(ctx)
    incident = find(repository, "incident", incident_id, "incident").record
    current = state(incident)
    if output_format == "json":
        typer.echo(json.dumps({**incident.model_dump(mode="json"), "state": current}, indent=2))
        return
    zone = zone_of(repository.config)
    out = console()
    out.print(f"[bold]{markup(incident.id)}[/bold] {markup(incident.title)}")
    out.print(
        f"  severity {incident.severity}, {current}, under {markup(incident.sla)}; "
        f"opened {when(incident.opened, zone)}"
    )
    for name in ("responded", "resolved", "closed"):
        value = getattr(incident, name)
        if value is not None:
            out.print(f"  {name}: {when(value, zone)}")
    for reopening in incident.reopened:
        out.print(f"  reopened {when(reopening.at, zone)}: {markup(reopening.reason)}")
    if incident.affects:
        out.print(f"  affects: {markup(', '.join(incident.affects))}")
    if incident.root_cause:
        out.print(f"  root cause: {markup(incident.root_cause)}")
    for update in incident.updates:
        out.print(
            f"  {when(update.at, zone)} to {markup(update.audience)} by {markup(update.by)}: "
            f"{markup(update.text)}"
        )
    for notification in incident.notifications:
        out.print(
            f"  {when(notification.at, zone)} step {notification.step} notified "
            f"{markup(', '.join(notification.notified))} (by {markup(notification.by)})"
        )
    hints = NEXT_ACTIONS[current]
    if hints:
        out.print(f"  next: {', '.join(hints)}")
