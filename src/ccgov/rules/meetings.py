"""Meetings: their routine, who was there, what they link to, and minutes
that make sense for the meeting's status."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.rules import rhythm_refs as refs
from ccgov.rules.base import REFERENCED, REFERENCES, Context, finding, rule


@rule(reads=(REFERENCES,), about=("meeting",))
def meeting_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("meeting"):
        meeting = loaded.record
        yield from refs.named(context, loaded, "routine", meeting.routine, "routine")
        if meeting.chair is not None:
            yield from refs.person(context, loaded, meeting.chair, "chair")
        for index, handle in enumerate(meeting.attendees):
            yield from refs.person(context, loaded, handle, "attendees", index)
        for index, topic in enumerate(meeting.topics):
            yield from refs.person(
                context, loaded, topic.submitted_by, "topics", index, "submitted_by"
            )
            for link_index, link in enumerate(topic.links):
                yield from refs.record(context, loaded, link, "topics", index, "links", link_index)
        for index, decision in enumerate(meeting.decisions):
            for link_index, link in enumerate(decision.links):
                yield from refs.record(
                    context, loaded, link, "decisions", index, "links", link_index
                )


@rule(reads=(), about=("meeting",))
def minutes_fit_the_status(context: Context) -> Iterator[Finding]:
    for loaded in context.of("meeting"):
        meeting = loaded.record
        if meeting.status == "held" and not meeting.attendees and not meeting.guests:
            yield finding(
                loaded,
                "MTG001",
                f"{meeting.id} is marked held but records no attendees; list who was there",
                "status",
            )
        if meeting.status == "cancelled":
            for part in ("decisions", "actions"):
                if getattr(meeting, part):
                    yield finding(
                        loaded,
                        "MTG002",
                        f"{meeting.id} is cancelled but records {part}; move them to the "
                        "meeting that was held",
                        part,
                    )


@rule(reads=(REFERENCED,), about=("meeting",))
def meetings_in_their_routine(context: Context) -> Iterator[Finding]:
    for loaded in context.of("meeting"):
        meeting = loaded.record
        resolved = context.resolve(f"routine:{meeting.routine}")
        if resolved is None:
            continue  # meeting_references reports it
        routine = resolved[1].record
        if meeting.at < routine.starts:
            yield finding(
                loaded,
                "RTN001",
                f"{meeting.id} is dated {meeting.at.isoformat()}, before routine "
                f"{routine.id} starts ({routine.starts.isoformat()})",
                "at",
            )
        elif not routine.active and meeting.status == "planned":
            yield finding(
                loaded,
                "RTN001",
                f"{meeting.id} is planned for routine {routine.id}, which is inactive",
                "routine",
            )
