"""``ccgov report outage INC``: a one-page notice for the contact center about
one incident: what is affected, since when, where it stands, what the
center was told and when it hears next, who was brought in, and what to do
meanwhile (the workaround of a known error, the runbooks of the CIs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import RefusedError
from ccgov.records.incident import Incident
from ccgov.records.incident_lifecycle import IncidentState, final_resolution, state
from ccgov.sla.calendar import BusinessClock, as_utc
from ccgov.sla.duties import communication_rule, next_update_due, spells
from ccgov.sla.figures import incident_figure
from ccgov.sla.terms import TermsResolver
from ccgov.store.repo import Repository

# How the center reads each state.
_HEADLINES: dict[IncidentState, str] = {
    "open": "Reported: IT is on it",
    "responded": "In progress",
    "paused": "In progress: waiting on a third party",
    "resolved": "Resolved",
    "closed": "Resolved and closed",
}


@dataclass(slots=True)
class OutageNotice:
    incident: Incident
    state: IncidentState
    headline: str
    impact: str | None  # the severity's description in the SLA
    zone: str
    started: str
    ended: str | None
    down_minutes: float  # open time so far (real time; resolved gaps not counted)
    items: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    owner: str | None = None  # the assignee's name
    targets: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, str]] = field(default_factory=list)  # to the center, newest first
    next_update: str | None = None
    notifications: list[dict[str, Any]] = field(default_factory=list)
    workarounds: list[dict[str, str]] = field(default_factory=list)  # known errors
    runbooks: list[dict[str, str]] = field(default_factory=list)
    root_cause: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "incident": self.incident.id,
            "title": self.incident.title,
            "severity": self.incident.severity,
            "state": self.state,
            "headline": self.headline,
            "impact": self.impact,
            "started": self.started,
            "ended": self.ended,
            "down_minutes": round(self.down_minutes, 1),
            "items": [{"id": i, "name": n} for i, n in self.items],
            "owner": self.owner,
            "targets": self.targets,
            "updates": self.updates,
            "next_update": self.next_update,
            "notifications": self.notifications,
            "workarounds": self.workarounds,
            "runbooks": self.runbooks,
            "root_cause": self.root_cause,
        }


def build(repository: Repository, incident_id: str | None, now: datetime) -> OutageNotice:
    if incident_id is None:
        raise RefusedError("which incident?", hint="ccgov report outage INC-ID")
    incident = next(
        (r.record for r in repository.of("incident") if r.record.id == incident_id), None
    )
    if incident is None:
        raise RefusedError(f"there is no incident {incident_id}", hint="ccgov incident list")
    config = repository.config
    zone = ZoneInfo(config.timezone if config else "UTC")
    now = as_utc(now)

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")

    current = state(incident)
    slas = {r.record.id: r.record for r in repository.of("sla")}
    sla = slas.get(incident.sla)
    terms_for = sla.severities.get(incident.severity) if sla is not None else None
    ended = final_resolution(incident) or incident.closed
    down = sum(
        ((s.end or now) - s.start).total_seconds() / 60 for s in spells(incident) if s.start <= now
    )
    items = {r.record.id: r.record for r in repository.of("item")}
    people = {p.handle: p.name for p in config.people} if config else {}
    notice = OutageNotice(
        incident=incident,
        state=current,
        headline=_HEADLINES[current],
        impact=terms_for.description if terms_for is not None else None,
        zone=str(zone),
        started=local(incident.opened),
        ended=None if ended is None else local(ended),
        down_minutes=max(0.0, down),
        items=[(i, items[i].name if i in items else i) for i in incident.affects],
        owner=people.get(incident.assignee or "", incident.assignee),
        root_cause=incident.root_cause,
    )
    terms = TermsResolver(repository).for_moment(incident.sla, incident.opened)
    if terms is not None and terms.in_force:
        try:
            figure = incident_figure(incident, terms, now)
        except ValueError:
            figure = None
        for target in (figure.response, figure.resolution) if figure else ():
            if target is None:
                continue
            notice.targets.append(
                {
                    "name": target.name,
                    "within": target.within,
                    "clock": target.clock,
                    "state": target.state,
                    "due": None if target.deadline is None else local(target.deadline),
                }
            )
    notice.updates = [
        {"at": local(u.at), "by": people.get(u.by, u.by), "text": u.text}
        for u in sorted(incident.updates, key=lambda u: u.at, reverse=True)
        if u.audience == "center"
    ]
    if config is not None and current not in ("resolved", "closed"):
        cadence = communication_rule(config.policy, incident.severity)
        calendar = config.calendars.get(cadence.calendar) if cadence and cadence.calendar else None
        if cadence is not None and (cadence.calendar is None or calendar is not None):
            due = next_update_due(incident, cadence, BusinessClock(calendar), now)
            notice.next_update = None if due is None else local(due)
    path = terms_for.escalation if terms_for is not None else []
    for n in incident.notifications:
        step = path[n.step - 1] if n.step <= len(path) else None
        notice.notifications.append(
            {
                "step": n.step,
                "at": local(n.at),
                "who": [people.get(h, h) for h in n.notified],
                "action": step.action if step is not None else None,
            }
        )
    for loaded in sorted(repository.of("problem"), key=lambda r: r.record.id):
        problem = loaded.record
        related = incident.id in problem.incidents or set(problem.items) & set(incident.affects)
        if related and problem.known_error and problem.status != "closed" and problem.workaround:
            notice.workarounds.append(
                {"problem": problem.id, "title": problem.title, "workaround": problem.workaround}
            )
    for loaded in sorted(repository.of("knowledge"), key=lambda r: r.record.id):
        article = loaded.record
        if article.status == "published" and set(article.items) & set(incident.affects):
            notice.runbooks.append({"id": article.id, "title": article.title, "kind": article.kind})
    return notice
