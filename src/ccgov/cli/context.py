"""State shared by every command: the directory ccgov works in, and the one
way a command opens the governed repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ccgov.store.repo import Repository


@dataclass(slots=True)
class Settings:
    directory: Path


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings(Path.cwd())


def repository_root(ctx: typer.Context) -> Path:
    """The governed repository ccgov acts on (from -C or the current directory)."""
    from ccgov.store.files import find_root

    return find_root(settings(ctx).directory)


def repository_prefix(root: Path) -> str:
    """The governed root's path inside its git repository ("governance/", or "")."""
    from ccgov.store import git

    return git.run(root, ["rev-parse", "--show-prefix"], check=False).strip()


def open_repository(ctx: typer.Context) -> Repository:
    """The governed repository, read through the record index (only files
    changed since the last run are parsed; records load as they are asked for)."""
    from ccgov.validation.validate import open_indexed

    return open_indexed(repository_root(ctx))
