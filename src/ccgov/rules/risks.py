"""The risk register against ``policy.risk_tolerance`` (the policy is
:mod:`ccgov.policy.tolerance`): what may be accepted, that mitigations name
their action, that RFCs touching risky CIs say how risky they are, and that
the demands and RFCs carrying out a mitigation were not dropped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ccgov.findings import Finding
from ccgov.policy.tolerance import (
    acceptance_problem,
    dead_mitigations,
    decision_problem,
    risks_by_item,
    under_rated,
)
from ccgov.records.kinds import KindName
from ccgov.records.lifecycle import PAST_IMPLEMENTATION
from ccgov.records.risk import RiskRecord
from ccgov.rules import common
from ccgov.rules.base import REFERENCED, REFERENCES, Context, every, finding, rule


def _named(context: Context, ids: list[str], kind: KindName) -> dict[str, Any]:
    """id -> the record of ``kind`` it names, for the ids that name one."""
    found = {record_id: common.last_of(context, record_id, kind) for record_id in ids}
    return {record_id: record for record_id, record in found.items() if record is not None}


# The status of the demands and RFCs its decisions name (records.links
# PLANNING_REFS: decisions.demands, decisions.changes).
@rule(reads=(REFERENCED,), about=("risk",))
def risk_decisions(context: Context) -> Iterator[Finding]:
    for loaded in context.of("risk"):
        risk: RiskRecord = loaded.record
        if not risk.decisions:
            continue
        demands = _named(context, risk.decisions[-1].demands, "demand")
        changes = _named(context, risk.decisions[-1].changes, "change")
        last = ("decisions", len(risk.decisions) - 1)
        problem = acceptance_problem(context.config, risk)
        if problem is not None:
            yield finding(loaded, "RISK001", problem, *last, "response")
        problem = decision_problem(risk)
        if problem is not None:
            yield finding(loaded, "RISK002", problem, *last, "response")
        dead = dead_mitigations(context.config, risk, demands, changes)
        if dead:
            yield finding(
                loaded,
                "RISK004",
                f"{risk.id} (score {risk.score}, above tolerance) rests on {', '.join(dead)}: its "
                "mitigation is not going ahead; decide again (ccgov risk decide)",
                *last,
            )


# Every risk: a risk names its CIs, not the RFCs changing them.
@rule(reads=(every("risk"),), about=("change",))
def changes_rated_for_their_risks(context: Context) -> Iterator[Finding]:
    if not context.config.policy.risk_tolerance.change_risk:
        return
    by_item = risks_by_item(loaded.record for loaded in context.every("risk"))
    if not by_item:
        return
    for loaded in context.of("change"):
        change = loaded.record
        # A change already made, or that will not be, is history: its rating stands.
        if change.status in PAST_IMPLEMENTATION or change.status in ("rejected", "cancelled"):
            continue
        found = under_rated(context.config, change, by_item)
        if found is not None:
            named = ", ".join(f"{r.id} (score {r.score})" for r in found.risks)
            yield finding(
                loaded,
                "RISK003",
                f"{change.id} is rated {change.risk} risk, but it changes CIs that carry {named}: "
                f"policy.risk_tolerance.change_risk asks for at least {found.needed}",
                "risk",
            )


# People are in ccgov.yaml; the CIs, requirements, RFCs and demands a risk
# names are references (records.links PLANNING_REFS).
@rule(reads=(REFERENCES,), about=("risk",))
def risk_references(context: Context) -> Iterator[Finding]:
    for loaded in context.of("risk"):
        risk: RiskRecord = loaded.record
        yield from common.person(context, loaded, risk.owner, "owner")
        yield from common.records(context, loaded, risk.items, "item", "items")
        yield from common.records(context, loaded, risk.requirements, "requirement", "requirements")
        for index, decision in enumerate(risk.decisions):
            yield from common.person(context, loaded, decision.by, "decisions", index, "by")
            yield from common.records(
                context, loaded, decision.changes, "change", "decisions", index, "changes"
            )
            yield from common.records(
                context, loaded, decision.demands, "demand", "decisions", index, "demands"
            )
        for index, review in enumerate(risk.reviews):
            yield from common.person(context, loaded, review.by, "reviews", index, "by")
