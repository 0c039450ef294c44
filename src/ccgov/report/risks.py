"""The risk register: every risk with its score and decision, and a
probability x impact heat map of the open ones against the tolerance."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ccgov.policy.tolerance import above_tolerance
from ccgov.records.risk import PROBABILITIES, SEVERITIES, RiskRecord, score
from ccgov.store.repo import Repository


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: str
    title: str
    status: str
    probability: str
    impact: str
    score: int
    owner: str
    response: str | None  # the decision that stands (None: not decided)
    decided_by: str | None
    changes: list[str]
    demands: list[str]
    items: list[str]
    requirements: list[str]
    review_by: str
    review_due: bool  # an open risk whose review date has passed
    above_tolerance: bool


@dataclass(frozen=True, slots=True)
class Cell:
    probability: str
    impact: str
    score: int
    tone: str  # "low", "medium" or "high": how the score sits against the tolerance
    risks: list[str]


@dataclass(slots=True)
class RiskReport:
    accept_up_to: int
    rows: list[RiskRow] = field(default_factory=list)
    # impact rows, most severe first; each a cell per probability, rarest first
    heat: list[list[Cell]] = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(1 for r in self.rows if r.status == "open")

    @property
    def undecided(self) -> int:
        return sum(1 for r in self.rows if r.status == "open" and r.response is None)

    @property
    def due(self) -> int:
        return sum(1 for r in self.rows if r.review_due)

    @property
    def over(self) -> int:
        return sum(1 for r in self.rows if r.status == "open" and r.above_tolerance)

    def to_json(self) -> dict[str, Any]:
        return {
            "accept_up_to": self.accept_up_to,
            "counts": {
                "open": self.open,
                "undecided": self.undecided,
                "review_due": self.due,
                "above_tolerance": self.over,
            },
            "risks": [asdict(row) for row in self.rows],
            "heat": [[asdict(cell) for cell in row] for row in self.heat],
        }


def tone(value: int, accept_up_to: int) -> str:
    if value > accept_up_to:
        return "high"
    return "medium" if value > accept_up_to // 2 else "low"


def build(repository: Repository, now: datetime) -> RiskReport:
    config = repository.config
    accept_up_to = config.policy.risk_tolerance.accept_up_to if config else 25
    zone_today = now.astimezone(ZoneInfo(config.timezone if config else "UTC")).date()
    report = RiskReport(accept_up_to)
    risks: list[RiskRecord] = sorted(
        (r.record for r in repository.of("risk")),
        key=lambda r: (r.status != "open", -r.score, r.id),
    )
    for risk in risks:
        decision = risk.decision
        report.rows.append(
            RiskRow(
                risk.id,
                risk.title,
                risk.status,
                risk.probability,
                risk.impact,
                risk.score,
                risk.owner,
                decision.response if decision else None,
                decision.by if decision else None,
                list(decision.changes) if decision else [],
                list(decision.demands) if decision else [],
                list(risk.items),
                list(risk.requirements),
                risk.review_by.isoformat(),
                risk.status == "open" and risk.review_by < zone_today,
                config is not None and above_tolerance(config, risk),
            )
        )
    open_risks = [r for r in risks if r.status == "open"]
    for impact in reversed(SEVERITIES):
        row = []
        for probability in PROBABILITIES:
            value = score(probability, impact)
            ids = [r.id for r in open_risks if (r.probability, r.impact) == (probability, impact)]
            row.append(Cell(probability, impact, value, tone(value, accept_up_to), ids))
        report.heat.append(row)
    return report
