"""Incidents measured against an SLA's response and resolution targets.

Semantics (``ccgov sla status`` and the SLA report rely on them):

* Everything is measured on the incident as it stood at ``now``
  (:func:`ccgov.sla.timeline.as_of`): a stop recorded after ``now`` has not
  happened yet, a pause that begins after ``now`` does not exist, and a pause
  still running (or without an end) counts up to ``now``.
* Response runs from ``opened`` to ``responded``; pauses do not stop it (a
  pause waits on the customer or a vendor, which is no reason to acknowledge
  late; DESIGN measures response opened -> responded). Resolving or closing an
  incident is a response too, so an incident resolved without a recorded
  ``responded`` stops the response clock at its first resolution (else
  ``closed``).
* Resolution runs from ``opened`` to the last resolution (else ``closed``)
  minus the pauses and minus the time the incident spent resolved before
  each reopening.
* Each target runs on the clock it names: ``business`` uses the SLA's
  calendar, ``24x7`` every instant.
* The state compares counted time with the target's budget: ``breached`` once
  more counted time has elapsed than the target allows, ``met`` when the
  clock stopped within it, ``open`` while it is still running within it. An
  open incident is therefore breached once ``now`` is past the deadline *and*
  counted time has passed since; resolving in the off-hours just after the
  deadline still meets a business-hours target, because no business time
  was overrun.
* A deadline is computed only when someone reads it (the report prints none).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from ccgov.records.config import Calendar
from ccgov.records.incident import Incident
from ccgov.records.sla import Clock, EscalationStep, ServiceLevelAgreement, Target
from ccgov.sla.calendar import (
    BeyondHorizon,
    BusinessClock,
    Interval,
    business_time,
    deadline,
    target_budget,
    target_deadline,
)
from ccgov.sla.timeline import Timeline, as_of

TargetName = Literal["response", "resolution"]
TargetState = Literal["met", "breached", "open"]
Verdict = Literal["met", "breached", "open", "untargeted"]

_ALWAYS = BusinessClock(None)  # the 24x7 clock keeps no calendar state: one serves all


def _minutes(value: timedelta) -> float:
    return value.total_seconds() / 60


@dataclass(frozen=True)
class TargetResult:
    """One target of one incident: what it allowed, what elapsed, the verdict."""

    name: TargetName
    clock: Clock
    within: str
    target_minutes: float  # the budget on this clock (Nd business: N business days' worth)
    # counted minutes from opened to the stop (or now), pauses per the rules above
    elapsed_minutes: float
    state: TargetState
    stopped: datetime | None  # when the clock stopped (responded / resolved); None while running
    overage_minutes: float | None = None  # only when breached
    fraction_elapsed: float | None = None  # only when open: elapsed / target
    # What the deadline is computed from, when it is read.
    due: tuple[BusinessClock, datetime, timedelta, tuple[Interval, ...]] | None = field(
        default=None, compare=False, repr=False
    )

    @functools.cached_property
    def deadline(self) -> datetime | None:
        """When the budget runs out: opened + budget on the clock, pushed out by the
        working time the pauses (known at ``now``) stop. None when that is more
        than ten years of searching away (a pause that has run for years)."""
        assert self.due is not None, "a TargetResult built by measure() knows its deadline"
        clock, opened, allowed, pauses = self.due
        if not clock.has_working_hours:
            return None  # SLA003: no working time, no deadline (even for a zero budget)
        try:
            return deadline(clock, opened, allowed, pauses)
        except BeyondHorizon:
            return None

    @property
    def met(self) -> bool | None:
        """True, False, or None while still open within the target."""
        return None if self.state == "open" else self.state == "met"


@dataclass(frozen=True)
class IncidentMeasurement:
    """An incident's figures; a target is None when the SLA sets none for the severity."""

    id: str
    severity: int
    response: TargetResult | None
    resolution: TargetResult | None

    @functools.cached_property
    def verdict(self) -> Verdict:
        """breached if any target is breached, met if all are met, open otherwise;
        untargeted when the SLA sets no target for the severity."""
        present = [r for r in (self.response, self.resolution) if r is not None]
        if not present:
            return "untargeted"
        if any(r.state == "breached" for r in present):
            return "breached"
        if all(r.state == "met" for r in present):
            return "met"
        return "open"

    def to_json(self) -> dict[str, Any]:
        def minutes(result: TargetResult | None) -> float | None:
            return None if result is None else round(result.elapsed_minutes, 1)

        def met(result: TargetResult | None) -> bool | None:
            return None if result is None else result.met

        return {
            "id": self.id,
            "severity": self.severity,
            "response_minutes": minutes(self.response),
            "resolution_minutes": minutes(self.resolution),
            "response_met": met(self.response),
            "resolution_met": met(self.resolution),
        }


