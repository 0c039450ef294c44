"""Classes 5 and 6: decisions are append-only and made by the people they
name, who were entitled to make them."""

from __future__ import annotations

import re

import pytest
from insider import Insider

from helpers import git


def test_a_removed_rejection_is_caught_and_stays_final(insider: Insider) -> None:
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    insider.as_("bob").ccgov("rfc", "reject", rfc, "--reason", "too risky")
    git(insider.root, "checkout", "HEAD~1", "--", f"changes/{rfc}.yaml")
    restored = insider.commit("restore", as_="alice")
    insider.as_("dave").ccgov("rfc", "approve", rfc)
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD006", restored) in findings


@pytest.mark.parametrize(
    ("pattern", "replacement", "what"),
    [
        (
            r"  - by: bob\n    role: cab\n    decision: approve\n.*?content_hash: \S+\n",
            "",
            "approvals[0] (bob, cab, approve) was removed",
        ),
        (r"decision: approve", "decision: reject", "altered"),
        (r"result: pass", "result: fail", "tests[0]"),
        (r"  - status: submitted\n    at: \S+\n    by: alice\n", "", "history[1]"),
    ],
    ids=["approval-removed", "approval-altered", "test-altered", "history-removed"],
)
def test_decisions_are_append_only(
    insider: Insider, pattern: str, replacement: str, what: str
) -> None:
    rfc = insider.scheduled_rfc()
    path = f"changes/{rfc}.yaml"
    text = insider.read(path)
    edited = re.sub(pattern, replacement, text, count=1, flags=re.S)
    assert edited != text
    insider.write({path: edited})
    sha = insider.commit("fix up", as_="carol")
    findings = [f for f in insider.audit() if f["commit"] == sha]
    assert [f["code"] for f in findings if f["code"] == "AUD006"], findings
    assert any(what in f["message"] for f in findings), findings


def test_requested_by_is_fixed_at_creation(insider: Insider) -> None:
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.edit(f"changes/{rfc}.yaml", "requested_by: alice", "requested_by: carol")
    sha = insider.commit("reassign", as_="alice")
    assert {(f["code"], f["commit"]) for f in insider.audit()} >= {("AUD006", sha)}


def test_an_rfc_raised_in_someone_elses_name_is_caught(insider: Insider) -> None:
    insider.new_rfc("--affects", "CI-0001", by="alice")
    text = insider.read("changes/RFC-0001.yaml").replace("RFC-0001", "RFC-0002")
    insider.write({"changes/RFC-0002.yaml": text})
    sha = insider.commit("raise as alice", as_="mallory")
    codes = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD001", sha) in codes


def test_timestamps_are_compared_as_instants_not_text(insider: Insider) -> None:
    """An approval re-serialised (+00:00 -> Z) by another person's commit is not a forgery."""
    rfc = insider.approved_rfc()
    path = f"changes/{rfc}.yaml"
    text = insider.read(path)
    moment = re.search(r"decision: approve\n    at: (\S+)\n", text)
    assert moment is not None
    from datetime import UTC, datetime

    written = moment.group(1)
    instant = datetime.fromisoformat(written.strip("'\""))
    as_z = instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert as_z != written.strip("'\"")
    insider.write({path: text.replace(f"at: {written}", f"at: {as_z}", 1)})
    insider.commit("normalise timestamps", as_="carol")
    assert insider.audit() == []


def test_a_test_result_in_someone_elses_name_is_caught(insider: Insider) -> None:
    rfc = insider.approved_rfc()
    insider.as_("carol").ccgov("rfc", "schedule", rfc)
    insider.edit(
        f"changes/{rfc}.yaml",
        "history:",
        "tests:\n  - at: 2026-01-01T00:00:00Z\n    by: dave\n    result: pass\n"
        "    evidence: all good\nhistory:",
    )
    sha = insider.commit("record dave's test", as_="carol")
    assert ("AUD001", sha) in {(f["code"], f["commit"]) for f in insider.audit()}


def test_a_later_failed_test_blocks_the_implementation(insider: Insider) -> None:
    rfc = insider.scheduled_rfc()
    insider.as_("carol").ccgov("rfc", "verify", rfc, "--result", "fail", "--evidence", "calls drop")
    insider.bump("CI-0001", "4.2")
    result = insider.as_("carol").ccgov("rfc", "implement", rfc, ok=False)
    assert result.exit_code == 1 and "latest test of" in result.stderr
    # By hand, the audit catches it.
    path = f"changes/{rfc}.yaml"
    text = insider.read(path).replace("status: scheduled", "status: implemented")
    insider.write(
        {
            path: text.rstrip("\n")
            + "\n  - status: implemented\n    at: "
            + _now()
            + "\n    by: carol\n"
        }
    )
    sha = insider.commit(f"rfc({rfc}): implement", as_="carol")
    assert ("AUD003", sha) in {(f["code"], f["commit"]) for f in insider.audit()}


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(microsecond=0).isoformat()


def test_an_approver_implementing_by_hand_is_caught(insider: Insider) -> None:
    rfc = insider.scheduled_rfc()
    insider.bump("CI-0001", "4.2")
    path = f"changes/{rfc}.yaml"
    text = insider.read(path).replace("status: scheduled", "status: implemented")
    insider.write(
        {
            path: text.rstrip("\n")
            + "\n  - status: implemented\n    at: "
            + _now()
            + "\n    by: bob\n"
        }
    )
    sha = insider.commit(f"rfc({rfc}): implement", as_="bob")
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD008", sha) in findings and ("AUD002", sha) in findings


def test_an_emergency_review_by_the_implementer_without_the_role_is_caught(
    insider: Insider,
) -> None:
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.edit(f"changes/{rfc}.yaml", "type: normal", "type: emergency")
    insider.commit("make it an emergency", as_="alice")
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    insider.as_("bob").ccgov("rfc", "approve", rfc)
    insider.as_("carol").ccgov("rfc", "schedule", rfc)
    insider.ccgov("rfc", "verify", rfc, "--result", "pass", "--evidence", "lab")
    insider.bump("CI-0001", "4.2")
    insider.ccgov("rfc", "implement", rfc)
    refused = insider.ccgov(
        "rfc", "review", rfc, "--comment", "fine", "--role", "telecom", ok=False
    )
    assert refused.exit_code == 1
    insider.edit(
        f"changes/{rfc}.yaml",
        "history:",
        f"reviews:\n  - by: carol\n    role: telecom\n    at: {_now()}\nhistory:",
    )
    sha = insider.commit("review", as_="carol")
    assert ("AUD008", sha) in {(f["code"], f["commit"]) for f in insider.audit()}


def test_an_init_trailer_exempts_nothing(insider: Insider) -> None:
    insider.bump("CI-0002", "13.0")
    git(insider.root, "add", "-A")
    git(insider.root, "commit", "-q", "-m", "init\n\nCcgov-Action: init")
    sha = insider.head()
    assert ("AUD002", sha) in {(f["code"], f["commit"]) for f in insider.audit()}
