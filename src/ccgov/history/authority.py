"""What authorises a change to the controlled environment.

A configuration item (its record or its artifact) or the governance
configuration may change only in a commit that implements (or backs out) an
RFC covering it, and that RFC is read *as it stood before the commit*: the
content whose hash was approved, the approvals valid under the policy then
in force, the tests recorded before, the slot that was booked. Trailers and
commit messages prove nothing; the RFC's own status move in the same commit
does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ccgov.history.replay import Actor
from ccgov.policy.approvals import approval_status
from ccgov.policy.evidence import latest_test
from ccgov.records.change import ChangeRequest, content_hash
from ccgov.records.config import RepoConfig

Report = Callable[[str, str, str], None]  # (code, file, message)


@dataclass(frozen=True, slots=True)
class Grant:
    """One RFC's move in a commit, and what it lets that commit change."""

    change_id: str
    action: str  # "implement" or "backout"
    items: frozenset[str]  # CIs in the approved scope (affects and creates)
    governance: bool  # a governance_change: ccgov.yaml may change too


@dataclass(slots=True)
class Authority:
    """The grants a commit carries."""

    grants: list[Grant] = field(default_factory=list)

    def for_item(self, item: str) -> list[str]:
        return [g.change_id for g in self.grants if item in g.items]

    @property
    def governance(self) -> list[str]:
        return [g.change_id for g in self.grants if g.governance]


def _last_moment(change: ChangeRequest, status: str) -> datetime | None:
    moments = [t.at for t in change.history if t.status == status]
    return moments[-1] if moments else None


def judge_move(
    path: str,
    before: ChangeRequest | None,
    after: ChangeRequest | None,
    actor: Actor,
    config: RepoConfig,
    report: Report,
) -> Grant | None:
    """An RFC that moves to implemented (or backed_out) in a commit: check the
    move against the state before it and return what it authorises."""
    if after is None or before is None or after.status == before.status:
        return None
    if (before.status, after.status) == ("scheduled", "implemented"):
        action = "implement"
    elif (before.status, after.status) == ("implemented", "backed_out"):
        action = "backout"
    else:
        return None
    ok = True

    def problem(code: str, message: str) -> None:
        # Approvals and actors decide whether the change was authorised at
        # all; tests and timing are findings of their own.
        nonlocal ok
        ok = ok and code not in ("AUD007", "AUD008")
        report(code, path, message)

    status = approval_status(config, before)
    if not status.satisfied:
        problem(
            "AUD007",
            f"{before.id} was implemented without approvals valid under the policy in force "
            "before the commit",
        )
    if content_hash(after) != content_hash(before):
        problem(
            "AUD007",
            f"{before.id}'s approved content (scope, CIs, plans or window) changed in the same "
            "commit that implements it",
        )
    person = actor.person
    if person is None or not person.active:
        problem("AUD008", f"{before.id} was {action}ed by {actor.label}, not an active person")
    elif action == "implement":
        if before.implementer is not None and before.implementer != person.handle:
            problem(
                "AUD008",
                f"{before.id} is assigned to {before.implementer}, but {person.handle} "
                "implemented it",
            )
        approvers = {a.by for a in before.approvals if a.decision == "approve"}
        if config.policy.separation_of_duties and person.handle in approvers:
            problem("AUD008", f"{person.handle} approved {before.id} and also implemented it")
    if action == "implement":
        latest = latest_test(before.tests)
        if latest is None or latest.result != "pass":
            problem(
                "AUD003",
                f"{before.id} was implemented without a passing test as its latest result",
            )
        moment = _last_moment(after, "implemented")
        slot = before.schedule
        deviated = len(after.deviations) > len(before.deviations)
        outside = slot is not None and moment is not None and not slot.start <= moment <= slot.end
        if outside and not deviated:
            assert slot is not None and moment is not None
            problem(
                "AUD009",
                f"{before.id} was implemented at {moment.isoformat()}, outside its booked "
                f"slot {slot.start.isoformat()} to {slot.end.isoformat()}, with no "
                "deviation recorded",
            )
    if not ok:
        return None
    return Grant(
        before.id,
        action,
        frozenset(before.affects) | frozenset(before.creates),
        before.category == "governance_change",
    )
