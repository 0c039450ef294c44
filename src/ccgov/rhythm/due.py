"""`ccgov routine due`: which routines are overdue or coming up, which
meetings still owe their minutes, and which SLA reports are due.

A meeting (planned or held, not cancelled) stands for the occurrence nearest
to it. The occurrence after the latest one stood for is what the routine owes
next; once it (and its length) has passed with no meeting, the routine is
overdue. A meeting that has passed still `planned` owes its minutes, which
is overdue too. SLA `reporting` duties that no routine tracks are listed as
due at the start of each reporting period, for the period just ended. Plan
reviews (``review_every`` on an active plan) are listed from the same
reckoning ``ccgov plan due`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ccgov.planning.plans import PlanDue
from ccgov.planning.plans import due as plans_due
from ccgov.records.meeting import Meeting
from ccgov.records.routine import Routine
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.rhythm.cadence import Cadence
from ccgov.store.repo import Repository

State = Literal["overdue", "minutes", "scheduled", "due", "later", "ended"]
# A meeting's minutes are owed once it has been over for this long.
MINUTES_GRACE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Due:
    routine: str  # a routine id, or an SLA id for a reporting duty
    title: str
    kind: str
    owner: str
    state: State
    at: datetime | None  # the occurrence owed, the meeting planned, or the report due
    meeting: str | None = None
    missed: int = 0  # occurrences passed with no meeting (overdue)
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.state in ("overdue", "minutes")

    def to_json(self) -> dict[str, Any]:
        return {
            "routine": self.routine,
            "title": self.title,
            "kind": self.kind,
            "owner": self.owner,
            "state": self.state,
            "at": self.at.isoformat() if self.at else None,
            "meeting": self.meeting,
            "missed": self.missed,
            "overdue": self.overdue,
            "note": self.note,
        }


def meetings_of(repository: Repository, routine_id: str) -> list[Meeting]:
    found = [r.record for r in repository.of("meeting") if r.record.routine == routine_id]
    return sorted(found, key=lambda meeting: meeting.at)


def next_owed(cadence: Cadence, meetings: list[Meeting]) -> datetime | None:
    """The first occurrence after the latest one a meeting stands for."""
    covered = [
        moment
        for meeting in meetings
        if meeting.status != "cancelled" and (moment := cadence.nearest(meeting.at)) is not None
    ]
    if not covered:
        return cadence.first()
    return cadence.after(max(covered))


def routine_due(
    routine: Routine, repository: Repository, now: datetime, within: timedelta
) -> list[Due]:
    cadence = Cadence(routine, repository.config)
    meetings = meetings_of(repository, routine.id)
    found: list[Due] = []

    def entry(state: State, at: datetime | None, **extra: Any) -> Due:
        return Due(routine.id, routine.title, routine.kind, routine.owner, state, at, **extra)

    for meeting in meetings:
        length = timedelta(minutes=_minutes(meeting, routine))
        if meeting.status == "planned" and meeting.at + length + MINUTES_GRACE < now:
            found.append(
                entry(
                    "minutes",
                    meeting.at,
                    meeting=meeting.id,
                    note=f"record its minutes: ccgov meeting minutes {meeting.id}",
                )
            )
        elif meeting.status == "planned" and now <= meeting.at + length:
            state: State = "scheduled" if meeting.at <= now + within else "later"
            found.append(entry(state, meeting.at, meeting=meeting.id))
    if not routine.active:
        return found
    owed = next_owed(cadence, meetings)
    if owed is None:
        found.append(entry("ended", None, note="the cadence has no more occurrences"))
    elif owed + cadence.length < now:
        missed = len(cadence.between(owed, now))
        found.append(
            entry(
                "overdue",
                owed,
                missed=missed,
                note=f"no meeting since; plan one: ccgov meeting new {routine.id}",
            )
        )
    elif owed <= now + within:
        found.append(entry("due", owed, note=f"plan it: ccgov meeting new {routine.id}"))
    else:
        found.append(entry("later", owed))
    return found


def _minutes(meeting: Meeting, routine: Routine) -> int:
    from ccgov.records.base import duration_minutes

    return duration_minutes(meeting.duration or routine.duration)


def _period_start(day: date, frequency: str) -> date:
    if frequency == "weekly":
        return day - timedelta(days=day.weekday())
    if frequency == "monthly":
        return day.replace(day=1)
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def reporting_due(
    sla: ServiceLevelAgreement, repository: Repository, now: datetime, within: timedelta
) -> Due | None:
    """The SLA's report for the period just ended, owed since the new one began."""
    reporting = sla.reporting
    if reporting is None:
        return None
    zone = ZoneInfo(repository.config.timezone if repository.config else "UTC")
    today = now.astimezone(zone).date()
    start = _period_start(today, reporting.frequency)
    if not sla.effective.covers(start - timedelta(days=1)):
        return None  # the SLA was not in force in the period just ended
    audience = ", ".join(reporting.audience) or "its customer"
    at = datetime.combine(start, datetime.min.time(), zone)
    state: State = "due"
    return Due(
        sla.id,
        f"{sla.title}: {reporting.frequency} SLA report to {audience}",
        "report",
        reporting.owner,
        state,
        at,
        note=f"ccgov report sla --sla {sla.id} --period {_label(start, reporting.frequency)}; "
        f"a `report` routine with sla: {sla.id} records its delivery",
    )


def _label(start: date, frequency: str) -> str:
    """The period label of the report owed at ``start`` (the period before it)."""
    previous = start - timedelta(days=1)
    if frequency == "monthly":
        return previous.strftime("%Y-%m")
    if frequency == "quarterly":
        return f"{previous.year}-Q{(previous.month - 1) // 3 + 1}"
    first = _period_start(previous, "weekly")
    return f"{first.isoformat()}..{previous.isoformat()}"


def plan_review_due(entry: PlanDue, now: datetime, within: timedelta) -> Due:
    """A plan's next review as a routine duty: overdue, due within ``within``, or later."""
    state: State = "overdue" if entry.overdue else "due" if entry.due <= now + within else "later"
    return Due(
        entry.plan,
        f"{entry.title}: review (every {entry.review_every})",
        "plan_review",
        entry.owners[0] if entry.owners else "",
        state,
        entry.due,
        note=f"an objective owner records it: ccgov plan review {entry.plan} --summary TEXT",
    )


def due(repository: Repository, now: datetime, within: timedelta) -> list[Due]:
    """Every routine's state, the SLA reports no routine tracks, and the
    reviews the active plans owe."""
    found: list[Due] = []
    tracked: set[str] = set()
    for loaded in sorted(repository.of("routine"), key=lambda r: r.record.id):
        routine = loaded.record
        found.extend(routine_due(routine, repository, now, within))
        if routine.sla is not None and routine.kind in ("report", "sla_review"):
            tracked.add(routine.sla)
    for loaded in sorted(repository.of("sla"), key=lambda r: r.record.id):
        if loaded.record.id not in tracked:
            entry = reporting_due(loaded.record, repository, now, within)
            if entry is not None:
                found.append(entry)
    found.extend(plan_review_due(entry, now, within) for entry in plans_due(repository, now))
    order = {"overdue": 0, "minutes": 0, "due": 1, "scheduled": 2, "later": 3, "ended": 4}
    return sorted(
        found, key=lambda d: (order[d.state], d.at or datetime.max.replace(tzinfo=now.tzinfo))
    )
