"""Sign-offs bound to content: requirements under ``policy.requirements``,
demands under ``policy.investments``. The policy is
:mod:`ccgov.policy.signoff`, shared with the workflow."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.policy.signoff import (
    REQUIREMENT_SIGNED,
    SignoffStatus,
    demand_signoff,
    describe_missing,
    requirement_signoff,
)
from ccgov.records.demand import DECIDED
from ccgov.rules import common
from ccgov.rules.base import Context, finding, rule
from ccgov.store.loader import LoadedRecord


def _shortfall(status: SignoffStatus) -> str:
    parts = []
    if status.missing:
        parts.append(f"needs {describe_missing(status.missing)}")
    if status.rejections:
        parts.append("rejected by " + ", ".join(r.by for r in status.rejections))
    if status.stale:
        parts.append(f"{len(status.stale)} sign-off(s) cover earlier content")
    parts += [problem for _, problem in status.invalid]
    return "; ".join(parts)


def _stale(loaded: LoadedRecord, status: SignoffStatus, code: str, what: str) -> Iterator[Finding]:
    if status.satisfied:
        return  # signed again on the content as it stands: the stale ones are history
    for index, approval in enumerate(loaded.record.approvals):
        if any(approval is stale for stale in status.stale):
            yield finding(
                loaded,
                code,
                f"{approval.by}'s {approval.decision} covers different content: {what} changed "
                "after it was given",
                "approvals",
                index,
                "content_hash",
            )


# The policy and the people are in ccgov.yaml; the hash is of the record's own content.
@rule(reads=(), about=("requirement",))
def requirements_signed_off(context: Context) -> Iterator[Finding]:
    for loaded in context.of("requirement"):
        requirement = loaded.record
        for index, approval in enumerate(requirement.approvals):
            yield from common.person(context, loaded, approval.by, "approvals", index, "by")
        status = requirement_signoff(context.config, requirement)
        if status is None:
            continue
        yield from _stale(loaded, status, "REQ002", "the statement, criteria or terms")
        if requirement.status in REQUIREMENT_SIGNED and not status.satisfied:
            yield finding(
                loaded,
                "REQ001",
                f"{requirement.id} is {requirement.status} without the sign-off "
                f"policy.requirements asks for: {_shortfall(status)} (ccgov req approve "
                f"{requirement.id})",
                "status",
            )


@rule(reads=(), about=("demand",))
def demands_decided(context: Context) -> Iterator[Finding]:
    for loaded in context.of("demand"):
        demand = loaded.record
        for index, approval in enumerate(demand.approvals):
            yield from common.person(context, loaded, approval.by, "approvals", index, "by")
        status = demand_signoff(context.config, demand)
        if status is None:
            continue
        yield from _stale(loaded, status, "DEM002", "the business case")
        if demand.status in DECIDED and not status.satisfied:
            yield finding(
                loaded,
                "DEM001",
                f"{demand.id} is {demand.status} without the decision policy.investments asks "
                f"for: {_shortfall(status)} (ccgov demand approve {demand.id})",
                "status",
            )


@rule(reads=(), about=("config",))
def signatory_roles_exist(context: Context) -> Iterator[Finding]:
    config = context.config_record
    policy = context.config.policy
    for index, requirement_rule in enumerate(policy.requirements):
        for need_index, need in enumerate(requirement_rule.require):
            if need.role is not None:
                yield from common.role(
                    context,
                    config,
                    need.role,
                    *("policy", "requirements", index, "require", need_index, "role"),
                )
    for index, investment_rule in enumerate(policy.investments.approvals):
        for need_index, need in enumerate(investment_rule.require):
            if need.role is not None:
                yield from common.role(
                    context,
                    config,
                    need.role,
                    *("policy", "investments", "approvals", index, "require", need_index, "role"),
                )
