"""The approval policy: a pure function of ccgov.yaml and an RFC.

Used by the rules (an approved RFC must satisfy it) and by the workflow (may
this person approve now?), so it sits below both.

Who counts: a decision by a person marked ``active: false`` does not count
while it still matters. Approvals matter until the RFC is implemented,
retrospective reviews until it is closed; after that they are history, and
deactivating someone who has left does not rewrite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ccgov.records.change import Approval, ChangeRequest, Review, content_hash
from ccgov.records.config import ApprovalRule, RepoConfig, RoleCount
from ccgov.records.lifecycle import PAST_IMPLEMENTATION


@dataclass(frozen=True, slots=True)
class ApprovalProblem:
    kind: Literal["unknown_person", "inactive", "lacks_role", "self_approval"]
    message: str


@dataclass(frozen=True, slots=True)
class PreapprovalProblem:
    """Why a standard change's catalog pre-approval does not count."""

    kind: Literal["missing", "other_entry", "stale"]
    message: str


@dataclass(frozen=True, slots=True)
class ApprovalStatus:
    rule: ApprovalRule | None
    # role -> handles whose current, valid approval counts for that role
    granted: dict[str, list[str]] = field(default_factory=dict)
    missing: list[RoleCount] = field(default_factory=list)
    stale: list[Approval] = field(default_factory=list)
    rejections: list[Approval] = field(default_factory=list)
    # approvals that cannot count: self-approval or a role the person lacks
    invalid: list[tuple[Approval, ApprovalProblem]] = field(default_factory=list)
    # approvals by people no longer active (they stopped counting)
    inactive: list[Approval] = field(default_factory=list)
    # a standard change: why its catalog pre-approval does not count (None: it does)
    preapproval: PreapprovalProblem | None = None

    @property
    def satisfied(self) -> bool:
        return (
            not self.missing
            and not self.rejections
            and self.rule is not None
            and self.preapproval is None
        )


def rule_for(config: RepoConfig, change: ChangeRequest) -> ApprovalRule | None:
    """The first approval rule whose type and risk match the RFC."""
    for rule in config.policy.approvals:
        if rule.type == change.type and (rule.risk is None or change.risk in rule.risk):
            return rule
    if change.type == "standard":
        # Standard changes are pre-approved through their catalog entry.
        return ApprovalRule(type="standard", require=[])
    return None


def is_active(config: RepoConfig, handle: str) -> bool:
    """Whether ``handle`` is a person in ccgov.yaml who is still active."""
    person = config.person(handle)
    return person is not None and person.active


def approval_problem(
    config: RepoConfig, change: ChangeRequest, by: str, role: str
) -> ApprovalProblem | None:
    """Why ``by`` may not decide on the RFC in ``role``, or None if they may."""
    person = config.person(by)
    if person is None:
        return ApprovalProblem("unknown_person", f"{by} is not a person in ccgov.yaml")
    if not person.active and change.status not in PAST_IMPLEMENTATION:
        return ApprovalProblem(
            "inactive", f"{by} is inactive in ccgov.yaml, so their decision no longer counts"
        )
    if role not in person.roles:
        return ApprovalProblem("lacks_role", f"{by} does not hold the role {role!r}")
    if config.policy.separation_of_duties:
        if by == change.requested_by:
            return ApprovalProblem(
                "self_approval", f"{by} requested this RFC and may not approve it"
            )
        if change.implementer is not None and by == change.implementer:
            return ApprovalProblem(
                "self_approval", f"{by} implements this RFC and may not approve it"
            )
    return None


