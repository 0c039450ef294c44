"""`ccgov doctor`: are the hook, the CI workflow and the pinned install consistent and runnable?"""

from __future__ import annotations

import json
from typing import Literal

import typer

from ccgov.cli.context import open_repository


def doctor_command(
    ctx: typer.Context,
    output_format: Literal["text", "json"] = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Check the repository's tooling and say what to fix (exit 1 when something cannot run)."""
    from ccgov.cli.output import console, markup
    from ccgov.errors import EXIT_FINDINGS
    from ccgov.onboarding.doctor import diagnose

    checks = diagnose(open_repository(ctx))
    if output_format == "json":
        typer.echo(json.dumps([c.to_json() for c in checks], indent=2))
    else:
        out = console()
        styles = {"ok": "green", "warn": "yellow", "fail": "red"}
        for check in checks:
            style = styles[check.status]
            out.print(
                f"[{style}]{check.status:<4}[/{style}] {markup(check.name)}: {markup(check.detail)}"
            )
            if check.fix and check.status != "ok":
                out.print(f"     fix: {markup(check.fix)}")
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(EXIT_FINDINGS)
