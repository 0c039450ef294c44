"""The incident lifecycle as one table.

An incident keeps no status field: its state is read from what it records
(:func:`state`), so a hand-written or imported incident is in the same state
as one walked through ``ccgov incident ...``. Each row of :data:`MOVES` says
which command may run from which states and where it can take the incident;
the status guard of every command and the "next:" hints are derived from it.
Change the lifecycle here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ccgov.records.incident import Incident

IncidentState = Literal["open", "responded", "paused", "resolved", "closed"]
IncidentAction = Literal[
    "respond", "update", "notify", "pause", "resume", "resolve", "reopen", "close"
]

STATES: tuple[IncidentState, ...] = ("open", "responded", "paused", "resolved", "closed")
# States in which the incident is still running (not resolved, not closed).
RUNNING: frozenset[IncidentState] = frozenset({"open", "responded", "paused"})


@dataclass(frozen=True, slots=True)
class Move:
    action: IncidentAction
    sources: tuple[IncidentState, ...]  # states the command may start from
    targets: tuple[IncidentState, ...]  # states it can lead to (none: unchanged)
    hint: str  # how the command shows in "next:"


MOVES: tuple[Move, ...] = (
    Move("respond", ("open",), ("responded",), "respond"),
    # Messages and notifications go out while it runs, and after the
    # resolution (the all-clear); a closed incident is history.
    Move("update", ("open", "responded", "paused", "resolved"), (), "update --text"),
    Move("notify", ("open", "responded", "paused", "resolved"), (), "notify --step N"),
    Move("pause", ("open", "responded"), ("paused",), "pause"),
    Move("resume", ("paused",), ("open", "responded"), "resume"),
    # Resolving a paused incident ends its wait at the same moment.
    Move("resolve", ("open", "responded", "paused"), ("resolved",), "resolve"),
    Move("reopen", ("resolved",), ("responded",), "reopen"),
    Move("close", ("resolved",), ("closed",), "close"),
)
ACTIONS: tuple[IncidentAction, ...] = tuple(dict.fromkeys(move.action for move in MOVES))


def final_resolution(incident: Incident) -> datetime | None:
    """When the incident was last resolved, if it is resolved now: the first
    resolution, or that of the last reopening; None while it runs."""
    if incident.reopened:
        return incident.reopened[-1].resolved
    return incident.resolved


def state(incident: Incident) -> IncidentState:
    """The state the record says the incident is in."""
    if incident.closed is not None:
        return "closed"
    if final_resolution(incident) is not None:
        return "resolved"
    if any(pause.end is None for pause in incident.pauses):
        return "paused"
    if incident.responded is not None or incident.reopened:
        return "responded"
    return "open"


def sources(action: IncidentAction) -> tuple[IncidentState, ...]:
    """Every state ``action`` may start from."""
    return tuple(s for s in STATES if any(s in m.sources for m in MOVES if m.action == action))


def _next_actions() -> dict[IncidentState, tuple[str, ...]]:
    return {
        status: tuple(dict.fromkeys(m.hint for m in MOVES if status in m.sources))
        for status in STATES
    }


# What a user may do next from each state (commands, not states).
NEXT_ACTIONS: dict[IncidentState, tuple[str, ...]] = _next_actions()
