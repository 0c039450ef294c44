"""`ccgov agenda MEETING|ROUTINE`: what the meeting should discuss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import typer

from ccgov.cli.context import open_repository
from ccgov.cli.options import now


def agenda_command(
    ctx: typer.Context,
    subject: str = typer.Argument(..., metavar="MEETING|ROUTINE"),
    on: str = typer.Option(
        None, "--date", help="The routine's occurrence on this date, YYYY-MM-DD (default: next)."
    ),
    output_format: Literal["md", "html", "json"] = typer.Option(
        "md", "--format", help="md, html (one self-contained file) or json."
    ),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """The agenda of a meeting, or of a routine's next (or --date) occurrence:
    for a CAB the RFCs awaiting decision, retrospective reviews owed and what
    changed since the last one; for a vendor review the vendor's CIs,
    incidents, SLA compliance and end of support; topics and open actions."""
    from datetime import date

    from ccgov.cli.output import safe
    from ccgov.errors import UsageError
    from ccgov.report import agenda
    from ccgov.report.meta import meta
    from ccgov.report.render import render
    from ccgov.store.yamlio import atomic_write

    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise UsageError(f"--date {on!r} is not a date; write YYYY-MM-DD") from None
    repository = open_repository(ctx)
    moment = now()
    built = agenda.build(repository, subject, on=day, now=moment)
    info = meta(repository.root, repository, moment, as_of=built.at)
    if output_format == "json":
        text = json.dumps({"meta": info.to_json(), "agenda": built.to_json()}, indent=2) + "\n"
    else:
        text = render(repository.root, "agenda", output_format, meta=info, agenda=built)
    if output is None:
        typer.echo(text, nl=False)
    else:
        atomic_write(output, text)
        typer.echo(f"wrote {safe(output)}", err=True)
