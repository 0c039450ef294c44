"""The planning policy as pure functions, on hand-built records with
hand-computed expectations: sign-off matching, cost bands, the depends_on
graph, suspect links, risk tolerance, the demand lifecycle table, intervals
and quarters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from ccgov.policy import dependencies, signoff, suspect, tolerance
from ccgov.records.change import ChangeRequest
from ccgov.records.change import content_hash as change_hash
from ccgov.records.config import RepoConfig
from ccgov.records.demand import MOVES, NEXT_ACTIONS, STATUSES, TRANSITIONS, Demand, sources
from ccgov.records.demand import content_hash as demand_hash
from ccgov.records.item import ConfigurationItem
from ccgov.records.item import content_hash as item_hash
from ccgov.records.linkreview import LinkReviews
from ccgov.records.plan import Plan, quarter_bounds
from ccgov.records.requirement import Requirement
from ccgov.records.requirement import content_hash as requirement_hash
from ccgov.records.risk import RiskRecord, score
from ccgov.records.signoff import SignOff

AT = "2026-03-02T10:00:00+00:00"


def config(**policy: Any) -> RepoConfig:
    people = [
        ("ann", "contact_center", ["liaison"]),
        ("cid", "contact_center", ["cab", "budget"]),
        ("bob", "it", ["cab"]),
        ("dan", "it", ["telecom", "budget"]),
        ("eve", "vendor", ["cab"]),
    ]
    return RepoConfig.model_validate(
        {
            "organisation": "Test",
            "people": [
                {"handle": h, "name": h, "email": f"{h}@example.com", "organisation": o, "roles": r}
                for h, o, r in people
            ]
            + [
                {
                    "handle": "old",
                    "name": "old",
                    "email": "old@example.com",
                    "organisation": "it",
                    "active": False,
                }
            ],
            "roles": {r: {"name": r} for r in ("liaison", "cab", "budget", "telecom")},
            "policy": policy,
        }
    )


def requirement(**changes: Any) -> Requirement:
    data: dict[str, Any] = {
        "id": "REQ-0001",
        "title": "Voicemail after hours",
        "statement": "The IVR shall offer voicemail when closed.",
        "kind": "business",
        "priority": "must",
        "status": "proposed",
        "source": "ann",
        "owner": "ann",
        "area": "ivr",
        "acceptance_criteria": ["A call at 20:00 reaches voicemail."],
    }
    return Requirement.model_validate(data | changes)


def signed(record: Any, hasher: Any, *entries: tuple[str, str]) -> Any:
    """``record`` with sign-offs (by, decision) on its current content."""
    approvals = [
        SignOff(
            by=by, decision=decision, at=datetime.fromisoformat(AT), content_hash=hasher(record)
        )  # type: ignore[arg-type]
        for by, decision in entries
    ]
    return record.model_copy(update={"approvals": approvals})


BOTH_SIDES = {
    "requirements": [{"require": [{"organisation": "contact_center"}, {"organisation": "it"}]}]
}


# --- sign-off ---------------------------------------------------------------------


def test_one_from_each_side_is_satisfied_and_the_owner_may_not_sign() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(requirement(), requirement_hash, ("cid", "approve"), ("bob", "approve"))
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and status.satisfied
    assert status.granted == {0: ["cid"], 1: ["bob"]}
    # ann owns it: her sign-off does not count, so the contact center is missing.
    req = signed(requirement(), requirement_hash, ("ann", "approve"), ("bob", "approve"))
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and not status.satisfied
    assert [(n.organisation, n.count) for n in status.missing] == [("contact_center", 1)]
    assert status.invalid[0][1] == "ann owns REQ-0001 and may not sign it off"


def test_two_from_the_same_side_do_not_make_one_from_each() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(requirement(), requirement_hash, ("bob", "approve"), ("dan", "approve"))
    status = signoff.requirement_signoff(policy, req)
    assert status is not None
    # dan fits no need once bob holds IT's place: counted nowhere, not invalid either.
    assert status.granted == {1: ["bob"]}
    assert [n.organisation for n in status.missing] == ["contact_center"]


def test_matching_moves_a_signer_to_the_need_only_they_can_fill() -> None:
    """bob (IT, CAB) signs first and could fill either need; cid (contact
    center, CAB) can only fill the CAB one. A greedy match would leave IT
    empty; the matching gives bob IT and cid the CAB place."""
    policy = config(requirements=[{"require": [{"role": "cab"}, {"organisation": "it"}]}])
    req = signed(requirement(owner="dan"), requirement_hash, ("bob", "approve"), ("cid", "approve"))
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and status.satisfied
    assert status.granted == {0: ["cid"], 1: ["bob"]}


def test_counts_need_distinct_people() -> None:
    policy = config(requirements=[{"require": [{"role": "cab", "count": 2}]}])
    req = signed(requirement(owner="dan"), requirement_hash, ("bob", "approve"), ("bob", "approve"))
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and [n.count for n in status.missing] == [1]
    req = signed(requirement(owner="dan"), requirement_hash, ("bob", "approve"), ("eve", "approve"))
    assert signoff.requirement_signoff(policy, req).satisfied  # type: ignore[union-attr]


def test_editing_the_statement_makes_the_sign_offs_stale() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(requirement(), requirement_hash, ("cid", "approve"), ("bob", "approve"))
    edited = req.model_copy(update={"statement": "The IVR shall offer voicemail at night."})
    status = signoff.requirement_signoff(policy, edited)
    assert status is not None and not status.satisfied
    assert [a.by for a in status.stale] == ["cid", "bob"]
    # The rationale, the owner and the links are not what was agreed.
    for field, value in (("rationale", "new"), ("owner", "cid"), ("satisfied_by", ["CI-0009"])):
        assert requirement_hash(req.model_copy(update={field: value})) == requirement_hash(req)
    for field, value in (
        ("title", "x"),
        ("kind", "functional"),
        ("priority", "should"),
        ("acceptance_criteria", ["other"]),
        ("verification", "inspection"),
    ):
        assert requirement_hash(req.model_copy(update={field: value})) != requirement_hash(req)


def test_a_current_rejection_blocks_and_a_later_approval_replaces_it() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(
        requirement(), requirement_hash, ("cid", "approve"), ("bob", "approve"), ("bob", "reject")
    )
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and [r.by for r in status.rejections] == ["bob"]
    assert not status.satisfied
    req = signed(
        requirement(), requirement_hash, ("cid", "approve"), ("bob", "reject"), ("bob", "approve")
    )
    assert signoff.requirement_signoff(policy, req).satisfied  # type: ignore[union-attr]


def test_a_rejection_blocks_even_when_every_need_is_filled() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(
        requirement(), requirement_hash, ("cid", "approve"), ("bob", "approve"), ("dan", "reject")
    )
    status = signoff.requirement_signoff(policy, req)
    assert status is not None and status.missing == [] and not status.satisfied


def test_inactive_signers_stop_counting_until_the_requirement_is_approved() -> None:
    policy = config(**BOTH_SIDES)
    req = signed(requirement(), requirement_hash, ("cid", "approve"), ("old", "approve"))
    assert not signoff.requirement_signoff(policy, req).satisfied  # type: ignore[union-attr]
    approved = signed(
        requirement(status="approved"), requirement_hash, ("cid", "approve"), ("old", "approve")
    )
    assert signoff.requirement_signoff(policy, approved).satisfied  # type: ignore[union-attr]


def test_the_first_rule_by_kind_applies_and_none_means_no_sign_off() -> None:
    policy = config(
        requirements=[
            {"kind": ["regulatory"], "require": [{"role": "cab", "count": 2}]},
            {"kind": ["business"], "require": [{"organisation": "it"}]},
        ]
    )
    assert signoff.requirement_rule(policy, requirement(kind="regulatory")).require[0].count == 2  # type: ignore[union-attr]
    assert signoff.requirement_rule(policy, requirement()).require[0].organisation == "it"  # type: ignore[union-attr]
    assert signoff.requirement_signoff(policy, requirement(kind="functional")) is None
    assert signoff.requirement_signoff(config(), requirement()) is None


def test_separation_of_duties_off_lets_the_owner_sign() -> None:
    policy = config(separation_of_duties=False, **BOTH_SIDES)
    req = signed(requirement(), requirement_hash, ("ann", "approve"), ("bob", "approve"))
    assert signoff.requirement_signoff(policy, req).satisfied  # type: ignore[union-attr]


def test_describe() -> None:
    need = signoff.Signatory(organisation="it", role="cab", count=2)
    assert signoff.describe(need) == "2 cab from it"
    assert (
        signoff.describe(signoff.Signatory(organisation="contact_center"))
        == "1 from contact_center"
    )


# --- demands and cost bands ----------------------------------------------------------


def demand(**changes: Any) -> Demand:
    data: dict[str, Any] = {
        "id": "DEM-0001",
        "title": "Callback",
        "problem": "Long waits.",
        "requested_by": "ann",
        "business_value": "Calls kept.",
        "cost": {"estimate": 38000, "band": "medium"},
        "budget_owner": "cid",
        "status": "assessed",
    }
    return Demand.model_validate(data | changes)


INVESTMENTS = {
    "investments": {
        "bands": {"small": 10000, "medium": 100000},
        "approvals": [
            {"band": ["small"], "require": [{"role": "budget", "organisation": "contact_center"}]},
            {
                "require": [
                    {"role": "budget", "organisation": "contact_center"},
                    {"role": "budget", "organisation": "it"},
                ]
            },
        ],
    }
}


def test_the_band_decides_who_decides() -> None:
    policy = config(**INVESTMENTS)
    small = demand(cost={"estimate": 9000, "band": "small"})
    assert signoff.demand_signoff(policy, signed(small, demand_hash, ("cid", "approve"))).satisfied  # type: ignore[union-attr]
    medium = signed(demand(), demand_hash, ("cid", "approve"))
    status = signoff.demand_signoff(policy, medium)
    assert status is not None and [(n.role, n.organisation) for n in status.missing] == [
        ("budget", "it")
    ]
    assert signoff.demand_signoff(
        policy, signed(demand(), demand_hash, ("cid", "approve"), ("dan", "approve"))
    ).satisfied  # type: ignore[union-attr]


def test_whoever_asked_may_not_decide_and_the_case_binds_the_decision() -> None:
    policy = config(**INVESTMENTS)
    asked = demand(requested_by="cid", cost={"estimate": 9000, "band": "small"})
    status = signoff.demand_signoff(policy, signed(asked, demand_hash, ("cid", "approve")))
    assert status is not None and not status.satisfied
    assert status.invalid[0][1] == "cid asked for DEM-0001 and may not decide on it"
    decided = signed(demand(), demand_hash, ("cid", "approve"), ("dan", "approve"))
    cheaper = decided.model_copy(update={"budget_owner": "dan"})
    assert not signoff.demand_signoff(policy, cheaper).satisfied  # type: ignore[union-attr]
    # Its requirements and the spreadsheet id are not the business case.
    assert demand_hash(decided.model_copy(update={"requirements": ["REQ-0001"]})) == demand_hash(
        decided
    )


@pytest.mark.parametrize(
    ("band", "estimate", "fits"),
    [
        ("small", 0, True),
        ("small", 10000, True),  # the upper bound is the band's own
        ("small", 10000.01, False),
        ("medium", 10000, False),  # ... and the next band's lower bound, exclusive
        ("medium", 10000.01, True),
        ("medium", 100000, True),
        ("medium", 100001, False),
        ("large", 100000, False),
        ("large", 100000.5, True),
        ("large", 10**9, True),  # no upper bound
    ],
)
def test_cost_bands(band: str, estimate: float, fits: bool) -> None:
    investments = config(**INVESTMENTS).policy.investments
    assert signoff.in_band(investments, band, estimate) is fits  # type: ignore[arg-type]


def test_bands_without_bounds_hold_any_amount() -> None:
    investments = config().policy.investments
    assert all(signoff.in_band(investments, band, 5.0) for band in signoff.BANDS)
    assert signoff.band_text(investments, "small") == "any amount"
    assert signoff.band_text(config(**INVESTMENTS).policy.investments, "medium") == (
        "above 10,000 up to 100,000"
    )


# --- the demand lifecycle table ----------------------------------------------------------

# Hand-written: which actions each status allows, and where they lead.
EXPECTED_ACTIONS = {
    "proposed": {"assess", "decline"},
    "assessed": {"assess", "approve", "decline"},
    "approved": {"assess", "plan"},
    "declined": set(),
    "planned": {"deliver"},
    "delivered": set(),
}
EXPECTED_TRANSITIONS = {
    "proposed": ("assessed", "declined"),
    "assessed": ("approved", "declined"),
    "approved": ("assessed", "planned"),
    "declined": (),
    "planned": ("delivered",),
    "delivered": (),
}


@pytest.mark.parametrize("status", STATUSES)
def test_demand_lifecycle_table(status: str) -> None:
    allowed = {m.action for m in MOVES if status in m.sources}
    assert allowed == EXPECTED_ACTIONS[status]
    assert TRANSITIONS[status] == EXPECTED_TRANSITIONS[status]  # type: ignore[index]
    for action in ("assess", "approve", "decline", "plan", "deliver"):
        assert (status in sources(action)) == (action in EXPECTED_ACTIONS[status])  # type: ignore[arg-type]
    assert bool(NEXT_ACTIONS[status]) == bool(EXPECTED_ACTIONS[status])  # type: ignore[index]


# --- the depends_on graph -----------------------------------------------------------------

# SBC <- ACD <- queue <- routing; ACD <- IVR <- flow; fax stands alone; A <-> B loop.
GRAPH = {
    "SBC": [],
    "ACD": ["SBC"],
    "QUEUE": ["ACD"],
    "ROUTING": ["QUEUE", "ACD"],
    "IVR": ["ACD"],
    "FLOW": ["IVR", "ROUTING"],
    "FAX": [],
    "A": ["B"],
    "B": ["A"],
}


def test_dependents_with_the_shortest_path() -> None:
    assert dependencies.dependents(GRAPH, "SBC") == {
        "ACD": ["SBC", "ACD"],
        "IVR": ["SBC", "ACD", "IVR"],
        "QUEUE": ["SBC", "ACD", "QUEUE"],
        "ROUTING": ["SBC", "ACD", "ROUTING"],  # directly on the ACD, not via the queue
        "FLOW": ["SBC", "ACD", "IVR", "FLOW"],  # IVR comes before ROUTING
    }
    assert dependencies.dependents(GRAPH, "FLOW") == {}
    assert dependencies.dependents(GRAPH, "FAX") == {}


def test_dependencies_and_loops() -> None:
    assert set(dependencies.dependencies(GRAPH, "FLOW")) == {
        "IVR",
        "ROUTING",
        "QUEUE",
        "ACD",
        "SBC",
    }
    assert dependencies.dependents(GRAPH, "A") == {"B": ["A", "B"]}
    assert dependencies.dependencies(GRAPH, "B") == {"A": ["B", "A"]}


def test_coupled_pairs_name_who_depends_on_whom() -> None:
    assert dependencies.coupled(GRAPH, ["SBC"], ["QUEUE", "FAX"]) == [("QUEUE", "SBC")]
    assert dependencies.coupled(GRAPH, ["FLOW"], ["SBC"]) == [("FLOW", "SBC")]
    assert dependencies.coupled(GRAPH, ["FAX"], ["SBC"]) == []
    # A shared CI is its own conflict, not a pair.
    assert dependencies.coupled(GRAPH, ["ACD"], ["ACD"]) == []
    # Both change the ACD: that shared CI is the conflict; FAX touches nothing of theirs.
    assert dependencies.coupled(GRAPH, ["ACD", "FAX"], ["ACD", "QUEUE"]) == []
    assert dependencies.coupled(GRAPH, ["SBC", "FAX"], ["FLOW", "IVR"]) == [
        ("FLOW", "SBC"),
        ("IVR", "SBC"),
    ]


# --- suspect links ---------------------------------------------------------------------------


def item(
    item_id: str, version: str = "1.0", depends_on: list[str] | None = None
) -> ConfigurationItem:
    return ConfigurationItem.model_validate(
        {
            "id": item_id,
            "name": item_id,
            "kind": "software",
            "version": version,
            "owner": "bob",
            "depends_on": depends_on or [],
        }
    )


def change(change_id: str = "RFC-0001", **changes: Any) -> ChangeRequest:
    data: dict[str, Any] = {
        "id": change_id,
        "title": "Patch",
        "description": "Patch it.",
        "type": "normal",
        "category": "patch",
        "requested_by": "ann",
        "justification": "Advisory.",
        "requirements": ["REQ-0001"],
        "affects": ["CI-0002"],
        "risk": "low",
        "impact": "low",
    }
    return ChangeRequest.model_validate(data | changes)


def reviews(source: str, *entries: tuple[str, str]) -> LinkReviews:
    return LinkReviews.model_validate(
        {
            "source": source,
            "reviews": [
                {"target": target, "content_hash": digest, "by": "bob", "at": AT}
                for target, digest in entries
            ],
        }
    )


def test_link_states_by_hand() -> None:
    parent = requirement(id="REQ-0002")
    req = requirement(parents=["REQ-0002"], satisfied_by=["CI-0001", "CI-0009"])
    acd, sbc = item("CI-0001", depends_on=["CI-0002"]), item("CI-0002")
    rfc = change()
    old_sbc = item_hash(item("CI-0002", version="0.9"))
    states = suspect.link_states(
        [req, parent],
        [acd, sbc],
        [rfc],
        [
            reviews("REQ-0001", ("CI-0001", item_hash(acd)), ("RFC-0001", "sha256:" + "0" * 64)),
            # reviewed twice: the last review counts
            reviews("CI-0001", ("CI-0002", old_sbc), ("CI-0002", item_hash(sbc))),
            reviews("REQ-0001", ("REQ-0002", requirement_hash(parent))),
        ],
    )
    found = {(s.link.source, s.link.target, s.link.relation): s.status for s in states}
    assert found == {
        ("CI-0001", "CI-0002", "depends_on"): "reviewed",
        ("REQ-0001", "CI-0001", "satisfied_by"): "reviewed",
        ("REQ-0001", "CI-0009", "satisfied_by"): "dangling",
        ("REQ-0001", "REQ-0002", "parent"): "reviewed",
        ("REQ-0001", "RFC-0001", "implemented_by"): "suspect",
    }
    # Where each link is written: the RFC writes the requirement -> RFC link.
    written = {(s.link.target, s.link.owner, s.link.field, s.link.index) for s in states}
    assert ("RFC-0001", "RFC-0001", "requirements", 0) in written
    assert ("CI-0009", "REQ-0001", "satisfied_by", 1) in written


def test_a_link_becomes_suspect_when_its_target_changes_and_only_then() -> None:
    acd, sbc = item("CI-0001", depends_on=["CI-0002"]), item("CI-0002")
    reviewed = [reviews("CI-0001", ("CI-0002", item_hash(sbc)))]

    def status_with(target: ConfigurationItem) -> str:
        [state] = suspect.link_states([], [acd, target], [], reviewed)
        return state.status

    assert status_with(sbc) == "reviewed"
    assert status_with(item("CI-0002", version="2.0")) == "suspect"
    renamed = sbc.model_copy(update={"name": "SBC Omaha", "owner": "dan", "description": "x"})
    assert status_with(renamed) == "reviewed"
    # The source changing does not make its own links suspect.
    [state] = suspect.link_states([], [acd.model_copy(update={"version": "9"}), sbc], [], reviewed)
    assert state.status == "reviewed"
    [state] = suspect.link_states([], [acd, sbc], [], [])
    assert state.status == "unreviewed"


def test_rfc_links_follow_the_rfc_content_and_skip_missing_requirements() -> None:
    rfc = change()
    reviewed = [reviews("REQ-0001", ("RFC-0001", change_hash(rfc)))]
    [state] = suspect.link_states([requirement()], [], [rfc], reviewed)
    assert state.status == "reviewed"
    moved = rfc.model_copy(update={"affects": ["CI-0002", "CI-0003"]})
    [state] = suspect.link_states([requirement()], [], [moved], reviewed)
    assert state.status == "suspect"
    assert suspect.link_states([], [], [rfc], reviewed) == []


# --- risk tolerance -------------------------------------------------------------------------


def risk(**changes: Any) -> RiskRecord:
    data: dict[str, Any] = {
        "id": "RISK-0001",
        "title": "SBC exposed",
        "cause": "Advisory.",
        "probability": "possible",
        "impact": "severe",
        "owner": "bob",
        "items": ["CI-0002"],
        "review_by": "2026-06-30",
    }
    return RiskRecord.model_validate(data | changes)


def decided(record: RiskRecord, response: str, **extra: Any) -> RiskRecord:
    entry = {"response": response, "by": "bob", "at": AT, "rationale": "why"} | extra
    return RiskRecord.model_validate(record.model_dump(mode="json") | {"decisions": [entry]})


TOLERANCE = {"risk_tolerance": {"accept_up_to": 6, "change_risk": {"medium": 8, "high": 12}}}


def test_scores() -> None:
    assert score("rare", "negligible") == 1
    assert score("possible", "severe") == 15
    assert score("almost_certain", "severe") == 25
    assert score("likely", "minor") == 8


def test_acceptance_is_bounded_by_the_tolerance() -> None:
    policy = config(**TOLERANCE)
    assert tolerance.acceptance_problem(policy, decided(risk(), "accept")) is not None
    six = risk(probability="unlikely", impact="moderate")  # 2 x 3
    assert tolerance.acceptance_problem(policy, decided(six, "accept")) is None
    seven_up = risk(probability="likely", impact="minor")  # 4 x 2 = 8
    assert tolerance.acceptance_problem(policy, decided(seven_up, "accept")) is not None
    assert tolerance.acceptance_problem(policy, decided(risk(status="closed"), "accept")) is None
    assert tolerance.acceptance_problem(policy, decided(risk(), "transfer")) is None


@pytest.mark.parametrize(
    ("score_of", "needed"),
    [(7, None), (8, "medium"), (11, "medium"), (12, "high"), (25, "high")],
)
def test_required_change_risk(score_of: int, needed: str | None) -> None:
    assert tolerance.required_change_risk(config(**TOLERANCE), score_of) == needed


def test_under_rated_changes() -> None:
    policy = config(**TOLERANCE)
    by_item = tolerance.risks_by_item([risk()])  # score 15 on CI-0002
    low = change(risk="low")
    found = tolerance.under_rated(policy, low, by_item)
    assert (
        found is not None
        and found.needed == "high"
        and [r.id for r in found.risks] == ["RISK-0001"]
    )
    assert tolerance.under_rated(policy, change(risk="high"), by_item) is None
    assert tolerance.under_rated(policy, change(risk="critical"), by_item) is None
    assert tolerance.under_rated(policy, change(affects=["CI-0009"]), by_item) is None
    closed = tolerance.risks_by_item([risk(status="closed")])
    assert tolerance.under_rated(policy, low, closed) is None


def test_mitigations_need_an_action_and_may_not_be_dropped() -> None:
    policy = config(**TOLERANCE)
    assert tolerance.decision_problem(decided(risk(), "mitigate")) is not None
    assert tolerance.decision_problem(decided(risk(), "avoid", demands=["DEM-0001"])) is None
    assert tolerance.decision_problem(decided(risk(), "transfer")) is None
    mitigated = decided(risk(), "mitigate", changes=["RFC-0001"], demands=["DEM-0001"])
    demands = {"DEM-0001": demand(status="declined", cost=None, budget_owner=None)}
    changes = {"RFC-0001": change(status="cancelled")}
    assert tolerance.dead_mitigations(policy, mitigated, demands, changes) == [
        "DEM-0001 (declined)",
        "RFC-0001 (cancelled)",
    ]
    six = decided(risk(probability="unlikely", impact="moderate"), "mitigate", changes=["RFC-0001"])
    assert tolerance.dead_mitigations(policy, six, demands, changes) == []
    assert tolerance.mitigated_risks(policy, "DEM-0001", [mitigated, six]) == ["RISK-0001"]


# --- plans --------------------------------------------------------------------------------


def test_quarter_bounds() -> None:
    assert quarter_bounds("2026-Q1") == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_bounds("2024-Q1")[1] == date(2024, 3, 31)
    assert quarter_bounds("2026-Q4") == (date(2026, 10, 1), date(2026, 12, 31))


def test_add_interval_clamps_to_the_end_of_the_month() -> None:
    from ccgov.planning.plans import add_interval

    moment = datetime(2026, 8, 31, 10, tzinfo=UTC)
    assert add_interval(moment, "6 months") == datetime(2027, 2, 28, 10, tzinfo=UTC)
    assert add_interval(moment, "1 year") == datetime(2027, 8, 31, 10, tzinfo=UTC)
    assert add_interval(moment, "2 weeks") == datetime(2026, 9, 14, 10, tzinfo=UTC)
    assert add_interval(datetime(2027, 11, 30, tzinfo=UTC), "3 months") == datetime(
        2028, 2, 29, tzinfo=UTC
    )


def test_a_plan_never_reviewed_is_due_one_interval_after_its_start() -> None:
    from ccgov.planning.plans import next_review

    plan = Plan.model_validate(
        {
            "id": "PLAN-0001",
            "title": "Plan",
            "horizon": {"start": "2026-01-01", "end": "2027-12-31"},
            "review_every": "6 months",
            "objectives": [{"id": "o", "title": "O", "owners": ["ann", "bob"]}],
        }
    )
    last, due = next_review(plan, "America/Chicago")
    assert last is None and due.isoformat() == "2026-07-01T00:00:00-05:00"
    reviewed = Plan.model_validate(
        plan.model_dump(mode="json")
        | {
            "reviews": [
                {"by": "ann", "at": "2026-01-20T17:00:00Z", "summary": "x"},
                {"by": "ann", "at": "2026-03-05T17:00:00Z", "summary": "y"},
            ]
        }
    )
    last, due = next_review(reviewed, "America/Chicago")
    assert last == datetime(2026, 3, 5, 17, tzinfo=UTC)
    assert due == datetime(2026, 9, 5, 17, tzinfo=UTC)
