"""Sign-off policy for requirements (``policy.requirements``) and investment
decisions on demands (``policy.investments``): a pure function of ccgov.yaml
and the record, used by the rules (an approved requirement or demand must
satisfy it) and by the workflow (may this person sign now?).

A rule asks for sign-offs by organisation, role, or both (one from the
contact center and one from IT). Each person counts once, for one need:
who fills which need is a matching, so a person who could fill either of two
needs never blocks the other one.

Who counts: like RFC approvals, a sign-off counts only for the content it was
given on (its hash), and only while its author is active in ccgov.yaml; once
the record is approved the sign-offs are history, and deactivating someone
who has left does not undo them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ccgov.records.config import (
    InvestmentRule,
    Investments,
    Person,
    RepoConfig,
    RequirementRule,
    Signatory,
)
from ccgov.records.demand import DECIDED, CostBand, Demand
from ccgov.records.demand import content_hash as demand_hash
from ccgov.records.requirement import Requirement
from ccgov.records.requirement import content_hash as requirement_hash
from ccgov.records.signoff import SignOff

# Requirement statuses at or past sign-off.
REQUIREMENT_SIGNED: frozenset[str] = frozenset({"approved", "implemented", "verified"})


@dataclass(frozen=True, slots=True)
class SignoffStatus:
    needs: tuple[Signatory, ...]
    # need index -> handles whose current sign-off fills it
    granted: dict[int, list[str]] = field(default_factory=dict)
    missing: list[Signatory] = field(default_factory=list)  # count: how many more
    stale: list[SignOff] = field(default_factory=list)
    # current rejections by someone who could fill a need: they block
    rejections: list[SignOff] = field(default_factory=list)
    invalid: list[tuple[SignOff, str]] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return not self.missing and not self.rejections


def fits(person: Person, need: Signatory) -> bool:
    """Whether ``person`` can give the sign-off ``need`` asks for."""
    if need.organisation is not None and person.organisation != need.organisation:
        return False
    return need.role is None or need.role in person.roles


def describe(need: Signatory) -> str:
    """``1 from contact_center``, ``2 cab``, ``1 cab from it``."""
    who = need.role or ""
    where = f"from {need.organisation}" if need.organisation else ""
    return " ".join(part for part in (str(need.count), who, where) if part)


def describe_missing(missing: Sequence[Signatory]) -> str:
    return ", ".join(f"{describe(need)} more" for need in missing)


def signoff_problem(
    config: RepoConfig,
    by: str,
    needs: Sequence[Signatory],
    *,
    excluded: Mapping[str, str],
    history: bool = False,
) -> str | None:
    """Why ``by`` may not sign off, or None if they may.

    ``excluded`` maps handles to why they may not (the requirement's owner),
    ``history`` says the sign-offs are past mattering for inactive people.
    """
    person = config.person(by)
    if person is None:
        return f"{by} is not a person in ccgov.yaml"
    if not person.active and not history:
        return f"{by} is inactive in ccgov.yaml, so their sign-off no longer counts"
    if by in excluded:
        return excluded[by]
    if needs and not any(fits(person, need) for need in needs):
        return (
            f"{by} ({person.organisation}; {', '.join(person.roles) or 'no roles'}) is none of "
            f"the sign-offs needed: {', '.join(describe(n) for n in needs)}"
        )
    return None


def signoff_status(
    config: RepoConfig,
    approvals: Sequence[SignOff],
    current: str,
    needs: Sequence[Signatory],
    *,
    excluded: Mapping[str, str],
    history: bool = False,
) -> SignoffStatus:
    """Which needs the sign-offs on the current content fill, and what is missing."""
    stale: list[SignOff] = []
    invalid: list[tuple[SignOff, str]] = []
    latest: dict[str, SignOff] = {}  # a person's last decision on this content is theirs
    for approval in approvals:
        problem = signoff_problem(config, approval.by, needs, excluded=excluded, history=history)
        if problem is not None:
            invalid.append((approval, problem))
        elif approval.content_hash != current:
            stale.append(approval)
        else:
            latest[approval.by] = approval
    rejections = [a for a in latest.values() if a.decision == "reject"]
    approvers = [by for by, a in latest.items() if a.decision == "approve"]
    granted = _match(config, approvers, needs)
    missing = [
        need.model_copy(update={"count": need.count - len(granted.get(index, []))})
        for index, need in enumerate(needs)
        if len(granted.get(index, [])) < need.count
    ]
    return SignoffStatus(tuple(needs), granted, missing, stale, rejections, invalid)


def _match(
    config: RepoConfig, approvers: list[str], needs: Sequence[Signatory]
) -> dict[int, list[str]]:
    """Each approver to at most one open place of a need they fit, as many
    places filled as possible (augmenting paths: a handful of people and needs)."""
    places = [index for index, need in enumerate(needs) for _ in range(need.count)]
    people = {handle: config.person(handle) for handle in approvers}
    holder: dict[int, str] = {}  # place -> approver

    def place_for(handle: str, seen: set[int]) -> bool:
        person = people[handle]
        for place, need_index in enumerate(places):
            if place in seen or person is None or not fits(person, needs[need_index]):
                continue
            seen.add(place)
            if place not in holder or place_for(holder[place], seen):
                holder[place] = handle
                return True
        return False

    for handle in approvers:
        place_for(handle, set())
    granted: dict[int, list[str]] = {}
    for place in sorted(holder):
        granted.setdefault(places[place], []).append(holder[place])
    return granted


# --- requirements ---------------------------------------------------------------


def requirement_rule(config: RepoConfig, requirement: Requirement) -> RequirementRule | None:
    """The first ``policy.requirements`` rule whose kinds match (None: no sign-off needed)."""
    for rule in config.policy.requirements:
        if rule.kind is None or requirement.kind in rule.kind:
            return rule
    return None


def requirement_excluded(config: RepoConfig, requirement: Requirement) -> dict[str, str]:
    if not config.policy.separation_of_duties:
        return {}
    return {requirement.owner: f"{requirement.owner} owns {requirement.id} and may not sign it off"}


def requirement_signoff(config: RepoConfig, requirement: Requirement) -> SignoffStatus | None:
    """Where the requirement's sign-off stands (None: the policy asks for none)."""
    rule = requirement_rule(config, requirement)
    if rule is None:
        return None
    return signoff_status(
        config,
        requirement.approvals,
        requirement_hash(requirement),
        rule.require,
        excluded=requirement_excluded(config, requirement),
        history=requirement.status in REQUIREMENT_SIGNED,
    )


# --- investments (demands) -------------------------------------------------------

BANDS: tuple[CostBand, ...] = ("small", "medium", "large")  # cheapest first


def band_range(investments: Investments, band: CostBand) -> tuple[float, float | None]:
    """(lower bound, exclusive; upper bound, inclusive, or None) of a cost
    band: a band starts where the one below it ends."""
    lower = 0.0
    for below in BANDS[: BANDS.index(band)]:
        lower = investments.bands.get(below, lower)
    return lower, investments.bands.get(band)


def band_text(investments: Investments, band: CostBand) -> str:
    lower, upper = band_range(investments, band)
    if band == BANDS[0]:
        return f"up to {upper:,.0f}" if upper is not None else "any amount"
    above = f"above {lower:,.0f}"
    return above if upper is None else f"{above} up to {upper:,.0f}"


def in_band(investments: Investments, band: CostBand, estimate: float) -> bool:
    lower, upper = band_range(investments, band)
    if band != BANDS[0] and estimate <= lower:
        return False
    return upper is None or estimate <= upper


def investment_rule(config: RepoConfig, demand: Demand) -> InvestmentRule | None:
    """The first ``policy.investments.approvals`` rule whose bands match."""
    band = demand.cost.band if demand.cost is not None else None
    for rule in config.policy.investments.approvals:
        if rule.band is None or band in rule.band:
            return rule
    return None


def demand_excluded(config: RepoConfig, demand: Demand) -> dict[str, str]:
    if not config.policy.separation_of_duties:
        return {}
    return {
        demand.requested_by: f"{demand.requested_by} asked for {demand.id} and may not decide on it"
    }


def demand_signoff(config: RepoConfig, demand: Demand) -> SignoffStatus | None:
    """Where the investment decision stands (None: the policy asks for none)."""
    rule = investment_rule(config, demand)
    if rule is None:
        return None
    return signoff_status(
        config,
        demand.approvals,
        demand_hash(demand),
        rule.require,
        excluded=demand_excluded(config, demand),
        history=demand.status in DECIDED,
    )
