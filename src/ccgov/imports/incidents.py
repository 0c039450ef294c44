"""`ccgov incident import`: a service-desk export becomes incident records.

:func:`load_source` reads the mapping and the export (every problem located,
nothing raised half-way); :func:`plan_import` turns the rows into new records,
skipping tickets already recorded and repeats within the export; nothing is
written until :func:`import_incidents` is asked to, and then every new record
goes into one commit (:func:`~ccgov.imports.batch.write_import`).

Bad input is never half-imported: every problem is collected (up to
:data:`~ccgov.imports.problems.MAX_PROBLEMS`) and reported at once.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ccgov.imports.batch import write_import
from ccgov.imports.columns import match_columns
from ccgov.imports.incident_plan import DuplicateRow, IncidentImport, IncidentPlan, NewIncident
from ccgov.imports.incident_rows import Converted, IncidentRows, Known, duplicate_key
from ccgov.imports.mapping import MAX_MAPPING_BYTES, ImportMapping, load_mapping
from ccgov.imports.problems import CellError, CellErrors, ImportRefusedError, Problems
from ccgov.imports.table import MAX_BYTES, Failure, Table, read_limited, read_table
from ccgov.records.incident import Incident
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store.ids import id_after, next_id
from ccgov.store.loader import load_record
from ccgov.store.repo import Repository
from ccgov.store.yamlio import dump_for_edit, parse_document

INCIDENTS_DIR = KIND_BY_NAME["incident"].directory
# Why the export could not be read -> what to do about it.
_HINTS: dict[Failure, str] = {
    "size": "split the export",
    "encoding": "export it as UTF-8 (CSV UTF-8), or name its encoding in the mapping, "
    "e.g. encoding: cp1252",
    "empty": "export the tickets again, with the header row",
}


@dataclass(frozen=True, slots=True)
class Source:
    """A readable export, the mapping that explains it, and where its columns are."""

    mapping: ImportMapping
    table: Table
    columns: dict[str, int]  # incident field -> 1-based column


def load_source(csv_path: Path, mapping_path: Path) -> Source:
    """Read both files (no more than their size limits) and :func:`read_source` them."""
    mapping = read_limited(mapping_path, MAX_MAPPING_BYTES)
    return read_source(csv_path.name, read_limited(csv_path, MAX_BYTES), mapping_path.name, mapping)


def read_source(csv_name: str, csv_data: bytes, mapping_name: str, mapping_data: bytes) -> Source:
    """The mapping, then the export; refuse with every problem either has."""
    mapping, problems = load_mapping(mapping_name, mapping_data)
    if mapping is None:
        raise ImportRefusedError(problems, hint=f"fix {mapping_name} and run the command again")
    table = read_table(csv_name, csv_data, encoding=mapping.encoding, delimiter=mapping.delimiter)
    if table.failure is not None:
        hint = _HINTS.get(table.failure)
        if table.failure == "encoding" and codecs.lookup(mapping.encoding).name != "utf-8":
            hint = "check the mapping's encoding"
        raise ImportRefusedError(list(table.problems), hint=hint)
    found, problems = match_columns(table, mapping.wanted_columns())
    if problems:
        raise ImportRefusedError(
            problems, hint="export those columns too, or fix the column names in the mapping"
        )
    # A header with no rows is a quiet day, not an error: a scheduled import
    # of an export that selected no tickets imports nothing and succeeds.
    columns = {label.removeprefix("columns."): column for label, column in found.items()}
    return Source(mapping, table, columns)


@dataclass(slots=True)
class Classified:
    """The rows of an export sorted: to import, already recorded, or wrong."""

    accepted: list[Converted]
    duplicates: list[DuplicateRow]
    problems: Problems


def classify(source: Source, known: Known) -> Classified:
    """Convert every row; a row whose ticket, or opened time and title, is
    recorded already or came earlier in the export is a duplicate (and its
    other cells do not matter). Pure: what is known is passed in."""
    table = source.table
    rows = IncidentRows(table, source.mapping, source.columns, known)
    result = Classified([], [], Problems())
    result.problems.extend(table.problems)
    seen_keys: dict[tuple[datetime, str], int] = {}
    seen_tickets: dict[str, int] = {}
    for row in table.rows:
        converted = rows.convert(row)
        title, opened, ticket = converted.title, converted.opened, converted.external_id
        if title is not None and opened is not None:
            key = duplicate_key(opened, title)
            earlier = (seen_tickets.get(ticket) if ticket else None) or seen_keys.get(key)
            recorded = (known.tickets.get(ticket) if ticket else None) or known.incidents.get(key)
            if ticket:
                seen_tickets.setdefault(ticket, row.number)
            seen_keys.setdefault(key, row.number)
            if recorded is not None or earlier is not None:
                of = recorded if recorded is not None else f"row {earlier}"
                result.duplicates.append(DuplicateRow(row.number, title, opened, ticket, of))
                continue
        result.problems.extend(converted.problems)
        if not converted.problems:
            result.accepted.append(converted)
    return result


def plan_import(repository: Repository, source: Source) -> IncidentPlan:
    """The records the export would add, and the rows skipped as already recorded.

    Raises :class:`ImportRefusedError` with every problem found.
    """
    known = Known.of(repository)
    classified = classify(source, known)
    problems = classified.problems
    problems.raise_if_any()
    table = source.table
    new: list[NewIncident] = []
    if classified.accepted:
        rows = IncidentRows(table, source.mapping, source.columns, known)
        first = next_id(repository.root, known.prefix, INCIDENTS_DIR)
        for offset, converted in enumerate(classified.accepted):
            try:
                new.append(_render(table.name, id_after(first, offset), converted))
            except CellErrors as exc:
                problems.extend([rows.problem(converted.row, e) for e in exc.errors])
    problems.raise_if_any()
    return IncidentPlan(table.name, new, classified.duplicates, table.blank_rows)


def _render(source: str, incident_id: str, row: Converted) -> NewIncident:
    """The record file, through the model (so it is written as every other
    record is) and read back through the loader (so it reads as it will)."""
    ticket_field = {"external_id": row.external_id} if row.external_id else {}
    try:
        incident = Incident.model_validate({"id": incident_id, **row.record, **ticket_field})
    except ValidationError as exc:
        raise CellErrors(
            [_cell_error(detail) for detail in exc.errors(include_url=False)]
        ) from None
    data = incident.model_dump(mode="json", by_alias=True, exclude_unset=True)
    ticket = f" (ticket {' '.join(row.external_id.split())})" if row.external_id else ""
    origin = " ".join(source.split())
    comment = f"# Imported from {origin} row {row.row}{ticket} by ccgov incident import.\n"
    path = f"{INCIDENTS_DIR}/{incident_id}.yaml"
    content = (comment + dump_for_edit(data)).encode("utf-8")
    _, findings = load_record(path, content, Incident)
    if findings:
        raise CellErrors(_unreadable(data))
    assert row.opened is not None  # accepted rows have their key
    return NewIncident(
        row.row,
        incident_id,
        path,
        incident.title,
        incident.severity,
        row.opened,
        row.external_id,
        content,
    )


def _cell_error(detail: Any) -> CellError:
    loc = detail["loc"]
    field_name = str(loc[0]) if loc else "title"
    return CellError(field_name, str(detail["msg"]).removeprefix("Value error, "))


def _unreadable(data: dict[str, Any]) -> list[CellError]:
    """Which values YAML cannot carry as they are (a U+2028 in a title, say):
    each field on its own, written and read back."""
    errors = []
    for name, value in data.items():
        _, findings = parse_document("field.yaml", dump_for_edit({name: value}).encode("utf-8"))
        if findings:
            message = f"the value cannot be stored as it is: {findings[0].message}"
            errors.append(CellError(name, message))
    return errors or [CellError("title", "the record would not read back as it was written")]


def import_incidents(
    repository: Repository,
    csv_path: Path,
    mapping_path: Path,
    *,
    write: bool = False,
    commit: bool = True,
) -> IncidentImport:
    """Plan the import; with ``write``, commit the new records in one change.

    A dry run (the default) reads the repository without locking or changing it.
    """
    source = load_source(csv_path, mapping_path)
    plan = plan_import(repository, source)
    if not write or not plan.new:
        return IncidentImport(plan, None)
    locked, applied = write_import(
        repository,
        lambda current: plan_import(current, source),
        lambda locked: ("incident", locked.label),
        nothing_new="nothing new to import: every row is now recorded",
        commit=commit,
    )
    return IncidentImport(locked, applied)
