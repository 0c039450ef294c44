"""The mapping file: how one tool's export becomes ccgov records.

A mapping is YAML, read and validated exactly as a record is (unknown keys,
wrong types and YAML mistakes are problems at their line and column), then
checked for what a schema cannot say (:func:`_gaps`). :func:`read_mapping`
does the generic part for any mapping model; :class:`ImportMapping` is the
mapping of ``ccgov incident import``. Every key is documented in
docs/imports.md, and a test keeps the two in step.
"""

from __future__ import annotations

import codecs
import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, Field, StringConstraints, field_validator

from ccgov.imports.problems import Problem
from ccgov.records.base import Handle, Model, RecordId, Text, TimeZoneName
from ccgov.records.sla import SeverityLevel
from ccgov.store.loader import LoadedRecord, load_record

MAX_MAPPING_BYTES = 256 * 1024
ISO = "iso"
# strptime's directives in Python 3.11; anything else after % is a mistake.
_DIRECTIVES = set("aAwdbBmyYHIpMSfzjUWcxXGuV%")
_DIRECTIVE = re.compile(r"%(.?)", re.DOTALL)


def _check_encoding(name: str) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {name!r}; use e.g. utf-8 or cp1252") from None
    # rot13, hex, base64 ... are codecs, but not from bytes to text.
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{name!r} is not a text encoding; use e.g. utf-8 or cp1252")
    try:
        "a".encode(info.name)
    except UnicodeError:
        raise ValueError(f"{name!r} cannot read text; use e.g. utf-8 or cp1252") from None
    return name


def _check_delimiter(value: str) -> str:
    if value in {'"', "\r", "\n"}:
        raise ValueError(f"{value!r} cannot separate cells; use ',', ';' or a tab")
    return value


def _check_format(pattern: str) -> str:
    if pattern.lower() == ISO:
        return pattern
    directives = _DIRECTIVE.findall(pattern)
    for directive in directives:
        if directive == "Z":
            raise ValueError(
                f"{pattern!r}: %Z reads a zone name but Python then ignores it, so the time "
                "would take the mapping's timezone; use %z for offsets such as -0500"
            )
        if directive not in _DIRECTIVES:
            shown = f"%{directive}" if directive else "a % at the end"
            raise ValueError(f"{pattern!r}: {shown} is not a strptime directive (%% for a %)")
    if not {"Y", "y"} & set(directives):
        raise ValueError(f"{pattern!r} has no year (%Y or %y): every time would be in 1900")
    return pattern


Encoding = Annotated[str, AfterValidator(_check_encoding)]
Delimiter = Annotated[
    str, StringConstraints(min_length=1, max_length=1), AfterValidator(_check_delimiter)
]
TimestampFormat = Annotated[Text, AfterValidator(_check_format)]
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
    timestamp_formats: list[TimestampFormat] = Field(
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
    encoding: Encoding = Field(
        "utf-8", description="The export's encoding when it has no byte order mark."
    )
    delimiter: Delimiter | None = Field(
        None, description="The character between cells; by default sniffed from the header."
    )

    @field_validator("slas", "severities", "assignees", "items", mode="before")
    @classmethod
    def _keys_as_text(cls, value: Any) -> Any:
        # A tool's value "1" is the YAML number 1 when written unquoted as a key.
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value

    def wanted_columns(self) -> dict[str, str]:
        """``columns.FIELD`` -> the header the export names it by."""
        return {f"columns.{k}": v for k, v in self.columns.model_dump(exclude_none=True).items()}


M = TypeVar("M", bound=Model)


def read_mapping(
    name: str, data: bytes, model: type[M]
) -> tuple[LoadedRecord | None, list[Problem]]:
    """Parse and validate a mapping file as records are; problems at line and column."""
    loaded, findings = load_record(name, data, model, id_field=None, max_bytes=MAX_MAPPING_BYTES)
    problems = [Problem(name, "text", f.line, f.column, f.message) for f in findings]
    return (None if problems else loaded), problems


def load_mapping(name: str, data: bytes) -> tuple[ImportMapping | None, list[Problem]]:
    """The incident import's mapping, or every problem with it."""
    loaded, problems = read_mapping(name, data, ImportMapping)
    if loaded is None:
        return None, problems
    mapping: ImportMapping = loaded.record
    problems = _gaps(name, loaded, mapping)
    return (None if problems else mapping), problems


def _gaps(name: str, loaded: LoadedRecord, mapping: ImportMapping) -> list[Problem]:
    """What the schema cannot say: a field with neither a column nor a constant,
    a value map for a column that is not mapped."""
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(name, "text", *loaded.key_at(key), message))

    columns = mapping.columns
    if columns.severity is None and mapping.constants.severity is None:
        add("columns", "no severity: name its column (columns.severity) or give constants.severity")
    if columns.sla is None and mapping.sla is None:
        add(
            "columns",
            "no SLA: name the SLA every incident falls under (sla: SLA-0001) "
            "or a column and its values (columns.sla and slas)",
        )
    for key, column in (
        ("slas", "sla"),
        ("severities", "severity"),
        ("assignees", "assignee"),
        ("items", "affects"),
    ):
        if getattr(mapping, key) and getattr(columns, column) is None:
            add(key, f"{key} translates the values of a column, but columns.{column} names none")
    return problems


def fold(text: str) -> str:
    """Text as people compare it: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


def lookup(table: dict[str, Any], value: str) -> Any:
    """A value map entry: exact first, then ignoring case and spacing."""
    if value in table:
        return table[value]
    wanted = fold(value)
    return next((v for k, v in table.items() if fold(k) == wanted), None)
