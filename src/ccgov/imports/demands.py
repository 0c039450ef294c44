"""`ccgov demand import`: a wish list kept in a spreadsheet becomes demands.

The same pieces as the incident import: the mapping is read and located like
a record (:func:`ccgov.imports.mapping.read_mapping`), the CSV by the shared
table reader, the columns found once (:func:`~ccgov.imports.columns.match_columns`),
every row converted on its own with problems at its row and cell, rows already
recorded (by their spreadsheet id, else by title) skipped, nothing written on
a dry run, and one commit for every new demand with ``--apply``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, field_validator

from ccgov.errors import RefusedError
from ccgov.imports.batch import ImportPlan, ImportResult, write_import
from ccgov.imports.columns import match_columns
from ccgov.imports.mapping import (
    MAX_MAPPING_BYTES,
    Delimiter,
    Encoding,
    Header,
    fold,
    lookup,
    read_mapping,
)
from ccgov.imports.problems import CellError, ImportRefusedError, Problem, Problems
from ccgov.imports.table import MAX_BYTES, Row, Table, read_limited, read_table
from ccgov.policy.signoff import BANDS, band_text, in_band
from ccgov.records.base import Handle, Model, Text
from ccgov.records.config import Investments, RepoConfig
from ccgov.records.demand import Benefit, CostBand, Demand, record_data
from ccgov.records.demand import NewDemand as Spec
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.store import git
from ccgov.store.ids import id_after, next_id
from ccgov.store.loader import load_record
from ccgov.store.repo import Repository
from ccgov.store.yamlio import dump_for_edit
from ccgov.workflow.identity import actor

DEMAND_DIR = KIND_BY_NAME["demand"].directory
_AMOUNT = re.compile(r"^[^\d-]{0,3}\s*(\d{1,3}(?:[ ,]\d{3})+|\d+)(?:\.(\d{1,2}))?\s*[kK]?$")


class DemandColumns(Model):
    """Which column of the wish list (by its header) holds each demand field."""

    title: Header
    problem: Header
    business_value: Header
    requested_by: Header | None = None
    benefit: Header | None = None
    objective: Header | None = None
    estimate: Header | None = Field(None, description="The cost estimate (1200, 45,000, $8k).")
    band: Header | None = Field(
        None, description="small, medium or large; omitted, the band the estimate falls in."
    )
    budget_owner: Header | None = None
    external_id: Header | None = Field(
        None, description="The sheet's own id for the row: rows already imported are skipped."
    )


class DemandConstants(Model):
    """Values for fields the sheet does not carry, or leaves empty in a row."""

    requested_by: Handle | None = None
    budget_owner: Handle | None = None
    benefit: Benefit | None = None
    objective: Text | None = None


class DemandMapping(Model):
    """How a wish-list spreadsheet (saved as CSV) becomes demands."""

    columns: DemandColumns
    people: dict[str, Handle] = Field({}, description="Names in the sheet -> handles.")
    benefits: dict[str, Benefit] = Field({}, description="The sheet's ratings -> low/medium/high.")
    bands: dict[str, CostBand] = Field({}, description="The sheet's bands -> small/medium/large.")
    constants: DemandConstants = DemandConstants()
    encoding: Encoding = Field(
        "utf-8", description="The file's encoding without a byte order mark."
    )
    delimiter: Delimiter | None = Field(
        None, description="The character between cells; by default sniffed from the header."
    )

    @field_validator("people", "benefits", "bands", mode="before")
    @classmethod
    def _keys_as_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(key): item for key, item in value.items()}
        return value

    def wanted_columns(self) -> dict[str, str]:
        return {f"columns.{k}": v for k, v in self.columns.model_dump(exclude_none=True).items()}


def load_mapping(name: str, data: bytes) -> tuple[DemandMapping | None, list[Problem]]:
    loaded, problems = read_mapping(name, data, DemandMapping)
    if loaded is None:
        return None, problems
    mapping: DemandMapping = loaded.record
    gaps: list[Problem] = []
    if mapping.columns.requested_by is None and mapping.constants.requested_by is None:
        where = loaded.key_at("columns")
        gaps.append(
            Problem(
                name,
                "text",
                *where,
                "no requester: name its column (columns.requested_by) or give "
                "constants.requested_by",
            )
        )
    return (None if gaps else mapping), gaps


@dataclass(frozen=True, slots=True)
class Source:
    mapping: DemandMapping
    table: Table
    columns: dict[str, int]


def read_source(csv_name: str, csv_data: bytes, mapping_name: str, mapping_data: bytes) -> Source:
    """The mapping, then the sheet; refuse with every problem either has."""
    mapping, problems = load_mapping(mapping_name, mapping_data)
    if mapping is None:
        raise ImportRefusedError(problems, hint=f"fix {mapping_name} and run the command again")
    table = read_table(csv_name, csv_data, encoding=mapping.encoding, delimiter=mapping.delimiter)
    if table.failure is not None:
        hint = "save the sheet as CSV UTF-8, with its header row"
        if table.failure == "encoding" and codecs.lookup(mapping.encoding).name != "utf-8":
            hint = "check the mapping's encoding"
        raise ImportRefusedError(list(table.problems), hint=hint)
    found, problems = match_columns(table, mapping.wanted_columns())
    if problems:
        raise ImportRefusedError(
            problems, hint="save those columns too, or fix the column names in the mapping"
        )
    columns = {label.removeprefix("columns."): column for label, column in found.items()}
    return Source(mapping, table, columns)


def load_source(csv_path: Path, mapping_path: Path) -> Source:
    mapping = read_limited(mapping_path, MAX_MAPPING_BYTES)
    return read_source(csv_path.name, read_limited(csv_path, MAX_BYTES), mapping_path.name, mapping)


def parse_amount(text: str) -> float | None:
    """``1200``, ``45,000``, ``$8k``, ``12 500.50`` -> the number (None: not an amount)."""
    match = _AMOUNT.match(text.strip())
    if match is None:
        return None
    whole = float(re.sub(r"[ ,]", "", match.group(1)))
    value = whole + (float(f"0.{match.group(2)}") if match.group(2) else 0.0)
    return value * 1000 if text.strip().lower().endswith("k") else value


def band_for(investments: Investments, estimate: float) -> CostBand | None:
    """The band an estimate falls in (None: the policy has no bands)."""
    if not investments.bands:
        return None
    return next((band for band in BANDS if in_band(investments, band, estimate)), None)


@dataclass(frozen=True, slots=True)
class NewDemand:
    row: int
    id: str
    path: str
    title: str
    external_id: str | None
    content: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "id": self.id,
            "file": self.path,
            "title": self.title,
            "external_id": self.external_id,
        }


@dataclass(frozen=True, slots=True)
class Duplicate:
    row: int
    title: str
    external_id: str | None
    duplicate_of: str  # a demand id, or "row N"

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "title": self.title,
            "external_id": self.external_id,
            "duplicate_of": self.duplicate_of,
        }


DemandPlan = ImportPlan[NewDemand, Duplicate]
DemandImport = ImportResult[NewDemand, Duplicate]


class Rows:
    """Converts the rows of one sheet against the repository's people and policy."""

    def __init__(self, source: Source, config: RepoConfig) -> None:
        self.source = source
        self.mapping = source.mapping
        self.config = config

    def cell(self, row: Row, name: str) -> str | None:
        column = self.source.columns.get(name)
        if column is None:
            return None
        value = " ".join(row.cell(column).value.split())
        return value or None

    def problem(self, row: int, error: CellError) -> Problem:
        column = self.source.columns.get(error.field_name, 0)
        message = error.message
        if not column and error.field_name in DemandConstants.model_fields:
            message = f"{message} (from the mapping's constants.{error.field_name})"
        return self.source.table.problem(row, column, message)

    def _person(self, row: Row, name: str) -> str | None:
        text = self.cell(row, name)
        if text is None:
            value = getattr(self.mapping.constants, name, None)
            handle = value if isinstance(value, str) else None
        else:
            handle = lookup(self.mapping.people, text)
            if handle is None and self.config.person(text) is not None:
                handle = text
            if handle is None:
                raise CellError(
                    name,
                    f"{text!r} is not a person in ccgov.yaml: map the name to a handle in the "
                    f"mapping's people, e.g. {text!r}: alice",
                )
        if handle is not None and self.config.person(handle) is None:
            raise CellError(name, f"{handle!r} is not a person in ccgov.yaml")
        return handle

    def _choice(self, row: Row, name: str, table: dict[str, Any], allowed: tuple[str, ...]) -> Any:
        text = self.cell(row, name)
        if text is None:
            return getattr(self.mapping.constants, name, None)
        value = lookup(table, text)
        if value is None and fold(text) in allowed:
            value = fold(text)
        if value is None:
            raise CellError(
                name,
                f"{text!r} is not one of {', '.join(allowed)}: map it in the mapping's "
                f"{name}s, e.g. {text!r}: {allowed[-1]}",
            )
        return value

    def convert(self, row: Row) -> tuple[dict[str, Any], list[CellError]]:
        """The demand's fields from one row, or what is wrong with its cells."""
        errors: list[CellError] = []
        record: dict[str, Any] = {}
        for name in ("title", "problem", "business_value"):
            value = self.cell(row, name)
            if value is None:
                errors.append(CellError(name, f"the {name.replace('_', ' ')} is empty"))
            record[name] = value
        steps: tuple[tuple[str, Callable[[], Any]], ...] = (
            ("requested_by", lambda: self._person(row, "requested_by")),
            ("budget_owner", lambda: self._person(row, "budget_owner")),
            ("benefit", lambda: self._choice(row, "benefit", self.mapping.benefits, _BENEFITS)),
            ("band", lambda: self._choice(row, "band", self.mapping.bands, BANDS)),
            ("objective", lambda: self.cell(row, "objective") or self.mapping.constants.objective),
        )
        for name, step in steps:
            try:
                record[name] = step()
            except CellError as exc:
                errors.append(exc)
        if record.get("requested_by") is None and not any(
            e.field_name == "requested_by" for e in errors
        ):
            errors.append(CellError("requested_by", "the requester is empty"))
        text = self.cell(row, "estimate")
        if text is not None:
            amount = parse_amount(text)
            if amount is None:
                errors.append(CellError("estimate", f"{text!r} is not an amount, e.g. 45000"))
            record["estimate"] = amount
        if not errors:
            errors.extend(self._cost(record))
        return record, errors

    def _cost(self, record: dict[str, Any]) -> list[CellError]:
        investments = self.config.policy.investments
        estimate, band = record.get("estimate"), record.get("band")
        if estimate is None:
            if band is not None:
                return [CellError("band", "a band without an estimate: give the estimate too")]
            return []
        if band is None:
            band = band_for(investments, estimate)
            if band is None:
                return [
                    CellError(
                        "estimate",
                        "no band: name its column (columns.band), or set "
                        "policy.investments.bands so the estimate decides it",
                    )
                ]
            record["band"] = band
        elif not in_band(investments, band, estimate):
            return [
                CellError(
                    "estimate",
                    f"{estimate:,.0f} is not {band}: {band} is {band_text(investments, band)}",
                )
            ]
        return []


