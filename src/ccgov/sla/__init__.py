"""Business-time maths for SLAs: pure functions of records and instants.

Nothing here prints, exits, reads files, runs git or reads the clock: the
caller passes ``now``. :mod:`ccgov.sla.calendar` turns a calendar into
working intervals; :mod:`ccgov.sla.measure` measures incidents against an
SLA's targets.
"""

from __future__ import annotations

from ccgov.sla.calendar import (
    HORIZON_DAYS,
    BusinessClock,
    Interval,
    Segment,
    SegmentKind,
    as_utc,
    business_day_deadline,
    business_minutes,
    business_time,
    deadline,
    intervals,
    target_budget,
    target_deadline,
    target_minutes,
)
from ccgov.sla.measure import (
    Escalation,
    IncidentMeasurement,
    TargetResult,
    clock_for,
    escalations_due,
    measure,
)

__all__ = [
    "HORIZON_DAYS",
    "BusinessClock",
    "Escalation",
    "IncidentMeasurement",
    "Interval",
    "Segment",
    "SegmentKind",
    "TargetResult",
    "as_utc",
    "business_day_deadline",
    "business_minutes",
    "business_time",
    "clock_for",
    "deadline",
    "escalations_due",
    "intervals",
    "measure",
    "target_budget",
    "target_deadline",
    "target_minutes",
]
