"""Cross-record rules, each driven by a small governed repository on disk.

Every test starts from :func:`base_records` (which validates clean, see
``test_base_repository_is_clean``), changes one thing, and checks that
exactly the expected finding appears, at the expected place.
"""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ccgov.findings import CODES, Finding
from ccgov.records.change import ChangeRequest, content_hash
from ccgov.records.lifecycle import LIFECYCLE
from ccgov.store.yamlio import dump_for_edit
from ccgov.validation.validate import validate
from helpers import write_files

Data = dict[str, Any]

BASE_CONFIG: Data = {
    "organisation": "Rules Test Contact Center",
    "timezone": "America/Chicago",
    "people": [
        {
            "handle": "ann",
            "name": "Ann Liaison",
            "email": "ann@example.com",
            "organisation": "contact_center",
            "roles": ["liaison"],
        },
        {
            "handle": "bob",
            "name": "Bob Board",
            "email": "bob@example.com",
            "organisation": "it",
            "roles": ["cab"],
        },
        {
            "handle": "cat",
            "name": "Cat Board",
            "email": "cat@example.com",
            "organisation": "it",
            "roles": ["cab", "noc"],
        },
        {
            "handle": "dan",
            "name": "Dan Telecom",
            "email": "dan@example.com",
            "organisation": "it",
            "roles": ["telecom"],
        },
    ],
    "roles": {
        "cab": {"name": "Change advisory board"},
        "liaison": {"name": "Liaison"},
        "telecom": {"name": "Telecom"},
        "noc": {"name": "Network operations"},
    },
    "calendars": {
        "business": {
            "timezone": "America/Chicago",
            "hours": {day: ["08:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        }
    },
    "policy": {
        "approvals": [
            {
                "type": "normal",
                "risk": ["high", "critical"],
                "require": [{"role": "cab", "count": 2}],
            },
            {"type": "normal", "require": [{"role": "cab", "count": 1}]},
            {
                "type": "emergency",
                "require": [{"role": "cab", "count": 1}],
                "retrospective": [{"role": "cab", "count": 1}],
            },
            {"type": "standard", "require": []},
        ]
    },
    "catalog": [
        {
            "id": "user-add",
            "title": "Add a contact-center user",
            "category": "user_add",
            "max_risk": "low",
        }
    ],
}

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours: float) -> str:
    """A timestamp ``hours`` after T0, as ISO text with a zone."""
    return (T0 + timedelta(hours=hours)).isoformat()


# Who records each lifecycle step of the RFCs built below.
ACTOR = {
    "draft": "ann",
    "submitted": "ann",
    "approved": "bob",
    "scheduled": "dan",
    "implemented": "dan",
    "verified": "ann",
    "closed": "ann",
}


def approval(change: Data, by: str, role: str, hours: float, decision: str = "approve") -> Data:
    """A decision on the RFC's current content (so it is not stale)."""
    model = ChangeRequest.model_validate({**change, "status": "draft", "approvals": []})
    return {
        "by": by,
        "role": role,
        "decision": decision,
        "at": at(hours),
        "content_hash": content_hash(model),
    }


def preapproval(change: Data, hours: float) -> Data:
    """A standard change's catalog pre-approval of its current content, given at submission."""
    model = ChangeRequest.model_validate({**change, "status": "draft", "approvals": []})
    return {
        "entry": change["catalog_entry"],
        "by": change["requested_by"],
        "at": at(hours),
        "content_hash": content_hash(model),
    }


def rfc(status: str = "closed", **fields: Any) -> Data:
    """A consistent normal RFC walked up the happy path to ``status``.

    Step n of the lifecycle happens at T0 + n hours; the CAB approves at 1.5h,
    the test passes at 3.5h (before implementation at 4h).
    """
    change: Data = {
        "id": "RFC-0001",
        "title": "Add an overflow queue for billing",
        "description": "Route billing calls waiting over 5 minutes to the overflow queue.",
        "type": "normal",
        "category": "routing_change",
        "requested_by": "ann",
        "implementer": "dan",
        "justification": "Billing abandon rate is over 12 % at month end.",
        "requirements": ["REQ-0001"],
        "affects": ["CI-0001"],
        "risk": "low",
        "impact": "low",
        "plans": {
            "implementation": "Add the queue and routing rule.",
            "test": "Place test calls at the overflow threshold.",
            "backout": "Remove the routing rule.",
        },
        "window": {"start": at(48), "end": at(50)},
    }
    change.update(fields)
    steps = LIFECYCLE[: LIFECYCLE.index(status) + 1] if status in LIFECYCLE else (status,)
    change["status"] = status
    change["history"] = [
        {"status": s, "at": at(i), "by": ACTOR.get(s, "ann")} for i, s in enumerate(steps)
    ]
    if "approved" in steps and "approvals" not in fields:
        change["approvals"] = [approval(change, "bob", "cab", 1.5)]
    standard = change["type"] == "standard" and change.get("catalog_entry")
    if "approved" in steps and standard and "preapproval" not in fields:
        change["preapproval"] = preapproval(change, 1)
    if "implemented" in steps and "tests" not in fields:
        change["tests"] = [
            {
                "at": at(3.5),
                "by": "dan",
                "result": "pass",
                "evidence": "10 test calls reached the overflow queue.",
            }
        ]
    return change


def base_records() -> dict[str, Data]:
    """One clean record of every kind, referring to each other."""
    return {
        "requirements/REQ-0001.yaml": {
            "id": "REQ-0001",
            "title": "Overflow routing",
            "statement": "The ACD shall route calls waiting over 5 minutes to an overflow queue.",
            "kind": "functional",
            "priority": "must",
            "source": "ann",
            "owner": "ann",
            "area": "routing",
            "satisfied_by": ["CI-0001"],
        },
        "requirements/REQ-0002.yaml": {
            "id": "REQ-0002",
            "title": "Billing overflow",
            "statement": "Billing calls shall overflow after 5 minutes.",
            "kind": "business",
            "priority": "should",
            "source": "ann",
            "owner": "ann",
            "area": "routing",
            "parents": ["REQ-0001"],
        },
        "items/CI-0001.yaml": {
            "id": "CI-0001",
            "name": "Main routing script",
            "kind": "routing_script",
            "version": "4.10",
            "owner": "dan",
            "depends_on": ["CI-0002"],
        },
        "items/CI-0002.yaml": {
            "id": "CI-0002",
            "name": "ACD platform",
            "kind": "software",
            "version": "12.1",
            "owner": "dan",
        },
        "slas/SLA-0001.yaml": {
            "id": "SLA-0001",
            "title": "Contact-center support",
            "version": "1.0",
            "provider": "IT",
            "customer": "Contact center",
            "owner": "cat",
            "effective": {"from": "2026-01-01", "to": "2026-12-31"},
            "calendar": "business",
            "severities": {
                1: {
                    "response": {"within": "15m", "clock": "24x7"},
                    "resolution": {"within": "4h", "clock": "24x7"},
                    "escalation": [{"after": "1h", "notify": ["noc", "bob"]}],
                },
                2: {"response": {"within": "1h"}, "resolution": {"within": "1d"}},
            },
            "availability": [{"item": "CI-0002", "target": 99.9}],
        },
        "incidents/INC-0001.yaml": {
            "id": "INC-0001",
            "title": "Overflow queue unreachable",
            "severity": 1,
            "sla": "SLA-0001",
            "opened": at(100),
            "responded": at(100.1),
            "resolved": at(102),
            "closed": at(103),
            "pauses": [{"start": at(100.5), "end": at(101), "reason": "vendor"}],
            "affects": ["CI-0001"],
            "caused_by": "RFC-0001",
            "assignee": "dan",
        },
        "raci/sev1.yaml": {
            "id": "sev1",
            "process": "Severity 1 incident",
            "activities": [
                {"name": "Restore service", "raci": {"noc": "A", "telecom": "R", "liaison": "I"}},
                {"name": "Approve emergency fix", "raci": {"cab": "AR"}},
            ],
        },
        "changes/RFC-0001.yaml": rfc("closed"),
    }


def run(tmp_path: Path, records: dict[str, Data], config: Data | None = None) -> list[Finding]:
    """Write ccgov.yaml and the records as YAML files, validate, return the findings."""
    files = {"ccgov.yaml": dump_for_edit(config if config is not None else BASE_CONFIG)}
    files.update({path: dump_for_edit(data) for path, data in records.items()})
    write_files(tmp_path, files)
    return validate(tmp_path).findings


def with_change(status: str, **fields: Any) -> dict[str, Data]:
    """The base records plus RFC-0002, built by :func:`rfc`."""
    records = base_records()
    records["changes/RFC-0002.yaml"] = rfc(status, id="RFC-0002", **fields)
    return records


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def test_base_repository_is_clean(tmp_path: Path) -> None:
    assert run(tmp_path, base_records()) == []


def test_every_code_used_here_is_catalogued() -> None:
    for code in ("RACI001", "CYC001", "RFC011", "INC004", "SLA002", "REF007", "ID003"):
        assert code in CODES


# --- RACI -------------------------------------------------------------------


def raci_with(*activities: Data) -> dict[str, Data]:
    records = base_records()
    records["raci/sev1.yaml"]["activities"] = list(activities)
    return records


def test_raci001_two_accountable(tmp_path: Path) -> None:
    findings = run(tmp_path, raci_with({"name": "Restore", "raci": {"noc": "A", "telecom": "AR"}}))
    [finding] = findings
    assert finding.code == "RACI001"
    assert "exactly one A" in finding.message and "noc, telecom" in finding.message
    assert finding.line == line_of(tmp_path / "raci/sev1.yaml", "name: Restore")


def test_raci001_no_accountable(tmp_path: Path) -> None:
    findings = run(tmp_path, raci_with({"name": "Restore", "raci": {"noc": "R"}}))
    assert [(f.code, "found none" in f.message) for f in findings] == [("RACI001", True)]


def test_raci002_no_responsible(tmp_path: Path) -> None:
    findings = run(
        tmp_path,
        raci_with(
            {"name": "Restore", "raci": {"noc": "R", "cab": "A"}},
            {"name": "Inform", "raci": {"cab": "A", "liaison": "I"}},
        ),
    )
    [finding] = findings
    assert finding.code == "RACI002"
    assert "'Inform'" in finding.message
    assert finding.line == line_of(tmp_path / "raci/sev1.yaml", "name: Inform")


def test_raci003_repeated_letter(tmp_path: Path) -> None:
    findings = run(tmp_path, raci_with({"name": "Restore", "raci": {"noc": "AA", "telecom": "R"}}))
    [finding] = findings
    assert finding.code == "RACI003"
    assert "'AA'" in finding.message
    assert finding.line == line_of(tmp_path / "raci/sev1.yaml", "noc: AA")


def test_raci_unknown_role_is_ref002_at_the_key(tmp_path: Path) -> None:
    findings = run(tmp_path, raci_with({"name": "Restore", "raci": {"noc": "A", "vendor": "R"}}))
    [finding] = findings
    assert finding.code == "REF002" and "'vendor'" in finding.message
    line = line_of(tmp_path / "raci/sev1.yaml", "vendor: R")
    text = (tmp_path / "raci/sev1.yaml").read_text().splitlines()[line - 1]
    assert (finding.line, finding.column) == (line, text.index("vendor") + 1)


# --- cycles -----------------------------------------------------------------


def test_cyc001_requirement_parent_cycle_shows_the_chain(tmp_path: Path) -> None:
    records = base_records()
    records["requirements/REQ-0001.yaml"]["parents"] = ["REQ-0003"]
    records["requirements/REQ-0003.yaml"] = {
        **records["requirements/REQ-0002.yaml"],
        "id": "REQ-0003",
        "parents": ["REQ-0002"],
    }
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "CYC001"
    # Each requirement in the chain names the next one as its parent.
    chain = finding.message.split(": ", 1)[1].split(" -> ")
    assert chain[0] == chain[-1] and set(chain) == {"REQ-0001", "REQ-0002", "REQ-0003"}
    parents = {"REQ-0001": "REQ-0003", "REQ-0002": "REQ-0001", "REQ-0003": "REQ-0002"}
    for child, parent in itertools.pairwise(chain):
        assert parents[child] == parent


def test_cyc001_self_parent(tmp_path: Path) -> None:
    records = base_records()
    records["requirements/REQ-0002.yaml"]["parents"] = ["REQ-0002"]
    [finding] = run(tmp_path, records)
    assert finding.code == "CYC001" and "REQ-0002 -> REQ-0002" in finding.message
    assert finding.file == "requirements/REQ-0002.yaml"
    assert finding.line == line_of(tmp_path / "requirements/REQ-0002.yaml", "- REQ-0002")


def test_cyc002_item_dependency_cycle(tmp_path: Path) -> None:
    records = base_records()
    records["items/CI-0002.yaml"]["depends_on"] = ["CI-0001"]
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "CYC002"
    assert (
        "CI-0001 -> CI-0002 -> CI-0001" in finding.message
        or "CI-0002 -> CI-0001 -> CI-0002" in finding.message
    )


def test_two_separate_cycles_are_both_reported(tmp_path: Path) -> None:
    records = base_records()
    records["items/CI-0002.yaml"]["depends_on"] = ["CI-0001"]
    records["items/CI-0003.yaml"] = {
        **records["items/CI-0002.yaml"],
        "id": "CI-0003",
        "depends_on": ["CI-0004"],
    }
    records["items/CI-0004.yaml"] = {
        **records["items/CI-0002.yaml"],
        "id": "CI-0004",
        "depends_on": ["CI-0003"],
    }
    findings = run(tmp_path, records)
    assert [f.code for f in findings] == ["CYC002", "CYC002"]
    assert {"CI-0003" in f.message for f in findings} == {True, False}


# --- RFCs -------------------------------------------------------------------


def rfc2(tmp_path: Path) -> Path:
    return tmp_path / "changes/RFC-0002.yaml"


def test_every_lifecycle_status_is_clean(tmp_path: Path) -> None:
    records = base_records()
    for number, status in enumerate(LIFECYCLE, start=2):
        rid = f"RFC-{number:04d}"
        records[f"changes/{rid}.yaml"] = rfc(status, id=rid)
    assert run(tmp_path, records) == []


def test_rfc001_approved_without_approvals(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="approved", approvals=[]))
    [finding] = findings
    assert finding.code == "RFC001" and "1 more from cab" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "status: approved")


