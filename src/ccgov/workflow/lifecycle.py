"""The RFC lifecycle as pure functions: each step takes the RFC, the actor,
the time and its own typed request, checks the rules, and returns the
updated RFC (or raises RefusedError saying why and what is allowed next).

Which status each step may start from is not written here: :func:`decide`
reads it from the one lifecycle table, :data:`ccgov.records.lifecycle.MOVES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal

from ccgov.errors import RefusedError
from ccgov.policy.approvals import approval_problem, approval_status, describe_missing, rule_for
from ccgov.records.change import (
    Approval,
    ChangeRequest,
    ChangeStatus,
    TestResult,
    Transition,
    Window,
    content_hash,
)
from ccgov.records.change import Review as ReviewEntry
from ccgov.records.config import Blackout, Person, RepoConfig
from ccgov.records.lifecycle import NEXT_ACTIONS, Action, sources


@dataclass(frozen=True, slots=True)
class Step:
    """Everything a lifecycle step looks at: the policy, the RFC, who acts, when,
    and the other RFCs (for conflicts)."""

    config: RepoConfig
    change: ChangeRequest
    actor: Person
    now: datetime
    others: tuple[ChangeRequest, ...] = ()

    def moved(
        self,
        change: ChangeRequest,
        status: ChangeStatus,
        note: str | None = None,
        **updates: object,
    ) -> ChangeRequest:
        return _moved(change, status, self.actor, self.now, note, **updates)


# The updated RFC and notes for the user (warnings, where it now stands).
Outcome = tuple[ChangeRequest, list[str]]


def require_status(change: ChangeRequest, action: Action) -> None:
    """Refuse ``action`` from a status the lifecycle table does not allow it from."""
    allowed = sources(action)
    if change.status in allowed:
        return
    nxt = NEXT_ACTIONS[change.status]
    raise RefusedError(
        f"{change.id} is {change.status}; {action} needs it to be {' or '.join(allowed)}",
        hint=(
            f"from {change.status} you can: {', '.join(nxt)}"
            if nxt
            else f"{change.status} is final: raise a new RFC"
        ),
    )


# --- the requests: what each command asks for, typed ----------------------


@dataclass(frozen=True, slots=True)
class Submit:
    action: ClassVar[Action] = "submit"


@dataclass(frozen=True, slots=True)
class Approve:
    role: str | None = None
    comment: str | None = None
    action: ClassVar[Action] = "approve"


@dataclass(frozen=True, slots=True)
class Reject:
    reason: str
    role: str | None = None
    action: ClassVar[Action] = "reject"


@dataclass(frozen=True, slots=True)
class Schedule:
    start: datetime | None = None
    end: datetime | None = None
    action: ClassVar[Action] = "schedule"


@dataclass(frozen=True, slots=True)
class Verify:
    result: Literal["pass", "fail"]
    evidence: str
    action: ClassVar[Action] = "verify"


@dataclass(frozen=True, slots=True)
class Implement:
    # Nothing documented changed: implement without CI record edits.
    allow_no_record_changes: bool = False
    action: ClassVar[Action] = "implement"


@dataclass(frozen=True, slots=True)
class Review:
    comment: str
    role: str | None = None
    action: ClassVar[Action] = "review"


@dataclass(frozen=True, slots=True)
class Close:
    action: ClassVar[Action] = "close"


@dataclass(frozen=True, slots=True)
class Cancel:
    reason: str | None = None
    action: ClassVar[Action] = "cancel"


Request = Submit | Approve | Reject | Schedule | Verify | Implement | Review | Close | Cancel


def _moved(
    change: ChangeRequest,
    status: ChangeStatus,
    actor: Person,
    now: datetime,
    note: str | None = None,
    **updates: object,
) -> ChangeRequest:
    transition = (
        Transition(status=status, at=now, by=actor.handle, note=note)
        if note
        else Transition(status=status, at=now, by=actor.handle)
    )
    return change.model_copy(
        update={"status": status, "history": [*change.history, transition], **updates}
    )


def submit(step: Step, request: Submit) -> Outcome:
    """draft -> submitted; or back to submitted when content changed after approval."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.status in ("approved", "scheduled"):
        if approval_status(config, change).satisfied:
            raise RefusedError(
                f"{change.id} is {change.status} and its approvals still cover its content",
                hint="resubmitting is only for an RFC edited after approval",
            )
        return _moved(
            change, "submitted", actor, now, note="resubmitted: content changed after approval"
        ), []
    if change.plans is None:
        raise RefusedError(
            f"{change.id} has no plans",
            hint=f"add plans: with implementation, test and backout to changes/{change.id}.yaml, then submit",
        )
    submitted = _moved(change, "submitted", actor, now)
    if change.type == "standard" and approval_status(config, submitted).satisfied:
        # A standard change is pre-approved by its service-catalog entry: no CAB vote.
        return _moved(
            submitted,
            "approved",
            actor,
            now,
            note=f"pre-approved: catalog entry {change.catalog_entry}",
        ), []
    return submitted, []


