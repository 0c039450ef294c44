"""`ccgov adopt`: change control starts here."""

from __future__ import annotations

import typer

from ccgov.cli.context import repository_root


def adopt_command(
    ctx: typer.Context,
    no_commit: bool = typer.Option(False, "--no-commit", help="Stage ccgov.yaml, do not commit."),
) -> None:
    """Record that change control starts after the current commit: the CIs documented so far
    are the system as found, and `ccgov audit` judges only what comes after."""
    from ccgov.cli.output import report_applied
    from ccgov.onboarding.adopt import adopt

    report_applied(adopt(repository_root(ctx), commit=not no_commit))
