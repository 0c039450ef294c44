"""Demands: cost within its band, status reached through the lifecycle,
people and requirements that exist."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.policy.signoff import band_text, in_band
from ccgov.records.demand import STATUSES, TRANSITIONS, Demand
from ccgov.rules import common
from ccgov.rules.base import REFERENCES, Context, finding, rule


@rule(reads=(), about=("demand",))
def costs_in_band(context: Context) -> Iterator[Finding]:
    investments = context.config.policy.investments
    for loaded in context.of("demand"):
        cost = loaded.record.cost
        if cost is None or in_band(investments, cost.band, cost.estimate):
            continue
        yield finding(
            loaded,
            "DEM003",
            f"an estimate of {cost.estimate:,.0f} {investments.currency} is not {cost.band} "
            f"(policy.investments.bands: {cost.band} is {band_text(investments, cost.band)})",
            "cost",
            "estimate",
        )


@rule(reads=(), about=("demand",))
def demand_history(context: Context) -> Iterator[Finding]:
    for loaded in context.of("demand"):
        demand: Demand = loaded.record
        status = None
        for index, step in enumerate(demand.history):
            allowed = ("proposed",) if status is None else TRANSITIONS[status]
            if step.status not in allowed:
                came = "starts" if status is None else f"moves from {status}"
                yield finding(
                    loaded,
                    "DEM004",
                    f"the history {came} to {step.status}, which the demand lifecycle forbids "
                    f"(allowed: {', '.join(allowed) or 'nothing, it is final'})",
                    "history",
                    index,
                    "status",
                )
                break
            status = step.status
        else:
            if demand.history and status != demand.status:
                yield finding(
                    loaded,
                    "DEM004",
                    f"status is {demand.status}, but the history ends at {status}: the status was "
                    f"edited without a step (ccgov demand)",
                    "status",
                )
            elif not demand.history and demand.status != STATUSES[0]:
                yield finding(
                    loaded,
                    "DEM004",
                    f"status is {demand.status} with no history of how it got there",
                    "status",
                )


# People are in ccgov.yaml; a demand's requirements are references
# (records.links PLANNING_REFS).
@rule(reads=(REFERENCES,), about=("demand",))
def demand_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("demand"):
        demand: Demand = loaded.record
        yield from common.person(context, loaded, demand.requested_by, "requested_by")
        if demand.budget_owner is not None:
            yield from common.person(context, loaded, demand.budget_owner, "budget_owner")
        for index, assessment in enumerate(demand.assessments):
            yield from common.person(context, loaded, assessment.by, "assessments", index, "by")
        for index, step in enumerate(demand.history):
            yield from common.person(context, loaded, step.by, "history", index, "by")
        yield from common.records(
            context, loaded, demand.requirements, "requirement", "requirements"
        )