_BENEFITS: tuple[str, ...] = ("low", "medium", "high")


@dataclass(frozen=True, slots=True)
class Known:
    titles: dict[str, str]  # folded title -> demand id
    sheet_ids: dict[str, str]  # external_id -> demand id
    prefix: str

    @classmethod
    def of(cls, repository: Repository, config: RepoConfig) -> Known:
        demands = [loaded.record for loaded in repository.of("demand")]
        return cls(
            {fold(d.title): d.id for d in demands},
            {d.external_id: d.id for d in demands if d.external_id},
            config.id_prefixes.demand,
        )


def plan_import(repository: Repository, source: Source, importer: str, at: str) -> DemandPlan:
    """The demands the sheet would add, and the rows skipped as recorded already.

    Raises :class:`ImportRefusedError` with every problem found.
    """
    config = repository.config
    if config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    known = Known.of(repository, config)
    table = source.table
    rows = Rows(source, config)
    problems = Problems()
    problems.extend(table.problems)
    accepted: list[tuple[Row, dict[str, Any], str | None]] = []
    duplicates: list[Duplicate] = []
    seen_titles: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for row in table.rows:
        sheet_id = rows.cell(row, "external_id")
        title = rows.cell(row, "title")
        if title is not None:
            earlier = (seen_ids.get(sheet_id) if sheet_id else None) or seen_titles.get(fold(title))
            recorded = (known.sheet_ids.get(sheet_id) if sheet_id else None) or known.titles.get(
                fold(title)
            )
            if sheet_id:
                seen_ids.setdefault(sheet_id, row.number)
            seen_titles.setdefault(fold(title), row.number)
            if recorded is not None or earlier is not None:
                of = recorded if recorded is not None else f"row {earlier}"
                duplicates.append(Duplicate(row.number, title, sheet_id, of))
                continue
        record, errors = rows.convert(row)
        problems.extend([rows.problem(row.number, e) for e in errors])
        if not errors:
            accepted.append((row, record, sheet_id))
    problems.raise_if_any()
    new: list[NewDemand] = []
    if accepted:
        first = next_id(repository.root, known.prefix, DEMAND_DIR)
        for offset, (row, record, sheet_id) in enumerate(accepted):
            demand_id = id_after(first, offset)
            spec = Spec(
                title=record["title"],
                problem=record["problem"],
                business_value=record["business_value"],
                benefit=record.get("benefit"),
                objective=record.get("objective"),
                requested_by=record.get("requested_by"),
                estimate=record.get("estimate"),
                band=record.get("band"),
                budget_owner=record.get("budget_owner"),
            )
            data = record_data(spec, demand_id, importer, at)
            if sheet_id:
                data = {**data, "external_id": sheet_id}
            try:
                new.append(_render(table.name, row.number, demand_id, data, sheet_id))
            except CellError as exc:
                problems.add(rows.problem(row.number, exc))
    problems.raise_if_any()
    return DemandPlan(table.name, new, duplicates, table.blank_rows)