def test_rfc001_high_risk_needs_two_cab_members(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="scheduled", risk="high"))
    assert [(f.code, "1 more from cab" in f.message) for f in findings] == [("RFC001", True)]


def test_rfc001_no_policy_rule_for_the_type(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["policy"]["approvals"] = [
        r for r in config["policy"]["approvals"] if r["type"] != "emergency"
    ]
    records = with_change(status="approved", type="emergency")
    findings = run(tmp_path, records, config)
    [finding] = findings
    assert finding.code == "RFC001" and "no rule" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "type: emergency")


def test_rfc002_requester_approves_own_change(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][0]["roles"] = ["liaison", "cab"]
    records = with_change(status="submitted")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"] = [approval(change, "ann", "cab", 1.5)]
    findings = run(tmp_path, records, config)
    [finding] = findings
    assert finding.code == "RFC002" and "requested this RFC" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "- by: ann")


def test_rfc002_copy_pasted_self_approval_is_reported_at_each_copy(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][0]["roles"] = ["liaison", "cab"]
    records = with_change(status="submitted")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"] = [approval(change, "ann", "cab", 1.5) for _ in range(2)]
    findings = run(tmp_path, records, config)
    first, second = line_of(rfc2(tmp_path), "- by: ann"), line_of(rfc2(tmp_path), "- by: ann", 2)
    assert sorted((f.code, f.line) for f in findings) == [
        ("RFC002", first),
        ("RFC002", second),
        ("RFC011", second),
    ]


