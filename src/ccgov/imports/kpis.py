"""`ccgov kpi import`: figures from the ACD, the IVR or monitoring become
measurements of imported KPIs (``kpis/<id>.yaml``, one per period).

The export is read by the one table reader (:mod:`ccgov.imports.table`), its
columns found by :func:`~ccgov.imports.columns.match_columns`, and the
mapping read as records are (:func:`~ccgov.imports.mapping.read_mapping`), so
every problem is located: a mapping's line and column, an export's row and
cell. Nothing is written until every row converts; then every changed KPI
record goes into one commit.

A row holds a period cell and a figure for each mapped KPI: a column, or a
ratio of two columns times ``scale`` (calls handled / calls offered x 100).
A period cell is a label of the KPI's frequency (2026-03, 2026-Q1,
2026-W10) or a date (YYYY-MM-DD), which stands for the period holding it. An
empty figure is skipped. A period the KPI already has is skipped when the
value is the same and refused when it differs, unless ``replace``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from ccgov.imports.batch import write_import
from ccgov.imports.columns import match_columns
from ccgov.imports.mapping import (
    MAX_MAPPING_BYTES,
    Delimiter,
    Encoding,
    Header,
    read_mapping,
)
from ccgov.imports.problems import ImportRefusedError, Problem, Problems
from ccgov.imports.table import MAX_BYTES, Row, Table, read_limited, read_table
from ccgov.records.base import Model, Slug
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.kpi import Kpi, first_day, frequency_of, label_of
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.store.yamlio import dump_for_edit, load_for_edit, merge_into
from ccgov.workflow.transaction import Applied

KPIS_DIR = KIND_BY_NAME["kpi"].directory
Decimals = Annotated[int, Field(ge=0, le=6)]


class Figure(Model):
    """Where one KPI's figure is in a row: a column, or a ratio of two."""

    column: Header | None = Field(None, description="The column holding the figure itself.")
    numerator: Header | None = Field(None, description="A ratio's upper column (calls handled).")
    denominator: Header | None = Field(None, description="A ratio's lower column (calls offered).")
    scale: float = Field(1.0, description="The figure is multiplied by it: 100 for a percentage.")
    decimals: Decimals = Field(1, description="Rounded to this many decimals.")

    @model_validator(mode="after")
    def _one_way(self) -> Figure:
        ratio = self.numerator is not None or self.denominator is not None
        if self.column is not None and ratio:
            raise ValueError("name a column, or a numerator and a denominator, not both")
        if self.column is None and (self.numerator is None or self.denominator is None):
            raise ValueError("name the figure's column, or both numerator and denominator")
        return self


class KpiMapping(Model):
    """How an export's rows become measurements of imported KPIs."""

    period: Header = Field(
        description="The column holding each row's period: a label (2026-03, 2026-Q1, "
        "2026-W10) or a date (YYYY-MM-DD) in it."
    )
    kpis: dict[Slug, Figure] = Field(min_length=1, description="KPI id -> where its figure is.")
    source: str | None = Field(
        None, description="What the export is, kept with each measurement (Genesys export)."
    )
    thousands: Literal[",", ".", " ", "'"] | None = Field(
        None, description="The thousands separator the export writes in numbers, if any."
    )
    encoding: Encoding = Field(
        "utf-8", description="The export's encoding when it has no byte order mark."
    )
    delimiter: Delimiter | None = Field(
        None, description="The character between cells; by default sniffed from the header."
    )

    def wanted_columns(self) -> dict[str, str]:
        wanted = {"period": self.period}
        for kpi_id, figure in self.kpis.items():
            for part in ("column", "numerator", "denominator"):
                heading = getattr(figure, part)
                if heading is not None:
                    wanted[f"kpis.{kpi_id}.{part}"] = heading
        return wanted


@dataclass(frozen=True, slots=True)
class Planned:
    """One measurement the import adds (or replaces)."""

    kpi: str
    period: str
    value: float
    row: int
    replaces: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "period": self.period,
            "value": self.value,
            "row": self.row,
            "replaces": self.replaces,
        }


@dataclass(slots=True)
class KpiImportPlan:
    source: str
    new: list[Planned] = field(default_factory=list)
    unchanged: int = 0  # figures the KPIs hold already
    empty: int = 0  # empty cells skipped
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def kpis(self) -> list[str]:
        return sorted({p.kpi for p in self.new})

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "new": [p.to_json() for p in self.new],
            "unchanged": self.unchanged,
            "empty": self.empty,
        }


