"""The incident lifecycle: open an incident, respond, post updates, pause and
resume the SLA clock, resolve, reopen, close, and record who was notified at
an escalation step. Each step is a commit through the write path, by the
person whose git identity runs it.

The status guard comes from the lifecycle table
(:mod:`ccgov.records.incident_lifecycle`); :func:`decide` is the pure part
(what a step does to the record, and the checks on its time); the use cases
around it load, render and commit. Every step's time is checked against the
incident's own timeline (nothing before what it follows, nothing in the
future), and the step's note says where the SLA clock stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ccgov.errors import RefusedError
from ccgov.operations.clock_notes import clock_notes
from ccgov.operations.common import acting, dump, find, local, moment, unchanged
from ccgov.records.config import RepoConfig
from ccgov.records.incident import Incident
from ccgov.records.incident_lifecycle import (
    NEXT_ACTIONS,
    IncidentAction,
    final_resolution,
    sources,
    state,
)
from ccgov.records.kinds import KIND_BY_NAME
from ccgov.records.sla import ServiceLevelAgreement
from ccgov.records.vocabulary import Audience
from ccgov.store import git
from ccgov.store.ids import next_id
from ccgov.store.repo import Repository
from ccgov.workflow.drafts import render_new
from ccgov.workflow.rfc import render_update
from ccgov.workflow.transaction import Applied, Mutation, apply

INCIDENTS_DIR = KIND_BY_NAME["incident"].directory
PauseReason = Literal["customer", "vendor", "other"]


@dataclass(frozen=True, slots=True)
class Respond:
    at: datetime | None = None
    action: IncidentAction = "respond"


@dataclass(frozen=True, slots=True)
class Post:
    """``incident update``: a message to an audience, and/or the root cause."""

    text: str | None = None
    audience: Audience = "center"
    root_cause: str | None = None
    analysis: str | None = None
    at: datetime | None = None
    action: IncidentAction = "update"


@dataclass(frozen=True, slots=True)
class Pause:
    reason: PauseReason
    note: str | None = None
    at: datetime | None = None
    action: IncidentAction = "pause"


@dataclass(frozen=True, slots=True)
class Resume:
    at: datetime | None = None
    action: IncidentAction = "resume"


@dataclass(frozen=True, slots=True)
class Resolve:
    root_cause: str | None = None
    text: str | None = None  # the all-clear to the contact center, as an update
    at: datetime | None = None
    action: IncidentAction = "resolve"


@dataclass(frozen=True, slots=True)
class Reopen:
    reason: str
    at: datetime | None = None
    action: IncidentAction = "reopen"


@dataclass(frozen=True, slots=True)
class Close:
    at: datetime | None = None
    action: IncidentAction = "close"


@dataclass(frozen=True, slots=True)
class Notify:
    step: int
    also: tuple[str, ...] = ()  # people told besides those the step names
    note: str | None = None
    at: datetime | None = None
    action: IncidentAction = "notify"


Request = Respond | Post | Pause | Resume | Resolve | Reopen | Close | Notify


@dataclass(slots=True)
class Step:
    """What a step works with: the rules in force, the incident, who acts, when."""

    config: RepoConfig
    incident: Incident
    sla: ServiceLevelAgreement | None  # the SLA as it is now (None: unknown id)
    handle: str
    now: datetime
    notes: list[str] = field(default_factory=list)

    def when(self, at: datetime | None) -> datetime:
        return moment(at, self.now)

    def text(self, value: datetime) -> str:
        return local(value, self.config)

    def not_before(self, at: datetime, earlier: datetime | None, what: str) -> None:
        if earlier is not None and at < earlier:
            raise RefusedError(
                f"--at {self.text(at)} is before {what} ({self.text(earlier)})",
                hint="give the time it happened with --at, no earlier than that",
            )


def require_state(incident: Incident, action: IncidentAction) -> None:
    """The status guard of the lifecycle table."""
    current = state(incident)
    if current in sources(action):
        return
    allowed = ", ".join(NEXT_ACTIONS[current]) or "nothing: it is closed"
    raise RefusedError(
        f"{incident.id} is {current}; {action} is not possible now",
        hint=f"next: {allowed}",
    )


def _last(values: list[datetime | None]) -> datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _pause_floor(incident: Incident) -> datetime | None:
    """A new pause starts no earlier than the last pause ended or the last reopening."""
    return _last(
        [incident.opened, *(p.end for p in incident.pauses), *(r.at for r in incident.reopened)]
    )


def _resolve_floor(incident: Incident) -> datetime | None:
    """A resolution comes after everything the running incident recorded."""
    return _last(
        [
            incident.opened,
            incident.responded,
            *(r.at for r in incident.reopened),
            *(p.start for p in incident.pauses),
            *(p.end for p in incident.pauses),
        ]
    )


def _people(step: Step, step_number: int, also: tuple[str, ...]) -> list[str]:
    """The step's roles resolved to their active holders, its people, and ``also``."""
    sla = step.sla
    terms = sla.severities.get(step.incident.severity) if sla is not None else None
    path = terms.escalation if terms is not None else []
    if not 1 <= step_number <= len(path):
        have = f"has {len(path)} step{'s' if len(path) != 1 else ''}" if path else "has none"
        raise RefusedError(
            f"there is no escalation step {step_number}: {step.incident.sla}'s path for "
            f"severity {step.incident.severity} {have}",
            hint="steps count from 1 in the order the SLA lists them",
        )
    config = step.config
    found: list[str] = []
    for name in path[step_number - 1].notify:
        if name in config.roles:
            holders = [p.handle for p in config.people if p.active and name in p.roles]
            if not holders:
                step.notes.append(f"no active person holds the role {name}: nobody recorded for it")
            found += holders
        else:
            found.append(name)
    for handle in also:
        if config.person(handle) is None:
            raise RefusedError(
                f"{handle!r} is not a person in ccgov.yaml", hint="--person takes a handle"
            )
        found.append(handle)
    return list(dict.fromkeys(found))