def test_rfc002_implementer_approves(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][3]["roles"] = ["telecom", "cab"]
    records = with_change(status="submitted")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"] = [approval(change, "dan", "cab", 1.5)]
    [finding] = run(tmp_path, records, config)
    assert finding.code == "RFC002" and "implements this RFC" in finding.message


def test_rfc003_implemented_without_tests(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="implemented", tests=[]))
    [finding] = findings
    assert finding.code == "RFC003"
    assert finding.line == line_of(rfc2(tmp_path), "status: implemented")


def test_rfc003_only_failed_tests(tmp_path: Path) -> None:
    failed = [{"at": at(3.5), "by": "dan", "result": "fail", "evidence": "calls dropped"}]
    findings = run(tmp_path, with_change(status="verified", tests=failed))
    assert [f.code for f in findings] == ["RFC003"]


def test_rfc004_history_skips_approval(tmp_path: Path) -> None:
    records = with_change(status="submitted")
    change = records["changes/RFC-0002.yaml"]
    change["history"].append({"status": "scheduled", "at": at(2), "by": "dan"})
    change["status"] = "scheduled"
    change["approvals"] = [approval(change, "bob", "cab", 1.5)]
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "RFC004"
    assert "submitted cannot be followed by scheduled" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "- status: scheduled")


def test_rfc004_history_goes_back_in_time(tmp_path: Path) -> None:
    records = with_change(status="approved")
    records["changes/RFC-0002.yaml"]["history"][2]["at"] = at(0.5)
    findings = run(tmp_path, records)
    assert "RFC004" in codes(findings)
    [order] = only(findings, "RFC004")
    assert "earlier than the one before it" in order.message


def test_rfc004_status_not_recorded_in_history(tmp_path: Path) -> None:
    records = with_change(status="submitted")
    records["changes/RFC-0002.yaml"]["status"] = "cancelled"
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC004" and "history ends at submitted" in finding.message


def test_rfc005_content_changed_after_approval(tmp_path: Path) -> None:
    records = with_change(status="approved")
    records["changes/RFC-0002.yaml"]["affects"] = ["CI-0001", "CI-0002"]
    findings = run(tmp_path, records)
    assert codes(findings) == {"RFC001", "RFC005"}
    [stale] = only(findings, "RFC005")
    assert stale.line == line_of(rfc2(tmp_path), "content_hash:")