def _decision_role(
    config: RepoConfig, change: ChangeRequest, actor: Person, role: str | None
) -> str:
    rule = rule_for(config, change)
    if rule is None:
        raise RefusedError(
            f"no rule in ccgov.yaml policy.approvals covers a {change.type} change of {change.risk} risk",
            hint="add an approval rule for it to ccgov.yaml",
        )
    required = [need.role for need in rule.require]
    if role is not None:
        candidates = [role]
    else:
        missing = [need.role for need in approval_status(config, change).missing]
        candidates = [r for r in missing if r in actor.roles] or [
            r for r in required if r in actor.roles
        ]
    if not candidates or candidates[0] not in required:
        raise RefusedError(
            f"{change.id} needs decisions from {', '.join(sorted(set(required))) or 'nobody'}; "
            f"{actor.handle} holds {', '.join(actor.roles) or 'no roles'}",
            hint="ask someone with the required role",
        )
    chosen = candidates[0]
    problem = approval_problem(config, change, actor.handle, chosen)
    if problem is not None:
        raise RefusedError(problem.message, hint="separation of duties: another person must decide")
    return chosen


def approve(step: Step, request: Approve) -> Outcome:
    """Record an approval; the RFC becomes approved once the policy is satisfied."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    comment = request.comment
    chosen = _decision_role(config, change, actor, request.role)
    current = content_hash(change)
    if any(a.by == actor.handle and a.content_hash == current for a in change.approvals):
        raise RefusedError(f"{actor.handle} has already decided on {change.id} as it stands")
    approval = Approval(
        by=actor.handle,
        role=chosen,
        decision="approve",
        at=now,
        content_hash=current,
        **({"comment": comment} if comment else {}),
    )
    updated = change.model_copy(update={"approvals": [*change.approvals, approval]})
    if approval_status(config, updated).satisfied:
        updated = _moved(updated, "approved", actor, now)
    notes = check_slot(config, updated, updated.window, step.others) if updated.window else []
    notes.append(f"{updated.id} is {updated.status}: {describe_approvals(config, updated)}")
    return updated, notes


def reject(step: Step, request: Reject) -> Outcome:
    """A rejection by a required approver stops the RFC."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    reason = request.reason
    chosen = _decision_role(config, change, actor, request.role)
    decision = Approval(
        by=actor.handle,
        role=chosen,
        decision="reject",
        at=now,
        content_hash=content_hash(change),
        comment=reason,
    )
    updated = change.model_copy(update={"approvals": [*change.approvals, decision]})
    return _moved(updated, "rejected", actor, now, note=reason), []


def overlaps(a: Window, b: Window | Blackout) -> bool:
    return a.start < b.end and b.start < a.end


def conflicts(change: ChangeRequest, slot: Window, others: Iterable[ChangeRequest]) -> list[str]:
    """Other approved/scheduled RFCs touching a shared CI in an overlapping slot."""
    found = []
    for other in others:
        if other.id == change.id or other.status not in ("approved", "scheduled"):
            continue
        shared = sorted(set(other.affects) & set(change.affects))
        their = other.schedule or other.window
        if shared and their is not None and overlaps(slot, their):
            found.append(
                f"{other.id} ({other.status}) also changes {', '.join(shared)} "
                f"between {their.start.isoformat()} and {their.end.isoformat()}"
            )
    return found


def blackout_clashes(config: RepoConfig, change: ChangeRequest, slot: Window) -> list[str]:
    if change.type == "emergency":
        return []
    return [
        f"{b.name} ({b.start.isoformat()} to {b.end.isoformat()})"
        for b in config.blackouts
        if overlaps(slot, b)
    ]


def check_slot(
    config: RepoConfig, change: ChangeRequest, slot: Window, others: Iterable[ChangeRequest]
) -> list[str]:
    """Refuse blackout clashes; return conflict warnings (or refuse, per policy)."""
    if slot.end <= slot.start:
        raise RefusedError(
            f"the window ends ({slot.end.isoformat()}) before it starts ({slot.start.isoformat()})"
        )
    clashes = blackout_clashes(config, change, slot)
    if clashes:
        raise RefusedError(
            f"the window falls in a blackout period: {'; '.join(clashes)}",
            hint="choose another window; only emergency changes may run in a blackout",
        )
    found = conflicts(change, slot, others)
    if found and config.policy.conflicts == "refuse":
        raise RefusedError(
            "conflicting changes: " + "; ".join(found),
            hint="choose another window or coordinate with the other RFC's owner",
        )
    return found