class Escalation(NamedTuple):
    """An escalation step, when it falls due, and whether that moment has passed."""

    step: EscalationStep
    due: datetime
    passed: bool


def clock_for(target: Target, calendar: Calendar | BusinessClock | None) -> BusinessClock:
    """The clock a target runs on; a business target needs a calendar.

    A prebuilt business :class:`BusinessClock` may stand for the calendar, so
    that a report measuring many incidents reuses its span table.
    """
    if target.clock == "24x7":
        return _ALWAYS
    if isinstance(calendar, BusinessClock):
        if not calendar.is_24x7:
            return calendar
        calendar = None
    if calendar is None:
        raise ValueError(
            f"a business-time target ({target.within}) needs a calendar; "
            "name one in the SLA or use clock: 24x7"
        )
    return BusinessClock(calendar)


def budget(clock: BusinessClock, start: datetime, within: str) -> timedelta:
    """The target's budget (:func:`~ccgov.sla.calendar.target_budget`); nothing
    when no working day can be found to end it (a calendar without hours,
    which SLA003 refuses): such a clock never counts time either, so the
    target is never breached and its deadline is unknown."""
    try:
        return target_budget(clock, start, within)
    except BeyondHorizon:
        return timedelta(0)


def _measure(
    name: TargetName,
    target: Target,
    clock: BusinessClock,
    timeline: Timeline,
    stopped: datetime | None,
    pauses: tuple[Interval, ...],
) -> TargetResult:
    opened = timeline.opened
    allowed = budget(clock, opened, target.within)
    until = stopped if stopped is not None else max(timeline.now, opened)
    elapsed = business_time(clock, opened, until, pauses)

    def result(
        state: TargetState, overage: timedelta | None = None, fraction: float | None = None
    ) -> TargetResult:
        return TargetResult(
            name=name,
            clock=target.clock,
            within=target.within,
            target_minutes=_minutes(allowed),
            elapsed_minutes=_minutes(elapsed),
            state=state,
            stopped=stopped,
            overage_minutes=None if overage is None else _minutes(overage),
            fraction_elapsed=fraction,
            due=(clock, opened, allowed, pauses),
        )

    if elapsed > allowed:
        return result("breached", overage=elapsed - allowed)
    if stopped is not None:
        return result("met")
    # A zero target still open with nothing elapsed is due this instant: fully used.
    return result("open", fraction=elapsed / allowed if allowed else 1.0)


def _clock(
    target: Target, calendar: Calendar | BusinessClock | None, sla: ServiceLevelAgreement, what: str
) -> BusinessClock:
    try:
        return clock_for(target, calendar)
    except ValueError as exc:
        raise ValueError(f"{sla.id} {what}: {exc}") from exc


def measure(
    incident: Incident,
    sla: ServiceLevelAgreement,
    calendar: Calendar | BusinessClock | None,
    now: datetime,
) -> IncidentMeasurement:
    """The incident's response and resolution against ``sla`` as of ``now``."""
    timeline = as_of(incident, now)
    terms = sla.severities.get(incident.severity)
    if terms is None:
        return IncidentMeasurement(incident.id, incident.severity, None, None)
    severity = f"severity {incident.severity}"
    response = _measure(
        "response",
        terms.response,
        _clock(terms.response, calendar, sla, f"{severity} response"),
        timeline,
        timeline.responded,
        (),  # pauses do not stop the response clock (module docstring)
    )
    resolution = _measure(
        "resolution",
        terms.resolution,
        _clock(terms.resolution, calendar, sla, f"{severity} resolution"),
        timeline,
        timeline.resolved,
        timeline.stops,
    )
    return IncidentMeasurement(incident.id, incident.severity, response, resolution)


def escalations_due(
    incident: Incident,
    sla: ServiceLevelAgreement,
    calendar: Calendar | BusinessClock | None,
    now: datetime,
) -> list[Escalation]:
    """Each escalation step of the incident's severity with its due instant, in due order.

    ``after`` counts from ``opened`` on the resolution target's clock minus
    pauses and resolved gaps (``Nd`` on a business clock means N business
    days). ``passed`` says whether the step fell due by ``now`` or, for a
    resolved incident, before it was resolved: a step due after resolution
    never passes.
    """
    timeline = as_of(incident, now)
    terms = sla.severities.get(incident.severity)
    if terms is None:
        return []
    clock = _clock(terms.resolution, calendar, sla, f"severity {incident.severity} escalation")
    horizon = timeline.resolved if timeline.resolved is not None else timeline.now
    stops = timeline.stops
    due = []
    for step in terms.escalation:
        try:
            due.append((step, target_deadline(clock, timeline.opened, step.after, stops)))
        except BeyondHorizon:
            continue  # not due within ten years of searching: never shown as due
    due.sort(key=lambda item: item[1])
    return [Escalation(step, when, when <= horizon) for step, when in due]
