"""`ccgov log` and `ccgov audit`."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import repository_root


def _short(value: object) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def log_command(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., metavar="RECORD-ID"),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """A record's history from git: who, when, action, what changed."""
    from rich.markup import escape

    from ccgov.cli.output import console
    from ccgov.history import record_log

    entries = record_log(repository_root(ctx), record_id)
    if output_format == "json":
        typer.echo(json.dumps([e.to_json() for e in entries], indent=2, default=str))
        return
    out = console()
    for entry in entries:
        out.print(
            f"[bold]{entry.commit[:12]}[/bold] {entry.date} {escape(entry.author)} "
            f"<{escape(entry.email)}> [cyan]{escape(entry.action)}[/cyan]"
        )
        for change in entry.changes:
            if change.field == "" and change.new == "created":
                out.print("    created")
            else:
                out.print(
                    f"    {escape(change.field)}: {escape(_short(change.old))} -> "
                    f"{escape(_short(change.new))}"
                )


def audit_command(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="Audit only commits after this revision."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Check history: approvals by the approver, CI changes tied to RFCs, tests, signatures."""
    from rich.markup import escape

    from ccgov.audit import audit
    from ccgov.cli.output import console
    from ccgov.errors import EXIT_FINDINGS

    found = audit(repository_root(ctx), since=since)
    if output_format == "json":
        typer.echo(json.dumps([f.to_json() for f in found], indent=2))
    else:
        out = console()
        for f in found:
            out.print(f"[red]{f.code}[/red] {f.commit[:12]} {escape(f.file)}: {escape(f.message)}")
        out.print(
            "[green]audit clean[/green]" if not found else f"[red]{len(found)} finding(s)[/red]"
        )
    if found:
        raise typer.Exit(EXIT_FINDINGS)
