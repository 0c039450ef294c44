"""Incident timestamps, pauses, and whether the SLA covers the severity."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ccgov.findings import Finding
from ccgov.records.incident import Incident
from ccgov.rules.base import REFERENCED, Context, finding, rule

_ORDER = ("opened", "responded", "resolved", "closed")


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


@rule(reads=())
def incident_pauses(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        stop = incident.resolved or incident.closed
        for index, pause in enumerate(incident.pauses):
            if pause.end <= pause.start:
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
            if stop is not None and pause.end > stop:
                yield finding(
                    loaded,
                    "INC003",
                    "pause ends after the incident was resolved",
                    "pauses",
                    index,
                    "end",
                )
        ordered = sorted(enumerate(incident.pauses), key=lambda item: item[1].start)
        for (_, earlier), (index, later) in pairwise(ordered):
            if later.start < earlier.end:
                yield finding(
                    loaded,
                    "INC002",
                    f"pause from {later.start.isoformat()} overlaps the one ending "
                    f"{earlier.end.isoformat()}",
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
