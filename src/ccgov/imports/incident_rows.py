"""One export row -> the data of an incident record, or located problems.

Pure: the mapping says what the cells mean, :class:`Known` says what the
repository holds (people, CIs, RFCs, SLAs and their severities), and nothing
else is consulted, so the conversion is tested without git. Every problem
names the row and the cell it came from; a value that came from the mapping
instead of a cell says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any, Literal

from ccgov.errors import RefusedError
from ccgov.imports.mapping import ImportMapping, fold, lookup
from ccgov.imports.problems import CellError, CellErrors, Problem
from ccgov.imports.table import Row, Table
from ccgov.imports.timestamps import Timestamps
from ccgov.records.kinds import NUMBERED_ID
from ccgov.store.repo import Repository

_LIST_SPLIT = re.compile(r"[,;\n]")
_ORDER = ("opened", "responded", "resolved", "closed")


@dataclass(slots=True)
class Known:
    """What the repository already holds, for references and duplicates."""

    people: set[str]
    items: set[str]
    changes: set[str]
    slas: dict[str, set[int] | None]  # id -> severities with targets (None: does not load)
    incidents: dict[tuple[datetime, str], str] = field(default_factory=dict)  # (UTC, title)
    tickets: dict[str, str] = field(default_factory=dict)  # external_id -> id
    prefix: str = "INC"

    @classmethod
    def of(cls, repository: Repository) -> Known:
        config = repository.config
        if config is None:
            raise RefusedError(
                "ccgov.yaml is missing or invalid", hint="run ccgov validate and fix it first"
            )

        def ids(kind: Literal["item", "change"]) -> set[str]:
            prefix = f"{getattr(config.id_prefixes, kind)}-"
            loaded = {loaded.record.id for loaded in repository.of(kind)}
            return loaded | {i for i in repository.unloaded if i.startswith(prefix)}

        slas: dict[str, set[int] | None] = {
            loaded.record.id: set(loaded.record.severities) for loaded in repository.of("sla")
        }
        for unloaded in repository.unloaded:
            if unloaded.startswith(f"{config.id_prefixes.sla}-"):
                slas.setdefault(unloaded, None)
        incidents = [loaded.record for loaded in repository.of("incident")]
        return cls(
            {p.handle for p in config.people},
            ids("item"),
            ids("change"),
            slas,
            {duplicate_key(i.opened, i.title): i.id for i in incidents},
            {i.external_id: i.id for i in incidents if i.external_id},
            config.id_prefixes.incident,
        )


def duplicate_key(opened: datetime, title: str) -> tuple[datetime, str]:
    """What makes two incidents the same without a ticket number."""
    return opened.astimezone(UTC), fold(title)


@dataclass(slots=True)
class Converted:
    """One row: its key (title, opened, ticket), its record data, its problems."""

    row: int
    title: str | None
    opened: datetime | None
    external_id: str | None
    record: dict[str, Any]
    problems: list[Problem]


Step = Callable[[Row, str, dict[str, Any], datetime], None]


class IncidentRows:
    """Converts the rows of one table, whose columns ``columns`` has located."""

    def __init__(
        self, table: Table, mapping: ImportMapping, columns: dict[str, int], known: Known
    ) -> None:
        self.table = table
        self.mapping = mapping
        self.known = known
        self.columns = columns  # field -> 1-based column
        self.times = Timestamps.of(
            mapping.timestamp_formats, mapping.timezone, mapping.ambiguous_times
        )
        self.steps: tuple[tuple[str, Step], ...] = (
            ("severity", self._severity),
            ("sla", self._sla),
            ("times", self._times),
            ("affects", self._affects),
            ("caused_by", self._caused_by),
            ("reported_by", self._text),
            ("assignee", self._assignee),
            ("description", self._text),
            ("root_cause", self._text),
            ("analysis", self._text),
        )

    def problem(self, row: int, error: CellError) -> Problem:
        column = self.columns.get(error.field_name, 0)
        message = error.message
        if not column:
            # No column: the value came from the mapping itself.
            key = "sla" if error.field_name == "sla" else f"constants.{error.field_name}"
            message = f"{message} (from the mapping's {key})"
        return self.table.problem(row, column, message)

    def cell(self, row: Row, field_name: str) -> str | None:
        """A field's cell, line breaks as \\n, trimmed; None when empty or unmapped."""
        if field_name not in self.columns:
            return None
        text = row.cell(self.columns[field_name]).value
        value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None

    def convert(self, row: Row) -> Converted:
        """The title and opened time first (what recognises a duplicate), then the
        rest, references checked against what is known."""
        errors: list[CellError] = []
        title = self.cell(row, "title")
        if title is None:
            errors.append(CellError("title", "the title is empty"))
        opened = None
        text = self.cell(row, "opened")
        if text is None:
            errors.append(CellError("opened", "the opened time is empty"))
        else:
            try:
                opened = self.times.parse("opened", text)
            except CellError as exc:
                errors.append(exc)
        ticket = self.cell(row, "external_id")
        record: dict[str, Any] = {}
        if title is not None and opened is not None:
            record = {"title": title}
            errors.extend(self._rest(row, record, opened))
        problems = [self.problem(row.number, error) for error in errors]
        return Converted(row.number, title, opened, ticket, record, problems)

    def _rest(self, row: Row, record: dict[str, Any], opened: datetime) -> list[CellError]:
        errors: list[CellError] = []
        for name, step in self.steps:
            try:
                step(row, name, record, opened)
            except CellError as exc:
                errors.append(exc)
            except CellErrors as many:
                errors.extend(many.errors)
        if not errors:
            errors.extend(self._targets(record))
        return errors

    # Each step fills ``record`` or raises.

    def _severity(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(row, name)
        if text is None:
            if self.mapping.constants.severity is None:
                raise CellError(
                    name, "the severity is empty and the mapping has no constants.severity"
                )
            record[name] = self.mapping.constants.severity
            return
        severities = self.mapping.severities
        value = lookup(severities, text)
        if value is None and not severities and text in {"1", "2", "3", "4"}:
            value = int(text)
        if value is None:
            known = ", ".join(repr(k) for k in severities) or "none"
            raise CellError(
                name,
                f"unknown severity {text!r}; the mapping's severities know "
                f"{known}: add it there, e.g. {text!r}: 2",
            )
        record[name] = value

    def _sla(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(row, name)
        if text is None:
            if self.mapping.sla is None:
                raise CellError(name, "the SLA is empty and the mapping has no default sla")
            sla = self.mapping.sla
        else:
            sla = lookup(self.mapping.slas, text)
            if sla is None and NUMBERED_ID.match(text):
                sla = text
            if sla is None:
                raise CellError(
                    name,
                    f"unknown SLA {text!r}: add it to the mapping's slas, e.g. {text!r}: SLA-0001",
                )
        if sla not in self.known.slas:
            known = ", ".join(sorted(self.known.slas)) or "none yet"
            raise CellError(name, f"there is no SLA {sla} in the repository (known: {known})")
        record[name] = sla

    def _times(self, row: Row, _name: str, record: dict[str, Any], opened: datetime) -> None:
        errors: list[CellError] = []
        present = [("opened", opened)]
        for name in _ORDER[1:]:
            text = self.cell(row, name)
            if text is None:
                continue
            try:
                present.append((name, self.times.parse(name, text)))
            except CellError as exc:
                errors.append(exc)
        if not errors:
            for (before, early), (after, late) in pairwise(present):
                if late < early:
                    message = (
                        f"{after} ({late.isoformat()}) is before {before} ({early.isoformat()})"
                    )
                    errors.append(CellError(after, message))
        if errors:
            raise CellErrors(errors)
        for name, value in present:
            record[name] = value.isoformat()

    def _affects(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(row, name)
        if text is None:
            ids = list(self.mapping.constants.affects)
        else:
            ids = []
            for part in filter(None, (p.strip() for p in _LIST_SPLIT.split(text))):
                item = lookup(self.mapping.items, part)
                if item is None and NUMBERED_ID.match(part):
                    item = part
                if item is None:
                    raise CellError(
                        name,
                        f"unknown configuration item {part!r}: add it to the "
                        f"mapping's items, e.g. {part!r}: CI-0001",
                    )
                ids.append(item)
        unknown = [i for i in ids if i not in self.known.items]
        if unknown:
            raise CellError(name, f"no configuration item {', '.join(unknown)} in the repository")
        if ids:
            record[name] = list(dict.fromkeys(ids))

    def _caused_by(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        change = self.cell(row, name) or self.mapping.constants.caused_by
        if change is None:
            return
        if change not in self.known.changes:
            raise CellError(name, f"there is no RFC {change} in the repository")
        record[name] = change

    def _assignee(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(row, name)
        if text is None:
            handle = self.mapping.constants.assignee
        else:
            handle = lookup(self.mapping.assignees, text)
            if handle is None and text in self.known.people:
                handle = text
            if handle is None:
                raise CellError(
                    name,
                    f"{text!r} is not a person in ccgov.yaml: map it to a "
                    f"handle in the mapping's assignees, e.g. {text!r}: alice",
                )
        if handle is None:
            return
        if handle not in self.known.people:
            who = f"{text!r} maps to {handle!r}, who" if text else repr(handle)
            raise CellError(name, f"{who} is not a person in ccgov.yaml")
        record[name] = handle

    def _text(self, row: Row, name: str, record: dict[str, Any], _: datetime) -> None:
        value = self.cell(row, name) or getattr(self.mapping.constants, name)
        if value is not None:
            record[name] = value

    def _targets(self, record: dict[str, Any]) -> list[CellError]:
        severities = self.known.slas.get(record["sla"])
        if severities is not None and record["severity"] not in severities:
            message = f"{record['sla']} sets no target for severity {record['severity']}"
            return [CellError("severity", message)]
        return []