def decide(step: Step, request: Request) -> dict[str, Any]:
    """The incident's data after ``request``; notes go to ``step.notes``."""
    incident = step.incident
    require_state(incident, request.action)
    data = dump(incident)
    at = step.when(request.at)
    step.not_before(at, incident.opened, "the incident opened")
    if isinstance(request, Respond):
        data["responded"] = step.text(at)
        if incident.assignee is None:
            data["assignee"] = step.handle
    elif isinstance(request, Post):
        if request.text is None and request.root_cause is None and request.analysis is None:
            raise RefusedError(
                "nothing to record", hint="give --text (an update), --root-cause or --analysis"
            )
        if request.text is not None:
            previous = incident.updates[-1].at if incident.updates else None
            step.not_before(at, previous, "the last update")
            entry = {"at": step.text(at), "by": step.handle, "audience": request.audience}
            data["updates"] = [*data.get("updates", []), {**entry, "text": request.text}]
        if request.root_cause is not None:
            data["root_cause"] = request.root_cause
            data["root_cause_at"] = step.text(at)
        if request.analysis is not None:
            data["analysis"] = request.analysis
    elif isinstance(request, Pause):
        step.not_before(at, _pause_floor(incident), "the last pause or reopening")
        pause = {"start": step.text(at), "reason": request.reason}
        data["pauses"] = [*data.get("pauses", []), {**pause, **_note(request.note)}]
    elif isinstance(request, Resume):
        data["pauses"] = _end_pause(step, data, at)
    elif isinstance(request, Resolve):
        if state(incident) == "paused":
            data["pauses"] = _end_pause(step, data, at)
            step.notes.append("the open pause ends at the resolution")
        step.not_before(at, _resolve_floor(incident), "the last event recorded")
        if incident.reopened:
            reopened = data["reopened"]
            reopened[-1] = {**reopened[-1], "resolved": step.text(at)}
        else:
            data["resolved"] = step.text(at)
        if request.root_cause is not None:
            data["root_cause"] = request.root_cause
            data["root_cause_at"] = step.text(at)
        if request.text is not None:
            entry = {"at": step.text(at), "by": step.handle, "audience": "center"}
            data["updates"] = [*data.get("updates", []), {**entry, "text": request.text}]
    elif isinstance(request, Reopen):
        step.not_before(at, final_resolution(incident), "it was resolved")
        reopening = {"at": step.text(at), "reason": request.reason}
        data["reopened"] = [*data.get("reopened", []), reopening]
    elif isinstance(request, Close):
        step.not_before(at, final_resolution(incident), "it was resolved")
        data["closed"] = step.text(at)
    else:
        people = _people(step, request.step, request.also)
        previous = incident.notifications[-1].at if incident.notifications else None
        step.not_before(at, previous, "the last notification")
        notice: dict[str, Any] = {
            "step": request.step,
            "at": step.text(at),
            "by": step.handle,
            "notified": people,
        }
        data["notifications"] = [*data.get("notifications", []), {**notice, **_note(request.note)}]
        step.notes.append(f"step {request.step}: notified {', '.join(people)}")
    return data


