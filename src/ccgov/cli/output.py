"""The one way the CLI makes a rich console (imported lazily: rich is only
loaded by commands that print through it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def console(*, stderr: bool = False, file: TextIO | None = None) -> Console:
    """A console for plain, script-friendly output: no syntax highlighting,
    long lines wrapped by the terminal rather than cut."""
    from rich.console import Console

    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=True)
