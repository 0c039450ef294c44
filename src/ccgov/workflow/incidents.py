"""Importing incidents from a service-desk tool's CSV export.

A mapping file (YAML, validated like a record: unknown keys are errors) says
which column holds each incident field, which time zone the export's naive
timestamps are in, how to read them, and how the tool's values (priorities,
user names, CI names, services) translate into ccgov's. :func:`plan_import`
turns the export into new incident records, skipping rows already recorded;
nothing is written until :func:`import_incidents` is asked to, and then every
new record goes into one commit through :func:`ccgov.workflow.transaction.apply`.

Bad input is never half-imported: every problem found in the export is
collected (up to :data:`MAX_PROBLEMS`), named by its row as a spreadsheet
shows it (the header is row 1) and its column, and reported at once.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, Field, StringConstraints, ValidationError, field_validator

from ccgov.errors import CcgovError, RefusedError
from ccgov.records.base import Handle, Model, RecordId, Text, TimeZoneName
from ccgov.records.incident import Incident
from ccgov.records.kinds import KIND_BY_NAME, NUMBERED_ID
from ccgov.records.sla import SeverityLevel
from ccgov.store import git
from ccgov.store.ids import id_after, next_id
from ccgov.store.loader import LoadedRecord, load_record
from ccgov.store.repo import Repository, load_repository
from ccgov.store.yamlio import dump_for_edit
from ccgov.workflow.identity import actor
from ccgov.workflow.transaction import Applied, Mutation, apply

INCIDENTS_DIR = KIND_BY_NAME["incident"].directory
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_MAPPING_BYTES = 256 * 1024
# Enough to see the pattern of what is wrong without drowning in it.
MAX_PROBLEMS = 100
ISO = "iso"

# --- the mapping -------------------------------------------------------------


def _check_encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}; use e.g. utf-8 or cp1252") from None
    return name


Encoding = Annotated[str, AfterValidator(_check_encoding)]
Header = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    Field(description="A column's name as the export's header row spells it."),
]


class Columns(Model):
    """Which column of the export (by its header) holds each incident field."""

    title: Header
    opened: Header
    severity: Header | None = None
    responded: Header | None = None
    resolved: Header | None = None
    closed: Header | None = None
    external_id: Header | None = Field(
        None, description="The tool's ticket number: repeated rows of one ticket are skipped."
    )
    sla: Header | None = Field(None, description="A column naming the SLA; see slas.")
    description: Header | None = None
    assignee: Header | None = None
    reported_by: Header | None = None
    affects: Header | None = Field(
        None, description="Configuration items, separated by commas or semicolons; see items."
    )
    caused_by: Header | None = None
    root_cause: Header | None = None
    analysis: Header | None = None


class Constants(Model):
    """Values for fields the export does not carry, or leaves empty in a row."""

    severity: SeverityLevel | None = None
    assignee: Handle | None = None
    reported_by: Text | None = None
    affects: list[RecordId] = Field(default_factory=list)
    caused_by: RecordId | None = None
    description: Text | None = None
    root_cause: Text | None = None
    analysis: Text | None = None


class ImportMapping(Model):
    """How one service-desk tool's CSV export becomes incident records."""

    columns: Columns
    sla: RecordId | None = Field(
        None, description="The SLA every incident falls under (or the default for columns.sla)."
    )
    slas: dict[str, RecordId] = Field({}, description="Values of columns.sla -> SLA ids.")
    timezone: TimeZoneName | None = Field(
        None, description="The zone the export's timestamps without a UTC offset are in."
    )
    timestamp_formats: list[Text] = Field(
        [ISO],
        min_length=1,
        description="strptime patterns tried in order; 'iso' is ISO 8601.",
    )
    ambiguous_times: Literal["error", "earlier", "later"] = Field(
        "error",
        description="A local time that happens twice (clocks going back): refuse it, or take "
        "the earlier or the later of the two instants.",
    )
    severities: dict[str, SeverityLevel] = Field({}, description="The tool's priorities -> 1-4.")
    assignees: dict[str, Handle] = Field({}, description="The tool's user names -> handles.")
    items: dict[str, RecordId] = Field({}, description="The tool's CI names -> CI ids.")
    constants: Constants = Constants()
    encoding: Encoding = "utf-8"
    delimiter: Annotated[str, StringConstraints(min_length=1, max_length=1)] = ","

    @field_validator("slas", "severities", "assignees", "items", mode="before")
    @classmethod
    def _keys_as_text(cls, value: Any) -> Any:
        # A tool's value "1" is the YAML number 1 when written unquoted as a key.
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value


