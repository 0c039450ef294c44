"""The RFC lifecycle as pure functions: each step takes the RFC, the actor,
the time and its own typed request, checks the rules, and returns the
updated RFC (or raises RefusedError saying why and what is allowed next).

Which status each step may start from is not written here: :func:`decide`
reads it from the one lifecycle table, :data:`ccgov.records.lifecycle.MOVES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Literal

from ccgov.errors import RefusedError
from ccgov.policy.approvals import (
    ApprovalStatus,
    approval_problem,
    approval_status,
    describe_missing,
    is_active,
    retrospective_missing,
    retrospective_roles,
    review_problem,
    rule_for,
)
from ccgov.policy.catalog import catalog_problems
from ccgov.policy.dependencies import Graph, coupled
from ccgov.policy.evidence import latest_test
from ccgov.policy.timing import blackout_clashes, describe_slot, in_slot, overlaps, within
from ccgov.records.change import (
    Approval,
    ChangeRequest,
    ChangeStatus,
    Deviation,
    Preapproval,
    TestResult,
    Transition,
    Window,
    content_hash,
)
from ccgov.records.change import Review as ReviewEntry
from ccgov.records.config import Person, RepoConfig
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
    # CI id -> its record's kind (a standard change's catalog entry may limit them)
    kinds: Mapping[str, str] = field(default_factory=dict)
    # CI id -> its depends_on (RFCs whose CIs depend on each other conflict too)
    depends: Graph = field(default_factory=dict)

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
    # A failure after implementation backs the change out; nothing documented changed back.
    allow_no_record_changes: bool = False
    action: ClassVar[Action] = "verify"


@dataclass(frozen=True, slots=True)
class Implement:
    # Nothing documented changed: implement without CI record edits.
    allow_no_record_changes: bool = False
    # Why the change is implemented outside its booked slot (recorded in the RFC).
    deviation: str | None = None
    action: ClassVar[Action] = "implement"


@dataclass(frozen=True, slots=True)
class Backout:
    """After implementation: the change failed and was undone (a failed verification)."""

    evidence: str
    # Nothing documented changed back: back out without CI record edits.
    allow_no_record_changes: bool = False
    action: ClassVar[Action] = "backout"


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


Request = (
    Submit | Approve | Reject | Schedule | Verify | Implement | Backout | Review | Close | Cancel
)


def backs_out(change: ChangeRequest, request: Request) -> bool:
    """Whether ``request`` on ``change`` undoes an implemented change."""
    if change.status != "implemented":
        return False
    return isinstance(request, Backout) or (
        isinstance(request, Verify) and request.result == "fail"
    )


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
    """draft -> submitted; or back to submitted when content changed after approval.

    A standard change whose catalog entry covers it is approved at once by
    that entry, bound to the content submitted (``preapproval``).
    """
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.status in ("approved", "scheduled"):
        status = approval_status(config, change)
        if status.satisfied:
            raise RefusedError(
                f"{change.id} is {change.status} and its approvals still cover its content",
                hint="resubmitting is only for an RFC edited after approval",
            )
        submitted = _moved(change, "submitted", actor, now, note=_resubmitted(change, status))
    else:
        if change.plans is None:
            raise RefusedError(
                f"{change.id} has no plans",
                hint=f"add plans: with implementation, test and backout to changes/{change.id}.yaml, then submit",
            )
        submitted = _moved(change, "submitted", actor, now)
    if change.type != "standard":
        return submitted, []
    return preapprove(step, submitted), []


def _resubmitted(change: ChangeRequest, status: ApprovalStatus) -> str:
    """Why an approved RFC goes back to submitted, for its history."""
    pre = change.preapproval
    if status.stale or (pre is not None and pre.content_hash != content_hash(change)):
        return "resubmitted: content changed after approval"
    if status.inactive:
        return "resubmitted: an approver is no longer active"
    return "resubmitted: its approvals no longer satisfy the policy"


def preapprove(step: Step, change: ChangeRequest) -> ChangeRequest:
    """Check a submitted standard change against its catalog entry and record
    the entry's approval of exactly this content; refuse one that does not fit."""
    problems = [p.message for p in catalog_problems(step.config, change, step.kinds)]
    if problems:
        raise RefusedError(
            f"{change.id} does not fit a standard change's catalog entry: {'; '.join(problems)}",
            hint=f"narrow the change, or raise it as a normal change (type: normal in "
            f"changes/{change.id}.yaml, then ccgov rfc submit {change.id}) for the CAB to approve",
        )
    assert change.catalog_entry is not None  # catalog_problems refuses a change without one
    preapproved = change.model_copy(
        update={
            "preapproval": Preapproval(
                entry=change.catalog_entry,
                by=step.actor.handle,
                at=step.now,
                content_hash=content_hash(change),
            )
        }
    )
    if not approval_status(step.config, preapproved).satisfied:
        return preapproved  # the policy also wants approvals for standard changes
    return _moved(
        preapproved,
        "approved",
        step.actor,
        step.now,
        note=f"pre-approved: catalog entry {change.catalog_entry}",
    )


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
    notes = (
        check_slot(config, updated, updated.window, step.others, step.depends)
        if updated.window
        else []
    )
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


