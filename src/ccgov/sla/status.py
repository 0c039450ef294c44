"""``ccgov sla status``: the incidents open at a moment, what each target has
left, the next escalation due, the escalation steps that fell due without a
recorded notification, when the next update to the center is due
(``policy.communications``), and warnings, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.records.config import RepoConfig
from ccgov.records.incident import Incident
from ccgov.records.sla import EscalationStep
from ccgov.sla.calendar import BusinessClock, as_utc
from ccgov.sla.duties import communication_rule, next_update_due
from ccgov.sla.measure import Escalation, TargetResult, escalations_due, measure
from ccgov.sla.terms import Terms, TermsResolver
from ccgov.sla.timeline import as_of
from ccgov.store.repo import Repository

# A running target is flagged once this share of its budget is used. The CLI
# colours by it too: this is the one place the threshold is written.
WARN_FRACTION = 0.75


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class Unrecorded:
    """An escalation step that fell due with no notification recorded for it."""

    number: int  # its place in the SLA's escalation path, from 1
    notify: list[str]
    due: datetime
    action: str | None


@dataclass(frozen=True, slots=True)
class StatusRow:
    incident: Incident
    terms: Terms
    targets: list[TargetResult]
    next_step: tuple[list[str], datetime, str | None] | None  # who, when, action
    overdue_steps: int
    unrecorded: tuple[Unrecorded, ...] = ()
    update_due: datetime | None = None  # the next update to the center (policy.communications)
    at: datetime | None = None  # the moment judged

    @property
    def urgency(self) -> datetime:
        running = [t.deadline for t in self.targets if t.state != "met" and t.deadline]
        return min(running) if running else datetime.max.replace(tzinfo=self.incident.opened.tzinfo)

    @property
    def target_warnings(self) -> list[str]:
        """The terms and targets: a version not in force, breaches, budgets
        mostly used (the duties have their own fields and lines)."""
        found = [] if self.terms.in_force or self.terms.note is None else [self.terms.note]
        for t in self.targets:
            if t.state == "breached":
                found.append(f"{t.name} breached by {round(t.overage_minutes or 0)} min")
            elif t.state == "open" and (t.fraction_elapsed or 0) >= WARN_FRACTION:
                found.append(f"{t.name} {round(100 * (t.fraction_elapsed or 0))}% used")
        return found

    @property
    def warnings(self) -> list[str]:
        """Every warning, the duties owed (escalations, updates) included."""
        found = self.target_warnings
        for step in self.unrecorded:
            found.append(
                f"escalation step {step.number} ({', '.join(step.notify)}) fell due "
                f"{step.due.isoformat()} and no notification is recorded"
            )
        if self.update_due is not None and self.at is not None and self.update_due < self.at:
            found.append(f"update to the center overdue since {self.update_due.isoformat()}")
        return found

    def to_json(self, at: datetime) -> dict[str, Any]:
        return {
            "id": self.incident.id,
            "title": self.incident.title,
            "severity": self.incident.severity,
            "sla": self.terms.sla.id,
            "opened": self.incident.opened.isoformat(),
            "targets": [
                {
                    "name": t.name,
                    "state": t.state,
                    "deadline": None if t.deadline is None else t.deadline.isoformat(),
                    "minutes_left": _round(max(0.0, t.target_minutes - t.elapsed_minutes)),
                    "fraction_elapsed": _round(t.fraction_elapsed),
                    "overage_minutes": _round(t.overage_minutes),
                }
                for t in self.targets
            ],
            "next_escalation": None
            if self.next_step is None
            else {
                "notify": self.next_step[0],
                "due": self.next_step[1].isoformat(),
                "action": self.next_step[2],
            },
            "overdue_escalations": self.overdue_steps,
            "unrecorded_escalations": [
                {
                    "step": u.number,
                    "notify": u.notify,
                    "due": u.due.isoformat(),
                    "action": u.action,
                }
                for u in self.unrecorded
            ],
            "next_update_due": None if self.update_due is None else self.update_due.isoformat(),
            "warnings": self.warnings,
        }


def unrecorded(
    incident: Incident, path: list[EscalationStep], steps: list[Escalation], at: datetime
) -> tuple[Unrecorded, ...]:
    """The steps that fell due by ``at`` without a notification recorded by then;
    ``path`` is the severity's escalation path the steps were computed from."""
    told = {n.step for n in incident.notifications if as_utc(n.at) <= at}
    found = []
    for step in steps:
        number = next(i for i, s in enumerate(path, start=1) if s is step.step)
        if step.passed and number not in told:
            found.append(Unrecorded(number, step.step.notify, step.due, step.step.action))
    return tuple(found)


def _update_due(config: RepoConfig | None, incident: Incident, at: datetime) -> datetime | None:
    cadence = None if config is None else communication_rule(config.policy, incident.severity)
    if config is None or cadence is None:
        return None
    calendar = config.calendars.get(cadence.calendar) if cadence.calendar else None
    if cadence.calendar is not None and calendar is None:
        return None  # REF004
    try:
        clock = BusinessClock(calendar)
    except ValueError:  # an unknown holiday country (REF008)
        return None
    return next_update_due(incident, cadence, clock, at)


def status(repository: Repository, at: datetime) -> list[StatusRow]:
    """Open incidents at ``at``, most urgent first."""
    resolver = TermsResolver(repository)
    at = as_utc(at)
    rows = []
    for loaded in repository.of("incident"):
        incident = loaded.record
        timeline = as_of(incident, at)
        if timeline.opened > at or timeline.resolved is not None:
            continue  # not yet opened, or resolved (or closed) by then
        terms = resolver.for_moment(incident.sla, incident.opened)
        if terms is None:
            continue
        if not terms.in_force:  # listed, with the note as its warning, but not measured
            rows.append(StatusRow(incident, terms, [], None, 0))
            continue
        measured = measure(incident, terms.sla, terms.business, at)
        targets = [
            t
            for t in (measured.response, measured.resolution)
            if t is not None and t.state != "met"
        ]
        steps = escalations_due(incident, terms.sla, terms.business, at)
        upcoming = next((s for s in steps if not s.passed), None)
        terms_for = terms.sla.severities.get(incident.severity)
        path = terms_for.escalation if terms_for is not None else []
        rows.append(
            StatusRow(
                incident,
                terms,
                targets,
                (upcoming.step.notify, upcoming.due, upcoming.step.action) if upcoming else None,
                sum(s.passed for s in steps),
                unrecorded(incident, path, steps, at),
                _update_due(repository.config, incident, at),
                at,
            )
        )
    return sorted(rows, key=lambda r: (r.urgency, r.incident.severity, r.incident.id))
