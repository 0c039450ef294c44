"""Key performance indicators: what is measured, where the figure comes from
(computed from the repository's SLA, change or incident records, or imported
from the ACD, the IVR or monitoring), the target and which way is better, who
owns it and who reads it. Imported figures are kept in the record itself, one
measurement per period."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictFloat, StrictInt, model_validator

from ccgov.records.base import Handle, Model, RecordId, Slug, Text, Timestamp
from ccgov.records.sla import Recipient, SeverityLevel

KpiSource = Literal["sla", "changes", "incidents", "imported"]
Frequency = Literal["weekly", "monthly", "quarterly"]
Direction = Literal["higher", "lower"]
Unit = Literal["percent", "count", "minutes", "hours", "seconds", "number"]

# What each computed source can measure: docs/operations.md says how each is computed.
METRICS: dict[KpiSource, tuple[str, ...]] = {
    "sla": ("compliance", "breaches"),
    "changes": ("success_rate", "emergency_share", "count"),
    "incidents": ("count", "median_resolution_minutes", "outage_minutes"),
    "imported": (),
}

_LABELS: dict[Frequency, re.Pattern[str]] = {
    "weekly": re.compile(r"^(\d{4})-W(\d{2})$"),
    "monthly": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
}
# A label of each frequency, for messages.
EXAMPLE_LABELS: dict[Frequency, str] = {
    "weekly": "2026-W10",
    "monthly": "2026-03",
    "quarterly": "2026-Q1",
}


def frequency_of(label: str) -> Frequency | None:
    """Which frequency a period label belongs to (None: not a label)."""
    for frequency, pattern in _LABELS.items():
        match = pattern.match(label)
        if match and _valid(frequency, int(match.group(1)), match.group(2)):
            return frequency
    return None


def _valid(frequency: Frequency, year: int, part: str) -> bool:
    if not 1970 <= year <= 2999:
        return False
    if frequency == "monthly":
        return 1 <= int(part) <= 12
    if frequency == "weekly":
        # ISO years have 52 or 53 weeks; 28 December is always in the last one.
        return 1 <= int(part) <= date(year, 12, 28).isocalendar().week
    return True


def _check_label(value: str) -> str:
    if frequency_of(value) is None:
        raise ValueError(
            f"{value!r} is not a period; write a month (2026-03), a quarter (2026-Q1) or an "
            "ISO week (2026-W10)"
        )
    return value


PeriodLabel = Annotated[
    str,
    AfterValidator(_check_label),
    Field(description="A month (2026-03), a quarter (2026-Q1) or an ISO week (2026-W10)."),
]


def first_day(label: str) -> date:
    """The first day of a period label (a Monday for a week)."""
    frequency = frequency_of(label)
    if frequency is None:
        raise ValueError(f"{label!r} is not a period")
    year, part = label[:4], label[5:].lstrip("WQ")
    if frequency == "weekly":
        return date.fromisocalendar(int(year), int(part), 1)
    if frequency == "quarterly":
        return date(int(year), 3 * int(part) - 2, 1)
    return date(int(year), int(part), 1)


def label_of(day: date, frequency: Frequency) -> str:
    """The period of ``frequency`` that ``day`` falls in."""
    if frequency == "weekly":
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if frequency == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def following(label: str) -> str:
    """The period after ``label``, of the same frequency."""
    frequency = frequency_of(label)
    assert frequency is not None, label
    day = first_day(label)
    if frequency == "weekly":
        return label_of(day + timedelta(days=7), frequency)
    months = 3 if frequency == "quarterly" else 1
    month = day.month - 1 + months
    return label_of(date(day.year + month // 12, month % 12 + 1, 1), frequency)


def last_day(label: str) -> date:
    """The last day of a period label."""
    return first_day(following(label)) - timedelta(days=1)


class Measurement(Model):
    """One period's figure of an imported KPI."""

    period: PeriodLabel
    value: StrictInt | StrictFloat = Field(description="The figure, in the KPI's unit.")
    source: str | None = Field(None, description="Where it came from, e.g. the export and row.")
    recorded: Timestamp | None = Field(None, description="When it was imported.")


class Kpi(Model):
    """A key performance indicator."""

    id: Slug = Field(description="The KPI's short name, equal to its file name.")
    title: Text
    definition: Text = Field(description="What is measured, exactly, in words a reader checks.")
    source: KpiSource = Field(
        description="Where the figure comes from: computed from the sla, changes or incidents "
        "records, or imported (`ccgov kpi import`)."
    )
    metric: str | None = Field(
        None,
        description="For a computed KPI, what is computed: sla: compliance, breaches; changes: "
        "success_rate, emergency_share, count; incidents: count, median_resolution_minutes, "
        "outage_minutes.",
    )
    sla: RecordId | None = Field(
        None, description="Only incidents under this SLA (sla, incidents)."
    )
    severities: list[SeverityLevel] = Field(
        [], description="Only incidents of these severities (omitted: all)."
    )
    system: str | None = Field(
        None, description="For an imported KPI, the system the figures come from (the ACD, ...)."
    )
    unit: Unit
    target: StrictInt | StrictFloat
    direction: Direction = Field(description="higher or lower: which way is better.")
    owner: Handle
    audience: list[Recipient] = Field([], description="Roles or people who read it.")
    frequency: Frequency = Field(description="How often it is measured: its periods.")
    measurements: list[Measurement] = Field(
        [], description="An imported KPI's figures, one per period (`ccgov kpi import`)."
    )
    notes: str | None = None

    @model_validator(mode="after")
    def _source_fits(self) -> Kpi:
        metrics = METRICS[self.source]
        if self.source == "imported":
            if self.metric is not None:
                raise ValueError(
                    "an imported KPI has no metric: its figures come from `ccgov kpi import`"
                )
        else:
            if self.metric not in metrics:
                raise ValueError(
                    f"a KPI computed from {self.source} needs a metric: one of {', '.join(metrics)}"
                )
            if self.measurements:
                raise ValueError(
                    f"a KPI computed from {self.source} keeps no measurements; ccgov computes "
                    "them (make it source: imported to record figures)"
                )
        if self.source == "changes" and (self.sla is not None or self.severities):
            raise ValueError("sla and severities select incidents; a changes KPI has none")
        return self

    def measurement(self, label: str) -> Measurement | None:
        return next((m for m in self.measurements if m.period == label), None)


__all__ = [
    "EXAMPLE_LABELS",
    "METRICS",
    "Direction",
    "Frequency",
    "Kpi",
    "KpiSource",
    "Measurement",
    "PeriodLabel",
    "Unit",
    "first_day",
    "following",
    "frequency_of",
    "label_of",
    "last_day",
]
