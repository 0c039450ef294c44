"""Routines: the recurring practices IT, the contact center and vendors keep
together (a CAB, a vendor review, a plan review, a knowledge exchange, ...)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ccgov.records.base import (
    Duration,
    Flag,
    Handle,
    Model,
    RecordId,
    Slug,
    Text,
    Timestamp,
    TimeZoneName,
)
from ccgov.records.sla import Recipient

RoutineKind = Literal[
    "cab",
    "vendor_review",
    "plan_review",
    "knowledge_exchange",
    "staff_exchange",
    "shadowing",
    "sla_review",
    "report",
]
# The reports a `report` routine delivers (the names `ccgov report` takes).
ReportName = Literal["sla", "changes", "traceability", "raci", "baseline", "schedule", "lifecycle"]
# The words a cadence may be, and the RFC 5545 rule each stands for.
NAMED_CADENCES: dict[str, str] = {
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "biannual": "FREQ=MONTHLY;INTERVAL=6",
    "yearly": "FREQ=YEARLY",
}
# Rule parts that would take the first occurrence away from `starts` or run the
# rule out of the record (a COUNT or UNTIL is fine; DTSTART is `starts`).
_FORBIDDEN_PARTS = ("DTSTART", "TZID", "RDATE", "EXDATE")


def cadence_rule(cadence: str) -> str:
    """The RFC 5545 RRULE value a validated cadence stands for."""
    named = NAMED_CADENCES.get(cadence)
    if named is not None:
        return named
    return cadence.removeprefix("RRULE:")


def _check_cadence(value: str) -> str:
    if value in NAMED_CADENCES:
        return value
    rule = value.removeprefix("RRULE:")
    words = ", ".join(NAMED_CADENCES)
    if not rule.startswith("FREQ=") and ";FREQ=" not in rule:
        raise ValueError(
            f"{value!r} is not a cadence; write one of {words}, or an RFC 5545 rule such as "
            "FREQ=WEEKLY;BYDAY=TU"
        )
    for part in _FORBIDDEN_PARTS:
        if part in rule.upper():
            raise ValueError(f"{value!r}: {part} does not belong in a cadence; `starts` anchors it")
    from dateutil.rrule import rrulestr

    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{value!r} is not a valid RFC 5545 rule: {exc}") from None
    return value


Cadence = Annotated[
    str,
    AfterValidator(_check_cadence),
    Field(
        description="How often it happens: weekly, fortnightly, monthly, quarterly, biannual, "
        "yearly, or an RFC 5545 recurrence rule such as FREQ=WEEKLY;BYDAY=TU or "
        "FREQ=MONTHLY;BYDAY=1WE."
    ),
]


class Routine(Model):
    """A recurring practice: who triggers it, how often, with whom, about what."""

    id: Slug = Field(
        description="The routine's name, equal to its file name (cab, genesys-review)."
    )
    title: Text
    kind: RoutineKind
    cadence: Cadence
    starts: Timestamp = Field(
        description="The first occurrence; the cadence repeats its local time of day."
    )
    timezone: TimeZoneName | None = Field(
        None, description="The zone the cadence keeps its time in (default: ccgov.yaml timezone)."
    )
    duration: Duration = Field("1h", description="How long one occurrence lasts.")
    owner: Handle = Field(description="Who triggers it: calls it, sets the agenda, keeps minutes.")
    participants: list[Recipient] = Field(
        [], description="People (handles) or roles, from both organisations and vendors."
    )
    vendor: Slug | None = Field(None, description="The vendor a vendor review is about.")
    sla: RecordId | None = Field(None, description="The SLA an SLA review or report is about.")
    report: ReportName | None = Field(None, description="The report a `report` routine delivers.")
    location: str | None = None
    description: str | None = None
    active: Flag = Field(True, description="An inactive routine is no longer due.")

    @model_validator(mode="after")
    def _subject(self) -> Routine:
        if self.kind == "vendor_review" and self.vendor is None:
            raise ValueError("a vendor_review routine names its vendor (vendor: <vendor id>)")
        if self.kind == "sla_review" and self.sla is None:
            raise ValueError("an sla_review routine names its SLA (sla: SLA-NNNN)")
        if self.kind == "report" and self.report is None and self.sla is None:
            raise ValueError("a report routine names the report it delivers (report: sla, ...)")
        return self
