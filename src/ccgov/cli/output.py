"""The one way the CLI makes a rich console (imported lazily: rich is only
loaded by commands that print through it), and the one way it makes user
data safe to print.

Record text, file names, git author names and subjects can carry escape
sequences and bidirectional overrides (a YAML ``"\\e[2J"`` clears the screen
of whoever runs ``ccgov rfc show``). Every place the CLI prints such data
passes it through :func:`safe` (plain output) or :func:`markup` (a rich
console string: :func:`safe`, then rich's markup escaping). As a net under
those, the console itself shows any control character that still reaches it
escaped (:class:`_ShowControls`); rich's own styling is added after that, so
colours still work on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ccgov.records.text import UNSAFE, visible

if TYPE_CHECKING:
    from rich.console import Console


def safe(value: object) -> str:
    """``value`` as text that is safe on a terminal: C0 controls other than
    newline and tab, DEL, C1 controls and bidi overrides shown escaped
    (``\\x1b``, ``\\u202e``)."""
    return visible(str(value))


def markup(value: object) -> str:
    """``value`` for a rich console string: :func:`safe`, and rich markup
    (``[bold]``) escaped so it is shown, not applied."""
    from rich.markup import escape

    return escape(safe(value))


def console(*, stderr: bool = False, file: TextIO | None = None) -> Console:
    """A console for plain, script-friendly output: no syntax highlighting,
    long lines wrapped by the terminal rather than cut, control characters in
    what it prints shown escaped."""
    from rich.console import Console

    out = Console(file=file, stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    out.push_render_hook(_render_hook())
    return out


def _render_hook() -> Any:
    from rich.console import RenderHook

    class _Hook(RenderHook):
        def process_renderables(self, renderables: list[Any]) -> list[Any]:
            return [_ShowControls(renderable) for renderable in renderables]

    return _Hook()


class _ShowControls:
    """Renders what it wraps, with any control character in the text shown
    escaped. Control segments (cursor moves rich itself emits) pass through."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: Any) -> Iterable[Any]:
        from rich.segment import Segment

        for segment in console.render(self.inner, options):
            if segment.control or UNSAFE.search(segment.text) is None:
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)


def print_records(records: Sequence[Any], columns: Sequence[str], output_format: str) -> None:
    """A list of records as a table for people or a JSON list for scripts,
    with the same columns either way."""
    import json
    import sys

    if output_format == "json":
        # json.dumps escapes every control character (and, with the default
        # ensure_ascii, the bidi overrides): JSON output is safe as it is.
        rows = [record.model_dump(mode="json", include=set(columns)) for record in records]
        sys.stdout.write(json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2))
        sys.stdout.write("\n")
        return
    from rich.table import Table

    table = Table(*(c.replace("_", " ") for c in columns))
    for record in records:
        table.add_row(*(markup(getattr(record, c)) for c in columns))
    console().print(table)
