"""The report site's index: what a contact-center director and a CAB chair
read in ten seconds. SLA compliance against goal, open Sev 1/2 incidents and
their time left, RFCs awaiting a decision, changes in the next 14 days,
changes without an RFC since the last baseline, overdue routines and
actions; each with the page that explains it.

Everything is judged at the dashboard's moment: now, or the end of the
period when the period is over (a site for 2026-Q1 shows the quarter as it
ended)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.errors import CcgovError
from ccgov.records.base import EARLIEST
from ccgov.report.agenda import status_at
from ccgov.report.period import Period
from ccgov.rhythm.actions import FoundAction, find_actions
from ccgov.rhythm.due import Due, due
from ccgov.store.repo import Repository

AHEAD = timedelta(days=14)


def moment_of(period: Period, now: datetime) -> datetime:
    """What a period's pages judge open items at: now, or the period's end."""
    return min(now, period.end)


@dataclass(slots=True)
class Dashboard:
    at: datetime
    timezone: str
    sla: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    awaiting: list[dict[str, Any]] = field(default_factory=list)
    upcoming: list[Any] = field(default_factory=list)  # schedule events
    unauthorised: list[dict[str, Any]] | None = None  # None: no baseline yet
    baseline: str | None = None
    routines: list[Due] = field(default_factory=list)
    actions: list[FoundAction] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "sla": self.sla,
            "open_incidents": self.incidents,
            "awaiting_decision": self.awaiting,
            "next_14_days": [e.to_json() for e in self.upcoming],
            "baseline": self.baseline,
            "without_rfc_since_baseline": self.unauthorised,
            "overdue_routines": [d.to_json() for d in self.routines],
            "overdue_actions": [a.to_json(self.at.date()) for a in self.actions],
        }


def build(repository: Repository, period: Period, now: datetime) -> Dashboard:
    from ccgov.report import schedule
    from ccgov.report import sla as sla_report
    from ccgov.sla.status import status

    at = moment_of(period, now)
    config = repository.config
    board = Dashboard(at, config.timezone if config else "UTC")
    for section in sla_report.build(repository, period, at):
        board.sla.append(
            {
                "id": section.sla.id,
                "title": section.sla.title,
                "compliance_pct": section.compliance_pct,
                "goal_pct": section.sla.compliance_goal,
                "verdict": section.verdict,
                "met": section.met,
                "breached": section.breached,
                "open": section.open,
                "credits": section.credits_total,
                "currency": section.sla.credits.currency,
            }
        )
    for row in status(repository, at):
        if row.incident.severity > 2:
            continue
        resolution = next((t for t in row.targets if t.name == "resolution"), None)
        left = None
        if resolution is not None:
            left = resolution.target_minutes - resolution.elapsed_minutes
        board.incidents.append(
            {
                "id": row.incident.id,
                "title": row.incident.title,
                "severity": row.incident.severity,
                "sla": row.terms.sla.id,
                "minutes_left": left,
                "deadline": resolution.deadline if resolution else None,
            }
        )
    for loaded in sorted(repository.of("change"), key=lambda r: r.record.id):
        change = loaded.record
        if status_at(change, at) == "submitted" and change.type != "standard":
            submitted = max(t.at for t in change.history if t.status == "submitted" and t.at <= at)
            board.awaiting.append(
                {
                    "id": change.id,
                    "title": change.title,
                    "type": change.type,
                    "risk": change.risk,
                    "waiting_minutes": (at - submitted).total_seconds() / 60,
                }
            )
    board.upcoming = schedule.build(repository, at, at + AHEAD).changes()
    board.baseline, board.unauthorised = _unauthorised(repository)
    board.routines = [d for d in due(repository, at, AHEAD) if d.overdue]
    today = at.astimezone(ZoneInfo(board.timezone)).date()
    board.actions = [
        a
        for a in find_actions(repository)
        if a.action.due < today
        and (a.action.closed is None or a.action.closed > at)
        and _raised_by(repository, a) <= at
    ]
    return board


def _raised_by(repository: Repository, found: FoundAction) -> datetime:
    """When the record that carries the action happened (its meeting's time)."""
    for loaded in repository.of("meeting"):
        if loaded.record.id == found.record:
            moment: datetime = loaded.record.at
            return moment
    return EARLIEST


def _unauthorised(repository: Repository) -> tuple[str | None, list[dict[str, Any]] | None]:
    """CI changes since the latest baseline that no RFC authorised."""
    from ccgov.baseline.compare import compare
    from ccgov.baseline.manifest import baselines

    found = baselines(repository)
    if not found:
        return None, None
    latest = found[-1].name
    try:
        diff = compare(repository.root, latest, "HEAD")
    except CcgovError:
        return latest, None  # the baseline cannot be compared (its commit is gone): unknown

    return latest, [
        {"id": change.id, "name": change.name, "change": change.kind}
        for change in diff.unauthorised
    ]