def test_rfc005_every_substantive_field_voids_the_approval() -> None:
    change = rfc("approved")
    base = ChangeRequest.model_validate(change)
    for field, value in {
        "title": "Other",
        "risk": "medium",
        "affects": ["CI-0002"],
        "window": {"start": at(60), "end": at(61)},
        "plans": {**change["plans"], "backout": "Restore the backup."},
    }.items():
        edited = ChangeRequest.model_validate({**change, field: value})
        assert content_hash(edited) != content_hash(base), field
    # Bookkeeping is not content: approving does not void approvals.
    reordered = ChangeRequest.model_validate(
        {**change, "affects": list(change["affects"]), "history": change["history"][:2]}
    )
    assert content_hash(reordered) == content_hash(base)


def test_rfc006_window_ends_before_it_starts(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="draft", window={"start": at(50), "end": at(48)}))
    [finding] = findings
    assert finding.code == "RFC006"
    assert finding.line == line_of(rfc2(tmp_path), "end:")


def test_rfc007_standard_change_without_catalog_entry(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="draft", type="standard", category="user_add"))
    [finding] = findings
    assert finding.code == "RFC007" and "catalog_entry" in finding.message


def test_rfc007_catalog_entry_for_another_category(tmp_path: Path) -> None:
    findings = run(
        tmp_path,
        with_change(
            status="closed", type="standard", catalog_entry="user-add", category="routing_change"
        ),
    )
    [finding] = findings
    assert finding.code == "RFC007" and "covers user_add, not routing_change" in finding.message


def test_rfc007_standard_change_above_catalog_risk(tmp_path: Path) -> None:
    findings = run(
        tmp_path,
        with_change(
            status="closed",
            type="standard",
            catalog_entry="user-add",
            category="user_add",
            risk="medium",
        ),
    )
    [finding] = findings
    assert finding.code == "RFC007" and "raise a normal change" in finding.message


def test_standard_change_following_its_catalog_entry_is_clean(tmp_path: Path) -> None:
    records = with_change(
        status="closed",
        type="standard",
        catalog_entry="user-add",
        category="user_add",
        approvals=[],
    )
    assert run(tmp_path, records) == []


def test_rfc008_approver_lacks_the_role(tmp_path: Path) -> None:
    records = with_change(status="submitted")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"] = [approval(change, "dan", "cab", 1.5)]
    change["implementer"] = None
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC008" and "does not hold the role 'cab'" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "role: cab")


def test_rfc009_emergency_closed_without_retrospective(tmp_path: Path) -> None:
    findings = run(tmp_path, with_change(status="closed", type="emergency"))
    [finding] = findings
    assert finding.code == "RFC009" and "1 more from cab" in finding.message


def test_emergency_closed_with_retrospective_is_clean(tmp_path: Path) -> None:
    review = [{"by": "cat", "role": "cab", "at": at(7), "comment": "Fix was right."}]
    assert run(tmp_path, with_change(status="closed", type="emergency", reviews=review)) == []


def test_rfc010_rejected_yet_scheduled(tmp_path: Path) -> None:
    records = with_change(status="scheduled")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"].append(approval(change, "cat", "cab", 1.6, decision="reject"))
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "RFC010" and "cat (cab) rejected" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "decision: reject")


def test_rfc011_same_person_decides_twice(tmp_path: Path) -> None:
    records = with_change(status="approved")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"].append(approval(change, "bob", "cab", 1.7))
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "RFC011" and "twice" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "- by: bob", 2)


def test_rfc011_decision_before_submission(tmp_path: Path) -> None:
    records = with_change(status="approved")
    change = records["changes/RFC-0002.yaml"]
    change["approvals"] = [approval(change, "bob", "cab", 0.5)]
    findings = run(tmp_path, records)
    [finding] = findings
    assert finding.code == "RFC011" and "predates the submission" in finding.message


def test_rfc003_a_failure_after_a_pass_before_implementation(tmp_path: Path) -> None:
    tests = [
        {"at": at(3.2), "by": "dan", "result": "pass", "evidence": "lab"},
        {"at": at(3.5), "by": "dan", "result": "fail", "evidence": "calls dropped"},
        # After implementation: the verification, not the test that allowed it.
        {"at": at(4.5), "by": "ann", "result": "pass", "evidence": "production"},
    ]
    records = with_change(status="verified", tests=tests)
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC003" and "failed" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "result: fail")
    tests.insert(2, {"at": at(3.8), "by": "dan", "result": "pass", "evidence": "retest"})
    assert run(tmp_path / "retested", with_change(status="verified", tests=tests)) == []


# --- standard changes and their catalog entry -----------------------------------


def catalog_config(**entry: Any) -> Data:
    config = copy.deepcopy(BASE_CONFIG)
    config["catalog"][0].update(entry)
    return config


def standard_change(status: str = "approved", **fields: Any) -> dict[str, Data]:
    fields = {"type": "standard", "category": "user_add", "catalog_entry": "user-add", **fields}
    records = with_change(status=status, approvals=[], **fields)
    records["items/CI-0003.yaml"] = {
        **records["items/CI-0002.yaml"],
        "id": "CI-0003",
        "name": "Agent desktop",
        "kind": "desktop",
    }
    return records


def test_standard_change_preapproved_for_its_content_is_clean(tmp_path: Path) -> None:
    records = standard_change(affects=["CI-0003"])
    assert run(tmp_path, records, catalog_config(item_kinds=["desktop"])) == []


def test_rfc012_standard_change_touching_a_ci_its_entry_does_not_cover(tmp_path: Path) -> None:
    records = standard_change(affects=["CI-0003", "CI-0002"])
    [finding] = run(tmp_path, records, catalog_config(item_kinds=["desktop"]))
    assert finding.code == "RFC012"
    assert "CI-0002 is of kind software" in finding.message and "desktop" in finding.message
    text = rfc2(tmp_path).read_text().splitlines()
    assert text[finding.line - 1].strip() == "- CI-0002"


def test_rfc012_catalog_items_limit_what_is_created_too(tmp_path: Path) -> None:
    records = standard_change(status="draft", affects=["CI-0003"], creates=["CI-0009"])
    [finding] = run(tmp_path, records, catalog_config(items=["CI-0003"]))
    assert finding.code == "RFC012" and "not CI-0009" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "- CI-0009")


def test_rfc001_standard_change_approved_without_preapproval(tmp_path: Path) -> None:
    records = standard_change(preapproval=None)
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC001" and "pre-approval" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "status: approved")


