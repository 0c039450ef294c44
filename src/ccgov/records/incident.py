"""Incidents: what happened, measured against SLAs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp
from ccgov.records.sla import SeverityLevel


class Pause(Model):
    """Time the SLA clock stops: the incident waits on the customer or a vendor."""

    start: Timestamp
    end: Timestamp
    reason: Literal["customer", "vendor", "other"]
    note: str | None = None


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
    resolved: Timestamp | None = None
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
