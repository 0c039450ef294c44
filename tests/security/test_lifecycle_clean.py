"""The whole legitimate life of a governed repository audits clean: normal,
standard and emergency changes, a backout, a new CI, a branch merged with
--no-ff, and a policy change through a governance RFC; and classes 8 and 9
(standard changes widened after submit, time) are caught."""

from __future__ import annotations

import re
from datetime import timedelta

from insider import NOW, PLANS, WINDOW, Insider

from helpers import git


def _rfc(insider: Insider, *args: str, by: str = "alice") -> str:
    insider.as_(by)
    result = insider.ccgov(
        "rfc",
        "new",
        "--title",
        "A change",
        "--impact",
        "low",
        "--description",
        "d",
        "--justification",
        "j",
        *PLANS,
        *WINDOW,
        *args,
    )
    return result.stdout.split("(")[1].split(")")[0]


def _through(insider: Insider, rfc: str, *, approver: str = "bob", engineer: str = "carol") -> None:
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    status = re.search(r"status: (\w+)", insider.read(f"changes/{rfc}.yaml"))
    if status and status.group(1) != "approved":
        insider.as_(approver).ccgov("rfc", "approve", rfc)
    insider.as_(engineer).ccgov("rfc", "schedule", rfc)
    insider.ccgov("rfc", "verify", rfc, "--result", "pass", "--evidence", "lab")


def test_a_years_legitimate_work_audits_clean(insider: Insider) -> None:
    root = insider.root
    # A normal change.
    normal = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--risk",
        "low",
        "--affects",
        "CI-0001",
    )
    _through(insider, normal)
    insider.bump("CI-0001", "4.2")
    insider.as_("carol").ccgov("rfc", "implement", normal)
    insider.ccgov("rfc", "verify", normal, "--result", "pass", "--evidence", "calls route")
    insider.ccgov("rfc", "close", normal)
    # A standard change, pre-approved by its catalog entry.
    standard = _rfc(
        insider,
        "--type",
        "standard",
        "--catalog-entry",
        "user-add",
        "--category",
        "user_add",
        "--risk",
        "low",
        "--affects",
        "CI-0003",
    )
    _through(insider, standard)
    insider.bump("CI-0003", "3.1")
    insider.as_("carol").ccgov("rfc", "implement", standard)
    # An emergency change with its retrospective review, on a branch merged --no-ff.
    git(root, "switch", "-q", "-c", "hotfix")
    emergency = _rfc(
        insider,
        "--type",
        "emergency",
        "--category",
        "patch",
        "--risk",
        "high",
        "--affects",
        "CI-0002",
    )
    _through(insider, emergency)
    insider.bump("CI-0002", "12.2")
    insider.as_("carol").ccgov("rfc", "implement", emergency)
    insider.ccgov("rfc", "verify", emergency, "--result", "pass", "--evidence", "stable")
    insider.as_("dave").ccgov("rfc", "review", emergency, "--comment", "justified")
    insider.as_("carol").ccgov("rfc", "close", emergency)
    git(root, "switch", "-q", "main")
    insider.write({"notes.txt": "meanwhile on main\n"})
    insider.commit("notes", as_="alice")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge hotfix", "hotfix")
    # A change that failed and was backed out, documenting the revert.
    failing = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "upgrade",
        "--risk",
        "low",
        "--affects",
        "CI-0001",
    )
    _through(insider, failing)
    before = insider.read("items/CI-0001.yaml")
    insider.bump("CI-0001", "5.0")
    insider.as_("carol").ccgov("rfc", "implement", failing)
    insider.write({"items/CI-0001.yaml": before})
    insider.ccgov("rfc", "backout", failing, "--evidence", "calls dropped; reloaded 4.2")
    # A new CI introduced by an RFC.
    new_ci = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "new_system",
        "--risk",
        "low",
        "--creates",
        "CI-0004",
    )
    _through(insider, new_ci)
    insider.write(
        {
            "items/CI-0004.yaml": "id: CI-0004\nname: Callback service\n"
            'kind: software\nversion: "1.0"\nowner: carol\n'
        }
    )
    insider.as_("carol").ccgov("rfc", "implement", new_ci)
    # A policy change through a governance RFC.
    governance = _rfc(
        insider, "--type", "normal", "--category", "governance_change", "--risk", "low"
    )
    _through(insider, governance)
    insider.edit("ccgov.yaml", "  conflicts: warn\n", "  conflicts: refuse\n")
    insider.as_("carol").ccgov("rfc", "implement", governance)
    assert "conflicts: refuse" in git(root, "show", "HEAD:ccgov.yaml")
    insider.as_("carol").ccgov("baseline", "snapshot", "year-end")

    assert insider.audit() == []
    assert insider.ccgov("validate").exit_code == 0
    assert insider.ccgov("baseline", "verify").exit_code == 0
    first = git(root, "rev-list", "--max-parents=0", "HEAD").strip()
    diff = insider.ccgov("baseline", "diff", first, "HEAD", "--format", "json")
    assert '"unauthorised": []' in diff.stdout


