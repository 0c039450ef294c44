"""Every report by name: how to build it, what its templates are called, and
whether the report site shows it. `ccgov report NAME` and `ccgov report site`
both read this one table.

A report is built from the repository and a :class:`Request` (the period, the
moment still-open items are judged at, and the report's own options) into a
:class:`Built`: its JSON (``to_json``) and the values its templates receive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ccgov.errors import UsageError
from ccgov.report.period import Period, latest_quarter, parse_period, quarter_of
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Request:
    period: Period
    now: datetime  # what still-open items are judged at
    sla: str | None = None  # `report sla --sla`
    baseline: str | None = None  # `report baseline NAME`
    incident: str | None = None  # `report outage INC`
    start: datetime | None = (
        None  # `report schedule --from`, `report lifecycle` (default: the moment)
    )
    end: datetime | None = None  # `report schedule --to`
    within_days: int | None = None  # `report lifecycle --within`

    @property
    def moment(self) -> datetime:
        """What forward-looking reports start from: now, or the end of a past period."""
        return self.start or min(self.now, self.period.end)


@dataclass(frozen=True, slots=True)
class Built:
    """A report ready to render."""

    name: str
    payload: Any  # what `--format json` prints under the report's name
    context: dict[str, Any] = field(default_factory=dict)  # what its templates receive

    def to_json(self) -> Any:
        return self.payload


@dataclass(frozen=True, slots=True)
class ReportKind:
    name: str
    title: str
    question: str  # what it answers (the site's index shows it)
    build: Callable[[Repository, Request], Built]
    periodic: bool = True  # takes --period
    page: str | None = None  # its page in the report site (None: not in the site)
    shown: Callable[[Repository], bool] = lambda repository: True  # in the site at all
    # When its data happened: a periodic report defaults to the latest quarter with some.
    moments: Callable[[Repository], list[datetime]] = lambda repository: []


def _incidents_measured(repository: Repository) -> list[datetime]:
    """When the incidents that have figures (resolved ones) opened."""
    return [r.record.opened for r in repository.of("incident") if r.record.resolved is not None]


def _changes_submitted(repository: Repository) -> list[datetime]:
    return [
        t.at for r in repository.of("change") for t in r.record.history if t.status == "submitted"
    ]


def _sla(repository: Repository, request: Request) -> Built:
    from ccgov.report import sla

    sections = sla.build(repository, request.period, request.now, request.sla)
    payload = {"period": request.period.label, "slas": [s.to_json() for s in sections]}
    return Built("sla", payload, {"sections": sections})


def _changes(repository: Repository, request: Request) -> Built:
    from ccgov.report import changes

    report = changes.build(repository, request.period)
    return Built("changes", report.to_json(), {"report": report})


def _traceability(repository: Repository, request: Request) -> Built:
    from ccgov.report import traceability

    report = traceability.build(repository)
    return Built("traceability", report.to_json(), {"report": report})


def _raci(repository: Repository, request: Request) -> Built:
    from ccgov.report import raci

    matrices = raci.build(repository)
    # Column heads show the role's name ("Change advisory board"), not its slug.
    names = {
        key: role.name
        for key, role in (repository.config.roles if repository.config else {}).items()
    }
    return Built("raci", raci.to_json(matrices), {"matrices": matrices, "role_names": names})


def _latest_baseline(repository: Repository) -> str | None:
    from ccgov.baseline.manifest import baselines

    found = baselines(repository)
    return found[-1].name if found else None


def _baseline(repository: Repository, request: Request) -> Built:
    from ccgov.report import baseline

    name = request.baseline or _latest_baseline(repository)
    if name is None:
        raise UsageError("there are no baselines yet", hint="take one: ccgov baseline snapshot")
    report = baseline.build(repository.root, repository, name)
    return Built("baseline", report.to_json(), {"report": report})


def _roadmap(repository: Repository, request: Request) -> Built:
    from ccgov.report import roadmap

    report = roadmap.build(repository, request.now)
    return Built("roadmap", report.to_json(), {"roadmap": report})


def _risks(repository: Repository, request: Request) -> Built:
    from ccgov.report import risks

    report = risks.build(repository, request.now)
    return Built("risks", report.to_json(), {"report": report})


def _incidents_opened(repository: Repository) -> list[datetime]:
    return [r.record.opened for r in repository.of("incident")]


def _problems(repository: Repository, request: Request) -> Built:
    from ccgov.report import problems

    report = problems.build(repository, request.period, request.now)
    return Built("problems", report.to_json(), {"report": report})


def _scorecard(repository: Repository, request: Request) -> Built:
    from ccgov.report import scorecard

    card = scorecard.build(repository, request.period, request.now)
    return Built("scorecard", card.to_json(), {"card": card})


def _knowledge(repository: Repository, request: Request) -> Built:
    from ccgov.report import knowledge

    base = knowledge.build(repository)
    return Built("knowledge", base.to_json(), {"base": base})


def _outage(repository: Repository, request: Request) -> Built:
    from ccgov.report import outage

    notice = outage.build(repository, request.incident, request.now)
    return Built("outage", notice.to_json(), {"notice": notice})


# The forward schedule covers four weeks unless --to says otherwise.
SCHEDULE_DAYS = 28
LIFECYCLE_DAYS = 365


def _schedule(repository: Repository, request: Request) -> Built:
    from ccgov.report import schedule

    start = request.moment
    end = request.end or start + timedelta(days=SCHEDULE_DAYS)
    if end <= start:
        raise UsageError("--to must be after --from")
    built = schedule.build(repository, start, end)
    return Built("schedule", built.to_json(), {"schedule": built})


def _lifecycle(repository: Repository, request: Request) -> Built:
    from ccgov.report import lifecycle

    built = lifecycle.build(repository, request.moment, request.within_days or LIFECYCLE_DAYS)
    return Built("lifecycle", built.to_json(), {"lifecycle": built})


def _routines(repository: Repository, request: Request) -> Built:
    from zoneinfo import ZoneInfo

    from ccgov.rhythm.actions import find_actions
    from ccgov.rhythm.due import due

    at = request.moment
    entries = due(repository, at, timedelta(days=14))
    zone = repository.config.timezone if repository.config else "UTC"
    today = at.astimezone(ZoneInfo(zone)).date()
    actions = [
        a for a in find_actions(repository) if a.action.closed is None or a.action.closed > at
    ]
    payload = {
        "at": at.isoformat(),
        "routines": [d.to_json() for d in entries],
        "open_actions": [a.to_json(today) for a in actions],
    }
    return Built(
        "routines",
        payload,
        {"at": at, "timezone": zone, "entries": entries, "actions": actions, "today": today},
    )


def _has_support_dates(repository: Repository) -> bool:
    return any(r.record.support_ends is not None for r in repository.of("item"))


REPORTS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind(
            "sla",
            "SLA report",
            "Were the service levels met? Compliance, breaches, credits, turnaround.",
            _sla,
            page="sla.html",
            moments=_incidents_measured,
        ),
        ReportKind(
            "changes",
            "Change report",
            "What changed, how fast it was approved, how often it failed.",
            _changes,
            page="changes.html",
            moments=_changes_submitted,
        ),
        ReportKind(
            "schedule",
            "Schedule of change",
            "What changes when: approved windows, booked slots, blackouts and meetings ahead.",
            _schedule,
            periodic=False,
            page="schedule.html",
        ),
        ReportKind(
            "lifecycle",
            "End of support",
            "Which configuration items leave their vendor's support within a year.",
            _lifecycle,
            periodic=False,
            page="lifecycle.html",
            shown=_has_support_dates,
        ),
        ReportKind(
            "routines",
            "Routines and actions",
            "Which routines are overdue or coming up, and which actions are still open.",
            _routines,
            periodic=False,
            page="routines.html",
            shown=lambda repository: bool(repository.of("routine") or repository.of("meeting")),
        ),
        ReportKind(
            "traceability",
            "Traceability",
            "Which requirement is satisfied, implemented and verified.",
            _traceability,
            periodic=False,
            page="traceability.html",
        ),
        ReportKind(
            "raci",
            "RACI matrices",
            "Who does, decides, advises and is told, per process.",
            _raci,
            periodic=False,
            page="raci.html",
        ),
        ReportKind(
            "baseline",
            "Latest baseline",
            "What the system exactly was at the last snapshot.",
            _baseline,
            periodic=False,
            page="baseline.html",
            shown=lambda repository: _latest_baseline(repository) is not None,
        ),
        ReportKind(
            "roadmap",
            "Roadmap",
            "What is planned when, per objective, and where each demand, requirement and RFC "
            "stands.",
            _roadmap,
            periodic=False,
            page="roadmap.html",
            shown=lambda repository: bool(repository.of("plan")),
        ),
        ReportKind(
            "risks",
            "Risk register",
            "Which risks are carried, how likely and how bad, and what was decided about them.",
            _risks,
            periodic=False,
            page="risks.html",
            shown=lambda repository: bool(repository.of("risk")),
        ),
        ReportKind(
            "problems",
            "Problems and trends",
            "Where do incidents come from, what is being done about it, what to work around?",
            _problems,
            page="problems.html",
            moments=_incidents_opened,
        ),
        ReportKind(
            "scorecard",
            "KPI scorecard",
            "Are the key performance indicators on target, and which way are they going?",
            _scorecard,
            page="scorecard.html",
            shown=lambda repository: bool(repository.of("kpi")),
            moments=_incidents_opened,
        ),
        ReportKind(
            "knowledge",
            "Knowledge base",
            "Which runbooks and known-error articles exist, for which CIs and problems?",
            _knowledge,
            periodic=False,
            page="knowledge.html",
            shown=lambda repository: bool(repository.of("knowledge")),
        ),
        # One page per incident, for the contact center: not in the site.
        ReportKind(
            "outage",
            "Outage notice",
            "What is down, since when, what to do meanwhile, when is the next update?",
            _outage,
            periodic=False,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class ChosenPeriod:
    period: Period
    note: str  # how it was chosen, shown on every page


def choose_period(
    repository: Repository, text: str | None, *, today: date, kinds: list[ReportKind]
) -> ChosenPeriod:
    """``--period`` as given, or else the latest quarter that has data for the
    first of ``kinds`` that has any (for the site: incidents, then RFCs), so a
    report run after a quiet quarter is not empty."""
    timezone = repository.config.timezone if repository.config else "UTC"
    if text is not None:
        return ChosenPeriod(parse_period(text, timezone, today=today), "as asked (--period)")
    moments = next((m for kind in kinds if (m := kind.moments(repository))), [])
    label = latest_quarter(moments, timezone, today=today)
    try:
        chosen = parse_period(label, timezone, today=today)
    except UsageError:
        # Data on the very edge of the supported range (1970 in a zone west of
        # UTC) falls in a quarter that starts before it: report this quarter.
        label = quarter_of(today)
        chosen = parse_period(label, timezone, today=today)
    if label == quarter_of(today):
        return ChosenPeriod(chosen, "this quarter (--period to choose another)")
    return ChosenPeriod(chosen, "the latest quarter with data (--period to choose another)")


def site_reports(repository: Repository) -> list[ReportKind]:
    """The reports the site shows for this repository, in order."""
    return [kind for kind in REPORTS.values() if kind.page and kind.shown(repository)]
