"""The RFC lifecycle as pure functions: each takes the RFC, the actor and the
time, checks the rules, and returns the updated RFC (or raises RefusedError
saying why and what is allowed next)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ccgov.errors import RefusedError
from ccgov.policy.approvals import approval_problem, approval_status, describe_missing, rule_for
from ccgov.records.change import (
    Approval,
    ChangeRequest,
    ChangeStatus,
    Review,
    TestResult,
    Transition,
    Window,
    content_hash,
)
from ccgov.records.config import Blackout, Person, RepoConfig


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

# What a user may do next from each status (commands, not statuses).
NEXT_ACTIONS: dict[ChangeStatus, tuple[str, ...]] = {
    "draft": ("submit", "cancel"),
    "submitted": ("approve", "reject", "cancel"),
    "approved": ("schedule", "verify (record a test)", "submit (after an edit)", "cancel"),
    "scheduled": ("verify (record a test)", "implement", "submit (after an edit)", "cancel"),
    "implemented": ("verify", "review (emergency changes)"),
    "verified": ("close", "review (emergency changes)"),
    "backed_out": ("close", "review (emergency changes)"),
    "closed": (),
    "rejected": (),
    "cancelled": (),
}


def _require(change: ChangeRequest, action: str, allowed: Iterable[ChangeStatus]) -> None:
    allowed = tuple(allowed)
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


def submit(step: Step) -> Outcome:
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
    _require(change, "submit", ("draft",))
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


def approve(step: Step, *, role: str | None = None, comment: str | None = None) -> Outcome:
    """Record an approval; the RFC becomes approved once the policy is satisfied."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    _require(change, "approve", ("submitted",))
    chosen = _decision_role(config, change, actor, role)
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


def reject(step: Step, *, reason: str, role: str | None = None) -> Outcome:
    """A rejection by a required approver stops the RFC."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    _require(change, "reject", ("submitted",))
    chosen = _decision_role(config, change, actor, role)
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


def schedule(step: Step, *, start: datetime | None = None, end: datetime | None = None) -> Outcome:
    """approved -> scheduled: book a slot inside the approved window."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    _require(change, "schedule", ("approved",))
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


def verify(step: Step, *, result: Literal["pass", "fail"], evidence: str) -> Outcome:
    """`rfc verify`: before implementation a test result; after it, the verification.

    After implementation a pass verifies the change and a fail means it was
    backed out.
    """
    change, actor, now = step.change, step.actor, step.now
    _require(change, "verify", ("approved", "scheduled", "implemented"))
    test = TestResult(at=now, by=actor.handle, result=result, evidence=evidence)
    updated = change.model_copy(update={"tests": [*change.tests, test]})
    if change.status == "implemented":
        return _moved(updated, "verified" if result == "pass" else "backed_out", actor, now), []
    return updated, []


def implement(step: Step) -> Outcome:
    config, change, actor, now = step.config, step.change, step.actor, step.now
    _require(change, "implement", ("scheduled",))
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


def review(step: Step, *, comment: str, role: str | None = None) -> Outcome:
    """The retrospective review an emergency change needs before it closes."""
    config, change, actor, now = step.config, step.change, step.actor, step.now
    if change.type != "emergency":
        raise RefusedError(
            f"{change.id} is a {change.type} change; only emergency changes get "
            "retrospective reviews"
        )
    _require(change, "review", ("implemented", "verified", "backed_out"))
    policy_rule = rule_for(config, change)
    roles = [need.role for need in (policy_rule.retrospective if policy_rule else [])]
    chosen = role or next((r for r in roles if r in actor.roles), None)
    if chosen is None or chosen not in actor.roles:
        raise RefusedError(
            f"a retrospective review needs the role {' or '.join(roles) or '(none)'}; "
            f"{actor.handle} holds {', '.join(actor.roles) or 'no roles'}"
        )
    if actor.handle in (change.requested_by, change.implementer):
        raise RefusedError(
            f"{actor.handle} requested or implemented {change.id} and may not review it"
        )
    entry = Review(by=actor.handle, role=chosen, at=now, comment=comment)
    return change.model_copy(update={"reviews": [*change.reviews, entry]}), []


def close(step: Step) -> Outcome:
    config, change, actor, now = step.config, step.change, step.actor, step.now
    _require(change, "close", ("verified", "backed_out"))
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


def cancel(step: Step, *, reason: str | None = None) -> Outcome:
    change, actor, now = step.change, step.actor, step.now
    _require(change, "cancel", ("draft", "submitted", "approved", "scheduled"))
    return _moved(change, "cancelled", actor, now, note=reason), []


def describe_approvals(config: RepoConfig, change: ChangeRequest) -> str:
    status = approval_status(config, change)
    if status.rule is None:
        return "no approval rule covers this RFC"
    if status.missing:
        return "waiting for " + describe_missing(status.missing)
    return "approvals complete"


# Every lifecycle step by the name of its command.
STEPS: dict[str, Callable[..., Outcome]] = {
    "submit": submit,
    "approve": approve,
    "reject": reject,
    "schedule": schedule,
    "verify": verify,
    "implement": implement,
    "review": review,
    "close": close,
    "cancel": cancel,
}
