"""The planning rules (REQ, LNK, DEM, PLAN, RISK and their references), each
driven by a small governed repository on disk.

Every test starts from :func:`base` (which validates clean), changes one
thing, and checks that exactly the expected finding appears, at its place.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ccgov.findings import Finding
from ccgov.records.change import ChangeRequest
from ccgov.records.change import content_hash as change_hash
from ccgov.records.demand import Demand
from ccgov.records.demand import content_hash as demand_hash
from ccgov.records.item import ConfigurationItem
from ccgov.records.item import content_hash as item_hash
from ccgov.records.requirement import Requirement
from ccgov.records.requirement import content_hash as requirement_hash
from ccgov.store.yamlio import dump_for_edit
from ccgov.validation.validate import validate
from helpers import write_files

Data = dict[str, Any]
AT = "2026-03-02T10:00:00-06:00"


def person(handle: str, organisation: str, *roles: str) -> Data:
    return {
        "handle": handle,
        "name": handle.capitalize(),
        "email": f"{handle}@example.com",
        "organisation": organisation,
        "roles": list(roles),
    }


CONFIG: Data = {
    "organisation": "Planning Rules",
    "timezone": "America/Chicago",
    "people": [
        person("ann", "contact_center", "liaison"),
        person("cid", "contact_center", "cab", "budget"),
        person("bob", "it", "cab"),
        person("dan", "it", "telecom", "budget"),
    ],
    "roles": {r: {"name": r} for r in ("liaison", "cab", "budget", "telecom")},
    "policy": {
        "approvals": [{"type": "normal", "require": [{"role": "cab"}]}],
        "requirements": [{"require": [{"organisation": "contact_center"}, {"organisation": "it"}]}],
        "investments": {
            "bands": {"small": 10000, "medium": 100000},
            "approvals": [
                {
                    "require": [
                        {"organisation": "contact_center", "role": "budget"},
                        {"organisation": "it", "role": "budget"},
                    ]
                }
            ],
        },
        "risk_tolerance": {"accept_up_to": 6, "change_risk": {"medium": 8, "high": 12}},
    },
}


def sign(data: Data, model: Any, hasher: Any, *people: str, decision: str = "approve") -> Data:
    """``data`` with sign-offs by ``people`` on its current content."""
    record = model.model_validate({**data, "approvals": []})
    data["approvals"] = [
        {"by": by, "decision": decision, "at": AT, "content_hash": hasher(record)} for by in people
    ]
    return data


def requirement(**fields: Any) -> Data:
    data: Data = {
        "id": "REQ-0001",
        "title": "Overflow routing",
        "statement": "The ACD shall route calls waiting over 5 minutes to an overflow queue.",
        "kind": "functional",
        "priority": "must",
        "status": "approved",
        "source": "ann",
        "owner": "ann",
        "area": "routing",
        "acceptance_criteria": ["A call waiting 5 minutes reaches the overflow queue."],
        "satisfied_by": ["CI-0001"],
    } | fields
    return sign(data, Requirement, requirement_hash, "cid", "bob")


def demand(**fields: Any) -> Data:
    data: Data = {
        "id": "DEM-0001",
        "title": "Callback",
        "problem": "Monday waits over six minutes.",
        "requested_by": "ann",
        "business_value": "400 calls a week kept.",
        "cost": {"estimate": 38000, "band": "medium"},
        "budget_owner": "cid",
        "requirements": ["REQ-0001"],
        "status": "approved",
        "history": [
            {"status": "proposed", "at": AT, "by": "ann"},
            {"status": "assessed", "at": AT, "by": "bob"},
            {"status": "approved", "at": AT, "by": "dan"},
        ],
    } | fields
    return sign(data, Demand, demand_hash, "cid", "dan")


ITEMS: dict[str, Data] = {
    "items/CI-0001.yaml": {
        "id": "CI-0001",
        "name": "ACD",
        "kind": "software",
        "version": "12.1",
        "owner": "bob",
        "depends_on": ["CI-0002"],
    },
    "items/CI-0002.yaml": {
        "id": "CI-0002",
        "name": "SBC",
        "kind": "sbc",
        "version": "7.40",
        "owner": "dan",
    },
}
CHANGE: Data = {
    "id": "RFC-0001",
    "title": "Overflow queue",
    "description": "Add the overflow queue.",
    "type": "normal",
    "category": "routing_change",
    "requested_by": "ann",
    "justification": "Billing abandons.",
    "requirements": ["REQ-0001"],
    "affects": ["CI-0001"],
    "risk": "medium",
    "impact": "low",
    "status": "draft",
    "history": [{"status": "draft", "at": AT, "by": "ann"}],
}


def link_reviews(source: str, *targets: tuple[str, str]) -> Data:
    return {
        "source": source,
        "reviews": [{"target": t, "content_hash": h, "by": "bob", "at": AT} for t, h in targets],
    }


def base() -> dict[str, Data]:
    records: dict[str, Data] = {
        "requirements/REQ-0001.yaml": requirement(),
        **copy.deepcopy(ITEMS),
        "changes/RFC-0001.yaml": copy.deepcopy(CHANGE),
        "demand/DEM-0001.yaml": demand(),
        "plans/PLAN-0001.yaml": {
            "id": "PLAN-0001",
            "title": "Plan 2026-2027",
            "horizon": {"start": "2026-01-01", "end": "2027-12-31"},
            "review_every": "6 months",
            "objectives": [
                {
                    "id": "shorter-waits",
                    "title": "Callers wait less",
                    "owners": ["ann", "bob"],
                    "demands": [{"id": "DEM-0001", "quarter": "2026-Q2"}],
                    "requirements": [{"id": "REQ-0001", "quarter": "2026-Q3"}],
                }
            ],
            "reviews": [{"by": "ann", "at": AT, "summary": "Agreed.", "attendees": ["bob"]}],
        },
        "risks/RISK-0001.yaml": {
            "id": "RISK-0001",
            "title": "SBC exposed",
            "cause": "Advisory.",
            "probability": "unlikely",
            "impact": "minor",  # 2 x 2 = 4: within tolerance
            "owner": "dan",
            "items": ["CI-0002"],
            "requirements": ["REQ-0001"],
            "review_by": "2026-06-30",
            "decisions": [{"response": "accept", "by": "dan", "at": AT, "rationale": "Small."}],
        },
    }
    return records | hashed_links(records)


def hashed_links(records: dict[str, Data]) -> dict[str, Data]:
    """Current reviews of CI-0001 -> CI-0002 and REQ-0001 -> CI-0001 and RFC-0001."""

    def item(path: str) -> str:
        return item_hash(ConfigurationItem.model_validate(records[path]))

    rfc = change_hash(ChangeRequest.model_validate(records["changes/RFC-0001.yaml"]))
    return {
        "links/CI-0001.yaml": link_reviews("CI-0001", ("CI-0002", item("items/CI-0002.yaml"))),
        "links/REQ-0001.yaml": link_reviews(
            "REQ-0001", ("CI-0001", item("items/CI-0001.yaml")), ("RFC-0001", rfc)
        ),
    }


def run(tmp_path: Path, records: dict[str, Data], config: Data | None = None) -> list[Finding]:
    files = {"ccgov.yaml": dump_for_edit(config or CONFIG)}
    files.update({path: dump_for_edit(data) for path, data in records.items()})
    write_files(tmp_path, files)
    return validate(tmp_path).findings


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def one(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_base_is_clean(tmp_path: Path) -> None:
    assert run(tmp_path, base()) == []


# --- REQ: sign-off -------------------------------------------------------------------


def test_req001_approved_without_the_it_sign_off(tmp_path: Path) -> None:
    records = base()
    records["requirements/REQ-0001.yaml"] = sign(
        requirement(), Requirement, requirement_hash, "cid"
    )
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("REQ001", "requirements/REQ-0001.yaml")
    assert found.line == line_of(tmp_path / found.file, "status: approved")
    assert "needs 1 from it more" in found.message


def test_req001_the_owner_signing_does_not_count(tmp_path: Path) -> None:
    records = base()
    records["requirements/REQ-0001.yaml"] = sign(
        requirement(), Requirement, requirement_hash, "ann", "bob"
    )
    found = one(run(tmp_path, records))
    assert found.code == "REQ001" and "ann owns REQ-0001 and may not sign it off" in found.message


def test_proposed_requirements_need_no_sign_off_yet(tmp_path: Path) -> None:
    records = base()
    records["requirements/REQ-0001.yaml"] = requirement(status="proposed")
    records["requirements/REQ-0001.yaml"]["approvals"] = []
    assert run(tmp_path, records) == []


def test_editing_the_criteria_makes_the_sign_offs_stale(tmp_path: Path) -> None:
    records = base()
    edited = records["requirements/REQ-0001.yaml"]
    edited["acceptance_criteria"] = ["A call waiting 3 minutes reaches the overflow queue."]
    found = run(tmp_path, records)
    path = tmp_path / "requirements/REQ-0001.yaml"
    assert sorted((f.code, f.line) for f in found) == sorted(
        [
            ("REQ001", line_of(path, "status: approved")),
            ("REQ002", line_of(path, "content_hash", 1)),
            ("REQ002", line_of(path, "content_hash", 2)),
            # the requirement is a link target too: REQ-0001 -> RFC-0001 is not affected,
            # but nothing links to REQ-0001 here, so no LNK001.
        ]
    )
    assert all(f.code != "REQ002" or "cid" in f.message or "bob" in f.message for f in found)


def test_no_requirement_policy_means_no_sign_off(tmp_path: Path) -> None:
    config = copy.deepcopy(CONFIG)
    del config["policy"]["requirements"]
    records = base()
    records["requirements/REQ-0001.yaml"]["approvals"] = []
    assert run(tmp_path, records, config) == []


def test_signatory_roles_must_be_declared(tmp_path: Path) -> None:
    config = copy.deepcopy(CONFIG)
    config["policy"]["requirements"] = [{"require": [{"role": "director"}, {"organisation": "it"}]}]
    records = base()
    records["requirements/REQ-0001.yaml"]["status"] = "proposed"
    found = run(tmp_path, records, config)
    ref = [f for f in found if f.code == "REF002"]
    assert len(ref) == 1 and ref[0].file == "ccgov.yaml" and "'director'" in ref[0].message


# --- LNK: suspect links ----------------------------------------------------------------


def test_lnk001_at_the_depends_on_entry_when_the_sbc_changes(tmp_path: Path) -> None:
    records = base()
    records["items/CI-0002.yaml"]["version"] = "7.41"
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("LNK001", "items/CI-0001.yaml")
    assert found.line == line_of(tmp_path / found.file, "- CI-0002")
    assert "CI-0001 -> CI-0002 (depends on)" in found.message
    assert "ccgov link clear CI-0001" in found.message


def test_lnk001_only_for_what_a_link_reviews(tmp_path: Path) -> None:
    records = base()
    records["items/CI-0002.yaml"]["name"] = "SBC Omaha"
    records["items/CI-0002.yaml"]["owner"] = "bob"
    assert run(tmp_path, records) == []


def test_lnk001_requirement_links_point_at_the_requirement_command(tmp_path: Path) -> None:
    records = base()
    records["items/CI-0001.yaml"]["attributes"] = {"agents": 275}
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("LNK001", "requirements/REQ-0001.yaml")
    assert found.line == line_of(tmp_path / found.file, "- CI-0001")
    assert "ccgov req review REQ-0001" in found.message


def test_lnk001_an_rfc_link_sits_in_the_rfc(tmp_path: Path) -> None:
    records = base()
    records["changes/RFC-0001.yaml"]["affects"] = ["CI-0001", "CI-0002"]
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("LNK001", "changes/RFC-0001.yaml")
    assert found.line == line_of(tmp_path / found.file, "- REQ-0001")
    assert "REQ-0001 -> RFC-0001 (implemented by)" in found.message


def test_never_reviewed_links_are_not_suspect(tmp_path: Path) -> None:
    records = base()
    del records["links/CI-0001.yaml"]
    records["items/CI-0002.yaml"]["version"] = "7.41"
    assert run(tmp_path, records) == []


def test_link_reviews_of_a_record_that_does_not_exist(tmp_path: Path) -> None:
    records = base()
    records["links/CI-0009.yaml"] = link_reviews("CI-0009")
    records["links/RFC-0001.yaml"] = link_reviews("RFC-0001")
    found = sorted(run(tmp_path, records))
    assert [(f.code, f.file) for f in found] == [
        ("REF003", "links/CI-0009.yaml"),
        ("REF007", "links/RFC-0001.yaml"),
    ]


# --- DEM: demands -------------------------------------------------------------------------


def test_dem001_approved_by_the_contact_center_only(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"] = sign(demand(), Demand, demand_hash, "cid")
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("DEM001", "demand/DEM-0001.yaml")
    assert "needs 1 budget from it more" in found.message


def test_dem002_and_dem001_when_the_cost_changes_after_the_decision(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"]["cost"]["estimate"] = 39000
    found = run(tmp_path, records)
    assert sorted(f.code for f in found) == ["DEM001", "DEM002", "DEM002"]


def test_dem003_estimate_outside_its_band(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"] = demand(cost={"estimate": 9000, "band": "medium"})
    found = one(run(tmp_path, records))
    assert found.code == "DEM003"
    assert found.line == line_of(tmp_path / found.file, "estimate: 9000")
    assert "medium is above 10,000 up to 100,000" in found.message


def test_dem004_status_edited_without_a_step(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"]["status"] = "delivered"
    records["plans/PLAN-0001.yaml"]["objectives"][0]["demands"] = []
    found = [f for f in run(tmp_path, records) if f.code == "DEM004"]
    assert len(found) == 1 and "history ends at approved" in found[0].message


def test_dem004_history_that_skips_a_step(tmp_path: Path) -> None:
    records = base()
    history = records["demand/DEM-0001.yaml"]["history"]
    del history[1]  # proposed -> approved: never assessed
    found = one(run(tmp_path, records))
    assert found.code == "DEM004"
    assert found.line == line_of(tmp_path / found.file, "status: approved", 2)


def test_demand_references(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"] = demand(budget_owner="zed", requirements=["REQ-0009"])
    found = sorted(run(tmp_path, records), key=lambda f: f.code)
    assert [f.code for f in found] == ["REF001", "REF003"]


# --- PLAN ----------------------------------------------------------------------------------


def test_plan001_objective_owned_by_it_alone(tmp_path: Path) -> None:
    records = base()
    records["plans/PLAN-0001.yaml"]["objectives"][0]["owners"] = ["bob", "dan"]
    found = one(run(tmp_path, records))
    assert found.code == "PLAN001" and "no owner from contact center" in found.message


def test_plan002_planned_after_the_horizon(tmp_path: Path) -> None:
    records = base()
    records["plans/PLAN-0001.yaml"]["objectives"][0]["requirements"][0]["quarter"] = "2028-Q1"
    found = one(run(tmp_path, records))
    assert found.code == "PLAN002"
    assert found.line == line_of(tmp_path / found.file, "2028-Q1")


def test_plan002_a_quarter_touching_the_horizon_is_inside(tmp_path: Path) -> None:
    records = base()
    plan = records["plans/PLAN-0001.yaml"]
    plan["horizon"] = {"start": "2026-03-31", "end": "2027-10-01"}
    plan["objectives"][0]["demands"][0]["quarter"] = "2026-Q1"
    plan["objectives"][0]["requirements"][0]["quarter"] = "2027-Q4"
    assert run(tmp_path, records) == []


def test_plan003_declined_demand_left_in_the_plan(tmp_path: Path) -> None:
    records = base()
    records["demand/DEM-0001.yaml"] = demand(
        status="declined",
        history=[
            {"status": "proposed", "at": AT, "by": "ann"},
            {"status": "declined", "at": AT, "by": "cid"},
        ],
    )
    found = one(run(tmp_path, records))
    assert found.code == "PLAN003" and found.file == "plans/PLAN-0001.yaml"


def test_plan_references(tmp_path: Path) -> None:
    records = base()
    objective = records["plans/PLAN-0001.yaml"]["objectives"][0]
    objective["demands"].append({"id": "RFC-0001"})
    records["plans/PLAN-0001.yaml"]["reviews"][0]["attendees"] = ["zed"]
    found = sorted(run(tmp_path, records), key=lambda f: f.code)
    assert [f.code for f in found] == ["REF001", "REF007"]


# --- RISK ------------------------------------------------------------------------------------


def risk_with(**fields: Any) -> dict[str, Data]:
    records = base()
    records["risks/RISK-0001.yaml"].update(fields)
    return records


def test_risk001_accepting_a_score_of_seven_up(tmp_path: Path) -> None:
    assert run(tmp_path, risk_with(probability="possible")) == []  # 3 x 2 = 6
    found = one(run(tmp_path, risk_with(probability="likely")))  # 4 x 2 = 8
    assert found.code == "RISK001" and "scores 8" in found.message
    assert found.line == line_of(tmp_path / found.file, "response: accept")


def test_risk002_mitigation_without_an_action(tmp_path: Path) -> None:
    decision = {"response": "mitigate", "by": "dan", "at": AT, "rationale": "Patch."}
    found = one(run(tmp_path, risk_with(decisions=[decision])))
    assert found.code == "RISK002"


def test_risk003_rfc_rated_below_its_cis_risk(tmp_path: Path) -> None:
    records = risk_with(
        probability="likely",
        impact="moderate",  # 12: RFCs touching CI-0002 must be high
        decisions=[
            {
                "response": "mitigate",
                "by": "dan",
                "at": AT,
                "rationale": "Patch.",
                "changes": ["RFC-0001"],
            }
        ],
    )
    records["changes/RFC-0001.yaml"]["affects"] = ["CI-0002"]
    records |= hashed_links(records)
    found = one(run(tmp_path, records))
    assert (found.code, found.file) == ("RISK003", "changes/RFC-0001.yaml")
    assert "at least high" in found.message and "RISK-0001 (score 12)" in found.message
    records["changes/RFC-0001.yaml"]["risk"] = "high"
    records |= hashed_links(records)
    assert run(tmp_path / "again", records) == []


def test_risk003_leaves_changes_already_made_alone(tmp_path: Path) -> None:
    records = risk_with(
        probability="likely",
        impact="moderate",
        decisions=[{"response": "transfer", "by": "dan", "at": AT, "rationale": "Insured."}],
    )
    change = records["changes/RFC-0001.yaml"]
    change["affects"] = ["CI-0002"]
    change["status"] = "cancelled"
    change["history"].append({"status": "cancelled", "at": AT, "by": "ann"})
    records |= hashed_links(records)
    assert run(tmp_path, records) == []


def test_risk004_the_demand_carrying_a_mitigation_was_declined(tmp_path: Path) -> None:
    records = risk_with(
        probability="likely",
        impact="moderate",
        decisions=[
            {
                "response": "mitigate",
                "by": "dan",
                "at": AT,
                "rationale": "Buy.",
                "demands": ["DEM-0001"],
            }
        ],
    )
    records["demand/DEM-0001.yaml"] = demand(
        status="declined",
        history=[
            {"status": "proposed", "at": AT, "by": "ann"},
            {"status": "declined", "at": AT, "by": "cid"},
        ],
    )
    records["plans/PLAN-0001.yaml"]["objectives"][0]["demands"] = []
    found = one(run(tmp_path, records))
    assert found.code == "RISK004" and "DEM-0001 (declined)" in found.message


def test_risk_references(tmp_path: Path) -> None:
    records = risk_with(owner="zed", items=["CI-0009"])
    found = sorted(run(tmp_path, records), key=lambda f: f.code)
    assert [f.code for f in found] == ["REF001", "REF003"]
