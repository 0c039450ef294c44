"""Incident timestamps, reopenings, pauses, and whether the SLA covers the severity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import pairwise

from ccgov.findings import Finding
from ccgov.records.incident import Incident
from ccgov.rules.base import REFERENCED, Context, finding, rule

_ORDER = ("opened", "responded", "resolved", "closed")


def _final_stop(incident: Incident) -> datetime | None:
    """When the incident was resolved for good, else closed; None while open."""
    last = incident.reopened[-1].resolved if incident.reopened else incident.resolved
    return last or incident.closed


@rule(reads=())
def incident_timestamps_ordered(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        present = [(name, getattr(incident, name)) for name in _ORDER if getattr(incident, name)]
        for (before, early), (after, late) in pairwise(present):
            if late < early:
                yield finding(
                    loaded,
                    "INC001",
                    f"{after} ({late.isoformat()}) is before {before} ({early.isoformat()})",
                    after,
                )
        # Reopenings: resolved, reopened, resolved again, ... and closed after all of it.
        previous = incident.resolved
        for index, reopening in enumerate(incident.reopened):
            if previous is None:
                yield finding(
                    loaded,
                    "INC001",
                    "reopened while it was not resolved; record the resolution first",
                    "reopened",
                    index,
                    "at",
                )
            elif reopening.at < previous:
                yield finding(
                    loaded,
                    "INC001",
                    f"reopened ({reopening.at.isoformat()}) before it was resolved "
                    f"({previous.isoformat()})",
                    "reopened",
                    index,
                    "at",
                )
            if reopening.resolved is not None and reopening.resolved < reopening.at:
                yield finding(
                    loaded,
                    "INC001",
                    f"resolved again ({reopening.resolved.isoformat()}) before it was reopened "
                    f"({reopening.at.isoformat()})",
                    "reopened",
                    index,
                    "resolved",
                )
            previous = reopening.resolved
        if incident.closed is not None and incident.reopened:
            last = incident.reopened[-1]
            latest = last.resolved or last.at
            if incident.closed < latest:
                yield finding(
                    loaded,
                    "INC001",
                    f"closed ({incident.closed.isoformat()}) before its last reopening ended "
                    f"({latest.isoformat()})",
                    "closed",
                )


@rule(reads=())
def incident_pauses(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        stop = _final_stop(incident)
        for index, pause in enumerate(incident.pauses):
            if pause.end is not None and pause.end <= pause.start:
                yield finding(
                    loaded, "INC003", "pause ends before it starts", "pauses", index, "end"
                )
            if pause.start < incident.opened:
                yield finding(
                    loaded,
                    "INC003",
                    "pause starts before the incident opened",
                    "pauses",
                    index,
                    "start",
                )
            if stop is not None and pause.end is not None and pause.end > stop:
                yield finding(
                    loaded,
                    "INC003",
                    "pause ends after the incident was resolved",
                    "pauses",
                    index,
                    "end",
                )
            if stop is not None and pause.end is None:
                yield finding(
                    loaded,
                    "INC005",
                    f"pause has no end but the incident was resolved or closed "
                    f"({stop.isoformat()}); add the end of the wait",
                    "pauses",
                    index,
                    "start",
                )
        ordered = sorted(enumerate(incident.pauses), key=lambda item: item[1].start)
        for (_, earlier), (index, later) in pairwise(ordered):
            if earlier.end is None or later.start < earlier.end:
                ends = "has no end" if earlier.end is None else f"ending {earlier.end.isoformat()}"
                yield finding(
                    loaded,
                    "INC002",
                    f"pause from {later.start.isoformat()} overlaps the one {ends}",
                    "pauses",
                    index,
                    "start",
                )


@rule(reads=(REFERENCED,))
def incident_severity_has_target(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        resolved = context.resolve(incident.sla)
        if resolved is None or resolved[0].name != "sla":
            continue  # REF003 / REF007 report it
        sla = resolved[1].record
        if incident.severity not in sla.severities:
            yield finding(
                loaded,
                "INC004",
                f"{sla.id} sets no target for severity {incident.severity}",
                "severity",
            )
