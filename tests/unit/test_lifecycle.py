"""The pure RFC lifecycle, over every status and every action.

The expectations are written out by hand here, not derived from the table
in ccgov.records.lifecycle: a change to the table (or a deleted guard) must
show up as a failure, not be mirrored by the test.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ccgov.errors import RefusedError
from ccgov.records.change import ChangeRequest, ChangeStatus, content_hash
from ccgov.records.config import RepoConfig
from ccgov.records.lifecycle import ACTIONS, NEXT_ACTIONS, STATUSES, TRANSITIONS
from ccgov.workflow import lifecycle

CHICAGO = timezone(timedelta(hours=-6))
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=CHICAGO)

CONFIG = RepoConfig.model_validate(
    {
        "organisation": "Lifecycle",
        "timezone": "America/Chicago",
        "people": [
            {
                "handle": "ann",
                "name": "Ann",
                "email": "ann@example.com",
                "organisation": "contact_center",
                "roles": ["liaison"],
            },
            {
                "handle": "bob",
                "name": "Bob",
                "email": "bob@example.com",
                "organisation": "it",
                "roles": ["cab"],
            },
            {
                "handle": "eve",
                "name": "Eve",
                "email": "eve@example.com",
                "organisation": "it",
                "roles": ["cab", "telecom"],
            },
        ],
        "roles": {
            "cab": {"name": "CAB"},
            "liaison": {"name": "Liaison"},
            "telecom": {"name": "Telecom"},
        },
        "policy": {
            "approvals": [
                {
                    "type": "emergency",
                    "require": [{"role": "cab", "count": 1}],
                    "retrospective": [{"role": "cab", "count": 1}],
                },
            ],
        },
    }
)

# Which action may start from which status: the whole lifecycle, by hand.
ALLOWED: dict[str, set[ChangeStatus]] = {
    "submit": {"draft", "approved", "scheduled"},
    "approve": {"submitted"},
    "reject": {"submitted"},
    "schedule": {"approved"},
    "verify": {"approved", "scheduled", "implemented"},
    "implement": {"scheduled"},
    "backout": {"implemented"},
    "review": {"implemented", "verified", "backed_out"},
    "close": {"verified", "backed_out"},
    "cancel": {"draft", "submitted", "approved", "scheduled"},
}

REQUESTS: dict[str, lifecycle.Request] = {
    "submit": lifecycle.Submit(),
    "approve": lifecycle.Approve(),
    "reject": lifecycle.Reject(reason="no"),
    "schedule": lifecycle.Schedule(),
    "verify": lifecycle.Verify(result="pass", evidence="lab"),
    "implement": lifecycle.Implement(),
    "backout": lifecycle.Backout(evidence="calls drop; reverted"),
    "review": lifecycle.Review(comment="fine"),
    "close": lifecycle.Close(),
    "cancel": lifecycle.Cancel(reason="not needed"),
}


def change_in(status: ChangeStatus) -> ChangeRequest:
    """An emergency RFC in ``status`` that satisfies every guard but the status one."""
    base = ChangeRequest.model_validate(
        {
            "id": "RFC-0001",
            "title": "Reroute",
            "description": "d",
            "type": "emergency",
            "category": "routing_change",
            "requested_by": "ann",
            "justification": "j",
            "risk": "low",
            "impact": "low",
            "plans": {"implementation": "i", "test": "t", "backout": "b"},
            # NOW (noon) is inside the window and the booked slot.
            "window": {"start": "2030-03-01T10:00:00-06:00", "end": "2030-03-01T14:00:00-06:00"},
            "schedule": {"start": "2030-03-01T11:00:00-06:00", "end": "2030-03-01T13:00:00-06:00"},
            "status": status,
            "tests": [
                {
                    "at": "2030-03-01T10:00:00-06:00",
                    "by": "eve",
                    "result": "pass",
                    "evidence": "lab",
                }
            ],
            "reviews": [{"by": "bob", "role": "cab", "at": "2030-03-05T10:00:00-06:00"}],
        }
    )
    return base


def outcome(status: ChangeStatus, action: str) -> RefusedError | None:
    step = lifecycle.Step(CONFIG, change_in(status), CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
    try:
        lifecycle.decide(step, REQUESTS[action])
    except RefusedError as exc:
        return exc
    return None


def test_every_action_is_in_the_hand_written_table() -> None:
    assert set(ACTIONS) == set(ALLOWED) == set(REQUESTS)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("status", STATUSES)
def test_status_guard(status: ChangeStatus, action: str) -> None:
    refused = outcome(status, action)
    status_refusal = refused is not None and "needs it to be" in refused.message
    assert status_refusal == (status not in ALLOWED[action]), (
        f"{action} from {status}: {refused.message if refused else 'accepted'}"
    )
    if status_refusal:
        assert refused is not None and refused.hint  # always says what is possible instead


def test_allowed_moves_end_where_the_lifecycle_says() -> None:
    # Hand-computed: where each allowed, accepted action takes the RFC.
    expected = {
        ("submit", "draft"): "submitted",
        ("approve", "submitted"): "approved",
        ("reject", "submitted"): "rejected",
        ("schedule", "approved"): "scheduled",
        ("verify", "approved"): "approved",
        ("verify", "scheduled"): "scheduled",
        ("verify", "implemented"): "verified",
        ("implement", "scheduled"): "implemented",
        ("backout", "implemented"): "backed_out",
        ("review", "implemented"): "implemented",
        ("close", "verified"): "closed",
        ("close", "backed_out"): "closed",
        ("cancel", "draft"): "cancelled",
        ("cancel", "scheduled"): "cancelled",
    }
    for (action, status), target in expected.items():
        step = lifecycle.Step(CONFIG, change_in(status), CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
        updated, _ = lifecycle.decide(step, REQUESTS[action])
        assert updated.status == target, (action, status)


def test_a_failed_verification_after_implementation_backs_out() -> None:
    step = lifecycle.Step(CONFIG, change_in("implemented"), CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
    updated, _ = lifecycle.decide(step, lifecycle.Verify(result="fail", evidence="calls drop"))
    assert updated.status == "backed_out"


def test_resubmitting_is_only_for_an_edited_approved_rfc() -> None:
    change = change_in("approved")
    approval = {
        "by": "bob",
        "role": "cab",
        "decision": "approve",
        "at": NOW.isoformat(),
        "content_hash": content_hash(change),
    }
    approved = change.model_copy(
        update={
            "approvals": [
                type(change)
                .model_validate({**change.model_dump(mode="json"), "approvals": [approval]})
                .approvals[0]
            ]
        }
    )
    step = lifecycle.Step(CONFIG, approved, CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
    with pytest.raises(RefusedError, match="still cover its content"):
        lifecycle.decide(step, lifecycle.Submit())
    edited = approved.model_copy(update={"title": "Reroute, wider"})
    step = lifecycle.Step(CONFIG, edited, CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
    updated, _ = lifecycle.decide(step, lifecycle.Submit())
    assert updated.status == "submitted"


def test_transitions_and_hints_derived_from_the_table() -> None:
    assert TRANSITIONS == {
        "draft": ("submitted", "cancelled"),
        "submitted": ("approved", "rejected", "cancelled"),
        "approved": ("submitted", "scheduled", "cancelled"),
        "scheduled": ("submitted", "implemented", "cancelled"),
        "implemented": ("verified", "backed_out"),
        "verified": ("closed",),
        "closed": (),
        "rejected": (),
        "cancelled": (),
        "backed_out": ("closed",),
    }
    assert NEXT_ACTIONS["scheduled"] == (
        "submit (after an edit)",
        "verify (record a test)",
        "implement",
        "cancel",
    )
    assert NEXT_ACTIONS["closed"] == ()


def test_retrospective_review_needs_the_policy_role_not_any_role() -> None:
    change = change_in("implemented").model_copy(update={"reviews": []})
    step = lifecycle.Step(CONFIG, change, CONFIG.person("eve"), NOW)  # type: ignore[arg-type]
    with pytest.raises(RefusedError, match="needs the role cab"):
        lifecycle.decide(step, lifecycle.Review(comment="ok", role="telecom"))
    updated, _ = lifecycle.decide(step, lifecycle.Review(comment="ok"))
    assert [(r.by, r.role) for r in updated.reviews] == [("eve", "cab")]
