"""Writing a new record from command-line values."""

from __future__ import annotations

from typing import Any

from ccgov.errors import RefusedError
from ccgov.records.base import Model
from ccgov.store.loader import load_record
from ccgov.store.yamlio import dump_for_edit


def render_new(
    path: str, model: type[Model], data: dict[str, Any], *, command: str, id_field: str = "id"
) -> bytes:
    """The file for a new record: validated through the same loader that reads
    records (so errors read the same), written as every later step writes it."""
    text = dump_for_edit(data).encode("utf-8")
    loaded, findings = load_record(path, text, model, id_field=id_field)
    errors = [f for f in findings if f.severity == "error"]
    if loaded is None or errors:
        raise RefusedError(
            "; ".join(f.message for f in errors[:5]),
            hint=f"nothing was written; see ccgov {command} --help",
        )
    normalised = loaded.record.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return dump_for_edit(normalised).encode("utf-8")


def checked(path: str, model: type[Model], data: dict[str, Any], *, command: str) -> Any:
    """An edited record, validated through the same loader that reads records
    (a bad value is a refusal with the loader's message, never a traceback)."""
    loaded, findings = load_record(path, dump_for_edit(data).encode("utf-8"), model)
    errors = [f for f in findings if f.severity == "error"]
    if loaded is None or errors:
        raise RefusedError(
            "; ".join(f.message for f in errors[:5]),
            hint=f"nothing was written; see ccgov {command} --help",
        )
    return loaded.record
