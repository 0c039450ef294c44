"""RFC invariants that can be checked without history: approvals satisfy the
policy and still cover the content, separation of duties, test evidence,
transition order, windows and booked slots, catalog entries, new CIs,
retrospective reviews."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ccgov.findings import Finding
from ccgov.policy.approvals import (
    approval_status,
    describe_missing,
    retrospective_missing,
    review_problem,
)
from ccgov.policy.catalog import catalog_problems
from ccgov.policy.evidence import latest_test
from ccgov.policy.timing import implemented_at, slot_problems
from ccgov.records.change import ChangeRequest, ChangeStatus, content_hash
from ccgov.records.lifecycle import (
    APPROVED_OR_LATER,
    IMPLEMENTED_OR_LATER,
    PAST_IMPLEMENTATION,
    TRANSITIONS,
)
from ccgov.rules.base import REFERENCED, REFERENCES, Context, finding, rule, shared


def _index(change: ChangeRequest, approval: object) -> int:
    return _index_of(change.approvals, approval)


def _index_of(entries: list[Any], wanted: object) -> int:
    # By identity: list.index() compares by value, so the second of two
    # identical (copy-pasted) entries would be reported at the first one.
    return next(i for i, entry in enumerate(entries) if entry is wanted)


@rule(reads=())
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
        if status.preapproval is not None:
            why = {
                "missing": "it has no catalog pre-approval (rfc submit records one)",
                "other_entry": "its pre-approval is by another catalog entry",
                "stale": "its catalog pre-approval covers different content",
            }[status.preapproval.kind]
            yield finding(loaded, "RFC001", f"status is {change.status} but {why}", "status")
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


@rule(reads=())
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
        pre = change.preapproval
        if change.type == "standard" and pre is not None:
            if pre.entry != change.catalog_entry:
                yield finding(
                    loaded,
                    "RFC005",
                    f"the pre-approval is by catalog entry {pre.entry!r}, but the RFC follows "
                    f"{change.catalog_entry!r}; resubmit it (ccgov rfc submit)",
                    "preapproval",
                    "entry",
                )
            elif pre.content_hash != current:
                yield finding(
                    loaded,
                    "RFC005",
                    "the pre-approval covers different content: scope, CIs, plans, risk or "
                    "window changed after submission; resubmit the RFC (ccgov rfc submit), which "
                    "checks it against the catalog again",
                    "preapproval",
                    "content_hash",
                )


@rule(reads=())
def approvals_by_active_people(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        # Like a stale approval: reported when the RFC relies on it (past
        # approval, not yet implemented, and short of approvals without it).
        if change.status not in APPROVED_OR_LATER or change.status in PAST_IMPLEMENTATION:
            continue
        status = approval_status(context.config, change)
        if status.satisfied:
            continue
        for approval in status.inactive:
            yield finding(
                loaded,
                "RFC016",
                f"{approval.by} is inactive in ccgov.yaml, so their {approval.decision} no longer "
                "counts; resubmit the RFC (ccgov rfc submit) and have someone active approve it",
                "approvals",
                _index(change, approval),
                "by",
            )


@rule(reads=())
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


@rule(reads=())
def tested_before_implementation(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.status not in IMPLEMENTED_OR_LATER:
            continue
        # The last test before implementation decides, as it does for `rfc implement`.
        last = latest_test(change.tests, before=implemented_at(change))
        if last is None:
            yield finding(
                loaded,
                "RFC003",
                f"status is {change.status} but no passing test was recorded before implementation",
                "status",
            )
        elif last.result != "pass":
            yield finding(
                loaded,
                "RFC003",
                f"status is {change.status} but the last test before implementation (at "
                f"{last.at.isoformat()} by {last.by}) failed",
                "tests",
                _index_of(change.tests, last),
                "result",
            )


@rule(reads=())
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


@rule(reads=())
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


@rule(reads=())
def booked_slots_kept(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        for problem in slot_problems(context.config, loaded.record):
            yield finding(loaded, "RFC013", problem.message, *problem.where)


@rule(reads=(REFERENCED,))
def standard_changes_follow_catalog(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.type != "standard":
            continue
        kinds = _item_kinds(context, [*change.affects, *change.creates])
        for problem in catalog_problems(context.config, change, kinds):
            if problem.aspect == "unknown_entry":
                continue  # REF006 reports it
            code = "RFC012" if problem.aspect == "item" else "RFC007"
            yield finding(loaded, code, problem.message, *problem.where)


def _item_kinds(context: Context, items: list[str]) -> dict[str, str]:
    """CI id -> the kind its record declares (the last record, if the id is duplicated)."""
    found: dict[str, str] = {}
    for item in items:
        paths = [path for kind, path in context.carriers(item) if kind.name == "item"]
        if paths:
            found[item] = context.record(paths[-1]).record.kind
    return found


# Statuses in which an RFC still means to create its new CIs.
_CREATING: frozenset[ChangeStatus] = frozenset({"draft", "submitted", "approved", "scheduled"})


@rule(reads=(REFERENCES, shared("creates")))
def created_items_as_declared(context: Context) -> Iterator[Finding]:
    prefix = context.config.id_prefixes.item + "-"
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        for index, item in enumerate(change.creates):
            problem = _creation_problem(context, change, item, prefix)
            if problem is not None:
                yield finding(loaded, "RFC014", problem, "creates", index)


def _backed_out(change: ChangeRequest) -> bool:
    # A closed RFC may have been backed out first: its new CIs were removed again.
    return any(t.status == "backed_out" for t in change.history)


def _creates_live(change: ChangeRequest) -> bool:
    """Whether the RFC is to create, or has created and kept, its new CIs."""
    return change.status in _CREATING or (
        change.status in IMPLEMENTED_OR_LATER and not _backed_out(change)
    )


def _creation_problem(
    context: Context, change: ChangeRequest, item: str, prefix: str
) -> str | None:
    if item in change.affects:
        return f"{item} is in both affects and creates; a change either creates a CI or changes it"
    if not item.startswith(prefix):
        return f"{item} is not a configuration item id (they start with {prefix})"
    if not _creates_live(change) or item in context.unloaded:
        return None  # nothing to create any more, or its file does not load (its own findings)
    # Other RFCs that mean to create it too (or created it and kept it).
    others = [
        other.record.id
        for other in context.sharing("creates", item)
        if _creates_live(other.record) and other.record.id != change.id
    ]
    if others:
        return f"{item} is to be created by {', '.join(others)} too; give one of them another id"
    resolved = context.kind_of(item)
    if resolved is not None and resolved.name != "item":
        return f"{item} is a {resolved.title.lower()}, but a configuration item is expected"
    if change.status in _CREATING and resolved is not None:
        return (
            f"{item} already exists, but {change.id} ({change.status}) is to create it: if you "
            f"wrote items/{item}.yaml for this change, `ccgov rfc implement {change.id}` commits "
            "it; otherwise list it in affects or create another id"
        )
    if change.status not in _CREATING and resolved is None:
        return (
            f"{change.id} is {change.status}, but {item}, which it creates, does not exist; "
            f"add items/{item}.yaml"
        )
    return None


@rule(reads=())
def emergencies_reviewed(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        if change.type != "emergency" or change.status != "closed":
            continue
        for need in retrospective_missing(context.config, change):
            yield finding(
                loaded,
                "RFC009",
                f"closed without the retrospective review it needs: {need.count} more from "
                f"{need.role}",
                "status",
            )


@rule(reads=())
def reviews_by_the_right_people(context: Context) -> Iterator[Finding]:
    for loaded in context.of("change"):
        change: ChangeRequest = loaded.record
        for index, review in enumerate(change.reviews):
            problem = review_problem(context.config, change, review)
            # An unknown person is REF001's; an inactive one only stops counting.
            if problem is None or problem.kind in ("unknown_person", "inactive"):
                continue
            where = "by" if problem.kind == "self_review" else "role"
            yield finding(loaded, "RFC015", problem.message, "reviews", index, where)
