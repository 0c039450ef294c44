"""The roadmap: each plan as quarters by objectives, with the demands and
requirements planned in each quarter, the requirements and RFCs behind them,
and where each stands."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from ccgov.planning.plans import next_review
from ccgov.records.plan import Plan, Planned
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class Ref:
    id: str
    title: str
    status: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A demand or requirement planned under an objective."""

    kind: str  # "demand" or "requirement"
    id: str
    title: str
    status: str
    quarter: str | None
    requirements: list[Ref]  # a demand's requirements
    changes: list[Ref]  # the RFCs for its requirements (or for the requirement)


@dataclass(frozen=True, slots=True)
class Row:
    objective: str
    title: str
    owners: list[str]
    measure: str | None
    cells: list[list[Entry]]  # one list per quarter of the plan
    unscheduled: list[Entry]


@dataclass(frozen=True, slots=True)
class PlanRoadmap:
    id: str
    title: str
    status: str
    start: date
    end: date
    review_every: str
    last_review: datetime | None
    next_review: datetime
    overdue: bool
    quarters: list[str]
    rows: list[Row]


@dataclass(slots=True)
class Roadmap:
    plans: list[PlanRoadmap] = field(default_factory=list)

    def to_json(self) -> list[dict[str, Any]]:
        return [_plain(asdict(plan)) for plan in self.plans]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters(start: date, end: date) -> list[str]:
    """Every quarter from the one holding ``start`` to the one holding ``end``."""
    found = []
    year, number = start.year, (start.month - 1) // 3 + 1
    last = quarter_of(end)
    while True:
        label = f"{year}-Q{number}"
        found.append(label)
        if label == last:
            return found
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)


def build(repository: Repository, now: datetime) -> Roadmap:
    timezone = repository.config.timezone if repository.config else "UTC"
    demands = {r.record.id: r.record for r in repository.of("demand")}
    requirements = {r.record.id: r.record for r in repository.of("requirement")}
    changes = sorted((r.record for r in repository.of("change")), key=lambda c: c.id)

    def changes_for(requirement_ids: list[str]) -> list[Ref]:
        return [
            Ref(c.id, c.title, c.status)
            for c in changes
            if any(r in c.requirements for r in requirement_ids)
        ]

    def entry(kind: str, planned: Planned) -> Entry:
        if kind == "demand":
            demand = demands.get(planned.id)
            asked = list(demand.requirements) if demand else []
            refs = [
                Ref(r, requirements[r].title, requirements[r].status)
                for r in asked
                if r in requirements
            ]
            title, status = (demand.title, demand.status) if demand else ("(missing)", "missing")
            return Entry(kind, planned.id, title, status, planned.quarter, refs, changes_for(asked))
        requirement = requirements.get(planned.id)
        title, status = (
            (requirement.title, requirement.status) if requirement else ("(missing)", "missing")
        )
        return Entry(
            kind, planned.id, title, status, planned.quarter, [], changes_for([planned.id])
        )

    roadmap = Roadmap()
    for loaded in sorted(repository.of("plan"), key=lambda r: r.record.id):
        plan: Plan = loaded.record
        columns = quarters(plan.horizon.start, plan.horizon.end)
        rows = []
        for objective in plan.objectives:
            entries = [entry("demand", p) for p in objective.demands]
            entries += [entry("requirement", p) for p in objective.requirements]
            cells = [[e for e in entries if e.quarter == q] for q in columns]
            unscheduled = [e for e in entries if e.quarter not in columns]
            rows.append(
                Row(
                    objective.id,
                    objective.title,
                    list(objective.owners),
                    objective.measure,
                    cells,
                    unscheduled,
                )
            )
        last, due = next_review(plan, timezone)
        roadmap.plans.append(
            PlanRoadmap(
                plan.id,
                plan.title,
                plan.status,
                plan.horizon.start,
                plan.horizon.end,
                plan.review_every,
                last,
                due,
                plan.status == "active" and due < now,
                columns,
                rows,
            )
        )
    return roadmap
