"""An incident's updates and escalation notifications: who wrote them, in time
order inside the incident, and for escalation steps its SLA has."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ccgov.findings import Finding
from ccgov.records.incident import Incident
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCED, Context, finding, rule
from ccgov.store.loader import LoadedRecord


def _placed(
    loaded: LoadedRecord, part: str, index: int, at: datetime, previous: datetime | None
) -> Iterator[Finding]:
    incident: Incident = loaded.record
    what = "update" if part == "updates" else "notification"
    if at < incident.opened:
        yield finding(
            loaded,
            "INC006",
            f"{what} dated {at.isoformat()}, before the incident opened "
            f"({incident.opened.isoformat()})",
            part,
            index,
            "at",
        )
    elif incident.closed is not None and at > incident.closed:
        yield finding(
            loaded,
            "INC006",
            f"{what} dated {at.isoformat()}, after the incident was closed "
            f"({incident.closed.isoformat()})",
            part,
            index,
            "at",
        )
    elif previous is not None and at < previous:
        yield finding(
            loaded,
            "INC006",
            f"{what} dated {at.isoformat()}, before the one listed above it "
            f"({previous.isoformat()}); keep them in time order",
            part,
            index,
            "at",
        )


# The people are in ccgov.yaml.
@rule(reads=(), about=("incident",))
def incident_log_in_order(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        for part in ("updates", "notifications"):
            previous: datetime | None = None
            for index, entry in enumerate(getattr(incident, part)):
                yield from _placed(loaded, part, index, entry.at, previous)
                previous = entry.at if previous is None else max(previous, entry.at)
                yield from refs.person(context, loaded, entry.by, part, index, "by")
        for index, notification in enumerate(incident.notifications):
            for who_index, handle in enumerate(notification.notified):
                yield from refs.person(
                    context, loaded, handle, "notifications", index, "notified", who_index
                )


# The escalation path of the incident's SLA (records.links RECORD_REFS: sla).
@rule(reads=(REFERENCED,), about=("incident",))
def notified_steps_exist(context: Context) -> Iterator[Finding]:
    for loaded in context.of("incident"):
        incident: Incident = loaded.record
        if not incident.notifications:
            continue
        resolved = context.resolve(incident.sla)
        if resolved is None or resolved[0].name != "sla":
            continue  # REF003 / REF007 report it
        terms = resolved[1].record.severities.get(incident.severity)
        steps = len(terms.escalation) if terms is not None else 0
        for index, notification in enumerate(incident.notifications):
            if notification.step > steps:
                have = f"has {steps} step{'s' if steps != 1 else ''}" if steps else "has none"
                yield finding(
                    loaded,
                    "INC007",
                    f"there is no escalation step {notification.step}: {incident.sla}'s path "
                    f"for severity {incident.severity} {have}",
                    "notifications",
                    index,
                    "step",
                )
