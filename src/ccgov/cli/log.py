"""`ccgov log`: a record's history."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository, repository_root
from ccgov.cli.options import record_id


def _short(value: object) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def log_command(
    ctx: typer.Context,
    record: str = record_id(None),
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help="text or json."),
) -> None:
    """A record's history from git: who, when, action, what changed."""
    from ccgov.cli.output import console, markup, when, zone_of
    from ccgov.history.log import record_log

    entries = record_log(repository_root(ctx), record)
    if output_format == "json":
        typer.echo(json.dumps([e.to_json() for e in entries], indent=2, default=str))
        return
    zone = zone_of(open_repository(ctx).config)
    out = console()
    for entry in entries:
        out.print(
            f"[bold]{markup(entry.commit[:12])}[/bold] {markup(when(entry.date, zone))} "
            f"{markup(entry.author)} "
            f"<{markup(entry.email)}> [cyan]{markup(entry.action)}[/cyan]"
        )
        for change in entry.changes:
            if change.field == "" and change.new == "created":
                out.print("    created")
            else:
                out.print(
                    f"    {markup(change.field)}: {markup(_short(change.old))} -> "
                    f"{markup(_short(change.new))}"
                )
