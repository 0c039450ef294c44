"""RFC invariants that can be checked without history: approvals satisfy the
policy and still cover the content, separation of duties, test evidence,
transition order, windows, catalog entries, retrospective reviews."""

from __future__ import annotations

from collections.abc import Iterator

from ccgov.findings import Finding
from ccgov.policy.approvals import approval_status, describe_missing, rule_for
from ccgov.records.change import ChangeRequest, ChangeStatus, content_hash
from ccgov.records.lifecycle import APPROVED_OR_LATER, IMPLEMENTED_OR_LATER, TRANSITIONS
from ccgov.rules.base import Context, finding, rule

RISK_ORDER = ("low", "medium", "high", "critical")


def _index(change: ChangeRequest, approval: object) -> int:
    # By identity: list.index() compares by value, so the second of two
    # identical (copy-pasted) entries would be reported at the first one.
    return next(i for i, entry in enumerate(change.approvals) if entry is approval)


@rule
def approvals_satisfy_policy(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        status = approval_status(context.config, change)
        for approval, problem in status.invalid:
            index = _index(change, approval)
            if problem.kind == "self_approval":
                yield finding(loaded, "RFC002", problem.message, "approvals", index, "by")
            elif problem.kind == "lacks_role":
                yield finding(loaded, "RFC008", problem.message, "approvals", index, "role")
        if change.status not in APPROVED_OR_LATER:
            continue
        if status.rule is None:
            yield finding(
                loaded,
                "RFC001",
                f"no rule in ccgov.yaml policy.approvals covers a {change.type} change "
                f"of {change.risk} risk; add one",
                "type",
            )
        elif status.missing:
            yield finding(
                loaded,
                "RFC001",
                f"status is {change.status} but approvals are missing: "
                f"{describe_missing(status.missing)}",
                "status",
            )
        for rejection in status.rejections:
            index = _index(change, rejection)
            yield finding(
                loaded,
                "RFC010",
                f"{rejection.by} ({rejection.role}) rejected this RFC, yet its status is "
                f"{change.status}",
                "approvals",
                index,
                "decision",
            )


@rule
def approvals_not_stale(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        # Stale decisions matter only when the RFC relies on them: past approval
        # without enough decisions on its current content (RFC001 says what is
        # missing; this says why). After re-approval they are history.
        if (
            change.status not in APPROVED_OR_LATER
            or approval_status(context.config, change).satisfied
        ):
            continue
        current = content_hash(change)
        for index, approval in enumerate(change.approvals):
            if approval.content_hash != current:
                yield finding(
                    loaded,
                    "RFC005",
                    f"the {approval.decision} by {approval.by} covers different content: "
                    "scope, CIs, plans, risk or window changed afterwards; resubmit the RFC "
                    "(ccgov rfc submit) and have it approved again",
                    "approvals",
                    index,
                    "content_hash",
                )


@rule
def approvals_once_and_after_submission(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        submitted = next((t.at for t in change.history if t.status == "submitted"), None)
        seen: set[tuple[str, str]] = set()
        for index, approval in enumerate(change.approvals):
            key = (approval.by, approval.content_hash)
            if key in seen:
                yield finding(
                    loaded,
                    "RFC011",
                    f"{approval.by} decided on this content twice",
                    "approvals",
                    index,
                    "by",
                )
            seen.add(key)
            if submitted is not None and approval.at < submitted:
                yield finding(
                    loaded,
                    "RFC011",
                    f"decision by {approval.by} at {approval.at.isoformat()} predates the "
                    f"submission at {submitted.isoformat()}",
                    "approvals",
                    index,
                    "at",
                )


@rule
def tested_before_implementation(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.status not in IMPLEMENTED_OR_LATER:
            continue
        implemented = next((t.at for t in change.history if t.status == "implemented"), None)
        passed = [
            t
            for t in change.tests
            if t.result == "pass" and (implemented is None or t.at <= implemented)
        ]
        if not passed:
            yield finding(
                loaded,
                "RFC003",
                f"status is {change.status} but no passing test was recorded before implementation",
                "status",
            )


@rule
def history_in_order(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        previous_status: ChangeStatus = "draft"
        previous_at = None
        for index, transition in enumerate(change.history):
            if index == 0 and transition.status == "draft":
                previous_at = transition.at
                continue
            allowed = TRANSITIONS[previous_status]
            if transition.status not in allowed:
                yield finding(
                    loaded,
                    "RFC004",
                    f"{previous_status} cannot be followed by {transition.status}; "
                    f"allowed: {', '.join(allowed) or 'nothing (terminal)'}",
                    "history",
                    index,
                    "status",
                )
            if previous_at is not None and transition.at < previous_at:
                yield finding(
                    loaded,
                    "RFC004",
                    f"transition to {transition.status} at {transition.at.isoformat()} is "
                    "earlier than the one before it",
                    "history",
                    index,
                    "at",
                )
            previous_status, previous_at = transition.status, transition.at
        if change.status != "draft" and previous_status != change.status:
            yield finding(
                loaded,
                "RFC004",
                f"status is {change.status} but the history ends at {previous_status}; "
                "every transition must be recorded",
                "status",
            )


@rule
def windows_ordered(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        window = loaded.record.window
        if window is not None and window.end <= window.start:
            yield finding(
                loaded,
                "RFC006",
                f"window ends ({window.end.isoformat()}) before it starts "
                f"({window.start.isoformat()})",
                "window",
                "end",
            )


@rule
def standard_changes_follow_catalog(context: Context) -> Iterator[Finding]:
    entries = {entry.id: entry for entry in context.config.catalog}
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.type != "standard":
            continue
        if change.catalog_entry is None:
            yield finding(
                loaded, "RFC007", "a standard change must name the catalog_entry it follows", "type"
            )
            continue
        entry = entries.get(change.catalog_entry)
        if entry is None:
            continue  # REF006 reports it
        if entry.category != change.category:
            yield finding(
                loaded,
                "RFC007",
                f"catalog entry {entry.id!r} covers {entry.category}, not {change.category}",
                "category",
            )
        if RISK_ORDER.index(change.risk) > RISK_ORDER.index(entry.max_risk):
            yield finding(
                loaded,
                "RFC007",
                f"catalog entry {entry.id!r} covers risk up to {entry.max_risk}, not "
                f"{change.risk}; raise a normal change",
                "risk",
            )


@rule
def emergencies_reviewed(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.type != "emergency" or change.status != "closed":
            continue
        policy_rule = rule_for(context.config, change)
        needs = policy_rule.retrospective if policy_rule else []
        for need in needs:
            have = {review.by for review in change.reviews if review.role == need.role}
            if len(have) < need.count:
                yield finding(
                    loaded,
                    "RFC009",
                    f"closed without the retrospective review it needs: {need.count} from "
                    f"{need.role}, found {len(have)}",
                    "status",
                )
