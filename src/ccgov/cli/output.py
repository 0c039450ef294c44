"""The one way the CLI makes a rich console (imported lazily: rich is only
loaded by commands that print through it), and the one way it makes user
data safe to print.

It is also the one place that formats what every command prints the same
way: times (:func:`when`, in the repository's time zone, to the second),
durations (:func:`duration`, ``2d 3h 10m``), counts (:func:`counted`,
``1 file``, ``2 files``) and lists of records (:func:`print_records`: a
table on a terminal, tab-separated rows when piped, JSON on request).

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

import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TextIO

from ccgov.records.text import UNSAFE, visible
from ccgov.records.text import counted as counted

if TYPE_CHECKING:
    from rich.console import Console

    from ccgov.records.config import RepoConfig


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


def is_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default: standard output) is a terminal a person reads."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def zone_of(config: RepoConfig | None) -> tzinfo:
    """The repository's time zone (``ccgov.yaml`` ``timezone``; UTC without one)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.timezone if config is not None else "UTC")


def when(moment: datetime | str | None, zone: tzinfo | None = None) -> str:
    """A moment as people read it: in ``zone`` (the repository's), to the
    second, ``2026-03-01 22:00:05-06:00`` (ISO 8601, so it can be pasted
    into ``--at`` and the window options); ``-`` for none."""
    if moment is None:
        return "-"
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return str(moment)
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.replace(microsecond=0).isoformat(sep=" ")


def duration(value: timedelta | float | None) -> str:
    """A duration as ``2d 3h 10m`` (a day is 24 hours; minutes float or a
    timedelta), rounded to the minute; ``<1m`` for less, ``-`` for none."""
    if value is None:
        return "-"
    minutes = value.total_seconds() / 60 if isinstance(value, timedelta) else float(value)
    sign = "-" if minutes < 0 else ""
    total = round(abs(minutes))
    if total == 0:
        return "0m" if minutes == 0 else "<1m"
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return sign + " ".join(parts)


Row = Mapping[str, Any]


def _cell(value: Any, zone: tzinfo | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return when(value, zone)
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v, zone) for v in value)
    return str(value)


def _row(record: Any, columns: Sequence[str]) -> dict[str, Any]:
    if isinstance(record, Mapping):
        return {c: record.get(c) for c in columns}
    return {c: getattr(record, c) for c in columns}


def print_records(
    records: Sequence[Any],
    columns: Sequence[str],
    output_format: str,
    *,
    zone: tzinfo | None = None,
    empty: str | None = None,
    wrap: str | None = None,
) -> None:
    """A list of records (models or mappings) with the same columns whatever
    the form: a JSON list for ``--format json``; otherwise a table on a
    terminal, and plain tab-separated rows under a header line when standard
    output is a pipe or a file (no box, no wrapping: ``cut`` and ``awk`` read
    it). ``empty`` is said on standard error when there is nothing to list.
    ``wrap`` names the one column a terminal table may wrap (a title); the
    others (ids, dates, ratings) then never wrap."""
    import json

    if output_format == "json":
        # json.dumps escapes every control character (and, with the default
        # ensure_ascii, the bidi overrides): JSON output is safe as it is.
        rows = [
            r.model_dump(mode="json", include=set(columns)) if hasattr(r, "model_dump") else r
            for r in records
        ]
        sys.stdout.write(
            json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2, default=str)
        )
        sys.stdout.write("\n")
        return
    cells = [[_cell(value, zone) for value in _row(r, columns).values()] for r in records]
    if not is_terminal():
        # One record per line: tabs and line breaks inside a value are shown
        # escaped so they cannot split a row.
        lines = ["\t".join(columns)]
        lines += ["\t".join(_plain(cell) for cell in row) for row in cells]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        from rich.table import Table

        table = Table()
        for column in columns:
            if wrap is None:
                table.add_column(column.replace("_", " "))
            else:
                table.add_column(
                    column.replace("_", " "),
                    no_wrap=column != wrap,
                    ratio=1 if column == wrap else None,
                )
        for row in cells:
            table.add_row(*(markup(cell) if cell else "-" for cell in row))
        console().print(table)
    if empty and not records:
        console(stderr=True).print(markup(empty))


def _plain(cell: str) -> str:
    return safe(cell.replace("\t", "\\t").replace("\n", "\\n"))


def report_applied(applied: Any) -> None:
    """What a change to the repository did: notes, then the commit (or that
    it was only staged) and the files."""
    out = console()
    mutation = applied.mutation
    for note in applied.notes:
        out.print(f"[yellow]note:[/yellow] {markup(note)}")
    where = f"committed {applied.commit[:12]}" if applied.commit else "staged, not committed"
    out.print(f"{markup(mutation.message)}: {where} ({markup(', '.join(mutation.paths))})")
