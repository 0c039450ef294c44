"""The one way the CLI makes a rich console (imported lazily: rich is only
loaded by commands that print through it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def console(*, stderr: bool = False, file: TextIO | None = None) -> Console:
    """A console for plain, script-friendly output: no syntax highlighting,
    long lines wrapped by the terminal rather than cut."""
    from rich.console import Console

    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=True)


def print_records(records: Sequence[Any], columns: Sequence[str], output_format: str) -> None:
    """A list of records as a table for people or a JSON list for scripts,
    with the same columns either way."""
    import json
    import sys

    if output_format == "json":
        rows = [record.model_dump(mode="json", include=set(columns)) for record in records]
        sys.stdout.write(json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2))
        sys.stdout.write("\n")
        return
    from rich.table import Table

    table = Table(*(c.replace("_", " ") for c in columns))
    for record in records:
        table.add_row(*(str(getattr(record, c)) for c in columns))
    console().print(table)
