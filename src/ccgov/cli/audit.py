"""`ccgov audit`: history checked against the rules of change control."""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import repository_root


def audit_command(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="Audit only commits after this revision."),
    output_format: Literal["text", "json"] = typer.Option("text", "--format"),
) -> None:
    """Check history: approvals by the approver, CI changes tied to RFCs, tests, signatures."""
    from ccgov.cli.output import console, markup
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.history.audit import audit

    found = audit(repository_root(ctx), since=since)
    if output_format == "json":
        typer.echo(json.dumps([f.to_json() for f in found], indent=2))
    else:
        out = console()
        for f in found:
            out.print(
                f"[red]{f.code}[/red] {markup(f.commit[:12])} {markup(f.file)}: {markup(f.message)}"
            )
        out.print(
            "[green]audit clean[/green]" if not found else f"[red]{len(found)} finding(s)[/red]"
        )
    if found:
        raise typer.Exit(EXIT_FINDINGS)
