"""The approval policy: a pure function of ccgov.yaml and an RFC.

Used by the rules (an approved RFC must satisfy it) and by the workflow (may
this person approve now?), so it sits below both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ccgov.records.change import Approval, ChangeRequest, content_hash
from ccgov.records.config import ApprovalRule, RepoConfig, RoleCount


@dataclass(frozen=True, slots=True)
class ApprovalProblem:
    kind: Literal["unknown_person", "lacks_role", "self_approval"]
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

    @property
    def satisfied(self) -> bool:
        return not self.missing and not self.rejections and (self.rule is not None)


def rule_for(config: RepoConfig, change: ChangeRequest) -> ApprovalRule | None:
    """The first approval rule whose type and risk match the RFC."""
    for rule in config.policy.approvals:
        if rule.type == change.type and (rule.risk is None or change.risk in rule.risk):
            return rule
    if change.type == "standard":
        # Standard changes are pre-approved through their catalog entry.
        return ApprovalRule(type="standard", require=[])
    return None


def approval_problem(
    config: RepoConfig, change: ChangeRequest, by: str, role: str
) -> ApprovalProblem | None:
    """Why ``by`` may not decide on the RFC in ``role``, or None if they may."""
    person = config.person(by)
    if person is None:
        return ApprovalProblem("unknown_person", f"{by} is not a person in ccgov.yaml")
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


def approval_status(config: RepoConfig, change: ChangeRequest) -> ApprovalStatus:
    rule = rule_for(config, change)
    current = content_hash(change)
    granted: dict[str, list[str]] = {}
    stale: list[Approval] = []
    rejections: list[Approval] = []
    invalid: list[tuple[Approval, ApprovalProblem]] = []
    counted: set[str] = set()
    for approval in change.approvals:
        problem = approval_problem(config, change, approval.by, approval.role)
        if problem is not None:
            invalid.append((approval, problem))
            continue
        if approval.content_hash != current:
            stale.append(approval)
            continue
        if approval.decision == "reject":
            rejections.append(approval)
            continue
        # A person counts once, whatever roles they hold.
        if approval.by in counted:
            continue
        counted.add(approval.by)
        granted.setdefault(approval.role, []).append(approval.by)
    missing: list[RoleCount] = []
    if rule is not None:
        for need in rule.require:
            have = len(granted.get(need.role, []))
            if have < need.count:
                missing.append(RoleCount(role=need.role, count=need.count - have))
    required_roles = {need.role for need in rule.require} if rule else set()
    blocking = [r for r in rejections if r.role in required_roles]
    return ApprovalStatus(rule, granted, missing, stale, blocking, invalid)


def describe_missing(missing: list[RoleCount]) -> str:
    return ", ".join(f"{need.count} more from {need.role}" for need in missing)
