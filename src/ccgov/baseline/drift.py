"""Drift: the system you have versus the system you have documented.

The observed inventory is exported from the live platform as CSV, JSON or
YAML: one row per component with an id or a name, a version, and optionally
a sha256 of its exported artifact.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccgov.baseline.state import ItemState
from ccgov.errors import CcgovError
from ccgov.store.yamlio import parse_document

COLUMNS = ("id", "name", "version", "hash", "kind", "notes")


class InventoryError(CcgovError):
    """The observed inventory cannot be read; nothing was compared."""

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__(
            f"{path}: " + "; ".join(problems[:20]),
            hint=f"columns: {', '.join(COLUMNS)}; each row needs id or name, and version",
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Observed:
    row: int
    id: str | None
    name: str | None
    version: str
    hash: str | None


@dataclass(frozen=True, slots=True)
class Drift:
    kind: str  # undocumented, missing, version, hash, retired
    id: str | None
    name: str
    documented: str | None
    observed: str | None
    row: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "drift": self.kind,
            "id": self.id,
            "name": self.name,
            "documented": self.documented,
            "observed": self.observed,
            "row": self.row,
        }


def _rows(path: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, mapping) pairs; row numbers are file lines for CSV/YAML, 1-based."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        text = data.decode("utf-8-sig", errors="strict")
        reader = csv.DictReader(io.StringIO(text))
        return [(reader.line_num, dict(row)) for row in reader]
    if suffix == ".json":
        loaded = json.loads(data)
        items = loaded.get("items", loaded) if isinstance(loaded, dict) else loaded
        if not isinstance(items, list):
            raise InventoryError(path, ["expected a list of objects (or {items: [...]})"])
        return list(enumerate(items, start=1))
    if suffix in (".yaml", ".yml"):
        document, findings = parse_document(path, data)
        if document is None:
            raise InventoryError(path, [f"line {f.line}: {f.message}" for f in findings])
        items = (
            document.data.get("items", document.data)
            if isinstance(document.data, dict)
            else document.data
        )
        if not isinstance(items, list):
            raise InventoryError(path, ["expected a list of mappings (or items: [...])"])
        return [
            (
                document.locations.value(
                    ("items", i) if isinstance(document.data, dict) else (i,)
                ).line,
                row,
            )
            for i, row in enumerate(items)
        ]
    raise InventoryError(path, [f"unknown format {suffix or '(none)'}; use .csv, .json or .yaml"])


def read_inventory(path: str, data: bytes) -> list[Observed]:
    try:
        rows = _rows(path, data)
    except (UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise InventoryError(path, [str(exc)]) from exc
    problems: list[str] = []
    observed: list[Observed] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        if not isinstance(row, dict):
            problems.append(f"row {number}: expected a mapping of column to value")
            continue
        unknown = [str(k) for k in row if k not in COLUMNS]
        if unknown:
            problems.append(f"row {number}: unknown column(s) {', '.join(unknown)}")
            continue
        values = {
            k: (str(v).strip() if v is not None and str(v).strip() else None)
            for k, v in row.items()
        }
        if not (values.get("id") or values.get("name")) or not values.get("version"):
            problems.append(f"row {number}: needs id or name, and version")
            continue
        key = (values.get("id") or values["name"] or "").lower()
        if key in seen:
            problems.append(f"row {number}: duplicate of row {seen[key]} ({key})")
            continue
        seen[key] = number
        observed.append(
            Observed(
                number,
                values.get("id"),
                values.get("name"),
                values["version"] or "",
                values.get("hash"),
            )
        )
    if problems:
        raise InventoryError(path, problems)
    return observed


def compare(documented: dict[str, ItemState], observed: list[Observed]) -> list[Drift]:
    by_name = {state.item.name.lower(): state for state in documented.values()}
    matched: set[str] = set()
    drift: list[Drift] = []
    for row in observed:
        state = documented.get(row.id) if row.id else by_name.get((row.name or "").lower())
        if state is None:
            drift.append(
                Drift("undocumented", row.id, row.name or row.id or "", None, row.version, row.row)
            )
            continue
        matched.add(state.id)
        item = state.item
        if item.status == "retired":
            drift.append(Drift("retired", item.id, item.name, "retired", row.version, row.row))
        if item.version != row.version:
            drift.append(Drift("version", item.id, item.name, item.version, row.version, row.row))
        if row.hash and state.artifact_sha256 and row.hash.lower() != state.artifact_sha256:
            drift.append(
                Drift("hash", item.id, item.name, state.artifact_sha256, row.hash, row.row)
            )
    for state in sorted(documented.values(), key=lambda s: s.id):
        if state.id not in matched and state.item.status == "active":
            drift.append(
                Drift("missing", state.id, state.item.name, state.item.version, None, None)
            )
    return drift
