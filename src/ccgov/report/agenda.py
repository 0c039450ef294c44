"""`ccgov agenda MEETING|ROUTINE`: what a meeting should discuss, built from
the records as they stood at the meeting.

For a CAB: RFCs awaiting a decision (risk, impact, CIs, conflicts, the nearest
blackout), emergency changes owing their retrospective review, changes
implemented, backed out or linked to incidents since the last CAB. For a
vendor review: the vendor's CIs, their incidents and the SLA compliance since
the last review, CIs near the end of support. For every routine: the topics
submitted and the actions still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ccgov.errors import RefusedError
from ccgov.policy.approvals import approval_status, describe_missing, retrospective_missing
from ccgov.policy.timing import overlaps
from ccgov.records.change import ChangeRequest, Window
from ccgov.records.config import RepoConfig
from ccgov.records.meeting import Meeting
from ccgov.records.routine import Routine
from ccgov.report.period import Period
from ccgov.rhythm.actions import FoundAction, find_actions
from ccgov.rhythm.cadence import Cadence
from ccgov.rhythm.due import meetings_of, next_owed
from ccgov.store.repo import Repository
from ccgov.workflow.lifecycle import conflicts

# A CI whose support ends within this long of the meeting is "near the end".
SUPPORT_HORIZON = timedelta(days=365)


def status_at(change: ChangeRequest, moment: datetime) -> str | None:
    """The RFC's status at ``moment`` by its history (None: it did not exist yet)."""
    passed = [t for t in change.history if t.at <= moment]
    return passed[-1].status if passed else None


def as_it_stood(change: ChangeRequest, moment: datetime) -> ChangeRequest:
    """The RFC's decisions up to ``moment`` only."""
    return change.model_copy(
        update={
            "approvals": [a for a in change.approvals if a.at <= moment],
            "reviews": [r for r in change.reviews if r.at <= moment],
        }
    )


def role_names(config: RepoConfig, names: list[str]) -> list[str]:
    """Roles by their names ("Change advisory board"), people by theirs."""
    shown = []
    for name in names:
        role = config.roles.get(name)
        person = config.person(name)
        shown.append(role.name if role else person.name if person else name)
    return shown


def person_name(config: RepoConfig, handle: str | None) -> str:
    person = config.person(handle) if handle else None
    return person.name if person else (handle or "-")


@dataclass(frozen=True, slots=True)
class Blackout:
    name: str
    start: datetime
    end: datetime
    overlaps: bool


def nearest_blackout(config: RepoConfig, window: Window | None, at: datetime) -> Blackout | None:
    """The blackout the window falls in, or else the next one to come."""
    if window is not None:
        for blackout in config.blackouts:
            if overlaps(window, blackout):
                return Blackout(blackout.name, blackout.start, blackout.end, True)
    start = window.start if window else at
    coming = sorted((b for b in config.blackouts if b.end > start), key=lambda b: b.start)
    if not coming:
        return None
    return Blackout(coming[0].name, coming[0].start, coming[0].end, False)


@dataclass(slots=True)
class Awaiting:
    change: ChangeRequest
    items: list[tuple[str, str]]  # (CI id, name)
    approvals: str  # what is still missing
    conflicts: list[str]
    blackout: Blackout | None


@dataclass(slots=True)
class VendorSection:
    id: str
    name: str
    owner: str
    renewal: date | None
    items: list[Any]  # ConfigurationItem
    incidents: list[Any]  # Incident
    compliance: list[dict[str, Any]]  # per SLA: id, title, pct, goal, verdict
    ending: list[Any]  # CIs whose support ends within a year