def schedule(step: Step, request: Schedule) -> Outcome:
    """approved -> scheduled: book a slot inside the approved window."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    start, end = request.start, request.end
    if change.window is None:
        raise RefusedError(
            f"{change.id} was approved without a window, and the window is part of what is approved",
            hint=f"add window: to changes/{change.id}.yaml, resubmit (ccgov rfc submit) and re-approve",
        )
    slot = Window(start=start or change.window.start, end=end or change.window.end)
    if slot.end > slot.start and not (
        change.window.start <= slot.start and slot.end <= change.window.end
    ):
        raise RefusedError(
            f"the slot {slot.start.isoformat()} to {slot.end.isoformat()} is outside the approved "
            f"window {change.window.start.isoformat()} to {change.window.end.isoformat()}",
            hint="a new window needs new approval: edit window:, resubmit and re-approve",
        )
    warnings = check_slot(config, change, slot, step.others)
    return _moved(change, "scheduled", actor, now, schedule=slot), warnings


def verify(step: Step, request: Verify) -> Outcome:
    """`rfc verify`: before implementation a test result; after it, the verification.

    After implementation a pass verifies the change and a fail means it was
    backed out.
    """
    change, actor, now = step.change, step.actor, step.now
    result = request.result
    test = TestResult(at=now, by=actor.handle, result=result, evidence=request.evidence)
    updated = change.model_copy(update={"tests": [*change.tests, test]})
    if change.status == "implemented":
        return _moved(updated, "verified" if result == "pass" else "backed_out", actor, now), []
    return updated, []


def implement(step: Step, request: Implement) -> Outcome:
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if not change.tests or change.tests[-1].result != "pass":
        raise RefusedError(
            f"{change.id} has no passing test result",
            hint=f"test first: ccgov rfc verify {change.id} --result pass --evidence ...",
        )
    if config.policy.separation_of_duties and any(
        a.by == actor.handle and a.decision == "approve" for a in change.approvals
    ):
        raise RefusedError(
            f"{actor.handle} approved {change.id} and may not also implement it",
            hint="separation of duties: another engineer implements",
        )
    if change.implementer is not None and change.implementer != actor.handle:
        raise RefusedError(f"{change.id} is assigned to {change.implementer} to implement")
    updates = {} if change.implementer else {"implementer": actor.handle}
    return _moved(change, "implemented", actor, now, **updates), []


def review(step: Step, request: Review) -> Outcome:
    """The retrospective review an emergency change needs before it closes."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.type != "emergency":
        raise RefusedError(
            f"{change.id} is a {change.type} change; only emergency changes get "
            "retrospective reviews"
        )
    comment, role = request.comment, request.role
    policy_rule = rule_for(config, change)
    roles = [need.role for need in (policy_rule.retrospective if policy_rule else [])]
    chosen = role or next((r for r in roles if r in actor.roles), None)
    if chosen is None or chosen not in roles or chosen not in actor.roles:
        raise RefusedError(
            f"a retrospective review needs the role {' or '.join(roles) or '(none)'}; "
            f"{actor.handle} holds {', '.join(actor.roles) or 'no roles'}"
        )
    if actor.handle in (change.requested_by, change.implementer):
        raise RefusedError(
            f"{actor.handle} requested or implemented {change.id} and may not review it"
        )
    entry = ReviewEntry(by=actor.handle, role=chosen, at=now, comment=comment)
    return change.model_copy(update={"reviews": [*change.reviews, entry]}), []


def close(step: Step, request: Close) -> Outcome:
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.type == "emergency":
        policy_rule = rule_for(config, change)
        for need in policy_rule.retrospective if policy_rule else []:
            have = {r.by for r in change.reviews if r.role == need.role}
            if len(have) < need.count:
                raise RefusedError(
                    f"emergency change {change.id} needs a retrospective review by {need.role} "
                    "before it can close",
                    hint=f"ccgov rfc review {change.id} --comment ... (by someone holding {need.role})",
                )
    return _moved(change, "closed", actor, now), []


def cancel(step: Step, request: Cancel) -> Outcome:
    change, actor, now = step.change, step.actor, step.now
    return _moved(change, "cancelled", actor, now, note=request.reason), []


def describe_approvals(config: RepoConfig, change: ChangeRequest) -> str:
    status = approval_status(config, change)
    if status.rule is None:
        return "no approval rule covers this RFC"
    if status.missing:
        return "waiting for " + describe_missing(status.missing)
    return "approvals complete"


def decide(step: Step, request: Request) -> Outcome:
    """Apply one lifecycle step: the status guard from the table, then the step."""
    require_status(step.change, request.action)
    match request:
        case Submit():
            return submit(step, request)
        case Approve():
            return approve(step, request)
        case Reject():
            return reject(step, request)
        case Schedule():
            return schedule(step, request)
        case Verify():
            return verify(step, request)
        case Implement():
            return implement(step, request)
        case Review():
            return review(step, request)
        case Close():
            return close(step, request)
        case Cancel():
            return cancel(step, request)
