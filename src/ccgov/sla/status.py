"""``ccgov sla status``: the incidents open at a moment, what each target has
left, the next escalation due, and warnings, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ccgov.records.incident import Incident
from ccgov.sla.calendar import as_utc
from ccgov.sla.measure import TargetResult, escalations_due, measure
from ccgov.sla.terms import Terms, TermsResolver
from ccgov.sla.timeline import as_of
from ccgov.store.repo import Repository

# A running target is flagged once this share of its budget is used. The CLI
# colours by it too: this is the one place the threshold is written.
WARN_FRACTION = 0.75


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True, slots=True)
class StatusRow:
    incident: Incident
    terms: Terms
    targets: list[TargetResult]
    next_step: tuple[list[str], datetime, str | None] | None  # who, when, action
    overdue_steps: int

    @property
    def urgency(self) -> datetime:
        running = [t.deadline for t in self.targets if t.state != "met" and t.deadline]
        return min(running) if running else datetime.max.replace(tzinfo=self.incident.opened.tzinfo)

    @property
    def warnings(self) -> list[str]:
        found = [] if self.terms.in_force or self.terms.note is None else [self.terms.note]
        for t in self.targets:
            if t.state == "breached":
                found.append(f"{t.name} breached by {round(t.overage_minutes or 0)} min")
            elif t.state == "open" and (t.fraction_elapsed or 0) >= WARN_FRACTION:
                found.append(f"{t.name} {round(100 * (t.fraction_elapsed or 0))}% used")
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
            "warnings": self.warnings,
        }


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
        rows.append(
            StatusRow(
                incident,
                terms,
                targets,
                (upcoming.step.notify, upcoming.due, upcoming.step.action) if upcoming else None,
                sum(s.passed for s in steps),
            )
        )
    return sorted(rows, key=lambda r: (r.urgency, r.incident.severity, r.incident.id))