# --- problems ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the export or the mapping.

    For the CSV, ``line`` is the row as a spreadsheet shows it (the header is
    row 1) and ``column`` the cell's position (A = 1); for the mapping they are
    the line and column of the YAML. 0 means the whole file or row.
    """

    file: str
    kind: Literal["csv", "yaml"]
    line: int
    column: int
    message: str
    heading: str | None = None  # the CSV column's header

    def __str__(self) -> str:
        if self.kind == "yaml":
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        if not self.line:
            return f"{self.file}: {self.message}"
        where = f"{self.file} row {self.line}"
        if self.column:
            where += f", column {column_letter(self.column)}"
            if self.heading:
                where += f" ({self.heading})"
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "column_name": self.heading,
            "message": self.message,
        }


class ImportRefusedError(RefusedError):
    """The export or the mapping is wrong; nothing was written."""

    def __init__(self, problems: list[Problem], *, more: int = 0, hint: str | None = None) -> None:
        count = len(problems) + more
        lines = "\n".join(f"  {problem}" for problem in problems)
        if more:
            lines += f"\n  ... and {more} more"
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"nothing was imported: {count} {noun}:\n{lines}",
            hint=hint or "fix the export or the mapping and run the command again",
        )
        self.problems = problems
        self.more = more


def column_letter(number: int) -> str:
    """A spreadsheet's name for a 1-based column: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class _Problems:
    """Collects problems up to the limit, counting the rest."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.more = 0

    def add(self, problem: Problem) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRefusedError(self.items, more=self.more)


# --- reading the inputs ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """The export's header and rows, each with its spreadsheet row number."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    blank_rows: int = 0
    # Rows that could not be read as cells; reported with the rest.
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """A read, well-formed export and the mapping that explains it."""

    mapping: ImportMapping
    table: Table


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise CcgovError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise CcgovError(f"{path} is over the {limit:,}-byte limit", hint="split the export")
    return data


def load_mapping(path: Path) -> ImportMapping:
    """Read and validate a mapping file; problems name its line and column."""
    name = path.name
    loaded, findings = load_record(
        name, _read(path, MAX_MAPPING_BYTES), ImportMapping, id_field=None
    )
    problems = [Problem(name, "yaml", f.line, f.column, f.message) for f in findings]
    if loaded is None or problems:
        raise ImportRefusedError(problems, hint=f"fix {name} and run the command again")
    mapping: ImportMapping = loaded.record
    problems = _mapping_gaps(name, loaded, mapping)
    if problems:
        raise ImportRefusedError(problems, hint=f"fix {name} and run the command again")
    return mapping


def _mapping_gaps(name: str, loaded: LoadedRecord, mapping: ImportMapping) -> list[Problem]:
    """What the schema cannot say: a field with neither a column nor a constant,
    a value map for a column that is not mapped."""
    problems: list[Problem] = []

    def at(*path: str) -> tuple[int, int]:
        return loaded.key_at(*path)

    columns = mapping.columns
    if columns.severity is None and mapping.constants.severity is None:
        problems.append(
            Problem(
                name,
                "yaml",
                *at("columns"),
                "no severity: name its column (columns.severity) or give constants.severity",
            )
        )
    if columns.sla is None and mapping.sla is None:
        problems.append(
            Problem(
                name,
                "yaml",
                *at("columns"),
                "no SLA: name the SLA every incident falls under (sla: SLA-0001) "
                "or a column and its values (columns.sla and slas)",
            )
        )
    for key, column in (
        ("slas", "sla"),
        ("severities", "severity"),
        ("assignees", "assignee"),
        ("items", "affects"),
    ):
        if getattr(mapping, key) and getattr(columns, column) is None:
            problems.append(
                Problem(
                    name,
                    "yaml",
                    *at(key),
                    f"{key} translates the values of a column, but columns.{column} names none",
                )
            )
    return problems


