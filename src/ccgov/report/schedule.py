"""The forward schedule of change: approved windows, booked slots, proposed
windows awaiting a decision, blackouts, meetings and the routines' expected
occurrences between two moments; as a table and as an iCalendar feed that
people subscribe to (``ccgov report schedule --format ics``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from ccgov.records.change import Window
from ccgov.report.agenda import role_names
from ccgov.rhythm.cadence import Cadence
from ccgov.store.repo import Repository

EventKind = Literal["slot", "window", "proposed", "blackout", "meeting", "routine"]
# How each kind reads in the table and the calendar.
KIND_LABELS: dict[str, str] = {
    "slot": "booked slot",
    "window": "approved window",
    "proposed": "proposed, awaiting a decision",
    "blackout": "blackout",
    "meeting": "meeting",
    "routine": "expected occurrence",
}
# A change that reached one of these is on the schedule (past slots show what happened).
_SCHEDULED = ("approved", "scheduled", "implemented", "verified", "closed", "backed_out")


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    kind: EventKind
    title: str
    start: datetime
    end: datetime
    record: str | None = None
    status: str | None = None
    detail: str = ""
    location: str | None = None

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": self.kind,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "record": self.record,
            "status": self.status,
            "detail": self.detail,
            "location": self.location,
        }


@dataclass(slots=True)
class Schedule:
    start: datetime
    end: datetime
    timezone: str
    organisation: str
    events: list[Event] = field(default_factory=list)

    def changes(self) -> list[Event]:
        return [e for e in self.events if e.kind in ("slot", "window", "proposed")]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "events": [e.to_json() for e in self.events],
        }


def _touches(window: Window | Any, start: datetime, end: datetime) -> bool:
    return bool(window.start < end and window.end > start)


def build(repository: Repository, start: datetime, end: datetime) -> Schedule:
    config = repository.config
    timezone = config.timezone if config else "UTC"
    schedule = Schedule(start, end, timezone, config.organisation if config else "")
    items = {r.record.id: r.record.name for r in repository.of("item")}
    events: list[Event] = []
    for loaded in repository.of("change"):
        change = loaded.record
        cis = ", ".join(f"{i} {items.get(i, '')}".strip() for i in change.affects)
        detail = f"{change.type} change, risk {change.risk}, impact {change.impact}; CIs: {cis}"
        if change.status in _SCHEDULED and change.schedule is not None:
            slot, kind = change.schedule, "slot"
        elif change.status in _SCHEDULED and change.window is not None:
            slot, kind = change.window, "window"
        elif change.status == "submitted" and change.window is not None:
            slot, kind = change.window, "proposed"
        else:
            continue
        if _touches(slot, start, end):
            events.append(
                Event(
                    f"{change.id}-{kind}",
                    cast(EventKind, kind),
                    f"{change.id} {change.title}",
                    slot.start,
                    slot.end,
                    change.id,
                    change.status,
                    detail,
                )
            )
    for index, blackout in enumerate(config.blackouts if config else []):
        if _touches(blackout, start, end):
            events.append(
                Event(
                    f"blackout-{index}-{blackout.start.date().isoformat()}",
                    "blackout",
                    f"Blackout: {blackout.name}",
                    blackout.start,
                    blackout.end,
                    detail=blackout.reason or "only emergency changes",
                )
            )
    routines = {r.record.id: r.record for r in repository.of("routine")}
    meetings = [r.record for r in repository.of("meeting")]
    for meeting in meetings:
        routine = routines.get(meeting.routine)
        if routine is None or meeting.status == "cancelled":
            continue
        cadence = Cadence(routine, config)
        length = timedelta(minutes=cadence.length.total_seconds() / 60)
        if meeting.duration:
            from ccgov.records.base import duration_minutes

            length = timedelta(minutes=duration_minutes(meeting.duration))
        if meeting.at < end and meeting.at + length > start:
            events.append(
                Event(
                    meeting.id,
                    "meeting",
                    f"{meeting.title or routine.title} ({meeting.id})",
                    meeting.at,
                    meeting.at + length,
                    meeting.id,
                    meeting.status,
                    f"topics: {len(meeting.topics)}; chair {meeting.chair or routine.owner}",
                    routine.location,
                )
            )
    for routine in routines.values():
        if not routine.active:
            continue
        cadence = Cadence(routine, config)
        stood_for = {
            cadence.nearest(m.at)
            for m in meetings
            if m.routine == routine.id and m.status != "cancelled"
        }
        for moment in cadence.between(start - cadence.length, end):
            if moment in stood_for or moment + cadence.length <= start:
                continue
            who = ", ".join(role_names(config, routine.participants)) if config else ""
            events.append(
                Event(
                    f"{routine.id}-{moment.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}",
                    "routine",
                    routine.title,
                    moment,
                    moment + cadence.length,
                    None,
                    "expected",
                    f"{routine.kind.replace('_', ' ')}, owner {routine.owner}; with {who}",
                    routine.location,
                )
            )
    schedule.events = sorted(events, key=lambda e: (e.start, e.end, e.uid))
    return schedule


def to_ics(schedule: Schedule, generated: datetime) -> str:
    """The schedule as an iCalendar (RFC 5545) feed; every event keeps its UID,
    so a subscribed calendar updates events in place."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    calendar = Calendar()
    calendar.add("prodid", "-//ccgov//forward schedule of change//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{schedule.organisation} change schedule")
    calendar.add("x-wr-timezone", schedule.timezone)
    stamp = generated.astimezone(UTC)
    for event in schedule.events:
        item = IcsEvent()
        item.add("uid", f"{event.uid}@ccgov")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start.astimezone(UTC))
        item.add("dtend", event.end.astimezone(UTC))
        item.add("summary", event.title)
        item.add("description", f"{event.label}. {event.detail}".strip())
        item.add("categories", [event.label])
        item.add("status", "TENTATIVE" if event.kind in ("proposed", "routine") else "CONFIRMED")
        item.add("transp", "TRANSPARENT" if event.kind == "blackout" else "OPAQUE")
        if event.location:
            item.add("location", event.location)
        calendar.add_component(item)
    return bytes(calendar.to_ical()).decode("utf-8")
