"""The SLA feature: business time, measurement, the terms in force, figures.

The maths is pure (no printing, exiting, files, git or clock; the caller
passes ``now``): :mod:`ccgov.sla.calendar` turns a calendar into working
intervals; :mod:`ccgov.sla.measure` measures an incident against an SLA's
targets. Around it, modules that take the :class:`~ccgov.store.repo.Repository`:
:mod:`ccgov.sla.terms` (which SLA version and calendar were in force, from
git history), :mod:`ccgov.sla.figures` (an incident measured against them),
:mod:`ccgov.sla.status` (``sla status``) and :mod:`ccgov.sla.explain`
(``sla explain``). Only the pure maths is re-exported here, so importing it
never loads the store.
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
