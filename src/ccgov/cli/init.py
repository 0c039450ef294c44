"""`ccgov init`."""

from __future__ import annotations

from pathlib import Path

import typer

from ccgov.cli.context import settings


def init_command(
    ctx: typer.Context,
    path: Path = typer.Argument(None, help="Directory to create (default: the current one)."),
    example: bool = typer.Option(
        False, "--example", help="Fill it with the bundled example contact center."
    ),
    hooks_repo: str = typer.Option(
        None, "--hooks-repo", help="Where pre-commit fetches the ccgov hook from."
    ),
    hooks_rev: str = typer.Option(None, "--hooks-rev", help="The hook repository's revision."),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="Write the files but do not commit them."
    ),
) -> None:
    """Create a governed repository: config, directories, hooks, CI, editor wiring."""
    from ccgov.cli.output import console, markup
    from ccgov.onboarding import scaffold

    base = settings(ctx).directory
    target = base if path is None else (path if path.is_absolute() else base / path)
    result = scaffold.create(
        target,
        example=example,
        hooks_repo=hooks_repo or scaffold.DEFAULT_HOOKS_REPO,
        hooks_rev=hooks_rev or scaffold.DEFAULT_HOOKS_REV,
        commit=not no_commit,
    )
    out = console()
    out.print(f"created governed repository {markup(result.root)} ({len(result.files)} files)")
    if result.commit:
        out.print(f"first commit {result.commit[:12]}")
    out.print(f"next: ccgov -C {markup(result.root)} validate")
