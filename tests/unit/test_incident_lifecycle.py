"""The incident lifecycle table, over every state and every action, and the
state each record reads as. The expectations are written out by hand, not
derived from ccgov.records.incident_lifecycle: a change to the table (or a
deleted guard) must show up as a failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from ccgov.errors import RefusedError
from ccgov.operations.incidents import require_state
from ccgov.records.incident import Incident
from ccgov.records.incident_lifecycle import (
    ACTIONS,
    NEXT_ACTIONS,
    STATES,
    IncidentState,
    final_resolution,
    state,
)

# Which action may start from which state: the whole lifecycle, by hand.
ALLOWED: dict[str, set[IncidentState]] = {
    "respond": {"open"},
    "update": {"open", "responded", "paused", "resolved"},
    "notify": {"open", "responded", "paused", "resolved"},
    "pause": {"open", "responded"},
    "resume": {"paused"},
    "resolve": {"open", "responded", "paused"},
    "reopen": {"resolved"},
    "close": {"resolved"},
}

BASE: dict[str, Any] = {
    "id": "INC-0001",
    "title": "Calls failing",
    "severity": 1,
    "sla": "SLA-0001",
    "opened": "2026-03-02T09:00:00-06:00",
}
# One record in each state.
RECORDS: dict[IncidentState, dict[str, Any]] = {
    "open": {},
    "responded": {"responded": "2026-03-02T09:05:00-06:00"},
    "paused": {"pauses": [{"start": "2026-03-02T09:10:00-06:00", "reason": "vendor"}]},
    "resolved": {"resolved": "2026-03-02T10:00:00-06:00"},
    "closed": {
        "resolved": "2026-03-02T10:00:00-06:00",
        "closed": "2026-03-02T11:00:00-06:00",
    },
}


def incident(**fields: Any) -> Incident:
    return Incident.model_validate({**BASE, **fields})


def test_the_table_has_every_action() -> None:
    assert set(ACTIONS) == set(ALLOWED)
    assert STATES == ("open", "responded", "paused", "resolved", "closed")


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_every_state_and_action(current: IncidentState, action: Any) -> None:
    record = incident(**RECORDS[current])
    assert state(record) == current
    if current in ALLOWED[action]:
        require_state(record, action)
    else:
        with pytest.raises(RefusedError, match=f"is {current}; {action} is not possible now"):
            require_state(record, action)


def test_next_hints_follow_the_table() -> None:
    assert NEXT_ACTIONS["closed"] == ()
    assert NEXT_ACTIONS["resolved"] == ("update --text", "notify --step N", "reopen", "close")
    assert NEXT_ACTIONS["paused"] == ("update --text", "notify --step N", "resume", "resolve")


def test_a_reopened_incident_runs_until_its_reopening_is_resolved() -> None:
    reopened = [{"at": "2026-03-02T12:00:00-06:00", "reason": "Back again"}]
    running = incident(resolved="2026-03-02T10:00:00-06:00", reopened=reopened)
    assert state(running) == "responded"
    assert final_resolution(running) is None
    done = [{**reopened[0], "resolved": "2026-03-02T13:00:00-06:00"}]
    resolved = incident(resolved="2026-03-02T10:00:00-06:00", reopened=done)
    assert state(resolved) == "resolved"
    assert final_resolution(resolved) == datetime(2026, 3, 2, 19, 0, tzinfo=UTC)


def test_an_ended_pause_does_not_hold_the_incident() -> None:
    ended = [
        {
            "start": "2026-03-02T09:10:00-06:00",
            "end": "2026-03-02T09:20:00-06:00",
            "reason": "customer",
        }
    ]
    assert state(incident(pauses=ended)) == "open"
    assert state(incident(pauses=ended, responded="2026-03-02T09:05:00-06:00")) == "responded"


def test_closed_without_a_resolution_is_closed() -> None:
    assert state(incident(closed="2026-03-02T11:00:00-06:00")) == "closed"
