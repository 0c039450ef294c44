"""Meeting use cases: plan one, submit a topic, record the minutes. Each is
one commit through the write path (:func:`ccgov.workflow.transaction.apply`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.meeting import Meeting
from ccgov.records.routine import Routine
from ccgov.rhythm.cadence import Cadence
from ccgov.rhythm.due import meetings_of, next_owed
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.loader import LoadedRecord
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import checked, render_new
from ccgov.workflow.identity import actor
from ccgov.workflow.rfc import render_update
from ccgov.workflow.transaction import Applied, Mutation, apply_returning

DIRECTORY = KIND_BY_NAME["meeting"].directory


def find_routine(repository: Repository, routine_id: str) -> Routine:
    for loaded in repository.of("routine"):
        if loaded.record.id == routine_id:
            routine: Routine = loaded.record
            return routine
    known = sorted(r.record.id for r in repository.of("routine"))
    raise RefusedError(
        f"there is no routine {routine_id!r}",
        hint=f"known routines: {', '.join(known)}" if known else "add one under routines/",
    )


def find_meeting(repository: Repository, meeting_id: str) -> LoadedRecord:
    for loaded in repository.of("meeting"):
        if loaded.record.id == meeting_id:
            return loaded
    path = f"{DIRECTORY}/{meeting_id}.yaml"
    if (repository.root / path).exists():
        raise RefusedError(
            f"{path} does not validate", hint=f"fix it first (ccgov validate {path})"
        )
    known = sorted(r.record.id for r in repository.of("meeting"))
    raise RefusedError(
        f"there is no meeting {meeting_id}",
        hint=f"latest meetings: {', '.join(known[-5:])}"
        if known
        else "plan one: ccgov meeting new",
    )


def _config(repository: Repository) -> Any:
    if repository.config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    return repository.config


def _local(moment: datetime, repository: Repository) -> str:
    zone = ZoneInfo(_config(repository).timezone)
    return moment.astimezone(zone).replace(microsecond=0).isoformat()


def new(
    root: Path,
    routine_id: str,
    *,
    at: datetime | None,
    now: datetime,
    title: str | None = None,
    chair: str | None = None,
    commit: bool = True,
) -> Applied[str]:
    """Plan the routine's next meeting (by default at the occurrence it owes)."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> tuple[Mutation, str]:
        config = _config(repository)
        person = actor(config, email)
        routine = find_routine(repository, routine_id)
        if not routine.active:
            raise RefusedError(f"routine {routine.id} is inactive (active: false)")
        meetings = meetings_of(repository, routine.id)
        when = at or next_owed(Cadence(routine, config), meetings)
        if when is None:
            raise RefusedError(
                f"routine {routine.id}'s cadence has no more occurrences", hint="pass --at"
            )
        same = [m.id for m in meetings if m.at == when and m.status != "cancelled"]
        if same:
            raise RefusedError(f"{same[0]} is already planned for {routine.id} at that time")
        meeting_id = next_id(root, config.id_prefixes.meeting, DIRECTORY)
        record: dict[str, Any] = {
            "id": meeting_id,
            "routine": routine.id,
            **({"title": title} if title else {}),
            "at": _local(when, repository),
            "status": "planned",
            "chair": chair or routine.owner,
        }
        path = f"{DIRECTORY}/{meeting_id}.yaml"
        content = render_new(path, Meeting, record, command="meeting new")
        mutation = Mutation("meeting", meeting_id, "new", {path: content})
        mutation.notes.append(f"planned by {person.handle}; topics: ccgov meeting topic add")
        return mutation, meeting_id

    return apply_returning(root, build, commit=commit)


def _update(
    root: Path,
    meeting_id: str,
    action: str,
    change: Any,
    commit: bool,
) -> Applied[None]:
    """Load the meeting, let ``change(repository, person, meeting) -> dict of
    updates`` decide, and commit the file with the author's formatting kept."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> tuple[Mutation, None]:
        person = actor(_config(repository), email)
        loaded = find_meeting(repository, meeting_id)
        updates = change(repository, person.handle, loaded.record)
        data = loaded.record.model_dump(mode="json", by_alias=True, exclude_unset=True)
        path = loaded.path
        text = (repository.root / path).read_text(encoding="utf-8")
        record = checked(path, Meeting, {**data, **updates}, command=f"meeting {action}")
        content = render_update(text, record)
        return Mutation("meeting", meeting_id, action, {path: content}), None

    return apply_returning(root, build, commit=commit)


def add_topic(
    root: Path,
    meeting_id: str,
    title: str,
    *,
    links: list[str],
    now: datetime,
    note: str | None = None,
    commit: bool = True,
) -> Applied[None]:
    """Anyone listed in people may put a topic on a planned meeting's agenda."""

    def change(repository: Repository, handle: str, meeting: Meeting) -> dict[str, Any]:
        if meeting.status != "planned":
            raise RefusedError(
                f"{meeting.id} is {meeting.status}; topics go on a planned meeting",
                hint=f"plan the next one: ccgov meeting new {meeting.routine}",
            )
        topic = {
            "title": title,
            "submitted_by": handle,
            "submitted": _local(now, repository),
            **({"links": links} if links else {}),
            **({"note": note} if note else {}),
        }
        return {"topics": [*_dumped(meeting.topics), topic]}

    return _update(root, meeting_id, "topic", change, commit)


@dataclass(slots=True)
class NewAction:
    title: str
    owner: str
    due: date
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Minutes:
    attendees: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    actions: list[NewAction] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # for every decision recorded now
    notes: str | None = None


def record_minutes(
    root: Path, meeting_id: str, minutes: Minutes, *, commit: bool = True
) -> Applied[None]:
    """Who attended, what was decided, who owes what: the meeting becomes held."""

    def change(repository: Repository, handle: str, meeting: Meeting) -> dict[str, Any]:
        if meeting.status == "cancelled":
            raise RefusedError(f"{meeting.id} was cancelled; it has no minutes")
        numbers = [int(a.id[1:]) for a in meeting.actions]
        actions = [
            {
                "id": f"A{max(numbers, default=0) + index}",
                "title": item.title,
                "owner": item.owner,
                "due": item.due.isoformat(),
                **({"links": item.links} if item.links else {}),
            }
            for index, item in enumerate(minutes.actions, 1)
        ]
        decisions = [
            {"text": text, **({"links": minutes.links} if minutes.links else {})}
            for text in minutes.decisions
        ]
        attendees = list(dict.fromkeys([*meeting.attendees, *minutes.attendees]))
        guests = list(dict.fromkeys([*meeting.guests, *minutes.guests]))
        updates: dict[str, Any] = {
            "status": "held",
            "attendees": attendees,
            "decisions": [*_dumped(meeting.decisions), *decisions],
            "actions": [*_dumped(meeting.actions), *actions],
        }
        if guests:
            updates["guests"] = guests
        if minutes.notes:
            updates["notes"] = minutes.notes
        return updates

    return _update(root, meeting_id, "minutes", change, commit)


def _dumped(items: list[Any]) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json", exclude_unset=True) for item in items]