@dataclass(slots=True)
class Agenda:
    routine: Routine
    meeting: Meeting | None
    at: datetime
    since: datetime
    timezone: str
    chair: str
    participants: list[str]
    topics: list[dict[str, Any]] = field(default_factory=list)
    actions: list[FoundAction] = field(default_factory=list)
    awaiting: list[Awaiting] = field(default_factory=list)
    retrospective: list[tuple[ChangeRequest, str]] = field(default_factory=list)
    implemented: list[ChangeRequest] = field(default_factory=list)
    backed_out: list[ChangeRequest] = field(default_factory=list)
    caused: list[Any] = field(default_factory=list)  # incidents caused by changes
    vendor: VendorSection | None = None

    @property
    def title(self) -> str:
        return self.meeting.title if self.meeting and self.meeting.title else self.routine.title

    def to_json(self) -> dict[str, Any]:
        def change(c: ChangeRequest) -> dict[str, Any]:
            return {"id": c.id, "title": c.title, "type": c.type, "status": c.status}

        return {
            "routine": self.routine.id,
            "kind": self.routine.kind,
            "meeting": self.meeting.id if self.meeting else None,
            "title": self.title,
            "at": self.at.isoformat(),
            "since": self.since.isoformat(),
            "chair": self.chair,
            "participants": self.participants,
            "topics": self.topics,
            "open_actions": [a.to_json(self.at.date()) for a in self.actions],
            "awaiting_decision": [
                {
                    **change(a.change),
                    "risk": a.change.risk,
                    "impact": a.change.impact,
                    "items": [item for item, _ in a.items],
                    "window": a.change.window.model_dump(mode="json") if a.change.window else None,
                    "missing_approvals": a.approvals,
                    "conflicts": a.conflicts,
                    "blackout": None
                    if a.blackout is None
                    else {
                        "name": a.blackout.name,
                        "start": a.blackout.start.isoformat(),
                        "end": a.blackout.end.isoformat(),
                        "overlaps": a.blackout.overlaps,
                    },
                }
                for a in self.awaiting
            ],
            "retrospective_owed": [
                {**change(c), "missing": missing} for c, missing in self.retrospective
            ],
            "implemented": [change(c) for c in self.implemented],
            "backed_out": [change(c) for c in self.backed_out],
            "caused_incidents": [
                {"id": i.id, "title": i.title, "severity": i.severity, "caused_by": i.caused_by}
                for i in self.caused
            ],
            "vendor": None
            if self.vendor is None
            else {
                "id": self.vendor.id,
                "name": self.vendor.name,
                "relationship_owner": self.vendor.owner,
                "renewal": self.vendor.renewal.isoformat() if self.vendor.renewal else None,
                "items": [i.id for i in self.vendor.items],
                "incidents": [i.id for i in self.vendor.incidents],
                "sla_compliance": self.vendor.compliance,
                "support_ending": [
                    {"id": i.id, "support_ends": i.support_ends.isoformat()}
                    for i in self.vendor.ending
                ],
            },
        }


def _subject(
    repository: Repository, subject: str, on: date | None, now: datetime
) -> tuple[Routine, Meeting | None, datetime]:
    """The routine, the meeting (if one is planned or held) and the moment."""
    config = repository.config
    assert config is not None
    meeting = next((r.record for r in repository.of("meeting") if r.record.id == subject), None)
    routines = {r.record.id: r.record for r in repository.of("routine")}
    if meeting is not None:
        if meeting.routine not in routines:
            raise RefusedError(f"{meeting.id}'s routine {meeting.routine!r} does not exist")
        return routines[meeting.routine], meeting, meeting.at
    routine = routines.get(subject)
    if routine is None:
        raise RefusedError(
            f"{subject!r} is neither a meeting nor a routine",
            hint=f"routines: {', '.join(sorted(routines)) or 'none'}; meetings go by MTG-NNNN",
        )
    cadence = Cadence(routine, config)
    meetings = meetings_of(repository, routine.id)
    if on is not None:
        start = datetime.combine(on, time(), cadence.zone)
        found = [m for m in meetings if start <= m.at < start + timedelta(days=1)]
        if found:
            return routine, found[0], found[0].at
        occurrences = cadence.between(start, start + timedelta(days=1))
        return routine, None, occurrences[0] if occurrences else start
    owed = next_owed(cadence, [m for m in meetings if m.at <= now])
    planned = [m for m in meetings if m.status == "planned" and m.at >= now]
    if planned and (owed is None or planned[0].at <= owed + cadence.length):
        return routine, planned[0], planned[0].at
    if owed is None:
        raise RefusedError(f"routine {routine.id} has no more occurrences", hint="pass --date")
    return routine, None, owed