def _decode(name: str, data: bytes, encoding: str, delimiter: str) -> str:
    codec = codecs.lookup(encoding).name
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        row, column, heading = _locate(data, exc.start, codec, delimiter)
        byte = data[exc.start]
        hint = (
            (
                "export it as UTF-8 (CSV UTF-8), or name its encoding in the mapping, e.g. "
                "encoding: cp1252"
            )
            if codec == "utf-8"
            else "check the mapping's encoding"
        )
        raise ImportRefusedError(
            [
                Problem(
                    name,
                    "csv",
                    row,
                    column,
                    f"byte 0x{byte:02x} is not valid {codec}: the file is in another encoding",
                    heading,
                )
            ],
            hint=hint,
        ) from None
    return text.removeprefix("\ufeff")


def _locate(data: bytes, start: int, codec: str, delimiter: str) -> tuple[int, int, str | None]:
    """Row, column and header of the cell holding byte ``start``."""
    prefix = data[:start].decode(codec, errors="replace")
    try:
        records = list(csv.reader(io.StringIO(prefix, newline=""), delimiter=delimiter))
    except csv.Error:
        return prefix.count("\n") + 1, 0, None
    if not records or prefix.endswith(("\n", "\r")):
        row, column = len(records) + 1, 1
    else:
        row, column = len(records), len(records[-1])
    header = records[0] if records and row > 1 else []
    return row, column, header[column - 1].strip() if 0 < column <= len(header) else None


def read_table(path: Path, mapping: ImportMapping) -> Table:
    """Read the export: decoded, split into rows, the mapped columns present."""
    name = path.name
    text = _decode(name, _read(path, MAX_CSV_BYTES), mapping.encoding, mapping.delimiter)
    if not text.strip():
        raise ImportRefusedError(
            [
                Problem(
                    name,
                    "csv",
                    0,
                    0,
                    "the file is empty: expected a header row naming the "
                    "columns, then one row per incident",
                )
            ],
            hint="export the tickets again, with the header row",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter, strict=True)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    blank = 0
    number = 0
    problems: list[Problem] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number == 1:
                header = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                blank += 1
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        name,
                        "csv",
                        number,
                        0,
                        f"the row has {len(cells)} cells, the header {len(header)}; is a value "
                        f"holding a {mapping.delimiter!r} missing its quotes?",
                    )
                )
                continue
            rows.append((number, cells))
    except csv.Error as exc:
        # The reader cannot find the next row after this: stop here, report the rows so far.
        problems.append(
            Problem(name, "csv", number + 1, 0, f"the file is not well-formed CSV here: {exc}")
        )
        if number == 0:
            raise ImportRefusedError(problems) from None
    if not any(header):
        raise ImportRefusedError(
            [Problem(name, "csv", 1, 0, "the header row is empty: it must name the columns")]
        )
    _check_header(name, header, mapping)
    return Table(name, header, rows, blank, tuple(problems))


def _check_header(name: str, header: list[str], mapping: ImportMapping) -> None:
    """Every column the mapping names is in the header, once."""
    present: dict[str, int] = {}
    for cell in header:
        present[cell] = present.get(cell, 0) + 1
    mapped = mapping.columns.model_dump(exclude_none=True)
    # Suggest only columns no other field already takes.
    unused = [cell for cell in present if cell and cell not in mapped.values()]
    missing: list[str] = []
    doubled: list[str] = []
    for field_name, column in mapped.items():
        if column not in present:
            guess = difflib.get_close_matches(column, unused, n=1, cutoff=0.6)
            suggestion = f", did you mean {guess[0]!r}?" if guess else ""
            missing.append(f"{column!r} (columns.{field_name}{suggestion})")
        elif present[column] > 1:
            doubled.append(repr(column))
    problems = []
    if missing:
        problems.append(
            Problem(
                name,
                "csv",
                1,
                0,
                f"missing {'column' if len(missing) == 1 else 'columns'} {', '.join(missing)}; "
                f"the header has: {_shortened([cell for cell in header if cell])}",
            )
        )
    if doubled:
        problems.append(
            Problem(
                name,
                "csv",
                1,
                0,
                f"the header names {', '.join(doubled)} more than once, so which "
                "one the mapping means is unclear",
            )
        )
    if problems:
        raise ImportRefusedError(
            problems, hint="export those columns too, or fix the column names in the mapping"
        )


