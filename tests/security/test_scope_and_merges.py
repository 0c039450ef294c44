"""Classes 3 and 4: scope is read from the approved content before the
implementing commit, and merges cannot hide changes."""

from __future__ import annotations

import json
import re

from insider import Insider

from helpers import git


def _implement_by_hand(insider: Insider, rfc: str, *, widen_to: str | None = None) -> None:
    """What `rfc implement` writes, done by hand (optionally widening affects)."""
    path = f"changes/{rfc}.yaml"
    text = insider.read(path)
    text = text.replace("status: scheduled", "status: implemented")
    text = text.rstrip("\n") + (
        "\n  - status: implemented\n    at: " + _now() + "\n    by: carol\n"
    )
    if widen_to:
        text = text.replace("  - CI-0001\n", f"  - CI-0001\n  - {widen_to}\n", 1)
    insider.write({path: text})


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(microsecond=0).isoformat()


def test_widening_scope_inside_the_implement_commit_is_caught(insider: Insider) -> None:
    rfc = insider.scheduled_rfc()
    insider.bump("CI-0001", "4.2")
    insider.bump("CI-0002", "13.0")  # not approved
    _implement_by_hand(insider, rfc, widen_to="CI-0002")
    sha = insider.commit(f"rfc({rfc}): implement", as_="carol")
    # ... and narrow it again afterwards, so the RFC looks as approved.
    insider.edit(f"changes/{rfc}.yaml", "  - CI-0002\n", "")
    insider.commit("tidy", as_="carol")
    findings = {(f["code"], f["commit"], f["file"]) for f in insider.audit()}
    assert ("AUD007", sha, f"changes/{rfc}.yaml") in findings
    assert ("AUD002", sha, "items/CI-0002.yaml") in findings
    diff = insider.ccgov("baseline", "diff", "HEAD~5", "HEAD", "--format", "json", ok=False)
    assert diff.exit_code == 1
    assert "CI-0002" in json.loads(diff.stdout)["unauthorised"]


def test_an_implement_within_the_approved_scope_is_clean(insider: Insider) -> None:
    rfc = insider.scheduled_rfc()
    insider.bump("CI-0001", "4.2")
    insider.as_("carol").ccgov("rfc", "implement", rfc)
    assert insider.audit() == []


def test_an_edit_made_while_resolving_a_merge_is_caught(insider: Insider) -> None:
    root = insider.root
    git(root, "switch", "-q", "-c", "feature")
    insider.write({"notes.txt": "side work\n"})
    insider.commit("side work", as_="carol")
    git(root, "switch", "-q", "main")
    insider.write({"other.txt": "main work\n"})
    insider.commit("main work", as_="carol")
    git(root, "merge", "--no-ff", "--no-commit", "feature")
    insider.bump("CI-0002", "99.0")  # smuggled into the merge
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Merge feature")
    merge = insider.head()
    findings = {(f["code"], f["commit"], f["file"]) for f in insider.audit()}
    assert findings == {("AUD002", merge, "items/CI-0002.yaml")}
    diff = insider.ccgov("baseline", "diff", "HEAD~2", "HEAD", ok=False)
    assert diff.exit_code == 1
    assert "unauthorised" in diff.stdout and merge[:12] in diff.stdout


def test_a_forged_approval_placed_in_a_merge_is_caught(insider: Insider) -> None:
    root = insider.root
    rfc = insider.new_rfc("--affects", "CI-0001")
    insider.as_("alice").ccgov("rfc", "submit", rfc)
    git(root, "switch", "-q", "-c", "feature")
    insider.write({"notes.txt": "side\n"})
    insider.commit("side", as_="carol")
    git(root, "switch", "-q", "main")
    insider.write({"other.txt": "main\n"})
    insider.commit("main", as_="carol")
    git(root, "merge", "--no-ff", "--no-commit", "feature")
    path = f"changes/{rfc}.yaml"
    from ccgov.records.change import ChangeRequest, content_hash
    from ccgov.store.loader import load_record

    loaded = load_record(path, insider.read(path).encode(), ChangeRequest)[0]
    assert loaded is not None
    text = re.sub(r"status: submitted", "status: approved", insider.read(path))
    text = text.replace("approvals: []\n", "") + (
        "approvals:\n  - by: bob\n    role: cab\n    decision: approve\n"
        f"    at: {_now()}\n    content_hash: {content_hash(loaded.record)}\n"
    )
    insider.write({path: text})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Merge feature")
    merge = insider.head()
    findings = {(f["code"], f["commit"]) for f in insider.audit()}
    assert ("AUD006", merge) in findings


def test_a_clean_no_ff_merge_of_an_implemented_change_audits_clean(insider: Insider) -> None:
    root = insider.root
    git(root, "switch", "-q", "-c", "change")
    rfc = insider.scheduled_rfc()
    insider.bump("CI-0001", "4.2")
    insider.as_("carol").ccgov("rfc", "implement", rfc)
    git(root, "switch", "-q", "main")
    insider.write({"other.txt": "main\n"})
    insider.commit("main", as_="carol")
    git(root, "merge", "--no-ff", "-q", "-m", "Merge change", "change")
    assert insider.audit() == []
    diff = insider.ccgov("baseline", "diff", "HEAD~2", "HEAD", "--format", "json")
    assert json.loads(diff.stdout)["unauthorised"] == []
