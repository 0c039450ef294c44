"""The problems report: trouble-ticket history and trends over a period
(incidents and minutes by CI, category and month, repeat incidents), the
problems behind them, their open and overdue actions, and the known errors
the service desk works around.

Figures (docs/operations.md says the same with an example):

* The incidents are those opened in the period. An incident's minutes are the
  real time it was open: from ``opened`` to its resolution, and from each
  reopening to the resolution after it (time resolved between them does not
  count; pauses do), up to ``now`` for one still open.
* By CI: an incident counts once for each CI it affects (so the CI rows add
  up to more than the total). By category: ``category``, or "uncategorised".
  By month: the calendar month it opened in (the repository's time zone).
* Repeat incidents: each CI affected by two or more of the period's
  incidents, with the problems that cover it (listing one of those incidents
  or the CI).
* Actions: every open action of every problem, as of ``now``; overdue when
  its due date is before today (the repository's time zone).
* Known errors: problems not closed whose root cause and workaround are known.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.records.incident import Incident
from ccgov.records.problem import Problem
from ccgov.report.period import Period
from ccgov.sla.calendar import as_utc
from ccgov.sla.duties import spells
from ccgov.store.repo import Repository


def open_minutes(incident: Incident, now: datetime) -> float:
    """Real minutes the incident was open up to ``now`` (see the module docstring)."""
    now = as_utc(now)
    total = 0.0
    for spell in spells(incident):
        end = min(spell.end or now, now)
        if end > spell.start:
            total += (end - spell.start).total_seconds() / 60
    return total


@dataclass(slots=True)
class Tally:
    key: str
    label: str
    incidents: list[str] = field(default_factory=list)
    minutes: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "count": len(self.incidents),
            "minutes": round(self.minutes, 1),
            "incidents": self.incidents,
        }


@dataclass(slots=True)
class ProblemsReport:
    period: str
    total: int = 0
    minutes: float = 0.0
    by_item: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)
    by_month: list[Tally] = field(default_factory=list)
    repeats: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    known_errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.actions if a["overdue"])

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "incidents": self.total,
            "minutes": round(self.minutes, 1),
            "by_item": [t.to_json() for t in self.by_item],
            "by_category": [t.to_json() for t in self.by_category],
            "by_month": [t.to_json() for t in self.by_month],
            "repeat_incidents": self.repeats,
            "problems": self.problems,
            "open_actions": self.actions,
            "overdue_actions": self.overdue,
            "known_errors": self.known_errors,
        }


def _ranked(tallies: dict[str, Tally]) -> list[Tally]:
    return sorted(tallies.values(), key=lambda t: (-len(t.incidents), -t.minutes, t.key))


def build(repository: Repository, period: Period, now: datetime) -> ProblemsReport:
    config = repository.config
    zone = ZoneInfo(config.timezone if config else "UTC")
    today = as_utc(now).astimezone(zone).date()
    items = {r.record.id: r.record for r in repository.of("item")}
    problems: list[Problem] = sorted(
        (r.record for r in repository.of("problem")), key=lambda p: p.id
    )
    changes = {r.record.id: r.record for r in repository.of("change")}
    incidents = sorted(
        (
            r.record
            for r in repository.of("incident")
            if period.contains(r.record.opened) and r.record.opened <= now
        ),
        key=lambda i: (i.opened, i.id),
    )
    report = ProblemsReport(period.label, total=len(incidents))
    by_item: dict[str, Tally] = {}
    by_category: dict[str, Tally] = {}
    months = period.months()
    by_month = [Tally(label, label) for label, _, _ in months]
    starts = [start for _, start, _ in months]
    for incident in incidents:
        minutes = open_minutes(incident, now)
        report.minutes += minutes
        for item_id in dict.fromkeys(incident.affects):
            name = items[item_id].name if item_id in items else item_id
            tally = by_item.setdefault(item_id, Tally(item_id, name))
            tally.incidents.append(incident.id)
            tally.minutes += minutes
        category = incident.category or "uncategorised"
        tally = by_category.setdefault(category, Tally(category, category))
        tally.incidents.append(incident.id)
        tally.minutes += minutes
        month = by_month[bisect.bisect_right(starts, incident.opened) - 1]
        month.incidents.append(incident.id)
        month.minutes += minutes
    report.by_item = _ranked(by_item)
    report.by_category = _ranked(by_category)
    report.by_month = by_month
    for tally in report.by_item:
        if len(tally.incidents) < 2:
            continue
        covering = [
            p.id
            for p in problems
            if tally.key in p.items or set(p.incidents) & set(tally.incidents)
        ]
        report.repeats.append({**tally.to_json(), "problems": covering})
    for problem in problems:
        opened_in = period.contains(problem.opened)
        if problem.status == "closed" and not opened_in:
            continue
        open_actions = [a for a in problem.actions if a.status == "open"]
        report.problems.append(
            {
                "id": problem.id,
                "title": problem.title,
                "status": problem.status,
                "owner": problem.owner,
                "opened": problem.opened.astimezone(zone).date().isoformat(),
                "incidents": problem.incidents,
                "items": problem.items,
                "open_actions": len(open_actions),
            }
        )
        for action in open_actions:
            fix = changes.get(action.fix) if action.fix else None
            report.actions.append(
                {
                    "id": f"{problem.id}/{action.id}",
                    "title": action.title,
                    "owner": action.owner,
                    "due": action.due.isoformat(),
                    "overdue": action.due < today,
                    "fix": action.fix,
                    "fix_status": fix.status if fix is not None else None,
                }
            )
        if problem.known_error and problem.status != "closed":
            articles = [
                r.record.id
                for r in repository.of("knowledge")
                if problem.id in r.record.problems and r.record.kind == "known_error"
            ]
            report.known_errors.append(
                {
                    "id": problem.id,
                    "title": problem.title,
                    "root_cause": problem.root_cause,
                    "workaround": problem.workaround,
                    "knowledge": sorted(articles),
                }
            )
    report.actions.sort(key=lambda a: (a["due"], a["id"]))
    return report