def test_widening_a_standard_change_voids_its_preapproval(tmp_path: Path) -> None:
    records = standard_change(affects=["CI-0003"])
    # The ACD platform joins a user_add change after it was pre-approved.
    records["changes/RFC-0002.yaml"]["affects"] = ["CI-0003", "CI-0002"]
    findings = run(tmp_path, records)
    assert codes(findings) == {"RFC001", "RFC005"}
    [stale] = only(findings, "RFC005")
    assert stale.line == line_of(rfc2(tmp_path), "content_hash:")
    assert "pre-approval covers different content" in stale.message


def test_rfc005_preapproval_by_another_catalog_entry(tmp_path: Path) -> None:
    records = standard_change()
    records["changes/RFC-0002.yaml"]["preapproval"]["entry"] = "user-remove"
    findings = run(tmp_path, records)
    assert codes(findings) == {"RFC001", "RFC005"}
    [other] = only(findings, "RFC005")
    assert other.line == line_of(rfc2(tmp_path), "entry: user-remove")


# --- time: the booked slot ------------------------------------------------------


def test_rfc013_booked_slot_outside_the_approved_window(tmp_path: Path) -> None:
    records = with_change(status="scheduled", schedule={"start": at(47), "end": at(49)})
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC013" and "outside the approved window" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), f"start: '{at(47)}'")


def test_rfc013_booked_slot_in_a_blackout(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["blackouts"] = [{"name": "Month end", "start": at(49), "end": at(60)}]
    records = with_change(status="scheduled", schedule={"start": at(48), "end": at(50)})
    [finding] = run(tmp_path, records, config)
    assert finding.code == "RFC013" and "Month end" in finding.message
    emergency = with_change(
        status="scheduled", type="emergency", schedule={"start": at(48), "end": at(50)}
    )
    assert run(tmp_path / "emergency", emergency, config) == []


def test_rfc013_implemented_outside_the_slot_without_a_deviation(tmp_path: Path) -> None:
    # The RFCs built here are implemented at T0 + 4h.
    slot = {"window": {"start": at(3), "end": at(6)}, "schedule": {"start": at(4.5), "end": at(6)}}
    [finding] = run(tmp_path, with_change(status="implemented", **slot))
    assert finding.code == "RFC013" and "without a deviation" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), f"at: '{at(4)}'")
    deviation = [{"at": at(4), "by": "dan", "reason": "The carrier moved the cut-over."}]
    records = with_change(status="implemented", deviations=deviation, **slot)
    assert run(tmp_path / "deviation", records) == []
    inside = {**slot, "schedule": {"start": at(3.5), "end": at(5)}}
    assert run(tmp_path / "inside", with_change(status="implemented", **inside)) == []


# --- new CIs ------------------------------------------------------------------


def test_created_ci_is_not_a_dangling_reference_before_implementation(tmp_path: Path) -> None:
    assert run(tmp_path, with_change(status="scheduled", creates=["CI-0009"])) == []


def test_rfc014_created_ci_must_exist_after_implementation(tmp_path: Path) -> None:
    records = with_change(status="implemented", creates=["CI-0009"])
    [finding] = run(tmp_path, records)
    assert finding.code == "RFC014" and "does not exist" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "- CI-0009")
    records["items/CI-0009.yaml"] = {**records["items/CI-0002.yaml"], "id": "CI-0009"}
    assert run(tmp_path / "created", records) == []


def test_a_backed_out_rfc_need_not_leave_its_new_ci(tmp_path: Path) -> None:
    records = with_change(status="verified", creates=["CI-0009"])
    change = records["changes/RFC-0002.yaml"]
    change["status"] = "closed"
    change["history"][-1]["status"] = "backed_out"
    change["history"].append({"status": "closed", "at": at(7), "by": "ann"})
    assert run(tmp_path, records) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"creates": ["CI-0001"]}, "in both affects and creates"),
        ({"creates": ["CI-0002"]}, "already exists"),
        ({"creates": ["REQ-0009"]}, "not a configuration item id"),
    ],
)
def test_rfc014_creates(tmp_path: Path, fields: Data, expected: str) -> None:
    [finding] = run(tmp_path, with_change(status="approved", **fields))
    assert finding.code == "RFC014" and expected in finding.message


def test_rfc014_two_rfcs_creating_the_same_ci(tmp_path: Path) -> None:
    records = with_change(status="approved", creates=["CI-0009"])
    records["changes/RFC-0003.yaml"] = rfc("draft", id="RFC-0003", creates=["CI-0009"])
    findings = run(tmp_path, records)
    assert sorted((f.code, f.file) for f in findings) == [
        ("RFC014", "changes/RFC-0002.yaml"),
        ("RFC014", "changes/RFC-0003.yaml"),
    ]
    assert "RFC-0003 too" in findings[0].message


# --- retrospective reviews and people who left ------------------------------------


@pytest.mark.parametrize(
    ("review", "expected", "anchor"),
    [
        ({"by": "cat", "role": "noc"}, "not a retrospective role", "role: noc"),
        ({"by": "ann", "role": "cab"}, "requested or implemented", "- by: ann"),
        ({"by": "dan", "role": "cab"}, "does not hold the role", "role: cab"),
    ],
)
def test_rfc015_review_by_the_wrong_person(
    tmp_path: Path, review: Data, expected: str, anchor: str
) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][0]["roles"] = ["liaison", "cab"]  # the requester could review, but may not
    good = {"by": "cat", "role": "cab", "at": at(7)}
    records = with_change(
        status="closed", type="emergency", reviews=[good, {**review, "at": at(7.5)}]
    )
    [finding] = run(tmp_path, records, config)
    assert finding.code == "RFC015" and expected in finding.message
    assert finding.line == line_of(rfc2(tmp_path), anchor, 2 if anchor == "role: cab" else 1)


def test_rfc009_counts_only_reviews_that_count(tmp_path: Path) -> None:
    review = [{"by": "dan", "role": "cab", "at": at(7)}]  # dan does not hold cab
    findings = run(tmp_path, with_change(status="closed", type="emergency", reviews=review))
    assert sorted(f.code for f in findings) == ["RFC009", "RFC015"]


