"""What an incident owes besides its SLA targets: updates at the cadence of
``policy.communications``, a root-cause analysis by the due date of
``policy.rca``, and the escalation steps of its SLA carried out.

Pure, like the rest of the SLA maths: the caller passes the clock and, for
an incident still running, ``now``. Validation passes no ``now`` (its verdict
must not change with the time of day); ``sla status`` does. The rules, with
worked examples, are in docs/operations.md.

Updates
    The incident is open in spells: from ``opened`` to the first resolution,
    and from each reopening to the resolution after it. Within a spell the
    stretches without an update to one of the rule's audiences are: from the
    start of the spell to the first update, between updates, and from the last
    update to the end of the spell (its resolution; ``now`` for a spell still
    running, when a ``now`` is given). Each stretch is counted on the rule's
    calendar (around the clock without one) minus the incident's pauses, as
    the resolution clock is: while it waits on the customer or a vendor, the
    last update said what it waits for. A stretch longer than ``every`` is a
    gap. An update at the very moment of the resolution (the all-clear) ends
    the last stretch. While an incident is paused no update falls due.

Root-cause analysis
    Due ``within`` after the last resolution, on the clock of the calendar of
    the incident's SLA: ``Nd`` is close of business of the Nth business day
    after it (:func:`~ccgov.sla.calendar.business_day_deadline`), ``h`` and
    ``m`` count working time (24x7 for an SLA without a calendar). It is met
    by the earliest of: the incident's ``root_cause`` (at ``root_cause_at``;
    a root cause without that time counts as in time, since nothing says when
    it was written), or a problem listing the incident (at its ``opened``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ccgov.records.base import LATEST, duration_minutes
from ccgov.records.config import CommunicationRule, Policy, RcaRule
from ccgov.records.incident import Incident
from ccgov.sla.calendar import (
    BeyondHorizon,
    BusinessClock,
    as_utc,
    business_day_deadline,
    business_time,
    deadline,
)
from ccgov.sla.timeline import Span

Path = tuple[str | int, ...]


def communication_rule(policy: Policy, severity: int) -> CommunicationRule | None:
    """The first update cadence that lists ``severity``."""
    return next((r for r in policy.communications if severity in r.severities), None)


def rca_rule(policy: Policy, severity: int) -> RcaRule | None:
    """The first root-cause rule that lists ``severity``."""
    return next((r for r in policy.rca if severity in r.severities), None)


@dataclass(frozen=True, slots=True)
class Spell:
    """A stretch the incident was open: ``end`` is None while it still runs."""

    start: datetime
    end: datetime | None
    end_path: Path  # where the record says it ended (a resolution, or closed)


def spells(incident: Incident) -> list[Spell]:
    """The incident's open spells as recorded (see the module docstring)."""
    found: list[Spell] = []
    starts: list[tuple[datetime, datetime | None, Path]] = [
        (incident.opened, incident.resolved, ("resolved",))
    ]
    for index, reopening in enumerate(incident.reopened):
        starts.append((reopening.at, reopening.resolved, ("reopened", index, "resolved")))
    for position, (start, end, path) in enumerate(starts):
        if end is None and position == len(starts) - 1 and incident.closed is not None:
            end, path = incident.closed, ("closed",)  # closed without a resolution
        found.append(Spell(as_utc(start), None if end is None else as_utc(end), path))
        if end is None:
            break
    return found


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch without an update: from ``start`` to ``end``, ``minutes`` counted."""

    start: datetime
    end: datetime
    minutes: float
    # The record entry that ended it: an update, a resolution, closed; None
    # when it was still running at ``now``.
    ended_by: Path | None


def _counted(clock: BusinessClock, start: datetime, end: datetime, pauses: list[Span]) -> float:
    if end <= start:
        return 0.0
    return business_time(clock, start, end, pauses).total_seconds() / 60


def pauses(incident: Incident, now: datetime | None = None) -> list[Span]:
    """The incident's pauses as spans; one without an end runs to ``now`` (or for ever)."""
    found = []
    for pause in incident.pauses:
        start = as_utc(pause.start)
        end = as_utc(pause.end) if pause.end is not None else (now or LATEST)
        if now is not None:
            end = min(end, now)
        if start < end:
            found.append(Span(start, end))
    return found