def conflicts(
    change: ChangeRequest,
    slot: Window,
    others: Iterable[ChangeRequest],
    depends: Graph | None = None,
) -> list[str]:
    """Other approved/scheduled RFCs in an overlapping slot that touch a shared
    CI, or a CI that depends on one of ours or that one of ours depends on
    (through ``depends``: CI id -> depends_on, directly or through others)."""
    found = []
    for other in others:
        if other.id == change.id or other.status not in ("approved", "scheduled"):
            continue
        their = other.schedule or other.window
        if their is None or not overlaps(slot, their):
            continue
        between = f"between {their.start.isoformat()} and {their.end.isoformat()}"
        shared = sorted(set(other.affects) & set(change.affects))
        if shared:
            found.append(f"{other.id} ({other.status}) also changes {', '.join(shared)} {between}")
        pairs = coupled(depends or {}, change.affects, other.affects)
        if pairs:
            named = "; ".join(f"{dependent} depends on {target}" for dependent, target in pairs)
            found.append(
                f"{other.id} ({other.status}) changes CIs coupled to these ({named}) {between}"
            )
    return found


def check_slot(
    config: RepoConfig,
    change: ChangeRequest,
    slot: Window,
    others: Iterable[ChangeRequest],
    depends: Graph | None = None,
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
    found = conflicts(change, slot, others, depends)
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
    if slot.end > slot.start and not within(slot, change.window):
        raise RefusedError(
            f"the slot {slot.start.isoformat()} to {slot.end.isoformat()} is outside the approved "
            f"window {change.window.start.isoformat()} to {change.window.end.isoformat()}",
            hint="a new window needs new approval: edit window:, resubmit and re-approve",
        )
    warnings = check_slot(config, change, slot, step.others, step.depends)
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


def backout(step: Step, request: Backout) -> Outcome:
    """`rfc backout`: the change failed after implementation and was undone;
    recorded as the failed verification it is."""
    return verify(step, Verify(result="fail", evidence=request.evidence))


def implement(step: Step, request: Implement) -> Outcome:
    config, change, actor, now = step.config, step.change, step.actor, step.now
    last = latest_test(change.tests)
    if last is None or last.result != "pass":
        raise RefusedError(
            f"{change.id} has no passing test result"
            if last is None
            else f"the latest test of {change.id} (at {last.at.isoformat()} by {last.by}) failed",
            hint=f"test first: ccgov rfc verify {change.id} --result pass --evidence ...",
        )
    if not is_active(config, last.by):
        raise RefusedError(
            f"the latest test of {change.id} was recorded by {last.by}, who is inactive in "
            "ccgov.yaml, so it no longer counts",
            hint=f"have someone active test it: ccgov rfc verify {change.id} --result pass "
            "--evidence ...",
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
    updates: dict[str, object] = {} if change.implementer else {"implementer": actor.handle}
    notes: list[str] = []
    if request.deviation:
        deviation = Deviation(at=now, by=actor.handle, reason=request.deviation)
        updates["deviations"] = [*change.deviations, deviation]
        if not in_slot(change, now):
            notes.append(f"implemented outside {describe_slot(change)}; deviation recorded")
    elif not in_slot(change, now):
        raise RefusedError(
            f"it is {now.isoformat()}, outside {describe_slot(change)} of {change.id}",
            hint=f"implement inside the slot, or record why not: ccgov rfc implement {change.id} "
            '--deviation "REASON"',
        )
    return _moved(change, "implemented", actor, now, None, **updates), notes


def review(step: Step, request: Review) -> Outcome:
    """The retrospective review an emergency change needs before it closes."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.type != "emergency":
        raise RefusedError(
            f"{change.id} is a {change.type} change; only emergency changes get "
            "retrospective reviews"
        )
    roles = retrospective_roles(config, change)
    chosen = request.role or next((r for r in roles if r in actor.roles), None)
    if chosen is None or chosen not in roles or chosen not in actor.roles:
        raise RefusedError(
            f"a retrospective review needs the role {' or '.join(roles) or '(none)'}; "
            f"{actor.handle} holds {', '.join(actor.roles) or 'no roles'}"
        )
    entry = ReviewEntry(by=actor.handle, role=chosen, at=now, comment=request.comment)
    problem = review_problem(config, change, entry)
    if problem is not None:
        raise RefusedError(problem.message)
    return change.model_copy(update={"reviews": [*change.reviews, entry]}), []


def close(step: Step, request: Close) -> Outcome:
    change, actor, now = step.change, step.actor, step.now
    missing = retrospective_missing(step.config, change)
    if missing:
        need = missing[0]
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
    if status.preapproval is not None:
        if status.preapproval.kind == "missing":
            return "waiting for its catalog pre-approval (ccgov rfc submit)"
        return "pre-approval void: " + status.preapproval.message
    if status.missing:
        return "waiting for " + describe_missing(status.missing)
    if change.type == "standard" and change.preapproval is not None:
        return f"pre-approved by catalog entry {change.preapproval.entry}"
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
        case Backout():
            return backout(step, request)
        case Review():
            return review(step, request)
        case Close():
            return close(step, request)
        case Cancel():
            return cancel(step, request)