def _shortened(names: list[str], limit: int = 30) -> str:
    shown = ", ".join(names[:limit])
    return f"{shown}, ... ({len(names) - limit} more)" if len(names) > limit else shown


def load_source(csv_path: Path, mapping_path: Path) -> Source:
    mapping = load_mapping(mapping_path)
    return Source(mapping, read_table(csv_path, mapping))


# --- turning rows into incidents ---------------------------------------------


class _CellError(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


@dataclass(slots=True)
class _Known:
    """What the repository already holds, for references and duplicates."""

    people: set[str]
    items: set[str]
    changes: set[str]
    slas: dict[str, set[int] | None]  # id -> severities with targets (None: does not load)
    incidents: dict[tuple[datetime, str], str]  # (opened in UTC, title key) -> id
    tickets: dict[str, str]  # external_id -> id
    prefix: str

    @classmethod
    def of(cls, repository: Repository) -> _Known:
        config = repository.config
        if config is None:
            raise RefusedError(
                "ccgov.yaml is missing or invalid", hint="run ccgov validate and fix it first"
            )

        def ids(kind: Literal["item", "change"]) -> set[str]:
            return {loaded.record.id for loaded in repository.of(kind)} | {
                i
                for i in repository.unloaded
                if i.startswith(f"{getattr(config.id_prefixes, kind)}-")
            }

        slas: dict[str, set[int] | None] = {
            loaded.record.id: set(loaded.record.severities) for loaded in repository.of("sla")
        }
        for unloaded in repository.unloaded:
            if unloaded.startswith(f"{config.id_prefixes.sla}-"):
                slas.setdefault(unloaded, None)
        incidents = {
            (
                loaded.record.opened.astimezone(UTC),
                _title_key(loaded.record.title),
            ): loaded.record.id
            for loaded in repository.of("incident")
        }
        tickets = {
            loaded.record.external_id: loaded.record.id
            for loaded in repository.of("incident")
            if loaded.record.external_id
        }
        return cls(
            {p.handle for p in config.people},
            ids("item"),
            ids("change"),
            slas,
            incidents,
            tickets,
            config.id_prefixes.incident,
        )


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _lookup(table: dict[str, Any], value: str) -> Any:
    """A value map entry: exact first, then ignoring case and spacing."""
    if value in table:
        return table[value]
    wanted = _title_key(value)
    return next((v for k, v in table.items() if _title_key(k) == wanted), None)


@dataclass(frozen=True, slots=True)
class _Timestamps:
    formats: list[str]
    zone: tzinfo | None
    zone_name: str | None
    ambiguous: Literal["error", "earlier", "later"]

    def parse(self, field_name: str, text: str) -> datetime:
        value = self._match(text)
        if value is None:
            shown = ", ".join("ISO 8601" if f.lower() == ISO else f for f in self.formats)
            raise _CellError(
                field_name,
                f"{text!r} is not a timestamp in the mapping's timestamp_formats ({shown})",
            )
        if value.tzinfo is not None:
            return value
        if self.zone is None:
            raise _CellError(
                field_name,
                f"{text!r} has no UTC offset and the mapping names no "
                "timezone; add the zone the export's times are in, e.g. "
                "timezone: America/Chicago",
            )
        early = value.replace(tzinfo=self.zone, fold=0)
        late = value.replace(tzinfo=self.zone, fold=1)
        if early.utcoffset() == late.utcoffset():
            return early
        if early.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) != value:
            raise _CellError(
                field_name,
                f"{text!r} does not exist in {self.zone_name}: the "
                "clocks skipped that hour (daylight saving time); check the export",
            )
        if self.ambiguous == "error":
            raise _CellError(
                field_name,
                f"{text!r} happens twice in {self.zone_name} (the clocks "
                f"went back): {early.isoformat()} or {late.isoformat()}; write the "
                "offset into the cell, or set ambiguous_times: earlier or later in "
                "the mapping",
            )
        return early if self.ambiguous == "earlier" else late

    def _match(self, text: str) -> datetime | None:
        for pattern in self.formats:
            try:
                if pattern.lower() == ISO:
                    # A bare date would become midnight: a guess, not a time.
                    if ":" not in text:
                        continue
                    return datetime.fromisoformat(text)
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        return None


@dataclass(slots=True)
class _Row:
    number: int
    title: str
    opened: datetime
    external_id: str | None
    record: dict[str, Any] = field(default_factory=dict)


