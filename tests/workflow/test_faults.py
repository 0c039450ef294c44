"""Bad input and faults in the RFC workflow: each refused with a reason, the
work tree and index left as they were."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_end_to_end import PLANS, new_rfc

from helpers import Terminal, git

MINIMAL = [
    "--title",
    "x",
    "--type",
    "normal",
    "--category",
    "other",
    "--risk",
    "low",
    "--impact",
    "low",
    "--description",
    "d",
    "--justification",
    "j",
]


def submitted(cli, root: Path, *extra: str) -> str:
    rfc = new_rfc(cli, root, *extra)
    assert cli("-C", root, "rfc", "submit", rfc).exit_code == 0
    return rfc


def approved(cli, root: Path, as_user, *extra: str) -> str:
    rfc = submitted(cli, root, *extra)
    as_user("bob")
    assert cli("-C", root, "rfc", "approve", rfc).exit_code == 0
    as_user("alice")
    return rfc


def snapshot(root: Path) -> tuple[str, str, str]:
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "status", "--porcelain"),
        git(root, "diff", "--cached"),
    )


def test_unknown_rfc(governed: Path, cli) -> None:
    result = cli("-C", governed, "rfc", "submit", "RFC-0042")
    assert result.exit_code == 1
    assert "there is no RFC RFC-0042" in result.stderr


def test_wrong_state_names_allowed_next_steps(governed: Path, cli) -> None:
    rfc = new_rfc(cli, governed)
    result = cli("-C", governed, "rfc", "implement", rfc)
    assert result.exit_code == 1
    assert "is draft; implement needs it to be scheduled" in result.stderr
    assert "submit, cancel" in result.stderr


def test_approving_own_rfc_is_refused(governed: Path, as_user, cli) -> None:
    as_user("dave")  # dave holds cab, but requests this one
    rfc = submitted(cli, governed)
    before = snapshot(governed)
    result = cli("-C", governed, "rfc", "approve", rfc)
    assert result.exit_code == 1
    assert "requested this RFC and may not approve it" in result.stderr
    assert snapshot(governed) == before


def test_approving_twice_is_refused(governed: Path, as_user, cli) -> None:
    rfc = submitted(cli, governed, "--risk", "high")  # high risk needs two cab approvals
    as_user("bob")
    assert cli("-C", governed, "rfc", "approve", rfc).exit_code == 0
    result = cli("-C", governed, "rfc", "approve", rfc)
    assert result.exit_code == 1
    assert "already decided" in result.stderr


def test_unknown_identity_is_refused_with_how_to_add(governed: Path, cli) -> None:
    git(governed, "config", "user.email", "mallory@example.com")
    result = cli(
        "-C",
        governed,
        "rfc",
        "new",
        *MINIMAL,
    )
    assert result.exit_code == 1
    assert "mallory@example.com is not a person in ccgov.yaml" in result.stderr
    assert "add yourself under people:" in result.stderr


def test_window_ending_before_start(governed: Path, cli) -> None:
    result = cli(
        "-C",
        governed,
        "rfc",
        "new",
        *MINIMAL,
        "--window-start",
        "2030-03-02T00:00:00Z",
        "--window-end",
        "2030-03-01T00:00:00Z",
    )
    assert result.exit_code == 1
    assert "ends" in result.stderr and "before it starts" in result.stderr
    assert not list((governed / "changes").glob("RFC-*.yaml"))


def test_naive_window_is_a_usage_error(governed: Path, cli) -> None:
    result = cli(
        "-C", governed, "rfc", "new", "--title", "x", "--window-start", "2030-03-02T00:00:00"
    )
    assert result.exit_code == 2
    assert "has no time zone" in result.stderr


def test_blackout_clash_refused_for_normal_change(governed: Path, as_user, cli) -> None:
    in_blackout = [
        "--window-start",
        "2030-11-05T22:00:00-06:00",
        "--window-end",
        "2030-11-06T01:00:00-06:00",
    ]
    rfc = submitted(cli, governed, *in_blackout)
    as_user("bob")
    result = cli("-C", governed, "rfc", "approve", rfc)
    assert result.exit_code == 1
    assert "blackout period: Open enrolment peak" in result.stderr


def test_conflicting_change_warns(governed: Path, as_user, cli) -> None:
    approved(cli, governed, as_user)
    rfc = submitted(cli, governed)
    as_user("bob")
    result = cli("-C", governed, "rfc", "approve", rfc)
    assert result.exit_code == 0
    assert "RFC-0001 (approved) also changes CI-0001" in result.stdout


def test_widening_an_approved_rfc_voids_its_approval(governed: Path, as_user, cli) -> None:
    rfc = approved(cli, governed, as_user)
    path = governed / f"changes/{rfc}.yaml"
    path.write_text(path.read_text().replace("  - CI-0001\n", "  - CI-0001\n  - CI-0002\n", 1))
    result = cli("-C", governed, "validate", "--format", "json")
    assert result.exit_code == 1
    assert {'"code": "RFC005"', '"code": "RFC001"'} <= {
        line.strip().rstrip(",") for line in result.stdout.splitlines()
    }
    as_user("carol")
    assert cli("-C", governed, "rfc", "schedule", rfc).exit_code == 1
    # Resubmitting puts it back in front of the board; the stale approval no longer counts.
    as_user("alice")
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    assert cli("-C", governed, "validate").exit_code == 0
    as_user("bob")
    again = cli("-C", governed, "rfc", "approve", rfc)
    assert again.exit_code == 0, again.stderr
    assert "is approved" in again.stdout


def test_implement_refuses_stray_ci_edit(governed: Path, as_user, cli) -> None:
    rfc = approved(cli, governed, as_user)
    as_user("carol")
    assert cli("-C", governed, "rfc", "schedule", rfc).exit_code == 0
    assert (
        cli("-C", governed, "rfc", "verify", rfc, "--result", "pass", "--evidence", "ok").exit_code
        == 0
    )
    for item in ("CI-0001", "CI-0002"):
        path = governed / f"items/{item}.yaml"
        path.write_text(path.read_text().replace('version: "', 'version: "9.'))
    before = snapshot(governed)
    result = cli("-C", governed, "rfc", "implement", rfc)
    assert result.exit_code == 1
    assert "items/CI-0002.yaml" in result.stderr and "outside" in result.stderr
    assert snapshot(governed) == before


def test_unrelated_staged_files_stay_out_of_the_commit(governed: Path, cli) -> None:
    (governed / "notes.txt").write_text("draft minutes\n")
    git(governed, "add", "notes.txt")
    rfc = new_rfc(cli, governed)
    committed = git(governed, "show", "--name-only", "--format=", "HEAD").split()
    assert committed == [f"changes/{rfc}.yaml"]
    assert "A  notes.txt" in git(governed, "status", "--porcelain")


def test_no_commit_leaves_change_staged(governed: Path, cli) -> None:
    head = git(governed, "rev-parse", "HEAD")
    result = cli(
        "-C",
        governed,
        "rfc",
        "new",
        "--no-commit",
        *MINIMAL,
    )
    assert result.exit_code == 0
    assert git(governed, "rev-parse", "HEAD") == head
    assert "A  changes/RFC-0001.yaml" in git(governed, "status", "--porcelain")


def test_merge_in_progress_is_refused(governed: Path, cli) -> None:
    git(governed, "checkout", "-q", "-b", "other")
    (governed / "ccgov.yaml").write_text((governed / "ccgov.yaml").read_text() + "# other\n")
    git(governed, "commit", "-qam", "other")
    git(governed, "checkout", "-q", "main")
    (governed / "ccgov.yaml").write_text((governed / "ccgov.yaml").read_text() + "# main\n")
    git(governed, "commit", "-qam", "main")
    subprocess.run(["git", "merge", "other"], cwd=governed, capture_output=True)
    result = cli("-C", governed, "rfc", "list")
    assert result.exit_code == 0  # reading is fine
    result = cli("-C", governed, "rfc", "new", *MINIMAL)
    assert result.exit_code == 1
    assert "middle of a merge" in result.stderr


def test_detached_head_is_refused(governed: Path, cli) -> None:
    git(governed, "checkout", "-q", "--detach")
    result = cli(
        "-C",
        governed,
        "rfc",
        "new",
        *MINIMAL,
    )
    assert result.exit_code == 1
    assert "HEAD is detached" in result.stderr


def test_rejecting_commit_hook_restores_tree_and_index(governed: Path, cli) -> None:
    rfc = new_rfc(cli, governed)
    hook = governed / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy: no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = snapshot(governed)
    text_before = (governed / f"changes/{rfc}.yaml").read_text()
    result = cli("-C", governed, "rfc", "submit", rfc)
    assert result.exit_code == 1
    assert "no commits today" in result.stderr
    assert snapshot(governed) == before
    assert (governed / f"changes/{rfc}.yaml").read_text() == text_before


@pytest.mark.parametrize("action", ["approve", "reject --reason no"])
def test_requester_cannot_decide(governed: Path, cli, action: str) -> None:
    rfc = submitted(cli, governed)
    result = cli("-C", governed, "rfc", *action.split(), rfc)
    assert result.exit_code == 1
    assert "needs decisions from cab" in result.stderr


def test_emergency_needs_retrospective_review_to_close(governed: Path, as_user, cli) -> None:
    rfc = approved(cli, governed, as_user, "--type", "emergency")
    as_user("carol")
    assert cli("-C", governed, "rfc", "schedule", rfc).exit_code == 0
    assert (
        cli("-C", governed, "rfc", "verify", rfc, "--result", "pass", "--evidence", "ok").exit_code
        == 0
    )
    item = governed / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace('"4.1"', '"4.1.1"'))
    assert cli("-C", governed, "rfc", "implement", rfc).exit_code == 0
    assert (
        cli("-C", governed, "rfc", "verify", rfc, "--result", "pass", "--evidence", "ok").exit_code
        == 0
    )
    refused = cli("-C", governed, "rfc", "close", rfc)
    assert refused.exit_code == 1 and "retrospective review" in refused.stderr
    as_user("dave")
    assert cli("-C", governed, "rfc", "review", rfc, "--comment", "justified").exit_code == 0
    assert cli("-C", governed, "rfc", "close", rfc).exit_code == 0
    assert cli("-C", governed, "audit").exit_code == 0


def test_log_shows_who_did_what(governed: Path, as_user, cli) -> None:
    rfc = approved(cli, governed, as_user)
    result = cli("-C", governed, "log", rfc, "--format", "json")
    assert result.exit_code == 0
    import json

    entries = json.loads(result.stdout)
    assert [e["action"] for e in entries] == ["new", "submit", "approve"]
    assert entries[2]["email"] == "bob@example.com"
    fields = {c["field"] for c in entries[2]["changes"]}
    assert {"status", "approvals", "history[2]"} <= fields
    text = cli("-C", governed, "log", rfc)
    assert "status: submitted -> approved" in text.stdout


def test_audit_flags_ci_change_without_rfc(governed: Path, cli) -> None:
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text().replace('"2.0"', '"2.1"'))
    git(governed, "commit", "-qam", "quick fix")
    sha = git(governed, "rev-parse", "HEAD").strip()
    result = cli("-C", governed, "audit", "--format", "json")
    assert result.exit_code == 1
    import json

    [finding] = json.loads(result.stdout)
    assert finding["code"] == "AUD002" and finding["commit"] == sha
    assert finding["file"] == "items/CI-0002.yaml"


def test_standard_change_is_pre_approved_by_its_catalog_entry(governed: Path, cli) -> None:
    result = cli(
        "-C",
        governed,
        "rfc",
        "new",
        "--title",
        "Add agent J. Doe",
        "--type",
        "standard",
        "--category",
        "user_add",
        "--catalog-entry",
        "user-add",
        "--risk",
        "low",
        "--impact",
        "low",
        "--description",
        "New hire",
        "--justification",
        "Onboarding",
        *PLANS,
    )
    assert result.exit_code == 0, result.stderr
    submitted = cli("-C", governed, "rfc", "submit", "RFC-0001")
    assert submitted.exit_code == 0, submitted.stderr
    text = (governed / "changes/RFC-0001.yaml").read_text()
    assert "status: approved" in text and "pre-approved: catalog entry user-add" in text


def test_new_rfc_with_unknown_type_is_refused(governed: Path, cli) -> None:
    args = [a if a != "normal" else "urgent" for a in MINIMAL]
    result = cli("-C", governed, "rfc", "new", *args)
    assert result.exit_code == 2
    assert "--type: 'urgent' is not one of standard, normal, emergency" in result.stderr
    assert not list((governed / "changes").glob("RFC-*.yaml"))


def test_audit_flags_unsigned_commits_when_policy_requires_signatures(make_repo, cli) -> None:
    from conftest import CONFIG, ITEM

    root = make_repo(
        {
            "ccgov.yaml": CONFIG.replace(
                "  conflicts: warn\n", "  conflicts: warn\n  require_signed_commits: true\n"
            ),
            "items/CI-0001.yaml": ITEM.format(id="CI-0001", name="Main", version="4.1"),
        }
    )
    git(root, "config", "user.email", "alice@example.com")
    rfc = new_rfc(cli, root, "--affects", "CI-0001")
    result = cli("-C", root, "audit", "--format", "json")
    assert result.exit_code == 1
    import json

    findings = json.loads(result.stdout)
    # The first commit starts governance; the unsigned `rfc new` after it is the finding.
    assert [(f["code"], f["commit"]) for f in findings] == [
        ("AUD004", git(root, "rev-parse", "HEAD").strip())
    ]
    assert rfc in git(root, "log", "-1", "--format=%s")


def test_duplicate_person_is_reported(governed: Path, cli) -> None:
    config = governed / "ccgov.yaml"
    config.write_text(
        config.read_text().replace(
            "roles:\n  cab:",
            "  - {handle: bob, name: Bob Again, email: bob2@example.com, organisation: it}\nroles:\n  cab:",
            1,
        )
    )
    result = cli("-C", governed, "validate", "--format", "json")
    assert result.exit_code == 1
    assert (
        '"code": "ID004"' in result.stdout
        and "handle 'bob' is also used by people[1]" in result.stdout
    )


def test_rfc_new_prompts_for_what_is_missing_in_a_terminal(governed: Path) -> None:
    """On a terminal `rfc new` asks for what is missing, listing a choice's
    allowed values; a bad or empty answer is asked again, and the answers
    already given are kept."""
    terminal = Terminal("-C", str(governed), "rfc", "new", "--category", "other", "--impact", "low")
    terminal.expect("Title: ")
    terminal.send("Swap hold music")
    terminal.expect("Type [standard|normal|emergency]: ")
    terminal.send("urgent")  # not an allowed value: asked again
    terminal.expect("'urgent' is not one of standard, normal, emergency; try again")
    terminal.expect("Type [standard|normal|emergency]: ")
    terminal.send("normal")
    terminal.expect("Risk [low|medium|high|critical]: ")
    terminal.send("")  # empty: asked again
    terminal.expect("risk cannot be empty")
    terminal.expect("Risk [low|medium|high|critical]: ")
    terminal.send("low")
    terminal.expect("Description: ")
    terminal.send("New licensed track")
    terminal.expect("Justification: ")
    terminal.send("Licence ends")
    assert terminal.finish() == 0, terminal.text
    assert "Category" not in terminal.text and "Impact" not in terminal.text  # given as options
    text = (governed / "changes/RFC-0001.yaml").read_text()
    for kept in ("title: Swap hold music", "type: normal", "risk: low", "impact: low"):
        assert kept in text, text
    assert "justification: Licence ends" in text


def test_req_new_prompts_with_choices_in_a_terminal(governed: Path) -> None:
    terminal = Terminal("-C", str(governed), "req", "new", "--title", "Callback offer")
    terminal.expect("Statement: ")
    terminal.send("The IVR shall offer a callback.")
    terminal.expect("Kind [business|functional|non_functional|regulatory]: ")
    terminal.send("functional")
    terminal.expect("Priority [must|should|could|wont]: ")
    terminal.send("hgh")
    terminal.expect("'hgh' is not one of must, should, could, wont; try again")
    terminal.send("should")
    terminal.expect("Area [routing|ivr|")
    terminal.send("ivr")
    assert terminal.finish() == 0, terminal.text
    text = (governed / "requirements/REQ-0001.yaml").read_text()
    assert "priority: should" in text and "statement: The IVR shall offer a callback." in text


def test_without_a_terminal_missing_values_are_a_usage_error(governed: Path, cli) -> None:
    result = cli("-C", governed, "rfc", "new", "--title", "x")
    assert result.exit_code == 2
    assert "error: missing --type, --category, --risk, --impact" in result.stderr
    assert "hint: give them as options" in result.stderr


def test_audit_is_not_fooled_by_typed_trailers(governed: Path, cli) -> None:
    rfc = new_rfc(cli, governed)  # a draft: nothing is implemented
    item = governed / "items/CI-0001.yaml"
    item.write_text(item.read_text().replace('"4.1"', '"4.9"'))
    git(
        governed,
        "commit",
        "-qam",
        "sneak",
        "--trailer",
        "Ccgov-Action: implement",
        "--trailer",
        f"Ccgov-Record: {rfc}",
    )
    result = cli("-C", governed, "audit", "--format", "json")
    assert result.exit_code == 1
    import json

    assert [f["code"] for f in json.loads(result.stdout)] == ["AUD002"]


def test_audit_flags_an_artifact_edited_without_an_rfc(governed: Path, cli) -> None:
    (governed / "artifacts").mkdir()
    (governed / "artifacts/flow.json").write_text('{"nodes": 3}\n')
    item = governed / "items/CI-0002.yaml"
    item.write_text(item.read_text() + "artifact: artifacts/flow.json\n")
    git(governed, "add", "-A")
    git(governed, "commit", "-qm", "document the call-flow export")
    (governed / "artifacts/flow.json").write_text('{"nodes": 4}\n')
    git(governed, "commit", "-qam", "edit the export directly")
    result = cli("-C", governed, "audit", "--format", "json", "--since", "HEAD~1")
    import json

    findings = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [(f["code"], f["file"]) for f in findings] == [("AUD002", "artifacts/flow.json")]
    assert "CI-0002" in findings[0]["message"]
