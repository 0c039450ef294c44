"""`ccgov validate`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ccgov.cli.context import repository_prefix, settings
from ccgov.cli.reporters import Format, reporter_for


def validate_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None,
        metavar="PATH",
        help="Files or a repository directory; findings are reported for these only.",
    ),
    output_format: Format = typer.Option(
        "auto",
        "--format",
        "-f",
        help="text, json, github (annotations) or sarif (code scanning); auto picks github under "
        "GitHub Actions.",
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the run too."),
    ignore: list[str] = typer.Option([], "--ignore", help="Finding code to drop (repeatable)."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Parse every file again; ignore the cache."
    ),
    staged: bool = typer.Option(
        False,
        "--staged",
        help="Validate what is staged for commit (the pre-commit hook): untracked files are left "
        "out and unstaged edits read as staged.",
    ),
) -> None:
    """Validate every record and the rules between them."""
    from ccgov.errors import EXIT_FINDINGS, UsageError
    from ccgov.records.layout import CONFIG_FILE, RECORD_DIRECTORIES
    from ccgov.store.files import find_root
    from ccgov.validation.validate import validate

    base = settings(ctx).directory
    targets = [p if p.is_absolute() else base / p for p in (paths or [])]
    for target in targets:
        # A dangling link is still something to report on (YAML008), not a typo.
        if not target.exists() and not target.is_symlink():
            raise UsageError(f"{target} does not exist")
    root = find_root(
        targets[0] if targets and targets[0].is_dir() else (targets[0].parent if targets else base)
    )
    only: list[str] = []
    for target in targets:
        # Resolve the directory but not the file itself: a record that is a
        # link leading outside the repository must still be named by its own
        # path, so its YAML008 finding is the one reported.
        located = target.resolve() if target.is_dir() else target.parent.resolve() / target.name
        if located == root:
            only = []
            break
        try:
            relative = located.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{target} is not inside the repository {root}") from None
        if relative != CONFIG_FILE and relative.split("/", 1)[0] not in RECORD_DIRECTORIES:
            # Saying "ok" about a file ccgov never reads would be a silent wrong answer.
            raise UsageError(
                f"{relative} holds no records",
                hint=f"ccgov validates {CONFIG_FILE} and "
                + ", ".join(f"{d}/" for d in RECORD_DIRECTORIES),
            )
        only.append(relative)
    # --ignore A,B reads as naturally as --ignore A --ignore B.
    codes = [code.strip() for value in ignore for code in value.split(",") if code.strip()]
    # While git runs a hook it names the index being committed (e.g. `commit --only`).
    index = os.environ.get("GIT_INDEX_FILE") if staged else None
    result = validate(
        root,
        only=only,
        ignore=codes,
        use_cache=not no_cache,
        staged=staged,
        index_file=Path(index).absolute() if index else None,
    )
    reporter_for(output_format, repository_prefix(root)).report(result, sys.stdout)
    if result.failed(strict=strict):
        raise typer.Exit(EXIT_FINDINGS)
