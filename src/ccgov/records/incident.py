"""Incidents: what happened, measured against SLAs."""

from __future__ import annotations

from pydantic import Field

from ccgov.records.base import Count, Handle, Model, RecordId, Slug, Text, Timestamp
from ccgov.records.sla import SeverityLevel
from ccgov.records.vocabulary import Audience, PauseReason


class Pause(Model):
    """Time the SLA clock stops: the incident waits on the customer or a vendor."""

    start: Timestamp
    end: Timestamp | None = Field(
        None,
        description="When the wait ended. Omit it while the incident is still waiting: the "
        "pause then runs until now (or --at); a resolved or closed incident may not keep one.",
    )
    reason: PauseReason
    note: str | None = None


class Reopening(Model):
    """The incident came back after it was resolved: its resolution clock runs again."""

    at: Timestamp = Field(description="When the incident was reopened.")
    reason: Text = Field(description="Why: what the caller or the monitoring saw.")
    resolved: Timestamp | None = Field(
        None, description="When it was resolved again; omit it while it is still open."
    )


class Update(Model):
    """A message sent while the incident runs: an outage update to the contact
    center, a note to IT, a chase to the vendor."""

    at: Timestamp
    by: Handle = Field(description="Who sent it (`incident update` records the git identity).")
    audience: Audience
    text: Text


class Notification(Model):
    """Who was told when an escalation step of the SLA fell due."""

    step: Count = Field(
        description="The step's number in the SLA's escalation path for the incident's "
        "severity: 1 is the first listed."
    )
    at: Timestamp
    by: Handle = Field(description="Who notified them.")
    notified: list[Handle] = Field(
        min_length=1, description="The people told (the step's roles resolved to people)."
    )
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
    category: Slug | None = Field(
        None,
        description="What failed, in the repository's own words (telephony, ivr, routing, "
        "desktop, recording, wfm, ...): the problems report groups incidents by it.",
    )
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
    root_cause_at: Timestamp | None = Field(
        None,
        description="When the root cause was established (ccgov's commands record it); "
        "policy.rca judges it against its due date.",
    )
    analysis: str | None = None
    updates: list[Update] = Field(
        [], description="Messages sent while it ran, oldest first (`incident update`)."
    )
    notifications: list[Notification] = Field(
        [],
        description="Escalation steps carried out: who was notified, and when "
        "(`incident notify --step N`).",
    )
