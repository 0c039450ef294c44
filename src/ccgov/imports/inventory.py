"""The observed inventory `ccgov baseline drift` compares with the records.

Exported from the live platform as CSV (read by :mod:`ccgov.imports.table`),
JSON or YAML: one row per component with an id or a name, a version, and
optionally a sha256 of its exported artifact. A bad inventory is refused as a
whole (:class:`InventoryError`), every problem located: CSV rows as a
spreadsheet numbers them, YAML rows by the line their item starts on, JSON
rows counting items from 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccgov.errors import CcgovError
from ccgov.imports.columns import check_columns
from ccgov.imports.problems import Problem
from ccgov.imports.table import MAX_BYTES, read_limited, read_table
from ccgov.store.yamlio import parse_document

COLUMNS = ("id", "name", "version", "hash", "kind", "notes")
# An inventory lists components, not records; a YAML one gets the CSV limit.
MAX_INVENTORY_BYTES = MAX_BYTES
# The message lists this many problems; the rest are counted.
SHOWN = 20


class InventoryError(CcgovError):
    """The observed inventory cannot be read; nothing was compared."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        shown = "; ".join(_short(p) for p in problems[:SHOWN])
        more = f"; ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        super().__init__(
            f"{path}: {shown}{more}",
            hint=f"columns: {', '.join(COLUMNS)}; each row needs id or name, and version",
        )
        self.problems = problems


def _short(problem: Problem) -> str:
    return f"{problem.place}: {problem.message}" if problem.place else problem.message


@dataclass(frozen=True, slots=True)
class Observed:
    row: int
    id: str | None
    name: str | None
    version: str
    hash: str | None


# An inventory row as read: its number and, if all is well, a mapping of column to value.
RawRow = tuple[int, Any]


def load_inventory(path: Path) -> list[Observed]:
    """Read an inventory file (at most the size limit of it) and its rows."""
    return read_inventory(str(path), read_limited(path, MAX_INVENTORY_BYTES))


def read_inventory(path: str, data: bytes) -> list[Observed]:
    """The rows of an inventory file, or :class:`InventoryError` with every problem."""
    name = Path(path).name
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        rows, problems = _csv_rows(name, data)
    elif suffix == ".json":
        rows, problems = _json_rows(name, data)
    elif suffix in (".yaml", ".yml"):
        rows, problems = _yaml_rows(name, data)
    else:
        message = f"unknown format {suffix or '(none)'}; use .csv, .json or .yaml"
        raise InventoryError(path, [Problem(name, "text", 0, 0, message)])
    if not problems and not rows:
        problems = [Problem(name, "table", 0, 0, "the inventory lists no components")]
    observed = list(_observed(name, rows, problems))
    if problems:
        raise InventoryError(path, problems)
    return observed


def _csv_rows(name: str, data: bytes) -> tuple[list[RawRow], list[Problem]]:
    table = read_table(name, data, max_bytes=MAX_INVENTORY_BYTES)
    if table.failure is not None:
        return [], list(table.problems)
    problems = list(table.problems) + check_columns(table, COLUMNS)
    if not problems and not table.rows:
        message = "the header has no rows below it: the inventory lists no components"
        problems.append(table.problem(table.header_row, 0, message))
    # Unknown and unnamed columns are reported once, at the header, not in every row.
    named = [(i, heading) for i, heading in enumerate(table.header) if heading in COLUMNS]
    rows = [(row.number, {h: row.cells[i] for i, h in named}) for row in table.rows]
    return rows, problems


def _json_rows(name: str, data: bytes) -> tuple[list[RawRow], list[Problem]]:
    if len(data) > MAX_INVENTORY_BYTES:
        return [], [Problem(name, "text", 0, 0, f"over the {MAX_INVENTORY_BYTES:,}-byte limit")]
    try:
        # Numbers as written: a version 4.10 is not 4.1.
        loaded = json.loads(data, parse_float=str, parse_int=str)
    except json.JSONDecodeError as exc:
        return [], [Problem(name, "text", exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")]
    except UnicodeDecodeError as exc:
        return [], [Problem(name, "text", 0, 0, f"not UTF-8, UTF-16 or UTF-32 text: {exc}")]
    except RecursionError:
        return [], [Problem(name, "text", 0, 0, "nested too deeply to be an inventory")]
    items = loaded.get("items", loaded) if isinstance(loaded, dict) else loaded
    if not isinstance(items, list):
        message = "expected a list of objects (or {items: [...]})"
        return [], [Problem(name, "text", 1, 1, message)]
    return list(enumerate(items, start=1)), []


def _yaml_rows(name: str, data: bytes) -> tuple[list[RawRow], list[Problem]]:
    document, findings = parse_document(name, data, max_bytes=MAX_INVENTORY_BYTES)
    if document is None:
        return [], [Problem(name, "text", f.line, f.column, f.message) for f in findings]
    top = document.data
    items = top.get("items", top) if isinstance(top, dict) else top
    if not isinstance(items, list):
        message = "expected a list of mappings (or items: [...])"
        return [], [Problem(name, "text", 1, 1, message)]
    base: tuple[str | int, ...] = ("items",) if isinstance(top, dict) else ()
    rows = []
    for index, item in enumerate(items):
        row = document.locations.value((*base, index)).line
        if isinstance(item, dict):
            # Plain scalars as written: a version 4.10 is not the number 4.1.
            plain = document.locations.plain_text
            item = {
                k: plain.get((*base, index, k), v) if isinstance(v, int | float) else v
                for k, v in item.items()
            }
        rows.append((row, item))
    return rows, []


def _observed(name: str, rows: list[RawRow], problems: list[Problem]) -> Iterator[Observed]:
    seen: dict[str, int] = {}

    def problem(row: int, message: str) -> None:
        problems.append(Problem(name, "table", row, 0, message))

    for number, row in rows:
        if not isinstance(row, dict):
            problem(number, "expected a mapping of column to value")
            continue
        unknown = [str(k) for k in row if k not in COLUMNS]
        if unknown:
            noun = "column" if len(unknown) == 1 else "columns"
            problem(number, f"unknown {noun} {', '.join(unknown)}")
            continue
        nested = [str(k) for k, v in row.items() if isinstance(v, dict | list)]
        if nested:
            problem(number, f"{', '.join(nested)}: expected a single value, not a list or mapping")
            continue
        values = {k: (str(v).strip() if v is not None else "") or None for k, v in row.items()}
        if not (values.get("id") or values.get("name")) or not values.get("version"):
            problem(number, "needs id or name, and version")
            continue
        key = (values.get("id") or values["name"] or "").lower()
        if key in seen:
            problem(number, f"duplicate of row {seen[key]} ({key})")
            continue
        seen[key] = number
        yield Observed(
            number,
            values.get("id"),
            values.get("name"),
            values["version"] or "",
            values.get("hash"),
        )
