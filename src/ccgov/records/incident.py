"""Incidents: what happened, measured against SLAs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp
from ccgov.records.sla import SeverityLevel


class Pause(Model):
    """Time the SLA clock stops: the incident waits on the customer or a vendor."""

    start: Timestamp
    end: Timestamp | None = Field(
        None,
        description="When the wait ended. Omit it while the incident is still waiting: the "
        "pause then runs until now (or --at); a resolved or closed incident may not keep one.",
    )
    reason: Literal["customer", "vendor", "other"]
    note: str | None = None


class Reopening(Model):
    """The incident came back after it was resolved: its resolution clock runs again."""

    at: Timestamp = Field(description="When the incident was reopened.")
    reason: Text = Field(description="Why: what the caller or the monitoring saw.")
    resolved: Timestamp | None = Field(
        None, description="When it was resolved again; omit it while it is still open."
    )


class Incident(Model):
    """Something that went wrong, measured against the SLA it falls under."""

    id: RecordId
    title: Text
    external_id: str | None = Field(
        None,
        description="The ticket number in the service-desk tool; `incident import` uses it to skip "
        "tickets already recorded.",
    )
    severity: SeverityLevel
    sla: RecordId
    opened: Timestamp
    responded: Timestamp | None = None
    resolved: Timestamp | None = Field(
        None, description="When it was first resolved; later resolutions go under reopened."
    )
    reopened: list[Reopening] = Field(
        [],
        description="Each time the incident came back after a resolution, in order. The time "
        "from a resolution to the next reopening does not count towards resolution.",
    )
    closed: Timestamp | None = None
    pauses: list[Pause] = Field(
        [], description="Time the SLA clock stops: waiting on customer or vendor."
    )
    affects: list[RecordId] = []
    caused_by: RecordId | None = Field(
        None, description="The RFC that caused this incident, if any."
    )
    reported_by: str | None = None
    assignee: Handle | None = None
    description: str | None = None
    root_cause: str | None = None
    analysis: str | None = None