def _render(
    source: str, row: int, demand_id: str, data: dict[str, Any], sheet_id: str | None
) -> NewDemand:
    """The record file, through the model and read back through the loader."""
    try:
        demand = Demand.model_validate(data)
    except ValidationError as exc:
        detail = exc.errors(include_url=False)[0]
        name = str(detail["loc"][0]) if detail["loc"] else "title"
        raise CellError(name, str(detail["msg"]).removeprefix("Value error, ")) from None
    normalised = demand.model_dump(mode="json", by_alias=True, exclude_unset=True)
    origin = " ".join(source.split())
    comment = f"# Imported from {origin} row {row} by ccgov demand import.\n"
    path = f"{DEMAND_DIR}/{demand_id}.yaml"
    content = (comment + dump_for_edit(normalised)).encode("utf-8")
    _, findings = load_record(path, content, Demand)
    if findings:
        raise CellError("title", f"the record would not read back: {findings[0].message}")
    return NewDemand(row, demand_id, path, demand.title, sheet_id, content)


def import_demands(
    repository: Repository,
    csv_path: Path,
    mapping_path: Path,
    *,
    now: datetime,
    write: bool = False,
    commit: bool = True,
) -> DemandImport:
    """Plan the import; with ``write``, commit the new demands in one change.
    A dry run (the default) reads the repository without locking or changing it."""
    source = load_source(csv_path, mapping_path)
    email = git.config_value(repository.root, "user.email")
    config = repository.config
    if config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    importer = actor(config, email).handle
    at = now.astimezone(ZoneInfo(config.timezone)).replace(microsecond=0).isoformat()
    plan = plan_import(repository, source, importer, at)
    if not write or not plan.new:
        return DemandImport(plan, None)
    locked, applied = write_import(
        repository,
        lambda current: plan_import(current, source, importer, at),
        lambda locked: ("demand", locked.label),
        nothing_new="nothing new to import: every row is now recorded",
        commit=commit,
    )
    return DemandImport(locked, applied)