def preapproval_problem(change: ChangeRequest) -> PreapprovalProblem | None:
    """Why a standard change's pre-approval does not cover it as it stands.

    Like an approval, it is bound to the content it was given for: widening
    the change afterwards (another CI in ``affects``) voids it.
    """
    pre = change.preapproval
    if pre is None:
        return PreapprovalProblem(
            "missing",
            "a standard change is approved by its catalog entry at submission, and this one has "
            "no preapproval",
        )
    if pre.entry != change.catalog_entry:
        return PreapprovalProblem(
            "other_entry",
            f"the pre-approval is by catalog entry {pre.entry!r}, but the RFC follows "
            f"{change.catalog_entry!r}",
        )
    if pre.content_hash != content_hash(change):
        return PreapprovalProblem(
            "stale",
            "the pre-approval covers different content: scope, CIs, plans, risk or window "
            "changed after submission; resubmit the RFC (ccgov rfc submit), which checks it "
            "against the catalog again",
        )
    return None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether one recorded decision counts towards the policy, and why not."""

    approval: Approval
    # counts: a current, valid approval; blocks: a current rejection in a role
    # the policy requires; noted: a rejection in a role it does not require;
    # repeat: the person already counted under another role; stale: the RFC
    # changed after it; invalid: it could never count (self-approval, a role
    # not held, an unknown person); inactive: the person left and it stopped
    # counting.
    state: Literal["counts", "blocks", "noted", "repeat", "stale", "invalid", "inactive"]
    reason: str | None = None


def verdicts(config: RepoConfig, change: ChangeRequest) -> list[Verdict]:
    """Every recorded decision with whether it counts, in recorded order."""
    rule = rule_for(config, change)
    required = {need.role for need in rule.require} if rule else set()
    current = content_hash(change)
    counted: set[str] = set()
    found: list[Verdict] = []
    for approval in change.approvals:
        problem = approval_problem(config, change, approval.by, approval.role)
        if problem is not None:
            if problem.kind == "inactive":
                found.append(Verdict(approval, "inactive", problem.message))
            else:
                found.append(Verdict(approval, "invalid", problem.message))
        elif approval.content_hash != current:
            found.append(
                Verdict(approval, "stale", "the RFC's content changed after this decision")
            )
        elif approval.decision == "reject":
            blocking = approval.role in required
            found.append(Verdict(approval, "blocks" if blocking else "noted"))
        elif approval.by in counted:
            # A person counts once, whatever roles they hold.
            found.append(Verdict(approval, "repeat", f"{approval.by} already counts once"))
        else:
            counted.add(approval.by)
            found.append(Verdict(approval, "counts"))
    return found


def approval_status(config: RepoConfig, change: ChangeRequest) -> ApprovalStatus:
    rule = rule_for(config, change)
    granted: dict[str, list[str]] = {}
    stale: list[Approval] = []
    rejections: list[Approval] = []
    invalid: list[tuple[Approval, ApprovalProblem]] = []
    inactive: list[Approval] = []
    for verdict in verdicts(config, change):
        approval = verdict.approval
        if verdict.state == "inactive":
            inactive.append(approval)
        elif verdict.state == "invalid":
            problem = approval_problem(config, change, approval.by, approval.role)
            assert problem is not None
            invalid.append((approval, problem))
        elif verdict.state == "stale":
            stale.append(approval)
        elif verdict.state == "blocks":
            rejections.append(approval)
        elif verdict.state == "counts":
            granted.setdefault(approval.role, []).append(approval.by)
    missing: list[RoleCount] = []
    if rule is not None:
        for need in rule.require:
            have = len(granted.get(need.role, []))
            if have < need.count:
                missing.append(RoleCount(role=need.role, count=need.count - have))
    pre = preapproval_problem(change) if change.type == "standard" else None
    return ApprovalStatus(rule, granted, missing, stale, rejections, invalid, inactive, pre)


def describe_missing(missing: list[RoleCount]) -> str:
    return ", ".join(f"{need.count} more from {need.role}" for need in missing)


# --- retrospective reviews (emergency changes) ------------------------------


def retrospective_roles(config: RepoConfig, change: ChangeRequest) -> list[str]:
    rule = rule_for(config, change)
    return [need.role for need in rule.retrospective] if rule else []


@dataclass(frozen=True, slots=True)
class ReviewProblem:
    kind: Literal["not_retrospective", "unknown_person", "lacks_role", "self_review", "inactive"]
    message: str


def review_problem(
    config: RepoConfig, change: ChangeRequest, review: Review
) -> ReviewProblem | None:
    """Why a retrospective review does not count, or None if it does.

    The same test for the ``review`` step, ``close`` and the rules: the role
    must be one the policy's ``retrospective`` lists and held by the
    reviewer, who neither requested nor implemented the change.
    """
    roles = retrospective_roles(config, change)
    if review.role not in roles:
        return ReviewProblem(
            "not_retrospective",
            f"{review.role!r} is not a retrospective role for this RFC "
            f"(the policy asks for {' or '.join(roles) or 'no review'})",
        )
    person = config.person(review.by)
    if person is None:
        return ReviewProblem("unknown_person", f"{review.by} is not a person in ccgov.yaml")
    if review.role not in person.roles:
        return ReviewProblem("lacks_role", f"{review.by} does not hold the role {review.role!r}")
    if review.by in (change.requested_by, change.implementer):
        return ReviewProblem(
            "self_review", f"{review.by} requested or implemented this RFC and may not review it"
        )
    if not person.active and change.status != "closed":
        return ReviewProblem(
            "inactive", f"{review.by} is inactive in ccgov.yaml, so their review no longer counts"
        )
    return None


def retrospective_missing(config: RepoConfig, change: ChangeRequest) -> list[RoleCount]:
    """The reviews an emergency change still needs before it may close."""
    rule = rule_for(config, change)
    if change.type != "emergency" or rule is None:
        return []
    valid = [r for r in change.reviews if review_problem(config, change, r) is None]
    missing = []
    for need in rule.retrospective:
        have = {r.by for r in valid if r.role == need.role}
        if len(have) < need.count:
            missing.append(RoleCount(role=need.role, count=need.count - len(have)))
    return missing
