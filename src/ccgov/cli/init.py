"""`ccgov init`."""

from __future__ import annotations

from pathlib import Path

import typer

from ccgov.cli.context import settings


def init_command(
    ctx: typer.Context,
    path: Path = typer.Argument(
        None, metavar="DIRECTORY", help="Directory to create (default: the current one)."
    ),
    example: bool = typer.Option(
        False, "--example", help="Fill it with the bundled example contact center."
    ),
    hooks_repo: str = typer.Option(
        None,
        "--hooks-repo",
        metavar="URL",
        help="Take the pre-commit hook from this hosted (or local) copy of ccgov instead of the "
        "ccgov installed on each machine.",
    ),
    hooks_rev: str = typer.Option(
        None,
        "--hooks-rev",
        metavar="REV",
        help="The hook repository's tag or commit sha (a local one: its HEAD).",
    ),
    no_commit: bool = typer.Option(
        False, "--no-commit", help="Write the files but do not commit them."
    ),
) -> None:
    """Create a governed repository: config, directories, hooks, CI, editor wiring."""
    from ccgov.cli.output import console, counted, markup
    from ccgov.onboarding import scaffold
    from ccgov.onboarding.tooling import Hooks

    base = settings(ctx).directory
    target = base if path is None else (path if path.is_absolute() else base / path)
    result = scaffold.create(
        target,
        example=example,
        hooks=Hooks.resolve(hooks_repo, hooks_rev),
        commit=not no_commit,
    )
    out = console()
    for note in result.notes:
        out.print(f"[yellow]note:[/yellow] {markup(note)}")
    out.print(
        f"created governed repository {markup(result.root)} ({counted(len(result.files), 'file')})"
    )
    if result.commit:
        out.print(f"first commit {result.commit[:12]}")
    out.print(f"next: ccgov -C {markup(result.root)} validate")