def test_rfc016_approved_rfc_relying_on_an_inactive_approver(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][1]["active"] = False  # bob left after approving
    findings = run(tmp_path, with_change(status="scheduled"), config)
    assert codes(findings) == {"RFC001", "RFC016"}
    [left] = only(findings, "RFC016")
    assert "bob is inactive" in left.message
    assert left.line == line_of(rfc2(tmp_path), "- by: bob")


def test_an_inactive_approver_of_an_implemented_rfc_is_history(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][1]["active"] = False
    assert run(tmp_path, with_change(status="closed"), config) == []


# --- incidents --------------------------------------------------------------


def incident(**fields: Any) -> dict[str, Data]:
    records = base_records()
    records["incidents/INC-0001.yaml"].update(fields)
    return records


def inc_path(tmp_path: Path) -> Path:
    return tmp_path / "incidents/INC-0001.yaml"


def test_inc001_resolved_before_responded(tmp_path: Path) -> None:
    findings = run(tmp_path, incident(resolved=at(100.05), pauses=[]))
    [finding] = findings
    assert finding.code == "INC001" and finding.message.startswith("resolved")
    assert finding.line == line_of(inc_path(tmp_path), "resolved:")


def test_inc002_overlapping_pauses(tmp_path: Path) -> None:
    pauses = [
        {"start": at(100.5), "end": at(101), "reason": "vendor"},
        {"start": at(100.8), "end": at(101.5), "reason": "customer"},
    ]
    findings = run(tmp_path, incident(pauses=pauses))
    [finding] = findings
    assert finding.code == "INC002"
    assert finding.line == line_of(inc_path(tmp_path), "start:", 2)


def test_inc003_pause_outside_the_incident(tmp_path: Path) -> None:
    pauses = [
        {"start": at(99), "end": at(100.5), "reason": "customer"},
        {"start": at(101), "end": at(104), "reason": "vendor"},
    ]
    findings = run(tmp_path, incident(pauses=pauses))
    assert [f.code for f in findings] == ["INC003", "INC003"]
    assert "before the incident opened" in findings[0].message
    assert "after the incident was resolved" in findings[1].message


def test_inc003_pause_ends_before_it_starts(tmp_path: Path) -> None:
    findings = run(
        tmp_path, incident(pauses=[{"start": at(101), "end": at(100.5), "reason": "other"}])
    )
    assert [(f.code, f.message) for f in findings] == [("INC003", "pause ends before it starts")]


def test_inc004_severity_without_target_is_a_warning(tmp_path: Path) -> None:
    findings = run(tmp_path, incident(severity=3))
    [finding] = findings
    assert (finding.code, finding.severity) == ("INC004", "warning")
    assert "SLA-0001 sets no target for severity 3" in finding.message


def test_an_open_pause_on_an_open_incident_is_clean(tmp_path: Path) -> None:
    # Still waiting on the customer: the pause has no end yet.
    records = incident(pauses=[{"start": at(100.5), "reason": "customer"}])
    for name in ("resolved", "closed"):
        del records["incidents/INC-0001.yaml"][name]
    assert run(tmp_path, records) == []


def test_inc005_open_pause_on_a_resolved_incident(tmp_path: Path) -> None:
    findings = run(tmp_path, incident(pauses=[{"start": at(100.5), "reason": "customer"}]))
    [finding] = findings
    assert (finding.code, finding.severity) == ("INC005", "error")
    assert "no end but the incident was resolved or closed" in finding.message
    assert finding.line == line_of(inc_path(tmp_path), "start:")


def test_inc005_on_a_closed_incident_never_resolved(tmp_path: Path) -> None:
    records = incident(pauses=[{"start": at(100.5), "reason": "vendor"}])
    del records["incidents/INC-0001.yaml"]["resolved"]
    assert [f.code for f in run(tmp_path, records)] == ["INC005"]


def test_inc002_an_open_pause_overlaps_every_later_one(tmp_path: Path) -> None:
    pauses = [
        {"start": at(100.5), "reason": "customer"},
        {"start": at(101.5), "end": at(101.6), "reason": "vendor"},
    ]
    records = incident(pauses=pauses)
    for name in ("resolved", "closed"):
        del records["incidents/INC-0001.yaml"][name]
    [finding] = run(tmp_path, records)
    assert finding.code == "INC002" and "has no end" in finding.message


def test_a_reopened_incident_in_order_is_clean(tmp_path: Path) -> None:
    reopened = [
        {"at": at(102.5), "reason": "Callers still dropped", "resolved": at(102.8)},
        {"at": at(102.9), "reason": "Again", "resolved": at(102.95)},
    ]
    assert run(tmp_path, incident(reopened=reopened)) == []


@pytest.mark.parametrize(
    ("fields", "drop", "message", "where"),
    [
        # Reopened before the first resolution.
        (
            {"reopened": [{"at": at(101.5), "reason": "x"}]},
            (),
            "before it was resolved",
            ("at:", 1),
        ),
        # Never resolved, yet reopened.
        (
            {"reopened": [{"at": at(102.5), "reason": "x"}]},
            ("resolved",),
            "while it was not resolved",
            ("at:", 1),
        ),
        # Resolved again before it was reopened: the reopening's own resolved.
        (
            {"reopened": [{"at": at(102.5), "reason": "x", "resolved": at(102.2)}]},
            (),
            "resolved again",
            ("resolved:", 2),
        ),
        # The first reopening never resolved, and reopened again.
        (
            {"reopened": [{"at": at(102.5), "reason": "x"}, {"at": at(102.7), "reason": "y"}]},
            ("closed",),
            "while it was not resolved",
            ("at:", 2),
        ),
        # Closed before the last reopening was resolved.
        (
            {"reopened": [{"at": at(102.5), "reason": "x", "resolved": at(104)}]},
            (),
            "closed",
            ("closed:", 1),
        ),
    ],
)
def test_inc001_reopenings_out_of_order(
    tmp_path: Path, fields: Data, drop: tuple[str, ...], message: str, where: tuple[str, int]
) -> None:
    records = incident(**fields)
    for name in drop:
        del records["incidents/INC-0001.yaml"][name]
    [finding] = run(tmp_path, records)
    assert finding.code == "INC001" and message in finding.message
    assert finding.line == line_of(inc_path(tmp_path), *where)