_LIST_SPLIT = re.compile(r"[,;\n]")
_ORDER = ("opened", "responded", "resolved", "closed")


class _Converter:
    """One row's cells -> an incident record (without its id), or cell errors."""

    def __init__(self, source: Source, known: _Known) -> None:
        self.mapping = source.mapping
        self.header = source.table.header
        self.known = known
        mapping = self.mapping
        zone = ZoneInfo(mapping.timezone) if mapping.timezone else None
        self.times = _Timestamps(
            mapping.timestamp_formats, zone, mapping.timezone, mapping.ambiguous_times
        )
        self.index = {
            field_name: self.header.index(column)
            for field_name, column in mapping.columns.model_dump(exclude_none=True).items()
        }

    def column_of(self, field_name: str) -> int:
        """The 1-based column of a field, 0 when the mapping gives it no column."""
        return self.index[field_name] + 1 if field_name in self.index else 0

    def cell(self, cells: list[str], field_name: str) -> str | None:
        if field_name not in self.index:
            return None
        value = cells[self.index[field_name]].replace("\r\n", "\n").replace("\r", "\n").strip()
        return value or None

    def key(self, cells: list[str]) -> tuple[str | None, datetime | None, list[_CellError]]:
        """Title and opened time: what recognises a duplicate."""
        errors: list[_CellError] = []
        title = self.cell(cells, "title")
        if title is None:
            errors.append(_CellError("title", "the title is empty"))
        opened = None
        text = self.cell(cells, "opened")
        if text is None:
            errors.append(_CellError("opened", "the opened time is empty"))
        else:
            try:
                opened = self.times.parse("opened", text)
            except _CellError as exc:
                errors.append(exc)
        return title, opened, errors

    def rest(
        self, cells: list[str], title: str, opened: datetime
    ) -> tuple[dict[str, Any], list[_CellError]]:
        """Every other field, references checked against the repository."""
        errors: list[_CellError] = []
        record: dict[str, Any] = {"title": title}
        steps = (
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
        for name, step in steps:
            try:
                step(cells, name, record, opened)
            except _CellError as exc:
                errors.append(exc)
            except _CellErrors as many:
                errors.extend(many.errors)
        if not errors:
            errors.extend(self._targets(record))
        return record, errors

    # Each step fills ``record`` or raises.

    def _severity(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(cells, name)
        if text is None:
            if self.mapping.constants.severity is None:
                raise _CellError(
                    name, "the severity is empty and the mapping has no constants.severity"
                )
            record[name] = self.mapping.constants.severity
            return
        severities = self.mapping.severities
        value = _lookup(severities, text)
        if value is None and not severities and text in {"1", "2", "3", "4"}:
            value = int(text)
        if value is None:
            known = ", ".join(repr(k) for k in severities) or "none"
            raise _CellError(
                name,
                f"unknown severity {text!r}; the mapping's severities know "
                f"{known}: add it there, e.g. {text!r}: 2",
            )
        record[name] = value

    def _sla(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(cells, name)
        if text is None:
            if self.mapping.sla is None:
                raise _CellError(name, "the SLA is empty and the mapping has no default sla")
            sla = self.mapping.sla
        else:
            sla = _lookup(self.mapping.slas, text)
            if sla is None and NUMBERED_ID.match(text):
                sla = text
            if sla is None:
                raise _CellError(
                    name,
                    f"unknown SLA {text!r}: add it to the mapping's slas, e.g. {text!r}: SLA-0001",
                )
        if sla not in self.known.slas:
            known = ", ".join(sorted(self.known.slas)) or "none yet"
            raise _CellError(name, f"there is no SLA {sla} in the repository (known: {known})")
        record[name] = sla

    def _times(
        self, cells: list[str], _name: str, record: dict[str, Any], opened: datetime
    ) -> None:
        errors: list[_CellError] = []
        present = [("opened", opened)]
        for name in _ORDER[1:]:
            text = self.cell(cells, name)
            if text is None:
                continue
            try:
                present.append((name, self.times.parse(name, text)))
            except _CellError as exc:
                errors.append(exc)
        if not errors:
            for (before, early), (after, late) in pairwise(present):
                if late < early:
                    errors.append(
                        _CellError(
                            after,
                            f"{after} ({late.isoformat()}) is before "
                            f"{before} ({early.isoformat()})",
                        )
                    )
        if errors:
            raise _CellErrors(errors)
        for name, value in present:
            record[name] = value.isoformat()

    def _affects(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(cells, name)
        if text is None:
            ids = list(self.mapping.constants.affects)
        else:
            ids = []
            for part in filter(None, (p.strip() for p in _LIST_SPLIT.split(text))):
                item = _lookup(self.mapping.items, part)
                if item is None and NUMBERED_ID.match(part):
                    item = part
                if item is None:
                    raise _CellError(
                        name,
                        f"unknown configuration item {part!r}: add it to the "
                        f"mapping's items, e.g. {part!r}: CI-0001",
                    )
                ids.append(item)
        unknown = [i for i in ids if i not in self.known.items]
        if unknown:
            raise _CellError(name, f"no configuration item {', '.join(unknown)} in the repository")
        if ids:
            record[name] = list(dict.fromkeys(ids))

    def _caused_by(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        change = self.cell(cells, name) or self.mapping.constants.caused_by
        if change is None:
            return
        if change not in self.known.changes:
            raise _CellError(name, f"there is no RFC {change} in the repository")
        record[name] = change

    def _assignee(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        text = self.cell(cells, name)
        if text is None:
            handle = self.mapping.constants.assignee
        else:
            handle = _lookup(self.mapping.assignees, text)
            if handle is None and text in self.known.people:
                handle = text
            if handle is None:
                raise _CellError(
                    name,
                    f"{text!r} is not a person in ccgov.yaml: map it to a "
                    f"handle in the mapping's assignees, e.g. {text!r}: alice",
                )
        if handle is None:
            return
        if handle not in self.known.people:
            who = f"{text!r} maps to {handle!r}, who" if text else repr(handle)
            raise _CellError(name, f"{who} is not a person in ccgov.yaml")
        record[name] = handle

    def _text(self, cells: list[str], name: str, record: dict[str, Any], _: datetime) -> None:
        value = self.cell(cells, name) or getattr(self.mapping.constants, name)
        if value is not None:
            record[name] = value

    def _targets(self, record: dict[str, Any]) -> list[_CellError]:
        severities = self.known.slas.get(record["sla"])
        if severities is not None and record["severity"] not in severities:
            return [
                _CellError(
                    "severity", f"{record['sla']} sets no target for severity {record['severity']}"
                )
            ]
        return []


class _CellErrors(Exception):
    def __init__(self, errors: list[_CellError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


# --- the plan ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewIncident:
    row: int
    id: str
    path: str
    title: str
    severity: int
    opened: datetime
    external_id: str | None
    content: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id": self.id,
            "file": self.path,
            "severity": self.severity,
            "opened": self.opened.isoformat(),
            "title": self.title,
            "external_id": self.external_id,
        }


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    row: int
    title: str
    opened: datetime
    external_id: str | None
    duplicate_of: str  # an incident id, or "row N" of the same export

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "opened": self.opened.isoformat(),
            "title": self.title,
            "external_id": self.external_id,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class ImportPlan:
    source: str
    new: list[NewIncident]
    duplicates: list[DuplicateRow]
    blank_rows: int = 0

    @property
    def files(self) -> dict[str, bytes]:
        return {incident.path: incident.content for incident in self.new}

    @property
    def label(self) -> str:
        """The record the commit names: one id, or the first..last of a run."""
        if len(self.new) == 1:
            return self.new[0].id
        return f"{self.new[0].id}..{self.new[-1].id}" if self.new else "none"


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan: ImportPlan
    applied: Applied[None] | None  # None: a dry run, or nothing new to write

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "source": plan.source,
            "written": self.applied is not None,
            "commit": self.applied.commit if self.applied else None,
            "counts": {
                "new": len(plan.new),
                "duplicate": len(plan.duplicates),
                "blank": plan.blank_rows,
            },
            "new": [incident.to_json() for incident in plan.new],
            "duplicates": [duplicate.to_json() for duplicate in plan.duplicates],
        }


def plan_import(repository: Repository, source: Source) -> ImportPlan:
    """The records the export would add, and the rows skipped as already recorded.

    Raises :class:`ImportRefusedError` with every problem found.
    """
    known = _Known.of(repository)
    table = source.table
    converter = _Converter(source, known)
    problems = _Problems()
    for problem in table.problems:
        problems.add(problem)
    duplicates: list[DuplicateRow] = []
    accepted: list[_Row] = []
    seen_keys: dict[tuple[datetime, str], int] = {}
    seen_tickets: dict[str, int] = {}

    def report(row: int, error: _CellError) -> None:
        column = converter.column_of(error.field_name)
        heading = table.header[column - 1] if column else None
        if column:
            message = error.message
        else:
            # No column: the value came from the mapping itself.
            key = "sla" if error.field_name == "sla" else f"constants.{error.field_name}"
            message = f"{error.message} (from the mapping's {key})"
        problems.add(Problem(table.name, "csv", row, column, message, heading))

    for number, cells in table.rows:
        title, opened, errors = converter.key(cells)
        ticket = converter.cell(cells, "external_id")
        if title is not None and opened is not None:
            key = (opened.astimezone(UTC), _title_key(title))
            earlier = (seen_tickets.get(ticket) if ticket else None) or seen_keys.get(key)
            recorded = (known.tickets.get(ticket) if ticket else None) or known.incidents.get(key)
            if ticket:
                seen_tickets.setdefault(ticket, number)
            seen_keys.setdefault(key, number)
            if recorded is not None or earlier is not None:
                of = recorded if recorded is not None else f"row {earlier}"
                duplicates.append(DuplicateRow(number, title, opened, ticket, of))
                continue
        if errors or title is None or opened is None:
            for error in errors:
                report(number, error)
            continue
        record, errors = converter.rest(cells, title, opened)
        for error in errors:
            report(number, error)
        if not errors:
            accepted.append(_Row(number, title, opened, ticket, record))
    problems.raise_if_any()
    if not accepted:
        return ImportPlan(table.name, [], duplicates, table.blank_rows)
    first = next_id(repository.root, known.prefix, INCIDENTS_DIR)
    new: list[NewIncident] = []
    for offset, row in enumerate(accepted):
        incident_id = id_after(first, offset)
        try:
            new.append(_render(table.name, incident_id, row))
        except ValidationError as exc:
            for detail in exc.errors(include_url=False):
                loc = detail["loc"]
                field_name = str(loc[0]) if loc else "title"
                message = str(detail["msg"]).removeprefix("Value error, ")
                report(row.number, _CellError(field_name, message))
    problems.raise_if_any()
    return ImportPlan(table.name, new, duplicates, table.blank_rows)


def _render(source: str, incident_id: str, row: _Row) -> NewIncident:
    # Through the model, so the file is written as every other record is.
    ticket_field = {"external_id": row.external_id} if row.external_id else {}
    incident = Incident.model_validate({"id": incident_id, **row.record, **ticket_field})
    data = incident.model_dump(mode="json", by_alias=True, exclude_unset=True)
    ticket = f" (ticket {' '.join(row.external_id.split())})" if row.external_id else ""
    origin = " ".join(source.split())
    comment = f"# Imported from {origin} row {row.number}{ticket} by ccgov incident import.\n"
    path = f"{INCIDENTS_DIR}/{incident_id}.yaml"
    return NewIncident(
        row.number,
        incident_id,
        path,
        incident.title,
        incident.severity,
        row.opened,
        row.external_id,
        (comment + dump_for_edit(data)).encode("utf-8"),
    )


def import_incidents(
    root: Path, csv_path: Path, mapping_path: Path, *, write: bool = False, commit: bool = True
) -> ImportResult:
    """Plan the import; with ``write``, commit the new records in one change.

    A dry run (the default) reads the repository without locking or changing it.
    """
    source = load_source(csv_path, mapping_path)
    plan = plan_import(load_repository(root), source)
    if not write or not plan.new:
        return ImportResult(plan, None)
    email = git.config_value(root, "user.email")
    planned: list[ImportPlan] = []

    def build(repository: Repository) -> Mutation:
        if repository.config is not None:
            actor(repository.config, email)
        # Again under the lock: the repository may have changed since the dry run.
        locked = plan_import(repository, source)
        if not locked.new:
            raise RefusedError("nothing new to import: every row is now recorded")
        planned.append(locked)
        return Mutation("incident", locked.label, "import", locked.files)

    applied = apply(root, build, commit=commit)
    return ImportResult(planned[-1], applied)
