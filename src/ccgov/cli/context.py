"""State shared by every command: the directory ccgov works in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer


@dataclass(slots=True)
class Settings:
    directory: Path


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings(Path.cwd())


def repository_root(ctx: typer.Context) -> Path:
    """The governed repository ccgov acts on (from -C or the current directory)."""
    from ccgov.store.repo import find_root

    return find_root(settings(ctx).directory)
