"""The RFC lifecycle as one table.

Each row of :data:`MOVES` says which command may run from which statuses and
where it can take the RFC. Everything else is derived from it: the status
guards of the workflow, the transitions the history rule accepts, and the
"next:" hints shown to users. Change the lifecycle here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from ccgov.records.change import ChangeStatus

Action = Literal[
    "submit",
    "approve",
    "reject",
    "schedule",
    "verify",
    "implement",
    "backout",
    "review",
    "close",
    "cancel",
]


@dataclass(frozen=True, slots=True)
class Move:
    action: Action
    sources: tuple[ChangeStatus, ...]  # statuses the command may start from
    targets: tuple[ChangeStatus, ...]  # statuses it can lead to (none: status unchanged)
    hint: str  # how the command shows in "next:"


MOVES: tuple[Move, ...] = (
    Move("submit", ("draft",), ("submitted",), "submit"),
    # Back to submitted: the content changed after approval and must be re-approved.
    Move("submit", ("approved", "scheduled"), ("submitted",), "submit (after an edit)"),
    # An approval moves the RFC once the policy is satisfied; until then it stays submitted.
    Move("approve", ("submitted",), ("approved",), "approve"),
    Move("reject", ("submitted",), ("rejected",), "reject"),
    Move("schedule", ("approved",), ("scheduled",), "schedule"),
    # Before implementation verify records a test and leaves the status as it is.
    Move("verify", ("approved", "scheduled"), (), "verify (record a test)"),
    Move("implement", ("scheduled",), ("implemented",), "implement"),
    # After implementation: pass verifies it, fail means it was backed out.
    Move("verify", ("implemented",), ("verified", "backed_out"), "verify"),
    # The same as a failed verification, said plainly: the change was undone.
    Move("backout", ("implemented",), ("backed_out",), "backout"),
    Move("review", ("implemented", "verified", "backed_out"), (), "review (emergency changes)"),
    Move("close", ("verified", "backed_out"), ("closed",), "close"),
    Move("cancel", ("draft", "submitted", "approved", "scheduled"), ("cancelled",), "cancel"),
)

STATUSES: tuple[ChangeStatus, ...] = get_args(ChangeStatus)
ACTIONS: tuple[Action, ...] = tuple(dict.fromkeys(move.action for move in MOVES))

# The happy path, in order; the other statuses end an RFC early.
LIFECYCLE: tuple[ChangeStatus, ...] = (
    "draft",
    "submitted",
    "approved",
    "scheduled",
    "implemented",
    "verified",
    "closed",
)


def sources(action: Action) -> tuple[ChangeStatus, ...]:
    """Every status ``action`` may start from."""
    return tuple(
        status
        for status in STATUSES
        if any(status in m.sources for m in MOVES if m.action == action)
    )


def _transitions() -> dict[ChangeStatus, tuple[ChangeStatus, ...]]:
    found: dict[ChangeStatus, tuple[ChangeStatus, ...]] = {}
    for status in STATUSES:
        reachable = {t for m in MOVES if status in m.sources for t in m.targets if t != status}
        found[status] = tuple(s for s in STATUSES if s in reachable)
    return found


def _next_actions() -> dict[ChangeStatus, tuple[str, ...]]:
    return {
        status: tuple(dict.fromkeys(m.hint for m in MOVES if status in m.sources))
        for status in STATUSES
    }


# Which status may follow which (the history rule checks every recorded step).
TRANSITIONS: dict[ChangeStatus, tuple[ChangeStatus, ...]] = _transitions()
# What a user may do next from each status (commands, not statuses).
NEXT_ACTIONS: dict[ChangeStatus, tuple[str, ...]] = _next_actions()
# Statuses at or past approval: the approval policy must be satisfied.
APPROVED_OR_LATER: frozenset[ChangeStatus] = frozenset(
    {"approved", "scheduled", "implemented", "verified", "closed", "backed_out"}
)
IMPLEMENTED_OR_LATER: frozenset[ChangeStatus] = frozenset({"implemented", "verified", "closed"})
# Statuses after implementation, backed out included: the approvals and tests
# that let the change go ahead have done their work and are history now.
PAST_IMPLEMENTATION: frozenset[ChangeStatus] = IMPLEMENTED_OR_LATER | {"backed_out"}
