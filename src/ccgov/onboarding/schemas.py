"""`ccgov schema export`: the JSON Schemas written where editors and other tools read them."""

from __future__ import annotations

from pathlib import Path

from ccgov.records.schema import render, schemas
from ccgov.store.yamlio import atomic_write


def export(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the paths written."""
    written = []
    for file_name, schema in schemas().items():
        path = directory / file_name
        atomic_write(path, render(schema))
        written.append(path)
    return written
