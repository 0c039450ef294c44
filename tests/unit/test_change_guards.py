"""The guards of the change workflow as pure functions: the policy (approvals,
pre-approvals, reviews, people who left), the catalog, the booked slot, the
deciding test, and the lifecycle steps that refuse on them.

Each test names the guard it protects; deleting that guard makes it fail.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from ccgov.errors import RefusedError
from ccgov.policy.approvals import (
    approval_status,
    retrospective_missing,
    review_problem,
)
from ccgov.policy.catalog import catalog_problems
from ccgov.policy.evidence import latest_test
from ccgov.policy.timing import overlaps, slot_problems
from ccgov.records.change import ChangeRequest, Review, content_hash
from ccgov.records.config import Person, RepoConfig
from ccgov.workflow import lifecycle
from ccgov.workflow.identity import actor

CHICAGO = timezone(timedelta(hours=-6))
NOW = datetime(2030, 3, 1, 12, 0, tzinfo=CHICAGO)


def person(handle: str, roles: list[str], *, active: bool = True) -> dict[str, Any]:
    return {
        "handle": handle,
        "name": handle.capitalize(),
        "email": f"{handle}@example.com",
        "organisation": "it",
        "roles": roles,
        "active": active,
    }


CONFIG = RepoConfig.model_validate(
    {
        "organisation": "Guards",
        "timezone": "America/Chicago",
        "people": [
            person("ann", ["liaison"]),
            person("bob", ["cab"]),
            person("eve", ["cab", "telecom"]),
            person("ida", ["cab"], active=False),
            person("tom", ["telecom"]),
        ],
        "roles": {"cab": {"name": "CAB"}, "liaison": {"name": "L"}, "telecom": {"name": "T"}},
        "blackouts": [
            {
                "name": "Quarter end",
                "start": "2030-03-27T00:00:00-06:00",
                "end": "2030-04-01T00:00:00-06:00",
            }
        ],
        "policy": {
            "approvals": [
                {"type": "normal", "require": [{"role": "cab", "count": 1}]},
                {
                    "type": "emergency",
                    "require": [{"role": "cab", "count": 1}],
                    "retrospective": [{"role": "cab", "count": 1}],
                },
            ]
        },
        "catalog": [
            {
                "id": "user-add",
                "title": "Add an agent",
                "category": "user_add",
                "item_kinds": ["desktop", "skill"],
            },
            {
                "id": "skill-change",
                "title": "Change skills on the ACD",
                "category": "user_change",
                "items": ["CI-0002"],
            },
        ],
    }
)
KINDS = {"CI-0001": "desktop", "CI-0002": "skill", "CI-0003": "software"}


def rfc(**fields: Any) -> ChangeRequest:
    data: dict[str, Any] = {
        "id": "RFC-0001",
        "title": "Add the March class",
        "description": "d",
        "type": "normal",
        "category": "routing_change",
        "requested_by": "ann",
        "justification": "j",
        "affects": ["CI-0001"],
        "risk": "low",
        "impact": "low",
        "plans": {"implementation": "i", "test": "t", "backout": "b"},
        "window": {"start": "2030-03-01T10:00:00-06:00", "end": "2030-03-01T14:00:00-06:00"},
        "status": "draft",
    }
    data.update(fields)
    return ChangeRequest.model_validate(data)


def standard(**fields: Any) -> ChangeRequest:
    return rfc(
        **{"type": "standard", "category": "user_add", "catalog_entry": "user-add", **fields}
    )


def preapproved(change: ChangeRequest) -> ChangeRequest:
    return change.model_copy(
        update={
            "preapproval": ChangeRequest.model_validate(
                {
                    **change.model_dump(mode="json"),
                    "preapproval": {
                        "entry": change.catalog_entry,
                        "by": "ann",
                        "at": NOW.isoformat(),
                        "content_hash": content_hash(change),
                    },
                }
            ).preapproval
        }
    )


def with_approval(change: ChangeRequest, by: str, role: str = "cab") -> ChangeRequest:
    entry = {
        "by": by,
        "role": role,
        "decision": "approve",
        "at": NOW.isoformat(),
        "content_hash": content_hash(change),
    }
    data = change.model_dump(mode="json")
    return ChangeRequest.model_validate({**data, "approvals": [*data["approvals"], entry]})


def step(change: ChangeRequest, who: str = "eve", now: datetime = NOW) -> lifecycle.Step:
    acting = CONFIG.person(who)
    assert acting is not None
    return lifecycle.Step(CONFIG, change, acting, now, (), KINDS)


def result_entry(at: str, result: str, by: str = "tom") -> dict[str, Any]:
    return {"at": at, "by": by, "result": result, "evidence": "calls"}


# --- standard changes: content-bound pre-approval -----------------------------


def test_a_standard_change_counts_only_with_its_preapproval() -> None:
    change = standard(status="approved")
    status = approval_status(CONFIG, change)
    assert not status.satisfied
    assert status.preapproval is not None and status.preapproval.kind == "missing"
    assert approval_status(CONFIG, preapproved(change)).satisfied


def test_widening_a_standard_change_voids_its_preapproval() -> None:
    change = preapproved(standard(status="approved"))
    widened = change.model_copy(update={"affects": ["CI-0001", "CI-0003"]})
    status = approval_status(CONFIG, widened)
    assert not status.satisfied
    assert status.preapproval is not None and status.preapproval.kind == "stale"


def test_a_preapproval_by_another_entry_does_not_count() -> None:
    change = preapproved(standard(status="approved"))
    assert change.preapproval is not None
    other = change.model_copy(
        update={"preapproval": change.preapproval.model_copy(update={"entry": "skill-change"})}
    )
    problem = approval_status(CONFIG, other).preapproval
    assert problem is not None and problem.kind == "other_entry"


def test_submit_preapproves_a_fitting_standard_change_bound_to_its_content() -> None:
    change = standard()
    updated, _ = lifecycle.decide(step(change, "ann"), lifecycle.Submit())
    assert updated.status == "approved"
    assert [t.status for t in updated.history] == ["submitted", "approved"]
    assert updated.history[-1].note == "pre-approved: catalog entry user-add"
    pre = updated.preapproval
    assert pre is not None
    assert (pre.entry, pre.by, pre.at, pre.content_hash) == (
        "user-add",
        "ann",
        NOW,
        content_hash(change),
    )


def test_submit_refuses_a_standard_change_outside_its_catalog_entry() -> None:
    change = standard(affects=["CI-0001", "CI-0003"])
    with pytest.raises(RefusedError, match=r"CI-0003 is of kind software.*user-add") as refused:
        lifecycle.decide(step(change, "ann"), lifecycle.Submit())
    assert "normal change" in (refused.value.hint or "")


def test_resubmitting_a_widened_standard_change_checks_the_catalog_again() -> None:
    approved, _ = lifecycle.decide(step(standard(), "ann"), lifecycle.Submit())
    widened = approved.model_copy(update={"affects": ["CI-0001", "CI-0003"]})
    with pytest.raises(RefusedError, match="does not fit"):
        lifecycle.decide(step(widened, "ann"), lifecycle.Submit())
    # A widening the entry allows is pre-approved again, for the new content.
    allowed = approved.model_copy(update={"affects": ["CI-0001", "CI-0002"]})
    again, _ = lifecycle.decide(step(allowed, "ann"), lifecycle.Submit())
    assert [t.status for t in again.history][-2:] == ["submitted", "approved"]
    assert again.preapproval is not None
    assert again.preapproval.content_hash == content_hash(allowed)


@pytest.mark.parametrize(
    ("fields", "aspect", "where"),
    [
        ({"category": "user_remove"}, "category", ("category",)),
        ({"risk": "medium"}, "risk", ("risk",)),
        ({"affects": ["CI-0001", "CI-0003"]}, "item", ("affects", 1)),
        ({"catalog_entry": None}, "no_entry", ("type",)),
        ({"catalog_entry": "nope"}, "unknown_entry", ("catalog_entry",)),
    ],
)
def test_catalog_problems(fields: dict[str, Any], aspect: str, where: tuple[Any, ...]) -> None:
    data = {"type": "standard", "category": "user_add", "catalog_entry": "user-add", **fields}
    [problem] = catalog_problems(CONFIG, rfc(**data), KINDS)
    assert (problem.aspect, problem.where) == (aspect, where)


def test_catalog_items_limit_ids_and_apply_to_created_cis() -> None:
    change = rfc(
        type="standard",
        category="user_change",
        catalog_entry="skill-change",
        affects=["CI-0002"],
        creates=["CI-0009"],
    )
    [problem] = catalog_problems(CONFIG, change, KINDS)
    assert problem.where == ("creates", 0) and "covers only CI-0002" in problem.message
    fits = change.model_copy(update={"creates": []})
    assert catalog_problems(CONFIG, fits, KINDS) == []


def test_a_created_ci_is_kind_checked_once_its_record_exists() -> None:
    change = standard(creates=["CI-0009"])
    assert catalog_problems(CONFIG, change, KINDS) == []
    [problem] = catalog_problems(CONFIG, change, {**KINDS, "CI-0009": "software"})
    assert problem.where == ("creates", 0)


# --- inactive people ----------------------------------------------------------


def test_an_inactive_approver_does_not_count_until_implementation() -> None:
    change = with_approval(rfc(status="approved"), "ida")
    status = approval_status(CONFIG, change)
    assert not status.satisfied and [a.by for a in status.inactive] == ["ida"]
    # After implementation the approval is history: it let the change go ahead.
    done = change.model_copy(update={"status": "closed"})
    assert approval_status(CONFIG, done).satisfied


def test_approving_alongside_an_inactive_approval_still_needs_an_active_one() -> None:
    change = with_approval(rfc(status="submitted"), "ida")
    updated, notes = lifecycle.decide(step(change, "bob"), lifecycle.Approve())
    assert updated.status == "approved", notes


def test_the_latest_test_by_an_inactive_person_does_not_count() -> None:
    change = rfc(
        status="scheduled",
        schedule={"start": "2030-03-01T11:00:00-06:00", "end": "2030-03-01T13:00:00-06:00"},
        tests=[result_entry("2030-03-01T09:00:00-06:00", "pass", by="ida")],
    )
    with pytest.raises(RefusedError, match="ida, who is inactive"):
        lifecycle.decide(step(change, "tom"), lifecycle.Implement())


def test_identity_refuses_an_inactive_person() -> None:
    with pytest.raises(RefusedError, match=r"ida in ccgov\.yaml, who is marked inactive"):
        actor(CONFIG, "IDA@example.com")
    assert isinstance(actor(CONFIG, "bob@example.com"), Person)


# --- the booked slot ------------------------------------------------------------

SLOT = {"start": "2030-03-01T11:00:00-06:00", "end": "2030-03-01T13:00:00-06:00"}


def scheduled(**fields: Any) -> ChangeRequest:
    data: dict[str, Any] = {
        "status": "scheduled",
        "schedule": SLOT,
        "tests": [result_entry("2030-03-01T09:00:00-06:00", "pass")],
        **fields,
    }
    return rfc(**data)


def test_implement_outside_the_slot_is_refused() -> None:
    late = NOW + timedelta(hours=2)
    with pytest.raises(RefusedError, match="outside the booked slot") as refused:
        lifecycle.decide(step(scheduled(), "tom", late), lifecycle.Implement())
    assert "--deviation" in (refused.value.hint or "")
    # Comparing instants: 19:30 UTC is 13:30 in Chicago, after the slot.
    utc = datetime(2030, 3, 1, 19, 30, tzinfo=UTC)
    with pytest.raises(RefusedError, match="outside the booked slot"):
        lifecycle.decide(step(scheduled(), "tom", utc), lifecycle.Implement())
    inside = datetime(2030, 3, 1, 18, 30, tzinfo=UTC)
    updated, _ = lifecycle.decide(step(scheduled(), "tom", inside), lifecycle.Implement())
    assert updated.status == "implemented" and updated.deviations == []


def test_a_deviation_is_recorded_by_the_actor_at_now() -> None:
    late = NOW + timedelta(hours=2)
    request = lifecycle.Implement(deviation="carrier moved the cut-over")
    updated, notes = lifecycle.decide(step(scheduled(), "tom", late), request)
    assert updated.status == "implemented"
    [deviation] = updated.deviations
    assert (deviation.by, deviation.at, deviation.reason) == (
        "tom",
        late,
        "carrier moved the cut-over",
    )
    assert any("deviation recorded" in note for note in notes)
    assert slot_problems(CONFIG, updated) == []


def test_an_rfc_without_a_booked_slot_needs_a_deviation() -> None:
    with pytest.raises(RefusedError, match="no booked slot"):
        lifecycle.decide(step(scheduled(schedule=None), "tom"), lifecycle.Implement())


def test_slot_problems() -> None:
    outside = rfc(schedule={"start": "2030-03-01T09:00:00-06:00", "end": SLOT["end"]})
    [problem] = slot_problems(CONFIG, outside)
    assert (
        problem.where == ("schedule", "start") and "outside the approved window" in problem.message
    )
    window = {"start": "2030-03-30T10:00:00-06:00", "end": "2030-03-30T14:00:00-06:00"}
    blackout = rfc(window=window, schedule=window)
    [problem] = slot_problems(CONFIG, blackout)
    assert problem.where == ("schedule",) and "Quarter end" in problem.message
    assert slot_problems(CONFIG, blackout.model_copy(update={"type": "emergency"})) == []
    late = scheduled(
        status="implemented",
        history=[{"status": "implemented", "at": "2030-03-01T15:00:00-06:00", "by": "tom"}],
    )
    [problem] = slot_problems(CONFIG, late)
    assert problem.where == ("history", 0, "at") and "without a deviation" in problem.message


def test_windows_that_only_touch_do_not_overlap() -> None:
    a = rfc().window
    assert a is not None
    b = a.model_copy(update={"start": a.end, "end": a.end + timedelta(hours=1)})
    assert not overlaps(a, b) and overlaps(a, a)


# --- the last test decides -------------------------------------------------------


def test_a_failure_after_a_pass_blocks_implementation() -> None:
    tests = [
        result_entry("2030-03-01T09:00:00-06:00", "pass"),
        result_entry("2030-03-01T10:00:00-06:00", "fail"),
    ]
    with pytest.raises(RefusedError, match=r"latest test .* failed"):
        lifecycle.decide(step(scheduled(tests=tests), "tom"), lifecycle.Implement())
    retested = [*tests, result_entry("2030-03-01T10:30:00-06:00", "pass")]
    updated, _ = lifecycle.decide(step(scheduled(tests=retested), "tom"), lifecycle.Implement())
    assert updated.status == "implemented"


def test_latest_test_is_by_time_then_by_order() -> None:
    change = rfc(
        tests=[
            result_entry("2030-03-01T10:00:00-06:00", "fail"),
            result_entry("2030-03-01T09:00:00-06:00", "pass"),
            result_entry("2030-03-01T12:00:00-06:00", "pass"),
        ]
    )
    latest = latest_test(change.tests)
    assert latest is not None and latest.result == "pass" and latest.at.hour == 12
    before = latest_test(change.tests, before=datetime(2030, 3, 1, 11, tzinfo=CHICAGO))
    assert before is not None and before.result == "fail"
    tie = [change.tests[0], change.tests[0].model_copy(update={"result": "pass"})]
    assert latest_test(tie) is tie[1]


# --- retrospective reviews ----------------------------------------------------------


def review(by: str, role: str = "cab") -> Review:
    return Review(by=by, role=role, at=NOW)


@pytest.mark.parametrize(
    ("by", "role", "kind"),
    [
        ("eve", "telecom", "not_retrospective"),
        ("tom", "cab", "lacks_role"),
        ("bob", "cab", "self_review"),
        ("ida", "cab", "inactive"),
        ("eve", "cab", None),
    ],
)
def test_review_problem(by: str, role: str, kind: str | None) -> None:
    change = rfc(type="emergency", status="verified", implementer="bob")
    problem = review_problem(CONFIG, change, review(by, role))
    assert (problem.kind if problem else None) == kind


def test_an_inactive_reviewer_counts_once_the_rfc_is_closed() -> None:
    change = rfc(type="emergency", status="verified", reviews=[review("ida").model_dump()])
    assert [n.role for n in retrospective_missing(CONFIG, change)] == ["cab"]
    with pytest.raises(RefusedError, match="needs a retrospective review"):
        lifecycle.decide(step(change, "ann"), lifecycle.Close())
    assert retrospective_missing(CONFIG, change.model_copy(update={"status": "closed"})) == []


def test_the_review_step_refuses_the_implementer() -> None:
    change = rfc(type="emergency", status="implemented", implementer="eve")
    with pytest.raises(RefusedError, match="may not review it"):
        lifecycle.decide(step(change, "eve"), lifecycle.Review(comment="fine"))


# --- backout ----------------------------------------------------------------------


def test_backout_records_the_failure_and_backs_out() -> None:
    change = scheduled(status="implemented")
    request = lifecycle.Backout(evidence="calls dropped; reverted to 4.1")
    assert lifecycle.backs_out(change, request)
    assert lifecycle.backs_out(change, lifecycle.Verify(result="fail", evidence="x"))
    assert not lifecycle.backs_out(change, lifecycle.Verify(result="pass", evidence="x"))
    updated, _ = lifecycle.decide(step(change, "tom"), request)
    assert updated.status == "backed_out"
    assert updated.tests[-1].result == "fail"
    assert updated.tests[-1].evidence == "calls dropped; reverted to 4.1"
