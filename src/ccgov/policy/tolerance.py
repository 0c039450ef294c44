"""Risk tolerance (``policy.risk_tolerance``): which risks may be accepted,
how risky an RFC touching a risky CI must say it is, and which decisions on
demands and RFCs leave a risk above tolerance without its mitigation. Pure
functions of ccgov.yaml and the records, shared by the rules and the workflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ccgov.records.change import ChangeRequest, Risk
from ccgov.records.config import RepoConfig
from ccgov.records.demand import Demand
from ccgov.records.risk import RiskRecord

# Lowest first.
CHANGE_RISKS: tuple[Risk, ...] = ("low", "medium", "high", "critical")
# Where a mitigation is dead: the demand or RFC that was to carry it out will not.
DEAD_DEMAND = frozenset({"declined"})
DEAD_CHANGE = frozenset({"rejected", "cancelled", "backed_out"})
# Responses that need something to carry them out.
ACTED_ON = frozenset({"mitigate", "avoid"})


def above_tolerance(config: RepoConfig, risk: RiskRecord) -> bool:
    """Whether the risk scores above what may be accepted."""
    return risk.score > config.policy.risk_tolerance.accept_up_to


def acceptance_problem(config: RepoConfig, risk: RiskRecord) -> str | None:
    """Why accepting this open risk is outside tolerance, or None."""
    decision = risk.decision
    if risk.status != "open" or decision is None or decision.response != "accept":
        return None
    if not above_tolerance(config, risk):
        return None
    return (
        f"{risk.id} scores {risk.score} ({risk.probability} x {risk.impact}), above the "
        f"{config.policy.risk_tolerance.accept_up_to} policy.risk_tolerance.accept_up_to allows "
        "to be accepted; mitigate, transfer or avoid it (ccgov risk decide)"
    )


def required_change_risk(config: RepoConfig, score: int) -> Risk | None:
    """The least RFC risk ``policy.risk_tolerance.change_risk`` asks of a change
    touching a CI with an open risk of ``score`` (None: no floor)."""
    floors = config.policy.risk_tolerance.change_risk
    needed: Risk | None = None
    for level in CHANGE_RISKS:
        threshold = floors.get(level)
        if threshold is not None and score >= threshold:
            needed = level
    return needed


@dataclass(frozen=True, slots=True)
class UnderRated:
    needed: Risk
    risks: list[RiskRecord]  # the open risks on its CIs that ask for it


def under_rated(
    config: RepoConfig, change: ChangeRequest, risks_by_item: Mapping[str, list[RiskRecord]]
) -> UnderRated | None:
    """Whether the RFC's risk is below what the open risks on its CIs ask for."""
    touching = {
        r.id: r
        for item in (*change.affects, *change.creates)
        for r in risks_by_item.get(item, [])
        if r.status == "open"
    }
    needed: Risk | None = None
    why: list[RiskRecord] = []
    for risk in touching.values():
        level = required_change_risk(config, risk.score)
        if level is None or CHANGE_RISKS.index(level) <= CHANGE_RISKS.index(change.risk):
            continue
        why.append(risk)
        if needed is None or CHANGE_RISKS.index(level) > CHANGE_RISKS.index(needed):
            needed = level
    if needed is None:
        return None
    return UnderRated(needed, sorted(why, key=lambda r: r.id))


def risks_by_item(risks: Iterable[RiskRecord]) -> dict[str, list[RiskRecord]]:
    """CI id -> the risks naming it."""
    found: dict[str, list[RiskRecord]] = {}
    for risk in risks:
        for item in dict.fromkeys(risk.items):
            found.setdefault(item, []).append(risk)
    return found


def decision_problem(risk: RiskRecord) -> str | None:
    """A mitigation or avoidance that names nothing to carry it out."""
    decision = risk.decision
    if decision is None or decision.response not in ACTED_ON:
        return None
    if decision.changes or decision.demands:
        return None
    return (
        f"{risk.id} is to be {'mitigated' if decision.response == 'mitigate' else 'avoided'}, "
        "but the decision names no RFC or demand that does it"
    )


def dead_mitigations(
    config: RepoConfig,
    risk: RiskRecord,
    demands: Mapping[str, Demand],
    changes: Mapping[str, ChangeRequest],
) -> list[str]:
    """The demands and RFCs carrying out an open, above-tolerance risk's
    mitigation that were declined, rejected, cancelled or backed out."""
    decision = risk.decision
    if risk.status != "open" or decision is None or not above_tolerance(config, risk):
        return []
    found = [
        f"{d} ({demands[d].status})"
        for d in decision.demands
        if d in demands and demands[d].status in DEAD_DEMAND
    ]
    found += [
        f"{c} ({changes[c].status})"
        for c in decision.changes
        if c in changes and changes[c].status in DEAD_CHANGE
    ]
    return found


def mitigated_risks(config: RepoConfig, demand_id: str, risks: Iterable[RiskRecord]) -> list[str]:
    """Open risks above tolerance whose current decision rests on ``demand_id``:
    declining it leaves them without their mitigation."""
    return sorted(
        risk.id
        for risk in risks
        if risk.status == "open"
        and risk.decision is not None
        and demand_id in risk.decision.demands
        and above_tolerance(config, risk)
    )
