"""The lifecycle steps' own guards, pure and in memory: who decides in which
role, what each step records, why an RFC went back to submitted, the booked
slot and the conflicts it is checked against, and the refusals whose message
is the point (it names the role, the RFC, the slot the user must act on).

It reuses the policy, people and RFC builders of test_change_guards.py. Each
test names the guard it protects; `make mutation` checks that bending that
guard makes it fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import pytest
from test_change_guards import (
    CONFIG,
    KINDS,
    NOW,
    SLOT,
    preapproved,
    result_entry,
    review,
    rfc,
    scheduled,
    standard,
    step,
    with_approval,
)

from ccgov.errors import RefusedError
from ccgov.policy.approvals import (
    ApprovalProblem,
    approval_problem,
    approval_status,
    preapproval_problem,
    retrospective_missing,
    retrospective_roles,
    review_problem,
    verdicts,
)
from ccgov.policy.catalog import catalog_problems
from ccgov.policy.evidence import latest_test
from ccgov.policy.timing import in_slot, overlaps, slot_problems
from ccgov.records.change import ChangeRequest, Window, content_hash
from ccgov.records.config import RepoConfig
from ccgov.workflow import lifecycle

CAB = {"role": "cab", "count": 1}
TELECOM = {"role": "telecom", "count": 1}
LIAISON = {"role": "liaison", "count": 1}


def policy(**fields: Any) -> RepoConfig:
    """CONFIG with its policy changed (approval rules, separation of duties, conflicts)."""
    data = CONFIG.model_dump(mode="json", by_alias=True)
    return RepoConfig.model_validate({**data, "policy": {**data["policy"], **fields}})


# A normal change needs the CAB and telecom; eve holds both, bob only cab, tom only telecom.
CAB_AND_TELECOM = policy(approvals=[{"type": "normal", "require": [CAB, TELECOM]}])
# A normal change needs the CAB and a liaison; eve holds cab but not liaison.
CAB_AND_LIAISON = policy(approvals=[{"type": "normal", "require": [CAB, LIAISON]}])
NO_RULES = policy(approvals=[])


def step_in(
    config: RepoConfig,
    change: ChangeRequest,
    who: str,
    now: datetime = NOW,
    others: Iterable[ChangeRequest] = (),
) -> lifecycle.Step:
    acting = config.person(who)
    assert acting is not None
    return lifecycle.Step(config, change, acting, now, tuple(others), KINDS)


def refusal(decision: lifecycle.Step, request: lifecycle.Request) -> RefusedError:
    with pytest.raises(RefusedError) as refused:
        lifecycle.decide(decision, request)
    return refused.value


def unset_free(change: ChangeRequest, field: str) -> list[dict[str, Any]]:
    """``field`` as written back to YAML (workflow.rfc.render_update: exclude_unset)."""
    written: list[dict[str, Any]] = change.model_dump(mode="json", exclude_unset=True)[field]
    return written


# --- the status guard ---------------------------------------------------------------


def test_the_status_refusal_names_the_allowed_statuses_and_the_next_actions() -> None:
    refused = refusal(step(rfc(status="draft")), lifecycle.Approve())
    assert refused.message == "RFC-0001 is draft; approve needs it to be submitted"
    assert refused.hint == "from draft you can: submit, cancel"
    refused = refusal(step(rfc(status="scheduled")), lifecycle.Close())
    assert refused.message == "RFC-0001 is scheduled; close needs it to be verified or backed_out"
    refused = refusal(step(rfc(status="closed")), lifecycle.Submit())
    assert refused.hint == "closed is final: raise a new RFC"


# --- who decides, in which role: _decision_role ---------------------------------------


def test_an_approver_takes_the_missing_role_they_hold() -> None:
    # bob covered the CAB; eve holds cab and telecom, and telecom is what is missing.
    change = with_approval(rfc(status="submitted"), "bob")
    updated, notes = lifecycle.decide(step_in(CAB_AND_TELECOM, change, "eve"), lifecycle.Approve())
    assert [(a.by, a.role) for a in updated.approvals] == [("bob", "cab"), ("eve", "telecom")]
    assert updated.status == "approved"
    assert notes == ["RFC-0001 is approved: approvals complete"]


def test_with_no_missing_role_held_an_approver_decides_in_a_required_role_they_hold() -> None:
    # Only liaison is missing and eve does not hold it: she still decides, as cab.
    change = with_approval(rfc(status="submitted"), "bob")
    updated, notes = lifecycle.decide(step_in(CAB_AND_LIAISON, change, "eve"), lifecycle.Approve())
    assert [(a.by, a.role) for a in updated.approvals] == [("bob", "cab"), ("eve", "cab")]
    assert updated.status == "submitted"
    assert notes == ["RFC-0001 is submitted: waiting for 1 more from liaison"]


def test_an_explicit_role_is_the_one_recorded() -> None:
    change = rfc(status="submitted")
    decision = step_in(CAB_AND_TELECOM, change, "eve")
    approved, notes = lifecycle.decide(decision, lifecycle.Approve(role="telecom"))
    assert [(a.by, a.role) for a in approved.approvals] == [("eve", "telecom")]
    assert notes == ["RFC-0001 is submitted: waiting for 1 more from cab"]
    rejected, _ = lifecycle.decide(decision, lifecycle.Reject(reason="no", role="telecom"))
    assert [(a.by, a.role) for a in rejected.approvals] == [("eve", "telecom")]


def test_a_role_the_policy_does_not_ask_for_is_refused() -> None:
    change = rfc(status="submitted")
    refused = refusal(step(change, "eve"), lifecycle.Approve(role="telecom"))
    assert refused.message == "RFC-0001 needs decisions from cab; eve holds cab, telecom"
    assert refused.hint == "ask someone with the required role"
    refused = refusal(step(change, "tom"), lifecycle.Approve())
    assert refused.message == "RFC-0001 needs decisions from cab; tom holds telecom"


def test_an_explicit_role_the_actor_does_not_hold_is_refused() -> None:
    refused = refusal(
        step_in(CAB_AND_TELECOM, rfc(status="submitted"), "bob"), lifecycle.Approve(role="telecom")
    )
    assert refused.message == "bob does not hold the role 'telecom'"
    assert refused.hint == "ask someone with the required role"


def test_separation_of_duties_keeps_the_requester_from_deciding() -> None:
    change = rfc(status="submitted", requested_by="bob")
    refused = refusal(step(change, "bob"), lifecycle.Approve())
    assert refused.message == "bob requested this RFC and may not approve it"
    assert refused.hint == "separation of duties: another person must decide"
    refused = refusal(step(change, "bob"), lifecycle.Reject(reason="mine"))
    assert refused.message == "bob requested this RFC and may not approve it"
    relaxed = policy(separation_of_duties=False)
    updated, _ = lifecycle.decide(step_in(relaxed, change, "bob"), lifecycle.Approve())
    assert updated.status == "approved"


def test_a_change_no_rule_covers_cannot_be_decided() -> None:
    refused = refusal(step_in(NO_RULES, rfc(status="submitted"), "bob"), lifecycle.Approve())
    assert (
        refused.message
        == "no rule in ccgov.yaml policy.approvals covers a normal change of low risk"
    )
    assert refused.hint == "add an approval rule for it to ccgov.yaml"


# --- what approve and reject record -----------------------------------------------------


def test_approve_records_the_decision_bound_to_the_content_with_its_comment() -> None:
    change = rfc(status="submitted")
    updated, _ = lifecycle.decide(step(change, "bob"), lifecycle.Approve(comment="fine by the CAB"))
    [approval] = updated.approvals
    assert (approval.by, approval.role, approval.decision, approval.at, approval.comment) == (
        "bob",
        "cab",
        "approve",
        NOW,
        "fine by the CAB",
    )
    assert approval.content_hash == content_hash(change)
    # Without a comment nothing is written for it (no `comment: null` in the YAML).
    updated, _ = lifecycle.decide(step(change, "bob"), lifecycle.Approve())
    assert "comment" not in unset_free(updated, "approvals")[0]


def test_a_person_decides_once_on_the_same_content() -> None:
    change = rfc(status="submitted")
    once, _ = lifecycle.decide(step_in(CAB_AND_TELECOM, change, "eve"), lifecycle.Approve())
    assert once.status == "submitted"
    refused = refusal(step_in(CAB_AND_TELECOM, once, "eve"), lifecycle.Approve())
    assert refused.message == "eve has already decided on RFC-0001 as it stands"
    # Once the content changed, her earlier decision is stale and she may decide again.
    edited = once.model_copy(update={"title": "Add the March class, wider"})
    again, _ = lifecycle.decide(step_in(CAB_AND_TELECOM, edited, "eve"), lifecycle.Approve())
    assert [a.by for a in again.approvals] == ["eve", "eve"]


def test_approve_warns_of_conflicts_in_the_window_and_says_where_the_rfc_stands() -> None:
    other = rfc(id="RFC-0002", status="approved")
    decision = step_in(CONFIG, rfc(status="submitted"), "bob", others=[other])
    updated, notes = lifecycle.decide(decision, lifecycle.Approve())
    assert updated.status == "approved"
    assert notes == [
        "RFC-0002 (approved) also changes CI-0001 between 2030-03-01T10:00:00-06:00 and "
        "2030-03-01T14:00:00-06:00",
        "RFC-0001 is approved: approvals complete",
    ]
    # An RFC without a window has no slot to check.
    decision = step_in(CONFIG, rfc(status="submitted", window=None), "bob", others=[other])
    _, notes = lifecycle.decide(decision, lifecycle.Approve())
    assert notes == ["RFC-0001 is approved: approvals complete"]


def test_reject_records_the_reason_as_the_decision_and_in_the_history() -> None:
    change = rfc(status="submitted")
    updated, notes = lifecycle.decide(step(change, "bob"), lifecycle.Reject(reason="no backout"))
    assert updated.status == "rejected" and notes == []
    [decision] = updated.approvals
    assert (decision.by, decision.role, decision.decision, decision.at, decision.comment) == (
        "bob",
        "cab",
        "reject",
        NOW,
        "no backout",
    )
    assert decision.content_hash == content_hash(change)
    last = updated.history[-1]
    assert (last.status, last.by, last.at, last.note) == ("rejected", "bob", NOW, "no backout")


# --- submit and resubmit ------------------------------------------------------------------


def test_submit_without_plans_is_refused_and_says_where_to_add_them() -> None:
    refused = refusal(step(rfc(plans=None), "ann"), lifecycle.Submit())
    assert refused.message == "RFC-0001 has no plans"
    assert refused.hint == (
        "add plans: with implementation, test and backout to changes/RFC-0001.yaml, then submit"
    )


def test_a_scheduled_rfc_whose_approvals_still_cover_it_is_not_resubmitted() -> None:
    change = with_approval(scheduled(), "bob")
    refused = refusal(step(change, "ann"), lifecycle.Submit())
    assert refused.message == "RFC-0001 is scheduled and its approvals still cover its content"
    assert refused.hint == "resubmitting is only for an RFC edited after approval"


def _edited(change: ChangeRequest) -> ChangeRequest:
    return change.model_copy(update={"description": "d, edited"})


def _other_entry(change: ChangeRequest) -> ChangeRequest:
    assert change.preapproval is not None
    pre = change.preapproval.model_copy(update={"entry": "skill-change"})
    return change.model_copy(update={"preapproval": pre})


@pytest.mark.parametrize(
    ("change", "note"),
    [
        # An approval on other content is stale.
        (_edited(with_approval(rfc(status="approved"), "bob")), "content changed after approval"),
        (_edited(with_approval(scheduled(), "bob")), "content changed after approval"),
        # A standard change: its pre-approval is bound to the content (no approvals at all).
        (_edited(preapproved(standard(status="approved"))), "content changed after approval"),
        (with_approval(rfc(status="approved"), "ida"), "an approver is no longer active"),
        # The content is as pre-approved, but by another catalog entry.
        (
            _other_entry(preapproved(standard(status="approved"))),
            "its approvals no longer satisfy the policy",
        ),
    ],
)
def test_resubmitting_records_why(change: ChangeRequest, note: str) -> None:
    updated, _ = lifecycle.decide(step(change, "ann"), lifecycle.Submit())
    resubmitted = next(t for t in updated.history if t.status == "submitted")
    assert (resubmitted.by, resubmitted.at, resubmitted.note) == (
        "ann",
        NOW,
        f"resubmitted: {note}",
    )


def test_a_move_without_a_note_writes_none() -> None:
    updated, _ = lifecycle.decide(step(rfc(), "ann"), lifecycle.Submit())
    assert unset_free(updated, "history") == [
        {"status": "submitted", "at": NOW.isoformat(), "by": "ann"}
    ]


def test_submit_refuses_a_standard_change_naming_every_misfit() -> None:
    change = standard(category="user_remove", affects=["CI-0003"])
    refused = refusal(step(change, "ann"), lifecycle.Submit())
    assert refused.message == (
        "RFC-0001 does not fit a standard change's catalog entry: catalog entry 'user-add' "
        "covers user_add, not user_remove; CI-0003 is of kind software, and catalog entry "
        "'user-add' covers only desktop, skill; raise a normal change"
    )


# --- the slot: schedule, check_slot, conflicts --------------------------------------------


def test_schedule_books_the_window_or_the_slot_asked_for() -> None:
    change = rfc(status="approved")
    updated, warnings = lifecycle.decide(step(change, "tom"), lifecycle.Schedule())
    assert (updated.status, updated.schedule, warnings) == ("scheduled", change.window, [])
    start, end = datetime.fromisoformat(SLOT["start"]), datetime.fromisoformat(SLOT["end"])
    updated, _ = lifecycle.decide(step(change, "tom"), lifecycle.Schedule(start=start, end=end))
    assert updated.schedule == Window(start=start, end=end)


def test_schedule_needs_an_approved_window() -> None:
    refused = refusal(step(rfc(status="approved", window=None), "tom"), lifecycle.Schedule())
    assert refused.message == (
        "RFC-0001 was approved without a window, and the window is part of what is approved"
    )
    assert refused.hint == (
        "add window: to changes/RFC-0001.yaml, resubmit (ccgov rfc submit) and re-approve"
    )


def test_a_slot_outside_the_approved_window_is_refused() -> None:
    early = datetime.fromisoformat("2030-03-01T09:00:00-06:00")
    refused = refusal(step(rfc(status="approved"), "tom"), lifecycle.Schedule(start=early))
    assert refused.message == (
        "the slot 2030-03-01T09:00:00-06:00 to 2030-03-01T14:00:00-06:00 is outside the approved "
        "window 2030-03-01T10:00:00-06:00 to 2030-03-01T14:00:00-06:00"
    )
    assert refused.hint == "a new window needs new approval: edit window:, resubmit and re-approve"


def test_a_slot_that_ends_when_it_starts_is_refused_as_such() -> None:
    # Outside the window too; the empty slot is what the user must fix first.
    moment = datetime.fromisoformat("2030-03-01T15:00:00-06:00")
    request = lifecycle.Schedule(start=moment, end=moment)
    refused = refusal(step(rfc(status="approved"), "tom"), request)
    assert refused.message == (
        "the window ends (2030-03-01T15:00:00-06:00) before it starts (2030-03-01T15:00:00-06:00)"
    )


BLACKOUT_WINDOW = {"start": "2030-03-30T10:00:00-06:00", "end": "2030-03-30T14:00:00-06:00"}


def test_a_slot_in_a_blackout_is_refused_except_for_an_emergency() -> None:
    change = rfc(status="approved", window=BLACKOUT_WINDOW)
    refused = refusal(step(change, "tom"), lifecycle.Schedule())
    assert refused.message == (
        "the window falls in a blackout period: Quarter end "
        "(2030-03-27T00:00:00-06:00 to 2030-04-01T00:00:00-06:00)"
    )
    assert refused.hint == "choose another window; only emergency changes may run in a blackout"
    emergency = change.model_copy(update={"type": "emergency"})
    updated, _ = lifecycle.decide(step(emergency, "tom"), lifecycle.Schedule())
    assert updated.status == "scheduled"


def other(id: str, status: str, affects: list[str], **fields: Any) -> ChangeRequest:
    return rfc(id=id, status=status, affects=affects, **fields)


INSIDE = {"start": "2030-03-01T12:00:00-06:00", "end": "2030-03-01T13:00:00-06:00"}
LATER = {"start": "2030-03-01T16:00:00-06:00", "end": "2030-03-01T17:00:00-06:00"}


def test_conflicts_are_other_approved_or_scheduled_rfcs_sharing_a_ci_in_an_overlapping_slot() -> (
    None
):
    change = rfc(status="approved", affects=["CI-0001", "CI-0002"])
    slot = change.window
    assert slot is not None
    others = [
        change,  # itself, as loaded with the others
        other("RFC-0002", "submitted", ["CI-0001"]),  # not approved yet
        other("RFC-0003", "approved", ["CI-0003", "CI-0002", "CI-0001"]),
        other("RFC-0004", "approved", ["CI-0003"]),  # no CI shared
        other("RFC-0005", "approved", ["CI-0001"], window=LATER),  # no overlap
        other("RFC-0006", "approved", ["CI-0001"], window=None),  # no window
        # Scheduled: the booked slot counts, not the wider window.
        other(
            "RFC-0007",
            "scheduled",
            ["CI-0002"],
            window=INSIDE | {"end": LATER["end"]},
            schedule=LATER,
        ),
        other("RFC-0008", "scheduled", ["CI-0002"], schedule=INSIDE),
        other("RFC-0009", "closed", ["CI-0001"]),
    ]
    assert lifecycle.conflicts(change, slot, others) == [
        "RFC-0003 (approved) also changes CI-0001, CI-0002 between 2030-03-01T10:00:00-06:00 "
        "and 2030-03-01T14:00:00-06:00",
        "RFC-0008 (scheduled) also changes CI-0002 between 2030-03-01T12:00:00-06:00 "
        "and 2030-03-01T13:00:00-06:00",
    ]


def test_conflicts_warn_or_refuse_as_the_policy_says() -> None:
    change = rfc(status="approved")
    busy = [other("RFC-0002", "scheduled", ["CI-0001"], schedule=INSIDE)]
    line = (
        "RFC-0002 (scheduled) also changes CI-0001 between 2030-03-01T12:00:00-06:00 and "
        "2030-03-01T13:00:00-06:00"
    )
    updated, warnings = lifecycle.decide(
        step_in(CONFIG, change, "tom", others=busy), lifecycle.Schedule()
    )
    assert (updated.status, warnings) == ("scheduled", [line])
    strict = policy(conflicts="refuse")
    refused = refusal(step_in(strict, change, "tom", others=busy), lifecycle.Schedule())
    assert refused.message == f"conflicting changes: {line}"
    assert refused.hint == "choose another window or coordinate with the other RFC's owner"
    # Refusing is for conflicts only.
    updated, warnings = lifecycle.decide(step_in(strict, change, "tom"), lifecycle.Schedule())
    assert (updated.status, warnings) == ("scheduled", [])


# --- implement ---------------------------------------------------------------------------


def test_implement_without_any_test_says_to_test_first() -> None:
    refused = refusal(step(scheduled(tests=[]), "tom"), lifecycle.Implement())
    assert refused.message == "RFC-0001 has no passing test result"
    assert refused.hint == "test first: ccgov rfc verify RFC-0001 --result pass --evidence ..."


def test_an_approver_may_not_implement_but_anyone_else_may() -> None:
    change = with_approval(scheduled(), "bob")
    refused = refusal(step(change, "bob"), lifecycle.Implement())
    assert refused.message == "bob approved RFC-0001 and may not also implement it"
    assert refused.hint == "separation of duties: another engineer implements"
    # A rejection is not an approval: tom rejected an earlier version, and may implement.
    earlier = rfc(description="earlier")
    rejection = with_approval(earlier, "tom", role="telecom").approvals[0]
    rejected = rejection.model_copy(update={"decision": "reject"})
    change = change.model_copy(update={"approvals": [*change.approvals, rejected]})
    updated, _ = lifecycle.decide(step(change, "tom"), lifecycle.Implement())
    assert (updated.status, updated.implementer) == ("implemented", "tom")
    relaxed = policy(separation_of_duties=False)
    updated, _ = lifecycle.decide(step_in(relaxed, change, "bob"), lifecycle.Implement())
    assert updated.implementer == "bob"


def test_an_assigned_implementer_is_the_only_one_who_implements() -> None:
    refused = refusal(step(scheduled(implementer="bob"), "tom"), lifecycle.Implement())
    assert refused.message == "RFC-0001 is assigned to bob to implement"
    updated, _ = lifecycle.decide(step(scheduled(implementer="tom"), "tom"), lifecycle.Implement())
    assert (updated.status, updated.implementer) == ("implemented", "tom")


def test_the_inactive_tester_refusal_says_to_retest() -> None:
    change = scheduled(tests=[result_entry("2030-03-01T09:00:00-06:00", "pass", by="ida")])
    refused = refusal(step(change, "tom"), lifecycle.Implement())
    assert refused.message == (
        "the latest test of RFC-0001 was recorded by ida, who is inactive in ccgov.yaml, "
        "so it no longer counts"
    )
    assert refused.hint == (
        "have someone active test it: ccgov rfc verify RFC-0001 --result pass --evidence ..."
    )


# --- review, close, cancel, backout ---------------------------------------------------------


def test_only_an_emergency_change_is_reviewed() -> None:
    refused = refusal(step(rfc(status="implemented"), "eve"), lifecycle.Review(comment="ok"))
    assert refused.message == (
        "RFC-0001 is a normal change; only emergency changes get retrospective reviews"
    )


def test_a_reviewer_without_the_retrospective_role_is_refused() -> None:
    change = rfc(type="emergency", status="implemented")
    refused = refusal(step(change, "tom"), lifecycle.Review(comment="ok"))
    assert refused.message == "a retrospective review needs the role cab; tom holds telecom"


def test_a_review_records_its_comment() -> None:
    change = rfc(type="emergency", status="verified")
    updated, _ = lifecycle.decide(step(change, "eve"), lifecycle.Review(comment="lessons noted"))
    [entry] = updated.reviews
    assert (entry.by, entry.role, entry.at, entry.comment) == ("eve", "cab", NOW, "lessons noted")


def test_without_an_emergency_rule_no_review_is_asked_for_or_possible() -> None:
    config = policy(approvals=[{"type": "normal", "require": [CAB]}])
    change = rfc(type="emergency", status="verified")
    assert retrospective_roles(config, change) == []
    assert retrospective_missing(config, change) == []
    problem = review_problem(config, change, review("eve"))
    assert problem is not None
    assert (
        problem.message
        == "'cab' is not a retrospective role for this RFC (the policy asks for no review)"
    )
    refused = refusal(step_in(config, change, "eve"), lifecycle.Review(comment="ok"))
    assert refused.message == "a retrospective review needs the role (none); eve holds cab, telecom"


def test_retrospective_missing_counts_the_reviews_still_needed() -> None:
    config = policy(
        approvals=[
            {"type": "emergency", "require": [CAB], "retrospective": [{"role": "cab", "count": 2}]}
        ]
    )
    change = rfc(type="emergency", status="verified")
    assert [(n.role, n.count) for n in retrospective_missing(config, change)] == [("cab", 2)]
    once = change.model_copy(update={"reviews": [review("eve")]})
    assert [(n.role, n.count) for n in retrospective_missing(config, once)] == [("cab", 1)]


def test_close_names_the_review_still_needed() -> None:
    refused = refusal(step(rfc(type="emergency", status="verified"), "ann"), lifecycle.Close())
    assert refused.message == (
        "emergency change RFC-0001 needs a retrospective review by cab before it can close"
    )
    assert refused.hint == "ccgov rfc review RFC-0001 --comment ... (by someone holding cab)"


def test_cancel_records_its_reason() -> None:
    updated, _ = lifecycle.decide(step(rfc(), "ann"), lifecycle.Cancel(reason="not needed"))
    assert (updated.status, updated.history[-1].note) == ("cancelled", "not needed")
    updated, _ = lifecycle.decide(step(rfc(), "ann"), lifecycle.Cancel())
    assert "note" not in unset_free(updated, "history")[-1]


def test_only_an_implemented_change_is_backed_out() -> None:
    fail = lifecycle.Verify(result="fail", evidence="calls drop")
    assert not lifecycle.backs_out(scheduled(), fail)
    assert not lifecycle.backs_out(scheduled(), lifecycle.Backout(evidence="x"))


# --- where the RFC stands: describe_approvals -----------------------------------------------


def test_describe_approvals() -> None:
    def described(config: RepoConfig, change: ChangeRequest) -> str:
        return lifecycle.describe_approvals(config, change)

    submitted = rfc(status="submitted")
    assert described(NO_RULES, submitted) == "no approval rule covers this RFC"
    assert (
        described(CAB_AND_TELECOM, submitted) == "waiting for 1 more from cab, 1 more from telecom"
    )
    assert described(CONFIG, with_approval(submitted, "bob")) == "approvals complete"
    std = standard(status="approved")
    assert described(CONFIG, std) == "waiting for its catalog pre-approval (ccgov rfc submit)"
    assert described(CONFIG, preapproved(std)) == "pre-approved by catalog entry user-add"
    stale = preapproval_problem(_edited(preapproved(std)))
    assert stale is not None
    assert described(CONFIG, _edited(preapproved(std))) == "pre-approval void: " + stale.message
    # A standard change raised as a normal one keeps its old pre-approval; the CAB approved it.
    normal = with_approval(preapproved(rfc(status="approved", catalog_entry="user-add")), "bob")
    assert described(CONFIG, normal) == "approvals complete"


# --- the policy's own messages ---------------------------------------------------------------


def test_preapproval_problems_say_what_voids_the_preapproval() -> None:
    std = standard(status="approved")
    missing = preapproval_problem(std)
    assert missing is not None and missing.message == (
        "a standard change is approved by its catalog entry at submission, and this one has "
        "no preapproval"
    )
    other_entry = preapproval_problem(_other_entry(preapproved(std)))
    assert other_entry is not None and other_entry.message == (
        "the pre-approval is by catalog entry 'skill-change', but the RFC follows 'user-add'"
    )
    stale = preapproval_problem(_edited(preapproved(std)))
    assert stale is not None and stale.message == (
        "the pre-approval covers different content: scope, CIs, plans, risk or window changed "
        "after submission; resubmit the RFC (ccgov rfc submit), which checks it against the "
        "catalog again"
    )


def test_review_problems_name_the_reviewer() -> None:
    change = rfc(type="emergency", status="verified")
    unknown = review_problem(CONFIG, change, review("zed"))
    assert unknown is not None
    assert (unknown.kind, unknown.message) == (
        "unknown_person",
        "zed is not a person in ccgov.yaml",
    )
    inactive = review_problem(CONFIG, change, review("ida"))
    assert inactive is not None
    assert inactive.message == "ida is inactive in ccgov.yaml, so their review no longer counts"


def test_catalog_problems_name_the_entry_and_what_it_covers() -> None:
    [unknown] = catalog_problems(CONFIG, standard(catalog_entry="nope"), KINDS)
    assert unknown.message == "catalog entry 'nope' is not in ccgov.yaml catalog"
    change = rfc(
        type="standard",
        category="user_change",
        catalog_entry="skill-change",
        affects=["CI-0002", "CI-0001"],
    )
    [item] = catalog_problems(CONFIG, change, KINDS)
    assert item.message == (
        "catalog entry 'skill-change' covers only CI-0002, not CI-0001; raise a normal change"
    )


def test_slot_edges() -> None:
    window = rfc().window
    assert window is not None
    # Touching windows do not overlap, whichever comes first.
    after = Window(start=window.end, end=window.end + timedelta(hours=1))
    assert not overlaps(after, window) and not overlaps(window, after)
    # The booked slot includes its start and its end.
    change = scheduled()
    assert change.schedule is not None
    assert in_slot(change, change.schedule.start) and in_slot(change, change.schedule.end)
    # A slot that starts with the window and ends after it is wrong at its end.
    late = rfc(schedule={"start": "2030-03-01T10:00:00-06:00", "end": "2030-03-01T15:00:00-06:00"})
    [problem] = slot_problems(CONFIG, late)
    assert problem.where == ("schedule", "end")


def test_verdicts_say_why_a_decision_does_not_count() -> None:
    change = rfc(status="submitted")
    for by, role in (("zed", "cab"), ("ida", "cab"), ("tom", "cab"), ("eve", "cab")):
        change = with_approval(change, by, role)
    stale = with_approval(rfc(status="submitted", description="earlier"), "bob").approvals[0]
    change = change.model_copy(update={"approvals": [*change.approvals, stale]})
    assert [(v.approval.by, v.state, v.reason) for v in verdicts(CONFIG, change)] == [
        ("zed", "invalid", "zed is not a person in ccgov.yaml"),
        ("ida", "inactive", "ida is inactive in ccgov.yaml, so their decision no longer counts"),
        ("tom", "invalid", "tom does not hold the role 'cab'"),
        ("eve", "counts", None),
        ("bob", "stale", "the RFC's content changed after this decision"),
    ]
    assert approval_problem(CONFIG, change, "zed", "cab") == ApprovalProblem(
        "unknown_person", "zed is not a person in ccgov.yaml"
    )


def test_the_latest_test_before_a_moment_includes_that_moment_in_any_order() -> None:
    at = "2030-03-01T11:00:00-06:00"
    change = rfc(
        tests=[
            result_entry("2030-03-01T12:00:00-06:00", "fail"),
            result_entry(at, "pass"),
            result_entry("2030-03-01T10:00:00-06:00", "fail"),
        ]
    )
    latest = latest_test(change.tests, before=datetime.fromisoformat(at))
    assert latest is change.tests[1]


def test_a_person_counts_once_and_a_rejection_blocks_only_in_a_required_role() -> None:
    # A hand-edited RFC: eve approved as cab and again as telecom, tom rejected as liaison.
    change = with_approval(with_approval(rfc(status="submitted"), "eve"), "eve", "telecom")
    stale = with_approval(rfc(status="submitted", description="earlier"), "bob").approvals[0]
    rejection = with_approval(change, "ann", "liaison").approvals[-1]
    change = change.model_copy(
        update={
            "approvals": [
                *change.approvals,
                stale,
                rejection.model_copy(update={"decision": "reject"}),
            ]
        }
    )
    assert [(v.approval.by, v.state, v.reason) for v in verdicts(CAB_AND_TELECOM, change)] == [
        ("eve", "counts", None),
        ("eve", "repeat", "eve already counts once"),
        ("bob", "stale", "the RFC's content changed after this decision"),
        # ann requested the RFC, so her decision is invalid before its role matters.
        ("ann", "invalid", "ann requested this RFC and may not approve it"),
    ]
    status = approval_status(CAB_AND_TELECOM, change)
    assert status.granted == {"cab": ["eve"]}
    assert [(n.role, n.count) for n in status.missing] == [("telecom", 1)]
    assert status.stale == [stale] and not status.satisfied
    # A rejection in a role the policy does not ask for is noted, not blocking.
    noted = with_approval(rfc(status="submitted"), "bob")
    tom = with_approval(noted, "tom", "telecom").approvals[-1]
    noted = noted.model_copy(
        update={"approvals": [*noted.approvals, tom.model_copy(update={"decision": "reject"})]}
    )
    assert [v.state for v in verdicts(CONFIG, noted)] == ["counts", "noted"]
    assert approval_status(CONFIG, noted).satisfied
    needs_two = policy(approvals=[{"type": "normal", "require": [{"role": "cab", "count": 2}]}])
    missing = approval_status(needs_two, rfc(status="submitted")).missing
    assert [(n.role, n.count) for n in missing] == [("cab", 2)]