def _note(note: str | None) -> dict[str, str]:
    return {"note": note} if note else {}


def _end_pause(step: Step, data: dict[str, Any], at: datetime) -> list[Any]:
    pauses = list(data.get("pauses", []))
    index = next(i for i, p in enumerate(step.incident.pauses) if p.end is None)
    step.not_before(at, step.incident.pauses[index].start, "the pause started")
    pauses[index] = {**pauses[index], "end": step.text(at)}
    return pauses


def _validated(data: dict[str, Any]) -> Incident:
    try:
        return Incident.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RefusedError(
            f"{where}: {str(first['msg']).removeprefix('Value error, ')}",
            hint="nothing was written",
        ) from None


def step(
    root: Path, incident_id: str, request: Request, *, now: datetime, commit: bool = True
) -> Applied[None]:
    """Apply one lifecycle step to an incident and commit it."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, person = acting(repository, email)
        loaded = find(repository, "incident", incident_id, "incident")
        unchanged(root, loaded.path, incident_id, f"incident {request.action}")
        sla = next(
            (r.record for r in repository.of("sla") if r.record.id == loaded.record.sla), None
        )
        current = Step(config, loaded.record, sla, person.handle, now)
        data = decide(current, request)
        updated = _validated(data)
        text = (root / loaded.path).read_text(encoding="utf-8")
        at = current.when(request.at)
        notes = [*current.notes, *clock_notes(repository, updated, request.action, at)]
        hints = NEXT_ACTIONS[state(updated)]
        if hints:
            notes.append(f"next: {', '.join(hints)}")
        return Mutation(
            "incident",
            incident_id,
            request.action,
            {loaded.path: render_update(text, updated)},
            notes=notes,
        )

    return apply(root, build, commit=commit)


@dataclass(slots=True)
class NewIncident:
    title: str
    severity: int
    sla: str
    opened: datetime | None = None
    category: str | None = None
    affects: list[str] = field(default_factory=list)
    caused_by: str | None = None
    description: str | None = None
    reported_by: str | None = None
    assignee: str | None = None
    external_id: str | None = None


def new(root: Path, spec: NewIncident, *, now: datetime, commit: bool = True) -> Applied[None]:
    """Open an incident: a new INC-NNNN record, validated and committed."""
    email = git.config_value(root, "user.email")

    def build(repository: Repository) -> Mutation:
        config, _person = acting(repository, email)
        opened = moment(spec.opened, now, "--opened")
        incident_id = next_id(root, config.id_prefixes.incident, INCIDENTS_DIR)
        record: dict[str, Any] = {
            "id": incident_id,
            "title": spec.title,
            **({"external_id": spec.external_id} if spec.external_id else {}),
            "severity": spec.severity,
            **({"category": spec.category} if spec.category else {}),
            "sla": spec.sla,
            "opened": local(opened, config),
            "affects": spec.affects,
            **({"caused_by": spec.caused_by} if spec.caused_by else {}),
            **({"reported_by": spec.reported_by} if spec.reported_by else {}),
            **({"assignee": spec.assignee} if spec.assignee else {}),
            **({"description": spec.description} if spec.description else {}),
        }
        path = f"{INCIDENTS_DIR}/{incident_id}.yaml"
        content = render_new(path, Incident, record, command="incident new")
        incident = Incident.model_validate(record)
        notes = clock_notes(repository, incident, "new", opened)
        notes.append(f"next: {', '.join(NEXT_ACTIONS['open'])}")
        return Mutation("incident", incident_id, "new", {path: content}, notes=notes)

    return apply(root, build, commit=commit)
