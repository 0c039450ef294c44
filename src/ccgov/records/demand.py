"""Demand: an item of the contact center's wish list, with its business case.

A demand says which problem it solves, who asked, what it is worth and what
it would cost; IT assesses it, the people who hold the budget decide on it
(``policy.investments`` in ccgov.yaml), and an approved demand is planned and
finally delivered. Its lifecycle is one table, :data:`MOVES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import Field, PlainSerializer, model_validator

from ccgov.records.base import Handle, Model, RecordId, Text, Timestamp
from ccgov.records.signoff import SignOff, digest
from ccgov.records.vocabulary import Benefit as Benefit
from ccgov.records.vocabulary import CostBand as CostBand
from ccgov.records.vocabulary import DemandStatus as DemandStatus


def _whole(value: float) -> int | float:
    # 45000, not 45000.0, in the files ccgov writes and in content hashes.
    return int(value) if value.is_integer() else value


Money = Annotated[
    float,
    Field(ge=0, strict=True, description="An amount, 0 or more (a number, not text)."),
    PlainSerializer(_whole, when_used="json"),
]


class Cost(Model):
    """What the demand would cost: the estimate and its band."""

    estimate: Money = Field(description="One-off cost in policy.investments.currency.")
    band: CostBand = Field(
        description="small, medium or large; policy.investments.bands gives each band's upper "
        "bound, and the band decides whose approval is needed."
    )
    basis: str | None = Field(None, description="Where the figure comes from (a vendor quote).")


class Assessment(Model):
    """IT's assessment: what it takes, what it touches, what could go wrong."""

    by: Handle
    at: Timestamp
    summary: Text


class DemandTransition(Model):
    """One status change: who moved the demand, and when."""

    status: DemandStatus
    at: Timestamp
    by: Handle
    note: str | None = None


class Demand(Model):
    """A wish-list item: the problem, who asked, its value and cost, who pays."""

    id: RecordId
    title: Text
    problem: Text = Field(description="The problem it solves, as the people who have it say.")
    requested_by: Handle = Field(description="Who asked for it.")
    business_value: Text = Field(description="What solving it is worth, and to whom.")
    benefit: Benefit = Field("medium", description="low, medium or high: for ranking the list.")
    objective: str | None = Field(None, description="The business objective it serves.")
    cost: Cost | None = Field(None, description="Needed from assessment on.")
    budget_owner: Handle | None = Field(
        None, description="Who holds the budget it is paid from; needed from assessment on."
    )
    requirements: list[RecordId] = Field([], description="Requirements written for it.")
    external_id: str | None = Field(
        None, description="Its row in the wish-list spreadsheet (ccgov demand import)."
    )
    status: DemandStatus = "proposed"
    assessments: list[Assessment] = []
    approvals: list[SignOff] = Field(
        [], description="Investment decisions (ccgov demand approve|decline), bound to content."
    )
    history: list[DemandTransition] = Field([], description="Every status change, oldest first.")

    @model_validator(mode="after")
    def _case_before_decision(self) -> Demand:
        if self.status not in ("proposed", "declined") and (
            self.cost is None or self.budget_owner is None
        ):
            raise ValueError(
                f"a demand that is {self.status} needs cost (estimate and band) and budget_owner"
            )
        return self


# What an investment decision covers: edit any of these and it is stale.
SUBSTANTIVE_FIELDS: tuple[str, ...] = (
    "title",
    "problem",
    "business_value",
    "benefit",
    "objective",
    "cost",
    "budget_owner",
)


def content_hash(demand: Demand) -> str:
    """The hash an investment decision binds to."""
    payload: dict[str, Any] = demand.model_dump(mode="json", include=set(SUBSTANTIVE_FIELDS))
    return digest(payload)


# --- the lifecycle, as one table ------------------------------------------

Action = Literal["assess", "approve", "decline", "plan", "deliver"]


@dataclass(frozen=True, slots=True)
class Move:
    action: Action
    sources: tuple[DemandStatus, ...]  # statuses the command may start from
    targets: tuple[DemandStatus, ...]  # statuses it can lead to (none: unchanged)
    hint: str  # how the command shows in "next:"


MOVES: tuple[Move, ...] = (
    Move("assess", ("proposed", "assessed"), ("assessed",), "assess"),
    # Back to assessed: the case changed after approval and must be decided again.
    Move("assess", ("approved",), ("assessed",), "assess (after an edit)"),
    # An approval moves the demand once the policy is satisfied; until then it stays assessed.
    Move("approve", ("assessed",), ("approved",), "approve"),
    Move("decline", ("proposed", "assessed"), ("declined",), "decline"),
    Move("plan", ("approved",), ("planned",), "plan"),
    Move("deliver", ("planned",), ("delivered",), "deliver"),
)

STATUSES: tuple[DemandStatus, ...] = (
    "proposed",
    "assessed",
    "approved",
    "declined",
    "planned",
    "delivered",
)
# Statuses at or past the investment decision: the policy must be satisfied.
DECIDED: frozenset[DemandStatus] = frozenset({"approved", "planned", "delivered"})


def sources(action: Action) -> tuple[DemandStatus, ...]:
    """Every status ``action`` may start from."""
    return tuple(s for s in STATUSES if any(s in m.sources for m in MOVES if m.action == action))


TRANSITIONS: dict[DemandStatus, tuple[DemandStatus, ...]] = {
    status: tuple(
        s
        for s in STATUSES
        if s != status and any(status in m.sources and s in m.targets for m in MOVES)
    )
    for status in STATUSES
}
NEXT_ACTIONS: dict[DemandStatus, tuple[str, ...]] = {
    status: tuple(dict.fromkeys(m.hint for m in MOVES if status in m.sources))
    for status in STATUSES
}


# --- a new demand's data (`demand new`, `demand import`) ----------------------


def amount(value: float) -> int | float:
    """A whole amount as a whole number, so the record says 45000, not 45000.0."""
    return int(value) if float(value).is_integer() else value


@dataclass(slots=True)
class NewDemand:
    title: str
    problem: str
    business_value: str
    benefit: str | None = None
    objective: str | None = None
    requested_by: str | None = None  # default: whoever raises it
    estimate: float | None = None
    band: str | None = None
    basis: str | None = None
    budget_owner: str | None = None
    requirements: list[str] = field(default_factory=list)


def record_data(spec: NewDemand, demand_id: str, raised_by: str, at: str) -> dict[str, Any]:
    """A new demand's data, as `demand new` and `demand import` write it."""
    record: dict[str, Any] = {
        "id": demand_id,
        "title": spec.title,
        "problem": spec.problem,
        "requested_by": spec.requested_by or raised_by,
        "business_value": spec.business_value,
    }
    if spec.benefit:
        record["benefit"] = spec.benefit
    if spec.objective:
        record["objective"] = spec.objective
    if spec.estimate is not None or spec.band is not None:
        estimate = amount(spec.estimate) if spec.estimate is not None else None
        cost: dict[str, Any] = {"estimate": estimate, "band": spec.band}
        record["cost"] = cost | ({"basis": spec.basis} if spec.basis else {})
    if spec.budget_owner:
        record["budget_owner"] = spec.budget_owner
    if spec.requirements:
        record["requirements"] = spec.requirements
    record["status"] = "proposed"
    record["history"] = [{"status": "proposed", "at": at, "by": raised_by}]
    return record