@dataclass(frozen=True, slots=True)
class KpiImportResult:
    plan: KpiImportPlan
    applied: Applied[None] | None

    def to_json(self) -> dict[str, Any]:
        commit = self.applied.commit if self.applied is not None else None
        return {**self.plan.to_json(), "applied": self.applied is not None, "commit": commit}


_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def number(text: str, thousands: str | None) -> float | None:
    """A cell's number (a trailing % is allowed); None when it is not one."""
    value = text.strip().removesuffix("%").strip()
    if thousands is not None:
        value = value.replace(thousands, "")
    return float(value) if _NUMBER.match(value) else None


@dataclass(frozen=True, slots=True)
class Source:
    mapping: KpiMapping
    loaded: LoadedRecord  # the mapping, for locating its problems
    mapping_name: str
    table: Table
    columns: dict[str, int]


def read_source(csv_name: str, csv_data: bytes, mapping_name: str, mapping_data: bytes) -> Source:
    """The mapping, then the export; refuse with every problem either has."""
    loaded, problems = read_mapping(mapping_name, mapping_data, KpiMapping)
    if loaded is None:
        raise ImportRefusedError(problems, hint=f"fix {mapping_name} and run the command again")
    mapping: KpiMapping = loaded.record
    table = read_table(csv_name, csv_data, encoding=mapping.encoding, delimiter=mapping.delimiter)
    if table.failure is not None:
        raise ImportRefusedError(list(table.problems), hint="export it again as UTF-8 CSV")
    found, problems = match_columns(table, mapping.wanted_columns())
    if problems:
        raise ImportRefusedError(
            problems, hint="export those columns too, or fix the column names in the mapping"
        )
    return Source(mapping, loaded, mapping_name, table, found)


def load_source(csv_path: Path, mapping_path: Path) -> Source:
    mapping = read_limited(mapping_path, MAX_MAPPING_BYTES)
    return read_source(csv_path.name, read_limited(csv_path, MAX_BYTES), mapping_path.name, mapping)


def _targets(repository: Repository, source: Source) -> dict[str, LoadedRecord]:
    """The KPI records the mapping names; each must exist and be imported."""
    problems = Problems()
    found: dict[str, LoadedRecord] = {}
    by_id = {loaded.record.id: loaded for loaded in repository.of("kpi")}
    for kpi_id in source.mapping.kpis:
        line, column = source.loaded.key_at("kpis", kpi_id)
        loaded = by_id.get(kpi_id)
        if loaded is None:
            known = ", ".join(sorted(k for k, v in by_id.items() if v.record.source == "imported"))
            message = (
                f"there is no KPI {kpi_id} (kpis/{kpi_id}.yaml); imported KPIs: {known or 'none'}"
            )
        elif loaded.record.source != "imported":
            message = (
                f"KPI {kpi_id} is computed from {loaded.record.source}: ccgov computes its figures"
            )
        else:
            found[kpi_id] = loaded
            continue
        problems.add(Problem(source.mapping_name, "text", line, column, message))
    problems.raise_if_any(hint=f"fix {source.mapping_name}, or add the KPI records first")
    return found


def _period(cell: str, kpi: Kpi) -> str | None:
    text = cell.strip()
    if frequency_of(text) is not None:
        return text if frequency_of(text) == kpi.frequency else None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return label_of(day, kpi.frequency)


_EMPTY = "empty"


def _figure(
    row: Row, source: Source, kpi_id: str, figure: Figure, problems: Problems
) -> float | str | None:
    """The row's figure for a KPI: a number, ``_EMPTY`` for an empty cell, or
    None when a cell is wrong (a problem is added)."""
    table, thousands = source.table, source.mapping.thousands
    parts = ("column",) if figure.column is not None else ("numerator", "denominator")
    values: list[float] = []
    empty = wrong = False
    # Every cell is read before an empty one ends the figure: a typo beside
    # an empty cell is still reported, not skipped as "empty".
    for part in parts:
        column = source.columns[f"kpis.{kpi_id}.{part}"]
        cell = row.cells[column - 1]
        if not cell.strip():
            empty = True
            continue
        value = number(cell, thousands)
        if value is None:
            hint = "" if thousands else "; set thousands: ',' in the mapping if it uses one"
            problems.add(
                table.problem(row.number, column, f"{cell.strip()!r} is not a number{hint}")
            )
            wrong = True
            continue
        values.append(value)
    if wrong:
        return None
    if empty:
        return _EMPTY
    if len(values) == 2:
        if values[1] == 0:
            column = source.columns[f"kpis.{kpi_id}.denominator"]
            problems.add(table.problem(row.number, column, "the denominator is 0: no ratio"))
            return None
        result = values[0] / values[1] * figure.scale
    else:
        result = values[0] * figure.scale
    return round(result, figure.decimals)