def stretches(
    incident: Incident,
    audiences: Iterable[str],
    clock: BusinessClock,
    now: datetime | None = None,
) -> list[Stretch]:
    """Every stretch without an update to ``audiences`` while the incident was open."""
    wanted = set(audiences)
    updates = sorted(
        (as_utc(u.at), index) for index, u in enumerate(incident.updates) if u.audience in wanted
    )
    moment = None if now is None else as_utc(now, "now")
    stops = pauses(incident, moment)
    found: list[Stretch] = []
    for spell in spells(incident):
        cursor = spell.start
        for at, index in updates:
            if at < spell.start or (spell.end is not None and at > spell.end):
                continue
            if moment is not None and at > moment:
                continue  # not sent yet at now
            counted = _counted(clock, cursor, at, stops)
            found.append(Stretch(cursor, at, counted, ("updates", index)))
            cursor = at
        end = spell.end
        if end is not None and (moment is None or end <= moment):
            if cursor < end:
                counted = _counted(clock, cursor, end, stops)
                found.append(Stretch(cursor, end, counted, spell.end_path))
        elif moment is not None and cursor < moment:
            counted = _counted(clock, cursor, moment, stops)
            found.append(Stretch(cursor, moment, counted, None))
    return found


def gaps(
    incident: Incident,
    rule: CommunicationRule,
    clock: BusinessClock,
    now: datetime | None = None,
) -> list[Stretch]:
    """The stretches longer than the rule's ``every``."""
    limit = duration_minutes(rule.every)
    return [s for s in stretches(incident, rule.audience, clock, now) if s.minutes > limit]


def next_update_due(
    incident: Incident, rule: CommunicationRule, clock: BusinessClock, now: datetime
) -> datetime | None:
    """When the next update is due for an incident still open at ``now`` (None
    once it is resolved, while it is paused, or when the calendar has no
    working time ahead)."""
    moment = as_utc(now, "now")
    current = [s for s in spells(incident) if s.start <= moment]
    if not current or (current[-1].end is not None and current[-1].end <= moment):
        return None
    start = current[-1].start
    for update in incident.updates:
        at = as_utc(update.at)
        if update.audience in rule.audience and start <= at <= moment:
            start = at
    waiting = [
        p
        for p in incident.pauses
        if as_utc(p.start) <= moment and (p.end is None or as_utc(p.end) > moment)
    ]
    if waiting:
        return None
    budget = timedelta(minutes=duration_minutes(rule.every))
    try:
        return deadline(clock, start, budget, pauses(incident, moment))
    except BeyondHorizon:
        return None


def rca_due(clock: BusinessClock, resolved: datetime, within: str) -> datetime | None:
    """When the root-cause analysis is due after a resolution at ``resolved``
    (None when the calendar offers no working time to end it)."""
    minutes = duration_minutes(within)
    try:
        if within.strip().endswith("d"):
            return business_day_deadline(clock, resolved, minutes // (24 * 60))
        return deadline(clock, resolved, timedelta(minutes=minutes))
    except BeyondHorizon:
        return None


@dataclass(frozen=True, slots=True)
class Analysis:
    """How an incident's root-cause analysis stands."""

    due: datetime | None
    # When it was done (the earliest root cause or problem link); None when
    # done at an unknown time, or not at all (see ``done``).
    at: datetime | None
    done: bool
    by: str | None  # "root cause" or the problem's id

    @property
    def late(self) -> bool:
        return self.done and self.at is not None and self.due is not None and self.at > self.due


def analysis(
    incident: Incident, problems: Sequence[tuple[str, datetime]], due: datetime | None
) -> Analysis:
    """The incident's analysis: ``problems`` are (id, opened) of the problems listing it."""
    candidates: list[tuple[datetime | None, str]] = []
    if incident.root_cause:
        at = incident.root_cause_at
        candidates.append((None if at is None else as_utc(at), "root cause"))
    candidates += [(as_utc(opened), problem_id) for problem_id, opened in problems]
    if not candidates:
        return Analysis(due, None, False, None)
    # A root cause written at an unknown time counts as in time.
    at, by = min(candidates, key=lambda c: (c[0] is not None, c[0] or datetime.min))
    return Analysis(due, at, True, by)