def build(repository: Repository, subject: str, *, on: date | None, now: datetime) -> Agenda:
    config = repository.config
    if config is None:
        raise RefusedError("ccgov.yaml is missing or invalid", hint="run ccgov validate first")
    routine, meeting, at = _subject(repository, subject, on, now)
    earlier = [
        m
        for m in meetings_of(repository, routine.id)
        if m.at < at and m.status == "held" and (meeting is None or m.id != meeting.id)
    ]
    since = earlier[-1].at if earlier else routine.starts
    agenda = Agenda(
        routine,
        meeting,
        at,
        since,
        config.timezone,
        person_name(config, meeting.chair if meeting and meeting.chair else routine.owner),
        role_names(config, routine.participants),
    )
    if meeting is not None:
        agenda.topics = [
            {
                "title": t.title,
                "submitted_by": person_name(config, t.submitted_by),
                "links": t.links,
            }
            for t in meeting.topics
        ]
    # Actions raised at this routine's earlier meetings and still open then.
    earlier_ids = {m.id for m in meetings_of(repository, routine.id) if m.at < at}
    agenda.actions = [
        a
        for a in find_actions(repository)
        if a.record in earlier_ids and (a.action.closed is None or a.action.closed > at)
    ]
    if routine.kind == "cab":
        _cab(agenda, repository, config)
    if routine.kind == "vendor_review" and routine.vendor is not None:
        _vendor(agenda, repository, config, routine.vendor, routine.sla)
    return agenda


def _cab(agenda: Agenda, repository: Repository, config: RepoConfig) -> None:
    at, since = agenda.at, agenda.since
    changes = sorted((r.record for r in repository.of("change")), key=lambda c: c.id)
    items = {r.record.id: r.record.name for r in repository.of("item")}
    standing = [as_it_stood(c, at) for c in changes]
    live = [c.model_copy(update={"status": status_at(c, at) or "draft"}) for c in standing]
    for change in live:
        if change.status == "submitted" and change.type != "standard":
            missing = approval_status(config, change).missing
            agenda.awaiting.append(
                Awaiting(
                    change,
                    [(item, items.get(item, "?")) for item in change.affects],
                    describe_missing(missing) if missing else "approvals complete",
                    conflicts(change, change.window, live) if change.window else [],
                    nearest_blackout(config, change.window, at),
                )
            )
        approved = any(t.status == "approved" for t in change.history if t.at <= at)
        if change.type == "emergency" and approved:
            owed = retrospective_missing(config, change)
            if owed:
                agenda.retrospective.append((change, describe_missing(owed)))
    for change in changes:
        moves = {t.status for t in change.history if since <= t.at < at}
        if "implemented" in moves:
            agenda.implemented.append(change)
        if "backed_out" in moves:
            agenda.backed_out.append(change)
    agenda.caused = sorted(
        (
            r.record
            for r in repository.of("incident")
            if r.record.caused_by and since <= r.record.opened < at
        ),
        key=lambda i: i.opened,
    )


def _vendor(
    agenda: Agenda,
    repository: Repository,
    config: RepoConfig,
    vendor_id: str,
    sla_id: str | None,
) -> None:
    from ccgov.report import sla as sla_report

    vendor = next((r.record for r in repository.of("vendor") if r.record.id == vendor_id), None)
    items = sorted(
        (r.record for r in repository.of("item") if r.record.vendor == vendor_id),
        key=lambda i: i.id,
    )
    ids = {i.id for i in items}
    incidents = sorted(
        (
            r.record
            for r in repository.of("incident")
            if set(r.record.affects) & ids and agenda.since <= r.record.opened < agenda.at
        ),
        key=lambda i: i.opened,
    )
    slas = sorted({*(vendor.slas if vendor else []), *([sla_id] if sla_id else [])})
    compliance = []
    period = Period(
        f"{agenda.since.date().isoformat()}..{agenda.at.date().isoformat()}",
        agenda.since,
        agenda.at,
    )
    known = {r.record.id for r in repository.of("sla")}
    for wanted in slas:
        if wanted not in known:
            continue
        for section in sla_report.build(repository, period, agenda.at, wanted):
            compliance.append(
                {
                    "sla": section.sla.id,
                    "title": section.sla.title,
                    "incidents": len(section.figures),
                    "met": section.met,
                    "breached": section.breached,
                    "open": section.open,
                    "compliance_pct": section.compliance_pct,
                    "goal_pct": section.sla.compliance_goal,
                    "verdict": section.verdict,
                }
            )
    horizon = (agenda.at + SUPPORT_HORIZON).date()
    ending = [
        i
        for i in items
        if i.support_ends is not None and i.status != "retired" and i.support_ends <= horizon
    ]
    agenda.vendor = VendorSection(
        vendor_id,
        vendor.name if vendor else vendor_id,
        person_name(config, vendor.relationship_owner) if vendor else "-",
        vendor.contract.renewal or vendor.contract.ends if vendor and vendor.contract else None,
        items,
        incidents,
        compliance,
        sorted(ending, key=lambda i: (i.support_ends, i.id)),
    )
