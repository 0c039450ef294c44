"""Meetings: one occurrence of a routine, with its agenda topics (anyone
listed in people may submit one), who attended, what was decided and the
actions that came out of it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ccgov.records.actions import Action
from ccgov.records.base import Duration, Handle, Model, RecordId, Slug, Text, Timestamp

MeetingStatus = Literal["planned", "held", "cancelled"]


class Topic(Model):
    """An agenda topic and who put it there."""

    title: Text
    submitted_by: Handle
    submitted: Timestamp | None = None
    links: list[RecordId] = Field([], description="Records the topic is about.")
    note: str | None = None


class Decision(Model):
    """What the meeting decided, and the records the decision is about."""

    text: Text
    links: list[RecordId] = []


class Meeting(Model):
    """One occurrence of a routine."""

    id: RecordId
    routine: Slug = Field(description="The routine this is an occurrence of (routines/<id>.yaml).")
    title: str | None = None
    at: Timestamp = Field(description="When it starts.")
    duration: Duration | None = Field(None, description="Default: the routine's duration.")
    status: MeetingStatus = "planned"
    chair: Handle | None = None
    attendees: list[Handle] = Field([], description="People who attended (handles).")
    guests: list[Text] = Field(
        [], description="Attendees who are not in ccgov.yaml people, e.g. a vendor's engineer."
    )
    topics: list[Topic] = []
    decisions: list[Decision] = []
    actions: list[Action] = []
    notes: str | None = None
