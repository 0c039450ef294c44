"""The workflow's guards end to end: real git repositories, the real CLI, and
several people taking turns (git identities)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from test_end_to_end import PLANS, WINDOW, new_rfc

from ccgov.records.change import ChangeRequest, content_hash
from ccgov.store.loader import load_record
from helpers import git

DESKTOP = """\
id: CI-0003
name: Agent desktop
kind: desktop
version: "7.0"
owner: carol
"""


def set_identity(root: Path, handle: str) -> None:
    git(root, "config", "user.name", handle.capitalize())
    git(root, "config", "user.email", f"{handle}@example.com")


def new_item(root: Path, item: str, name: str) -> None:
    """items/ITEM.yaml, a routing script like CI-0001."""
    text = (root / "items/CI-0001.yaml").read_text().replace("CI-0001", item)
    text = text.replace("name: Main routing script", f"name: {name}")
    (root / f"items/{item}.yaml").write_text(text)


def record(root: Path, rfc: str) -> ChangeRequest:
    path = f"changes/{rfc}.yaml"
    loaded, findings = load_record(path, (root / path).read_bytes(), ChangeRequest)
    assert loaded is not None, findings
    return loaded.record


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1))


def scheduled_rfc(cli, root: Path, as_user: Callable[[str], None], *extra: str) -> str:
    """An RFC approved by bob, booked and tested by carol, who now acts."""
    rfc = new_rfc(cli, root, *extra)
    assert cli("-C", root, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    approved = cli("-C", root, "rfc", "approve", rfc)
    assert approved.exit_code == 0, approved.stderr
    as_user("carol")
    assert cli("-C", root, "rfc", "schedule", rfc).exit_code == 0
    tested = cli("-C", root, "rfc", "verify", rfc, "--result", "pass", "--evidence", "lab")
    assert tested.exit_code == 0, tested.stderr
    return rfc


def committed_files(root: Path) -> list[str]:
    return sorted(git(root, "show", "--name-only", "--format=", "HEAD").split())


# --- 1. standard changes are content-bound -------------------------------------


def standard_rfc(cli, root: Path, *affects: str) -> tuple[int, str, str]:
    args = [a for item in affects for a in ("--affects", item)]
    result = cli(
        "-C",
        root,
        "rfc",
        "new",
        "--title",
        "Add the March claims class",
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
        "Desktop logins for 12 agents",
        "--justification",
        "Class starts Monday",
        *args,
        *PLANS,
        *WINDOW,
    )
    rfc = result.stdout.split("(")[1].split(")")[0] if result.exit_code == 0 else ""
    return result.exit_code, rfc, result.stderr


def test_standard_change_is_preapproved_for_its_content_only(governed: Path, as_user, cli) -> None:
    config = governed / "ccgov.yaml"
    edit(config, "category: user_add, max_risk: low}", "category: user_add, item_kinds: [desktop]}")
    (governed / "items/CI-0003.yaml").write_text(DESKTOP)
    commit_all(governed, "catalog: user-add covers agent desktops")

    # A user_add change that touches the routing script is not a standard change.
    code, _, stderr = standard_rfc(cli, governed, "CI-0003", "CI-0001")
    assert code == 1 and "RFC012" in stderr and "CI-0001 is of kind routing_script" in stderr

    code, rfc, stderr = standard_rfc(cli, governed, "CI-0003")
    assert code == 0, stderr
    submitted = cli("-C", governed, "rfc", "submit", rfc)
    assert submitted.exit_code == 0, submitted.stderr
    change = record(governed, rfc)
    assert change.status == "approved" and change.preapproval is not None
    assert (change.preapproval.entry, change.preapproval.by) == ("user-add", "alice")
    assert change.preapproval.content_hash == content_hash(change)
    assert (
        "pre-approved by catalog entry user-add" in cli("-C", governed, "rfc", "show", rfc).stdout
    )

    # Widened afterwards (the routing script joins): the pre-approval is void.
    edit(governed / f"changes/{rfc}.yaml", "- CI-0003", "- CI-0003\n  - CI-0001")
    commit_all(governed, "also the routing script")
    validated = cli("-C", governed, "validate")
    assert validated.exit_code == 1
    assert "RFC001" in validated.stdout and "RFC005" in validated.stdout
    as_user("carol")
    scheduled = cli("-C", governed, "rfc", "schedule", rfc)
    assert scheduled.exit_code == 1 and "would not validate" in scheduled.stderr
    # Resubmitting checks the catalog again, and the entry does not cover the script.
    as_user("alice")
    again = cli("-C", governed, "rfc", "submit", rfc)
    assert again.exit_code == 1
    assert "does not fit" in again.stderr and "CI-0001 is of kind routing_script" in again.stderr
    assert "normal change" in again.stderr


# --- 2. inactive people --------------------------------------------------------


def test_an_inactive_person_cannot_act_and_their_approval_stops_counting(
    governed: Path, as_user, cli
) -> None:
    rfc = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    assert cli("-C", governed, "rfc", "approve", rfc).exit_code == 0
    assert cli("-C", governed, "validate").exit_code == 0

    # Bob leaves: marked inactive before the change is implemented.
    edit(
        governed / "ccgov.yaml",
        "roles: [cab]}",
        "roles: [cab], active: false}",
    )
    commit_all(governed, "bob left")
    validated = cli("-C", governed, "validate")
    assert validated.exit_code == 1
    assert "RFC016" in validated.stdout and "bob is inactive" in validated.stdout
    as_user("alice")
    other = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", other).exit_code == 0
    as_user("bob")
    refused = cli("-C", governed, "rfc", "approve", other)
    assert refused.exit_code == 1
    assert "bob in ccgov.yaml, who is marked inactive" in refused.stderr
    as_user("dave")
    assert cli("-C", governed, "rfc", "approve", other).exit_code == 0
    # The RFC bob approved goes back for someone active to approve.
    as_user("alice")
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    assert record(governed, rfc).history[-1].note == "resubmitted: an approver is no longer active"
    as_user("dave")
    assert cli("-C", governed, "rfc", "approve", rfc).exit_code == 0
    assert cli("-C", governed, "validate").exit_code == 0


# --- 3. time: the booked slot ----------------------------------------------------


def test_implementing_outside_the_slot_needs_a_recorded_deviation(
    governed: Path, as_user, cli, clock
) -> None:
    rfc = scheduled_rfc(cli, governed, as_user)
    edit(governed / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    slot = record(governed, rfc).schedule
    assert slot is not None
    clock((slot.end.replace(microsecond=0) + (slot.end - slot.start)).isoformat())
    refused = cli("-C", governed, "rfc", "implement", rfc)
    assert refused.exit_code == 1
    assert "outside the booked slot" in refused.stderr and "--deviation" in refused.stderr
    assert git(governed, "log", "-1", "--format=%s").strip() == f"rfc({rfc}): verify"

    reason = "the carrier moved the cut-over by a day"
    implemented = cli("-C", governed, "rfc", "implement", rfc, "--deviation", reason)
    assert implemented.exit_code == 0, implemented.stderr
    [deviation] = record(governed, rfc).deviations
    assert (deviation.by, deviation.reason) == ("carol", reason)
    shown = cli("-C", governed, "rfc", "show", rfc).stdout
    local = deviation.at.astimezone(ZoneInfo("America/Chicago")).replace(microsecond=0)
    assert f"  deviations\n    {local.isoformat(sep=' ')}  by carol\n      {reason}\n" in shown
    assert cli("-C", governed, "validate").exit_code == 0


def test_a_hand_booked_slot_outside_the_window_is_a_finding(governed: Path, as_user, cli) -> None:
    rfc = scheduled_rfc(cli, governed, as_user)
    path = governed / f"changes/{rfc}.yaml"
    text = re.sub(r"(?m)^(schedule:\n  start: ).*$", r"\g<1>2020-01-01T00:00:00Z", path.read_text())
    path.write_text(text)
    validated = cli("-C", governed, "validate")
    assert validated.exit_code == 1 and "RFC013" in validated.stdout


# --- 4. backout documents the revert ---------------------------------------------


def implemented_rfc(cli, root: Path, as_user: Callable[[str], None]) -> str:
    rfc = scheduled_rfc(cli, root, as_user)
    edit(root / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    implemented = cli("-C", root, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr
    return rfc


def test_backout_commits_the_reverted_ci_records(governed: Path, as_user, cli) -> None:
    rfc = implemented_rfc(cli, governed, as_user)
    item = governed / "items/CI-0001.yaml"

    refused = cli("-C", governed, "rfc", "backout", rfc, "--evidence", "calls dropped")
    assert refused.exit_code == 1 and "changed back" in refused.stderr

    git(governed, "checkout", "HEAD~1", "--", "items/CI-0001.yaml")
    edit(governed / "items/CI-0002.yaml", 'version: "2.0"', 'version: "2.1"')
    stray = cli("-C", governed, "rfc", "backout", rfc, "--evidence", "calls dropped")
    assert stray.exit_code == 1 and "items/CI-0002.yaml (CI-0002)" in stray.stderr
    git(governed, "checkout", "HEAD", "--", "items/CI-0002.yaml")

    backed_out = cli("-C", governed, "rfc", "backout", rfc, "--evidence", "calls dropped")
    assert backed_out.exit_code == 0, backed_out.stderr
    assert committed_files(governed) == [f"changes/{rfc}.yaml", "items/CI-0001.yaml"]
    message = git(governed, "log", "-1", "--format=%B")
    assert f"rfc({rfc}): backout" in message and "Ccgov-Action: backout" in message
    assert 'version: "4.1"' in item.read_text()
    change = record(governed, rfc)
    assert change.status == "backed_out" and change.tests[-1].result == "fail"
    assert git(governed, "status", "--porcelain") == ""


def test_a_failed_verification_after_implementation_is_a_backout(
    governed: Path, as_user, cli
) -> None:
    rfc = implemented_rfc(cli, governed, as_user)
    verify = ["-C", governed, "rfc", "verify", rfc, "--result", "fail", "--evidence", "drops"]
    refused = cli(*verify)
    assert refused.exit_code == 1 and "changed back" in refused.stderr
    git(governed, "checkout", "HEAD~1", "--", "items/CI-0001.yaml")
    backed_out = cli(*verify)
    assert backed_out.exit_code == 0, backed_out.stderr
    assert "items/CI-0001.yaml" in committed_files(governed)
    assert record(governed, rfc).status == "backed_out"


# --- 5. new CIs through an RFC ---------------------------------------------------


def test_an_rfc_creates_a_new_ci(governed: Path, as_user, cli) -> None:
    first = new_rfc(cli, governed, "--creates", "new")
    assert record(governed, first).creates == ["CI-0003"]
    # The id is taken by that RFC: the next one gets the one after.
    second = cli(
        "-C", governed, "rfc", "new", "--title", "t", "--type", "normal", "--category",
        "new_system", "--risk", "low", "--impact", "low", "--description", "d",
        "--justification", "j", "--creates", "new",
    )  # fmt: skip
    assert second.exit_code == 0, second.stderr
    assert "creates CI-0004" in second.stdout
    # Not a dangling reference while it is still to be created.
    assert cli("-C", governed, "validate").exit_code == 0

    rfc = scheduled_rfc(cli, governed, as_user, "--creates", "CI-0009")
    edit(governed / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    new_item(governed, "CI-0009", "Overflow script")
    new_item(governed, "CI-0010", "Unlisted")
    stray = cli("-C", governed, "rfc", "implement", rfc)
    assert stray.exit_code == 1
    assert "creates CI-0009" in stray.stderr and "items/CI-0010.yaml (CI-0010)" in stray.stderr
    (governed / "items/CI-0010.yaml").unlink()
    implemented = cli("-C", governed, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr
    assert committed_files(governed) == [
        f"changes/{rfc}.yaml",
        "items/CI-0001.yaml",
        "items/CI-0009.yaml",
    ]
    assert cli("-C", governed, "validate").exit_code == 0

    # Backed out: the new CI's record goes again, with the revert of CI-0001.
    (governed / "items/CI-0009.yaml").unlink()
    git(governed, "checkout", "HEAD~1", "--", "items/CI-0001.yaml")
    backed_out = cli("-C", governed, "rfc", "backout", rfc, "--evidence", "overflow looped")
    assert backed_out.exit_code == 0, backed_out.stderr
    assert committed_files(governed) == [
        f"changes/{rfc}.yaml",
        "items/CI-0001.yaml",
        "items/CI-0009.yaml",
    ]
    assert not (governed / "items/CI-0009.yaml").exists()
    assert git(governed, "status", "--porcelain") == ""
    assert cli("-C", governed, "validate").exit_code == 0


# --- 6. governance changes --------------------------------------------------------

NEW_PERSON = (
    "  - {handle: erin, name: Erin New, email: erin@example.com, organisation: it, "
    "roles: [telecom]}\n"
)


def governance_rfc(cli, root: Path, as_user: Callable[[str], None]) -> str:
    """A governance change (no CIs) approved, booked and tested; carol acts."""
    as_user("alice")
    created = cli(
        "-C", root, "rfc", "new", "--title", "Add Erin to the telecom team", "--type", "normal",
        "--category", "governance_change", "--risk", "low", "--impact", "low",
        "--description", "Erin joins telecom", "--justification", "New hire", *PLANS, *WINDOW,
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    rfc = created.stdout.split("(")[1].split(")")[0]
    assert cli("-C", root, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    assert cli("-C", root, "rfc", "approve", rfc).exit_code == 0
    as_user("carol")
    assert cli("-C", root, "rfc", "schedule", rfc).exit_code == 0
    tested = cli("-C", root, "rfc", "verify", rfc, "--result", "pass", "--evidence", "reviewed")
    assert tested.exit_code == 0
    return rfc


def test_only_a_governance_change_commits_ccgov_yaml(governed: Path, as_user, cli) -> None:
    config = governed / "ccgov.yaml"
    # An ordinary change leaves an edit of ccgov.yaml alone.
    rfc = scheduled_rfc(cli, governed, as_user)
    edit(config, "roles:\n  cab:", NEW_PERSON + "roles:\n  cab:")
    edit(governed / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    implemented = cli("-C", governed, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr
    assert "ccgov.yaml" not in committed_files(governed)
    assert "only a governance_change RFC commits them" in implemented.stdout
    assert git(governed, "status", "--porcelain").strip() == "M ccgov.yaml"

    change = governance_rfc(cli, governed, as_user)
    implemented = cli("-C", governed, "rfc", "implement", change)
    assert implemented.exit_code == 0, implemented.stderr
    assert committed_files(governed) == ["ccgov.yaml", f"changes/{change}.yaml"]
    assert git(governed, "status", "--porcelain") == ""
    # The new person exists now and can act.
    set_identity(governed, "erin")
    assert cli("-C", governed, "rfc", "list", "--mine").exit_code == 0
    assert cli("-C", governed, "validate").exit_code == 0


def test_a_governance_change_that_breaks_other_records_is_refused(
    governed: Path, as_user, cli
) -> None:
    rfc = governance_rfc(cli, governed, as_user)
    # Dave leaves the people list although an RFC still names him: the new
    # ccgov.yaml must not be committed, though the error is in another file.
    as_user("dave")
    other = new_rfc(cli, governed)
    as_user("carol")
    config = governed / "ccgov.yaml"
    text = config.read_text()
    config.write_text(
        "\n".join(line for line in text.splitlines() if "handle: dave" not in line) + "\n"
    )
    refused = cli("-C", governed, "rfc", "implement", rfc)
    assert refused.exit_code == 1, refused.stdout
    assert f"changes/{other}.yaml" in refused.stderr and "REF001" in refused.stderr
    assert git(governed, "log", "-1", "--format=%s").strip() == f"rfc({other}): new"


def test_a_governance_change_without_an_edit_is_refused(governed: Path, as_user, cli) -> None:
    rfc = governance_rfc(cli, governed, as_user)
    refused = cli("-C", governed, "rfc", "implement", rfc)
    assert refused.exit_code == 1
    assert "changes ccgov.yaml, but none of their records was updated" in refused.stderr
    assert "edit ccgov.yaml" in refused.stderr
    done = cli("-C", governed, "rfc", "implement", rfc, "--no-record-changes")
    assert done.exit_code == 0, done.stderr


def test_a_local_edit_of_ccgov_yaml_grants_nothing(governed: Path, as_user, cli) -> None:
    rfc = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    # Carol gives herself the CAB role in her own copy, and tries to approve.
    edit(governed / "ccgov.yaml", "roles: [telecom]}", "roles: [telecom, cab]}")
    as_user("carol")
    refused = cli("-C", governed, "rfc", "approve", rfc)
    assert refused.exit_code == 1 and "carol holds telecom" in refused.stderr


# --- 7. decisions on an RFC file edited since HEAD --------------------------------


def test_approve_refuses_an_rfc_file_with_uncommitted_edits(governed: Path, as_user, cli) -> None:
    rfc = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    path = governed / f"changes/{rfc}.yaml"
    edit(path, "justification: Abandon rate over target", "justification: Abandon rate at 14 %")
    as_user("bob")
    for action in (["approve"], ["reject", "--reason", "no"]):
        refused = cli("-C", governed, "rfc", *action, rfc)
        assert refused.exit_code == 1
        assert f"changes/{rfc}.yaml has uncommitted edits" in refused.stderr
        assert "commit the edit" in refused.stderr
    assert "14 %" in path.read_text()  # nothing was undone
    set_identity(governed, "alice")
    git(governed, "commit", "-qam", "sharper justification")
    as_user("bob")
    assert cli("-C", governed, "rfc", "approve", rfc).exit_code == 0


# --- 8. the last test decides ------------------------------------------------------


def test_a_failed_test_after_a_pass_blocks_implementation(governed: Path, as_user, cli) -> None:
    rfc = scheduled_rfc(cli, governed, as_user)
    failed = cli("-C", governed, "rfc", "verify", rfc, "--result", "fail", "--evidence", "drops")
    assert failed.exit_code == 0
    edit(governed / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    refused = cli("-C", governed, "rfc", "implement", rfc)
    assert refused.exit_code == 1 and "failed" in refused.stderr
    retest = cli("-C", governed, "rfc", "verify", rfc, "--result", "pass", "--evidence", "fixed")
    assert retest.exit_code == 0
    assert cli("-C", governed, "rfc", "implement", rfc).exit_code == 0


# --- a governed folder inside a larger repository -----------------------------------


def test_implement_in_a_governed_folder_of_a_larger_repository(
    governed: Path, make_repo: Callable[..., Path], cli
) -> None:
    top = make_repo(
        {
            "README.md": "Team repository\n",
            "gov/ccgov.yaml": (governed / "ccgov.yaml").read_text(),
            "gov/items/CI-0001.yaml": (governed / "items/CI-0001.yaml").read_text(),
            "gov/changes/.gitkeep": "",
        },
        name="top",
    )
    root = top / "gov"

    def as_user(handle: str) -> None:
        set_identity(top, handle)

    as_user("alice")
    rfc = scheduled_rfc(cli, root, as_user)
    edit(root / "items/CI-0001.yaml", 'version: "4.1"', 'version: "4.2"')
    implemented = cli("-C", root, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr
    assert committed_files(top) == [f"gov/changes/{rfc}.yaml", "gov/items/CI-0001.yaml"]