def test_a_standard_change_widened_after_submit_is_caught(insider: Insider) -> None:
    standard = _rfc(
        insider,
        "--type",
        "standard",
        "--catalog-entry",
        "user-add",
        "--category",
        "user_add",
        "--risk",
        "low",
        "--affects",
        "CI-0003",
    )
    insider.as_("alice").ccgov("rfc", "submit", standard)
    # Widened by hand to the ACD platform, then implemented by hand.
    insider.edit(f"changes/{standard}.yaml", "  - CI-0003\n", "  - CI-0003\n  - CI-0002\n")
    widened = insider.commit("also the ACD", as_="alice")
    validate = insider.ccgov("validate", "--format", "json", ok=False)
    assert validate.exit_code == 1 and '"code": "RFC005"' in validate.stdout
    assert ("AUD007", widened) in {(f["code"], f["commit"]) for f in insider.audit()}
    refused = insider.as_("carol").ccgov("rfc", "schedule", standard, ok=False)
    assert refused.exit_code == 1


def test_implementing_outside_the_booked_slot_needs_a_recorded_deviation(insider: Insider) -> None:
    early = [
        "--window-start",
        (NOW + timedelta(days=3)).isoformat(),
        "--window-end",
        (NOW + timedelta(days=4)).isoformat(),
    ]
    rfc = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--risk",
        "low",
        "--affects",
        "CI-0001",
        *early,
    )
    _through(insider, rfc)
    insider.bump("CI-0001", "4.2")
    refused = insider.as_("carol").ccgov("rfc", "implement", rfc, ok=False)
    assert refused.exit_code == 1
    insider.ccgov("rfc", "implement", rfc, "--deviation", "carrier moved the maintenance")
    assert insider.audit() == []
    # By hand, without a deviation: AUD009.
    other = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--risk",
        "low",
        "--affects",
        "CI-0002",
        *early,
    )
    _through(insider, other)
    path = f"changes/{other}.yaml"
    text = insider.read(path).replace("status: scheduled", "status: implemented")
    insider.write(
        {
            path: text.rstrip("\n") + f"\n  - status: implemented\n    at: {NOW.isoformat()}"
            "\n    by: carol\n"
        }
    )
    insider.bump("CI-0002", "13.0")
    sha = insider.commit(f"rfc({other}): implement", as_="carol")
    assert ("AUD009", sha) in {(f["code"], f["commit"]) for f in insider.audit()}


def test_a_booked_slot_edited_outside_the_window_is_a_finding(insider: Insider) -> None:
    rfc = _rfc(
        insider,
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--risk",
        "low",
        "--affects",
        "CI-0001",
    )
    _through(insider, rfc)
    late = (NOW + timedelta(days=30)).isoformat()
    text = insider.read(f"changes/{rfc}.yaml")
    text = re.sub(r"(schedule:\n  start: )\S+\n  end: \S+", rf"\g<1>{late}\n  end: {late}", text)
    insider.write({f"changes/{rfc}.yaml": text})
    result = insider.ccgov("validate", "--format", "json", ok=False)
    assert '"code": "RFC013"' in result.stdout