def test_inc003_uses_the_last_resolution_of_a_reopened_incident(tmp_path: Path) -> None:
    # The pause ends after the first resolution but before the second: inside the incident.
    reopened = [{"at": at(102.5), "reason": "x", "resolved": at(102.9)}]
    pauses = [{"start": at(102.6), "end": at(102.7), "reason": "vendor"}]
    assert run(tmp_path, incident(reopened=reopened, pauses=pauses)) == []
    late = [{"start": at(102.6), "end": at(102.95), "reason": "vendor"}]
    [finding] = run(tmp_path, incident(reopened=reopened, pauses=late))
    assert finding.code == "INC003" and "after the incident was resolved" in finding.message


# --- SLAs -------------------------------------------------------------------


def test_sla001_business_time_without_calendar(tmp_path: Path) -> None:
    records = base_records()
    del records["slas/SLA-0001.yaml"]["calendar"]
    findings = run(tmp_path, records)
    # Severity 2 counts business time (the default clock) for both targets.
    assert [f.code for f in findings] == ["SLA001", "SLA001"]
    assert "severity 2 response" in findings[0].message


def test_sla001_change_turnaround_without_calendar(tmp_path: Path) -> None:
    records = base_records()
    sla = records["slas/SLA-0001.yaml"]
    del sla["calendar"]
    sla["severities"] = {1: sla["severities"][1]}
    sla["change_turnaround"] = {"user_add": {"within": "2d"}}
    [finding] = run(tmp_path, records)
    assert finding.code == "SLA001" and "user_add turnaround" in finding.message


def test_sla002_effective_dates_inverted(tmp_path: Path) -> None:
    records = base_records()
    records["slas/SLA-0001.yaml"]["effective"] = {"from": "2026-01-01", "to": "2025-12-31"}
    [finding] = run(tmp_path, records)
    assert finding.code == "SLA002"
    assert finding.line == line_of(tmp_path / "slas/SLA-0001.yaml", "to:")


def test_sla003_business_targets_on_a_calendar_without_hours(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["calendars"]["business"]["hours"] = {}
    [finding] = run(tmp_path, base_records(), config)
    assert (finding.code, finding.severity) == ("SLA003", "error")
    assert "calendar business has no working hours" in finding.message
    assert finding.line == line_of(tmp_path / "slas/SLA-0001.yaml", "calendar:")
    # One date with hours is enough to reach a deadline.
    config["calendars"]["business"]["exceptions"] = [
        {"date": "2026-03-07", "hours": ["09:00-12:00"]}
    ]
    assert run(tmp_path, base_records(), config) == []


# --- references -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field", "value", "code"),
    [
        ("requirements/REQ-0002.yaml", "parents", ["REQ-0099"], "REF003"),
        ("requirements/REQ-0001.yaml", "satisfied_by", ["CI-0099"], "REF003"),
        ("items/CI-0001.yaml", "depends_on", ["CI-0099"], "REF003"),
        ("incidents/INC-0001.yaml", "sla", "SLA-0099", "REF003"),
        ("incidents/INC-0001.yaml", "caused_by", "RFC-0099", "REF003"),
        ("items/CI-0001.yaml", "owner", "zed", "REF001"),
        ("incidents/INC-0001.yaml", "assignee", "zed", "REF001"),
        ("requirements/REQ-0001.yaml", "satisfied_by", ["REQ-0002"], "REF007"),
        ("incidents/INC-0001.yaml", "caused_by", "CI-0001", "REF007"),
    ],
)
def test_dangling_references(tmp_path: Path, path: str, field: str, value: Any, code: str) -> None:
    records = base_records()
    records[path][field] = value
    findings = run(tmp_path, records)
    [finding] = findings
    assert (finding.code, finding.file) == (code, path)
    shown = value[0] if isinstance(value, list) else value
    assert shown in finding.message
    text = (tmp_path / path).read_text().splitlines()
    assert shown in text[finding.line - 1]
    assert text[finding.line - 1].index(shown) + 1 == finding.column


def test_ref001_unknown_approver_and_history_actor(tmp_path: Path) -> None:
    records = with_change(status="submitted")
    records["changes/RFC-0002.yaml"]["history"][1]["by"] = "zed"
    [finding] = run(tmp_path, records)
    assert finding.code == "REF001" and "'zed'" in finding.message
    assert finding.line == line_of(rfc2(tmp_path), "by: zed")