def plan_import(
    repository: Repository, source: Source, *, replace: bool = False, now: datetime
) -> KpiImportPlan:
    """The measurements the export would add; :class:`ImportRefusedError` with
    every problem when a row does not convert."""
    targets = _targets(repository, source)
    table = source.table
    plan = KpiImportPlan(table.name)
    problems = Problems()
    problems.extend(table.problems)
    period_column = source.columns["period"]
    added: dict[str, dict[str, Planned]] = {kpi_id: {} for kpi_id in targets}
    for row in table.rows:
        cell = row.cells[period_column - 1]
        for kpi_id, figure in source.mapping.kpis.items():
            kpi: Kpi = targets[kpi_id].record
            value = _figure(row, source, kpi_id, figure, problems)
            if value == _EMPTY:
                plan.empty += 1
                continue
            if not isinstance(value, float):
                continue
            label = _period(cell, kpi)
            if label is None:
                message = (
                    f"{cell.strip()!r} is not a {kpi.frequency} period of {kpi_id}: write e.g. "
                    f"{label_of(date(2026, 3, 1), kpi.frequency)} or a date YYYY-MM-DD"
                )
                problems.add(table.problem(row.number, period_column, message))
                continue
            earlier = added[kpi_id].get(label)
            if earlier is not None:
                message = (
                    f"{kpi_id} {label} is also in row {earlier.row}: which one counts is unclear"
                )
                problems.add(table.problem(row.number, period_column, message))
                continue
            held = kpi.measurement(label)
            if held is not None and float(held.value) == value:
                plan.unchanged += 1
                continue
            if held is not None and not replace:
                message = (
                    f"{kpi_id} already has {label} = {held.value}; this row says {value} "
                    "(--replace to overwrite it)"
                )
                problems.add(table.problem(row.number, period_column, message))
                continue
            planned = Planned(
                kpi_id, label, value, row.number, None if held is None else held.value
            )
            added[kpi_id][label] = planned
            plan.new.append(planned)
    problems.raise_if_any()
    stamp = now.astimezone(_zone(repository)).replace(microsecond=0).isoformat()
    origin = source.mapping.source
    for kpi_id, measurements in added.items():
        if not measurements:
            continue
        loaded = targets[kpi_id]
        kpi = loaded.record
        data = kpi.model_dump(mode="json", by_alias=True, exclude_unset=True)
        kept = [m for m in data.get("measurements", []) if m["period"] not in measurements]
        for planned in measurements.values():
            where = f"{table.name} row {planned.row}"
            kept.append(
                {
                    "period": planned.period,
                    "value": planned.value,
                    "source": f"{origin}, {where}" if origin else where,
                    "recorded": stamp,
                }
            )
        kept.sort(key=lambda m: first_day(m["period"]))
        text = (repository.root / loaded.path).read_text(encoding="utf-8")
        updated = Kpi.model_validate({**data, "measurements": kept})
        # As every command writes a record: the author's comments, order and quoting kept.
        document = load_for_edit(text)
        merge_into(document, updated.model_dump(mode="json", by_alias=True, exclude_unset=True))
        plan.files[loaded.path] = dump_for_edit(document).encode("utf-8")
    return plan


def _zone(repository: Repository) -> ZoneInfo:
    return ZoneInfo(repository.config.timezone if repository.config else "UTC")


def import_kpis(
    repository: Repository,
    csv_path: Path,
    mapping_path: Path,
    *,
    now: datetime,
    write: bool = False,
    replace: bool = False,
    commit: bool = True,
) -> KpiImportResult:
    """Plan the import; with ``write``, commit the changed KPI records in one change."""
    source = load_source(csv_path, mapping_path)
    plan = plan_import(repository, source, replace=replace, now=now)
    if not write or not plan.new:
        return KpiImportResult(plan, None)
    locked, applied = write_import(
        repository,
        lambda current: plan_import(current, source, replace=replace, now=now),
        lambda locked: ("kpi", ", ".join(locked.kpis)),
        nothing_new="nothing new to import: every figure is recorded already",
        commit=commit,
    )
    return KpiImportResult(locked, applied)