def test_ref002_unknown_roles_in_config_and_records(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["people"][1]["roles"] = ["cab", "chair"]
    records = base_records()
    records["slas/SLA-0001.yaml"]["severities"][1]["escalation"][0]["notify"] = ["noc", "pager"]
    findings = run(tmp_path, records, config)
    assert sorted((f.file, f.code) for f in findings) == [
        ("ccgov.yaml", "REF002"),
        ("slas/SLA-0001.yaml", "REF002"),
    ]
    config_finding = next(f for f in findings if f.file == "ccgov.yaml")
    assert config_finding.line == line_of(tmp_path / "ccgov.yaml", "- chair")


def test_ref004_unknown_calendar(tmp_path: Path) -> None:
    records = base_records()
    records["slas/SLA-0001.yaml"]["calendar"] = "weekend"
    [finding] = run(tmp_path, records)
    assert finding.code == "REF004" and "'weekend'" in finding.message
    assert "business" in finding.message  # the calendars that do exist


@pytest.mark.parametrize(
    ("artifact", "setup", "expected"),
    [
        ("artifacts/flow.json", False, "does not exist"),
        ("../outside.json", True, "outside the repository"),
        ("/etc/passwd", False, "relative path"),
        ("artifacts", True, "not a file"),
    ],
)
def test_ref005_artifact_problems(
    tmp_path: Path, artifact: str, setup: bool, expected: str
) -> None:
    root = tmp_path / "repo"
    if setup:
        (tmp_path / "outside.json").write_text("{}")
        (root / "artifacts").mkdir(parents=True)
    records = base_records()
    records["items/CI-0002.yaml"]["artifact"] = artifact
    [finding] = run(root, records)
    assert finding.code == "REF005" and expected in finding.message


def test_ref005_existing_artifact_is_clean(tmp_path: Path) -> None:
    write_files(tmp_path, {"artifacts/flow.json": "{}"})
    records = base_records()
    records["items/CI-0002.yaml"]["artifact"] = "artifacts/flow.json"
    assert run(tmp_path, records) == []


def test_ref006_unknown_catalog_entry(tmp_path: Path) -> None:
    findings = run(
        tmp_path,
        with_change(
            status="closed", type="standard", catalog_entry="user-remove", category="user_add"
        ),
    )
    [finding] = findings
    assert finding.code == "REF006" and "'user-remove'" in finding.message


def test_ref007_availability_of_a_requirement(tmp_path: Path) -> None:
    records = base_records()
    records["slas/SLA-0001.yaml"]["availability"] = [{"item": "REQ-0001", "target": 99.0}]
    [finding] = run(tmp_path, records)
    assert finding.code == "REF007"
    assert "REQ-0001 is a requirement, but a configuration item is expected" in finding.message


# --- ids --------------------------------------------------------------------


def test_id001_and_id002_for_a_copied_file(tmp_path: Path) -> None:
    records = base_records()
    records["items/CI-0003.yaml"] = copy.deepcopy(records["items/CI-0002.yaml"])
    findings = run(tmp_path, records)
    assert sorted((f.file, f.code) for f in findings) == [
        ("items/CI-0002.yaml", "ID002"),
        ("items/CI-0003.yaml", "ID001"),
        ("items/CI-0003.yaml", "ID002"),
    ]
    dup = next(f for f in findings if f.code == "ID002" and f.file == "items/CI-0002.yaml")
    assert "items/CI-0003.yaml" in dup.message


def test_id002_same_id_in_two_kinds(tmp_path: Path) -> None:
    records = base_records()
    records["requirements/CI-0002.yaml"] = {
        **records["requirements/REQ-0002.yaml"],
        "id": "CI-0002",
    }
    findings = run(tmp_path, records)
    assert {(f.file, f.code) for f in findings} >= {
        ("items/CI-0002.yaml", "ID002"),
        ("requirements/CI-0002.yaml", "ID002"),
        ("requirements/CI-0002.yaml", "ID003"),
    }


def test_id003_wrong_prefix(tmp_path: Path) -> None:
    records = base_records()
    records["items/CFG-0001.yaml"] = {**records["items/CI-0002.yaml"], "id": "CFG-0001"}
    [finding] = run(tmp_path, records)
    assert finding.code == "ID003" and "start with CI-" in finding.message
    assert (finding.line, finding.column) == (
        line_of(tmp_path / "items/CFG-0001.yaml", "id: CFG"),
        5,
    )


def test_id003_follows_configured_prefixes(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["id_prefixes"] = {"item": "CFG"}
    findings = run(tmp_path, base_records(), config)
    assert {f.file for f in findings if f.code == "ID003"} == {
        "items/CI-0001.yaml",
        "items/CI-0002.yaml",
    }


def test_rules_are_skipped_without_a_valid_config(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    del config["people"]
    records = base_records()
    records["items/CI-0001.yaml"]["owner"] = "zed"  # would be REF001
    findings = run(tmp_path, records, config)
    assert codes(findings) == {"SCH001", "FILE002"}


def test_findings_are_sorted_by_file_and_position(tmp_path: Path) -> None:
    records = base_records()
    records["items/CI-0001.yaml"]["owner"] = "zed"
    records["items/CI-0001.yaml"]["depends_on"] = ["CI-0098", "CI-0099"]
    records["requirements/REQ-0001.yaml"]["owner"] = "zed"
    findings = run(tmp_path, records)
    assert findings == sorted(findings)
    assert [f.file for f in findings] == ["items/CI-0001.yaml"] * 3 + ["requirements/REQ-0001.yaml"]


def test_config_ignore_list_suppresses_codes(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["validation"] = {"ignore": [{"code": "INC004", "reason": "no Sev 3 target"}]}
    assert run(tmp_path, incident(severity=3), config) == []


def test_an_expired_suppression_reports_the_code_again(tmp_path: Path) -> None:
    config = copy.deepcopy(BASE_CONFIG)
    config["validation"] = {
        "ignore": [{"code": "INC004", "reason": "until the renewal", "until": "2020-01-01"}]
    }
    assert codes(run(tmp_path, incident(severity=3), config)) == {"INC004"}


# --- layout and baselines ---------------------------------------------------


def test_file003_records_in_a_mistyped_folder_are_named(tmp_path: Path) -> None:
    records = base_records()
    records["requirement/REQ-0009.yaml"] = records["requirements/REQ-0002.yaml"]
    records["itmes/CI-0009.yaml"] = records["items/CI-0002.yaml"]
    records["docs/mkdocs.yaml"] = {"site_name": "not ccgov's"}  # not close to a record folder
    findings = run(tmp_path, records)
    assert [(f.file, f.code, f.severity) for f in findings] == [
        ("itmes/CI-0009.yaml", "FILE003", "warning"),
        ("requirement/REQ-0009.yaml", "FILE003", "warning"),
    ]
    assert "did you mean items/?" in findings[0].message
    assert "did you mean requirements/?" in findings[1].message


def baseline(name: str, previous: str | None, changes: list[str]) -> Data:
    data: Data = {
        "name": name,
        "created": at(200),
        "author": "dan",
        "commit": "0" * 40,
        "items": [
            {
                "id": "CI-0002",
                "name": "ACD platform",
                "kind": "software",
                "version": "12.1",
                "record_sha256": "a" * 64,
            }
        ],
        "changes": changes,
    }
    if previous is not None:
        data["previous"] = previous
    return data


def test_ref003_baseline_chain_and_changes_are_references(tmp_path: Path) -> None:
    records = base_records()
    records["baselines/first.yaml"] = baseline("first", None, ["RFC-0001"])
    records["baselines/third.yaml"] = baseline("third", "second", ["RFC-0001", "RFC-0042"])
    findings = only(run(tmp_path, records), "REF003")
    manifest = tmp_path / "baselines/third.yaml"
    assert [(f.file, f.line) for f in findings] == [
        ("baselines/third.yaml", line_of(manifest, "RFC-0042")),
        ("baselines/third.yaml", line_of(manifest, "previous:")),
    ]
    assert "RFC-0042 does not exist" in findings[0].message
    assert "previous baseline 'second' does not exist" in findings[1].message
