"""From wish list to plan on real git repositories, through the real CLI:
requirement sign-off, link reviews, demands (new to delivered, and the
spreadsheet import), plan reviews, the risk register, impact and conflicts.
Each step is a commit in the name of the person who acted, and the history
audits clean."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from helpers import git

CONFIG = """\
organisation: Planning Test
timezone: America/Chicago
people:
  - {handle: alice, name: Alice Liaison, email: alice@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: erin, name: Erin Director, email: erin@example.com, organisation: contact_center, roles: [cab, budget]}
  - {handle: bob, name: Bob Board, email: bob@example.com, organisation: it, roles: [cab]}
  - {handle: carol, name: Carol Telecom, email: carol@example.com, organisation: it, roles: [telecom]}
  - {handle: frank, name: Frank Manager, email: frank@example.com, organisation: it, roles: [budget, cab]}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
  telecom: {name: Telecom}
  budget: {name: Budget holder}
policy:
  approvals:
    - type: normal
      require: [{role: cab, count: 1}]
  conflicts: warn
  requirements:
    - require: [{organisation: contact_center}, {organisation: it}]
  investments:
    bands: {small: 10000, medium: 100000}
    approvals:
      - band: [small]
        require: [{organisation: contact_center, role: budget}]
      - require:
          - {organisation: contact_center, role: budget}
          - {organisation: it, role: budget}
  risk_tolerance:
    accept_up_to: 6
    change_risk: {high: 12}
"""

ITEM = """\
id: {id}
name: {name}
kind: {kind}
version: "{version}"
owner: carol
depends_on: [{depends}]
"""

REQUIREMENT = """\
# Written with the contact center.
id: REQ-0001
title: Queue callers overflow
statement: The ACD shall overflow callers waiting over 5 minutes.
kind: functional
priority: must
status: proposed
source: alice
owner: alice
area: routing
acceptance_criteria:
  - A call waiting 5 minutes overflows.
satisfied_by: [CI-0003]
"""

PLAN = """\
id: PLAN-0001
title: Plan 2026-2027
horizon: {start: 2026-01-01, end: 2027-12-31}
review_every: 6 months
objectives:
  - id: waits
    title: Callers wait less
    owners: [alice, bob]
    requirements:
      - {id: REQ-0001, quarter: 2026-Q2}
"""

NOW = "2026-03-02T15:00:00+00:00"
REQ_PATH = "requirements/REQ-0001.yaml"


@pytest.fixture
def repo(make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "items/CI-0001.yaml": ITEM.format(
                id="CI-0001", name="SBC", kind="sbc", version="7.40", depends=""
            ),
            "items/CI-0002.yaml": ITEM.format(
                id="CI-0002", name="ACD", kind="software", version="12.1", depends="CI-0001"
            ),
            "items/CI-0003.yaml": ITEM.format(
                id="CI-0003", name="Billing queue", kind="queue", version="1", depends="CI-0002"
            ),
            "requirements/REQ-0001.yaml": REQUIREMENT,
            "plans/PLAN-0001.yaml": PLAN,
        }
    )
    at(monkeypatch, NOW)
    return root


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """Pin the clock of the planning commands."""
    instant = datetime.fromisoformat(moment)
    # Load the CLI first: modules that bind `now` at import would otherwise
    # keep this pinned clock for the rest of the session.
    import ccgov.cli.app  # noqa: F401

    monkeypatch.setattr("ccgov.cli.options.now", lambda: instant)


def act(root: Path, handle: str) -> None:
    git(root, "config", "user.name", handle.capitalize())
    git(root, "config", "user.email", f"{handle}@example.com")


def commit_edit(root: Path, handle: str, path: str, old: str, new: str) -> None:
    """A hand edit, committed with plain git by ``handle``."""
    file = root / path
    text = file.read_text()
    assert old in text, (old, text)
    file.write_text(text.replace(old, new))
    act(root, handle)
    git(root, "commit", "-qam", f"edit {path}")


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def last_message(root: Path) -> str:
    return git(root, "log", "-1", "--format=%an|%s|%b")


# --- requirement sign-off ----------------------------------------------------------


def test_sign_off_by_both_sides_approves_then_an_edit_asks_again(repo: Path, cli) -> None:
    act(repo, "alice")
    refused = cli("-C", repo, "req", "approve", "REQ-0001")
    assert refused.exit_code == 1 and "alice owns REQ-0001" in refused.stderr

    act(repo, "erin")
    out = ok(cli("-C", repo, "req", "approve", "REQ-0001", "--comment", "Agreed"))
    assert "still needs 1 from it more" in out and "req(REQ-0001): approve: committed" in out
    assert last_message(repo).startswith("Erin|req(REQ-0001): approve|")
    assert "Ccgov-Action: approve" in last_message(repo)
    assert "status: proposed" in (repo / "requirements/REQ-0001.yaml").read_text()
    again = cli("-C", repo, "req", "approve", "REQ-0001")
    assert again.exit_code == 1 and "already signed" in again.stderr

    act(repo, "carol")
    out = ok(cli("-C", repo, "req", "approve", "REQ-0001"))
    assert "REQ-0001 is approved" in out
    text = (repo / "requirements/REQ-0001.yaml").read_text()
    assert text.startswith("# Written with the contact center.")  # comments kept
    assert "status: approved" in text and text.count("content_hash: sha256:") == 2
    assert ok(cli("-C", repo, "validate")).startswith("ok")

    # The statement changes after sign-off: both sign-offs are stale.
    commit_edit(repo, "alice", "requirements/REQ-0001.yaml", "over 5 minutes", "over 3 minutes")
    found = cli("-C", repo, "validate", "--format", "json")
    codes = sorted(f["code"] for f in json.loads(found.stdout))
    assert found.exit_code == 1 and codes == ["REQ001", "REQ002", "REQ002"]

    act(repo, "erin")
    out = ok(cli("-C", repo, "req", "approve", "REQ-0001"))
    assert "it is proposed again until the sign-off is complete" in out
    act(repo, "bob")
    ok(cli("-C", repo, "req", "approve", "REQ-0001"))
    assert ok(cli("-C", repo, "validate")).startswith("ok")
    assert ok(cli("-C", repo, "audit")).startswith("audit clean")


def test_a_rejection_and_who_may_not_sign(repo: Path, cli) -> None:
    act(repo, "carol")
    usage = cli("-C", repo, "req", "approve", "REQ-0001", "--reject")
    assert usage.exit_code == 2 and "--comment" in usage.stderr
    ok(cli("-C", repo, "req", "approve", "REQ-0001", "--reject", "--comment", "Which queue?"))
    assert "decision: reject" in (repo / "requirements/REQ-0001.yaml").read_text()
    # Uncommitted edits are not signed in the signer's name.
    (repo / "requirements/REQ-0001.yaml").write_text(REQUIREMENT.replace("must", "should"))
    act(repo, "erin")
    dirty = cli("-C", repo, "req", "approve", "REQ-0001")
    assert dirty.exit_code == 1 and "uncommitted edits" in dirty.stderr
    # The hint sets the edit aside; it never tells anyone to throw it away.
    assert "git stash push -- requirements/REQ-0001.yaml" in dirty.stderr
    assert "checkout" not in dirty.stderr and "should" in (repo / REQ_PATH).read_text()


# --- suspect links ------------------------------------------------------------------


def test_review_a_requirement_then_its_ci_changes_and_the_link_is_suspect(repo: Path, cli) -> None:
    act(repo, "bob")
    out = ok(cli("-C", repo, "req", "review", "REQ-0001", "--comment", "Queue holds"))
    assert "reviewed REQ-0001 -> CI-0003 (satisfied by)" in out
    assert last_message(repo).startswith("Bob|req(REQ-0001): review|")
    text = (repo / "links/REQ-0001.yaml").read_text()
    assert "target: CI-0003" in text and "by: bob" in text and "comment: Queue holds" in text
    nothing = cli("-C", repo, "req", "review", "REQ-0001")
    assert nothing.exit_code == 1 and "reviewed against its target as it stands" in nothing.stderr

    commit_edit(repo, "carol", "items/CI-0003.yaml", 'version: "1"', 'version: "2"')
    validated = cli("-C", repo, "validate")
    assert validated.exit_code == 0 and "LNK001" in validated.stdout  # a warning
    assert cli("-C", repo, "validate", "--strict").exit_code == 1
    suspect = cli("-C", repo, "link", "list", "--suspect", "--format", "json")
    assert suspect.exit_code == 1
    assert [(s["source"], s["target"]) for s in json.loads(suspect.stdout)] == [
        ("REQ-0001", "CI-0003")
    ]

    act(repo, "carol")
    ok(cli("-C", repo, "req", "review", "REQ-0001", "--target", "CI-0003"))
    assert cli("-C", repo, "validate", "--strict").exit_code == 0
    reviews = (repo / "links/REQ-0001.yaml").read_text()
    assert reviews.count("target: CI-0003") == 2 and "by: carol" in reviews
    # The reviews are each committed by their reviewer; only the CI edit made
    # by hand without an RFC is a finding.
    audit = json.loads(cli("-C", repo, "audit", "--format", "json").stdout)
    assert [(f["code"], f["file"]) for f in audit] == [("AUD002", "items/CI-0003.yaml")]


def test_link_clear_for_ci_dependencies_and_refusals(repo: Path, cli) -> None:
    act(repo, "carol")
    wrong = cli("-C", repo, "req", "review", "CI-0002")
    assert wrong.exit_code == 1 and "ccgov link clear CI-0002" in wrong.stderr
    unknown = cli("-C", repo, "link", "clear", "CI-0002", "--target", "CI-0003")
    assert unknown.exit_code == 1 and "CI-0002 has no link to CI-0003" in unknown.stderr
    ok(cli("-C", repo, "link", "clear", "CI-0002"))
    assert last_message(repo).startswith("Carol|link(CI-0002): clear|")
    # A review binds to the target as committed.
    (repo / "items/CI-0002.yaml").write_text(
        (repo / "items/CI-0002.yaml").read_text().replace("12.1", "12.2")
    )
    dirty = cli("-C", repo, "link", "clear", "CI-0003")
    assert dirty.exit_code == 1 and "items/CI-0002.yaml has uncommitted edits" in dirty.stderr
    assert "git stash push -- items/CI-0002.yaml" in dirty.stderr
    states = json.loads(ok(cli("-C", repo, "link", "list", "--format", "json")))
    assert {(s["source"], s["target"], s["status"]) for s in states} == {
        ("CI-0002", "CI-0001", "reviewed"),
        ("CI-0003", "CI-0002", "unreviewed"),
        ("REQ-0001", "CI-0003", "unreviewed"),
    }


def test_a_review_typed_in_someone_elses_name_is_caught_by_audit(repo: Path, cli) -> None:
    act(repo, "bob")
    ok(cli("-C", repo, "link", "clear", "CI-0003"))
    commit_edit(repo, "carol", "items/CI-0002.yaml", "12.1", "12.2")
    # carol fakes bob's review of the changed ACD by copying his entry.
    path = repo / "links/CI-0003.yaml"
    text = path.read_text()
    from ccgov.records.item import ConfigurationItem, content_hash
    from ccgov.store.loader import load_record

    loaded, _ = load_record(
        "items/CI-0002.yaml", (repo / "items/CI-0002.yaml").read_bytes(), ConfigurationItem
    )
    assert loaded is not None
    entry = text[text.index("  - target:") :]
    old_hash = entry.split("content_hash: ")[1].split()[0]
    path.write_text(text + entry.replace(old_hash, content_hash(loaded.record)))
    act(repo, "carol")
    git(repo, "commit", "-qam", "reviewed")
    assert cli("-C", repo, "validate", "--strict").exit_code == 0  # the file itself is fine
    audit = cli("-C", repo, "audit", "--format", "json")
    found = json.loads(audit.stdout)
    assert audit.exit_code == 1
    forged = [f for f in found if f["file"] == "links/CI-0003.yaml"]
    assert [f["code"] for f in forged] == ["AUD001"] and "not by bob" in forged[0]["message"]


# --- demands ---------------------------------------------------------------------------


def new_demand(repo: Path, cli, *extra: str) -> str:  # type: ignore[no-untyped-def]
    out = ok(
        cli(
            "-C",
            repo,
            "demand",
            "new",
            "--title",
            "Offer a callback",
            "--problem",
            "Monday waits over six minutes",
            "--value",
            "400 calls a week kept",
            "--benefit",
            "high",
            *extra,
        )
    )
    return out.split("(")[1].split(")")[0]


def test_a_demand_from_wish_to_delivered(repo: Path, cli) -> None:
    act(repo, "alice")
    assert new_demand(repo, cli) == "DEM-0001"
    record = (repo / "demand/DEM-0001.yaml").read_text()
    assert "requested_by: alice" in record and "status: proposed" in record

    act(repo, "carol")
    out_of_band = cli(
        "-C",
        repo,
        "demand",
        "assess",
        "DEM-0001",
        "--summary",
        "Native callback",
        "--estimate",
        "38000",
        "--band",
        "small",
        "--budget-owner",
        "erin",
    )
    assert out_of_band.exit_code == 1 and "38,000 USD is not small" in out_of_band.stderr
    assert "give the band the estimate falls in" in out_of_band.stderr
    ok(
        cli(
            "-C",
            repo,
            "demand",
            "assess",
            "DEM-0001",
            "--summary",
            "Native callback",
            "--estimate",
            "38000",
            "--band",
            "medium",
            "--budget-owner",
            "erin",
        )
    )
    assert "estimate: 38000\n" in (repo / "demand/DEM-0001.yaml").read_text()

    act(repo, "alice")
    asker = cli("-C", repo, "demand", "approve", "DEM-0001")
    assert asker.exit_code == 1  # not a budget holder, and she asked for it
    act(repo, "erin")
    demand_file = repo / "demand/DEM-0001.yaml"
    committed = demand_file.read_text()
    demand_file.write_text(committed.replace("estimate: 38000", "estimate: 99000"))
    dirty = cli("-C", repo, "demand", "approve", "DEM-0001")
    assert dirty.exit_code == 1 and "uncommitted edits" in dirty.stderr
    demand_file.write_text(committed)
    out = ok(cli("-C", repo, "demand", "approve", "DEM-0001"))
    assert "DEM-0001 is assessed: waiting for 1 budget from it more" in out
    act(repo, "frank")
    assert "DEM-0001 is approved: decision complete" in ok(
        cli("-C", repo, "demand", "approve", "DEM-0001")
    )
    outside = cli(
        "-C",
        repo,
        "demand",
        "plan",
        "DEM-0001",
        "--plan",
        "PLAN-0001",
        "--objective",
        "waits",
        "--quarter",
        "2028-Q1",
    )
    assert outside.exit_code == 1 and "outside PLAN-0001's horizon" in outside.stderr
    ok(
        cli(
            "-C",
            repo,
            "demand",
            "plan",
            "DEM-0001",
            "--plan",
            "PLAN-0001",
            "--objective",
            "waits",
            "--quarter",
            "2026-Q3",
        )
    )
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["demand/DEM-0001.yaml", "plans/PLAN-0001.yaml"]
    assert (
        "{id: DEM-0001, quarter: 2026-Q3}" in (repo / "plans/PLAN-0001.yaml").read_text()
        or "id: DEM-0001" in (repo / "plans/PLAN-0001.yaml").read_text()
    )
    ok(cli("-C", repo, "demand", "deliver", "DEM-0001", "--note", "Live since July"))
    shown = ok(cli("-C", repo, "demand", "show", "DEM-0001"))
    assert "status delivered" in shown and "next: nothing (final)" in shown
    listed = json.loads(ok(cli("-C", repo, "demand", "list", "--format", "json")))
    assert [(d["id"], d["status"], d["band"]) for d in listed] == [
        ("DEM-0001", "delivered", "medium")
    ]
    assert ok(cli("-C", repo, "validate")).startswith("ok")
    assert ok(cli("-C", repo, "audit")).startswith("audit clean")
    roadmap = json.loads(ok(cli("-C", repo, "report", "roadmap", "--format", "json")))
    [plan] = roadmap["roadmap"]
    cells = {
        q: [e["id"] for e in c]
        for q, c in zip(plan["quarters"], plan["rows"][0]["cells"], strict=True)
    }
    assert cells["2026-Q3"] == ["DEM-0001"] and cells["2026-Q2"] == ["REQ-0001"]


def test_declining_a_demand_and_the_lifecycle_guard(repo: Path, cli) -> None:
    act(repo, "alice")
    new_demand(repo, cli, "--estimate", "9000", "--band", "small", "--budget-owner", "erin")
    act(repo, "erin")
    early = cli("-C", repo, "demand", "approve", "DEM-0001")
    assert early.exit_code == 1 and "DEM-0001 is proposed; approve needs it to be assessed" in (
        early.stderr
    )
    ok(cli("-C", repo, "demand", "decline", "DEM-0001", "--reason", "WFM does it"))
    final = cli("-C", repo, "demand", "assess", "DEM-0001", "--summary", "again")
    assert final.exit_code == 1 and "declined is final" in final.stderr
    text = (repo / "demand/DEM-0001.yaml").read_text()
    assert "decision: reject" in text and "status: declined" in text


WISHLIST = """\
Row,Wish,Problem today,Why it matters,Asked by,Value,Estimate
WL-01,Callback in the Monday peak,Long waits,400 calls kept,Alice Liaison,High,"38,000"
WL-02,Mobile shift swaps,E-mail swaps,Fewer absences,Erin,Medium,$8k
WL-03,Knowledge in the desktop,Second browser,Shorter holds,alice,,
"""
MAPPING = """\
columns:
  external_id: Row
  title: Wish
  problem: Problem today
  business_value: Why it matters
  requested_by: Asked by
  benefit: Value
  estimate: Estimate
people:
  Alice Liaison: alice
  Erin: erin
"""


def test_demand_import_from_a_wish_list(repo: Path, cli, tmp_path: Path) -> None:
    sheet, mapping = tmp_path / "wishlist.csv", tmp_path / "wishlist.yaml"
    sheet.write_text(WISHLIST)
    mapping.write_text(MAPPING)
    act(repo, "alice")
    dry = ok(cli("-C", repo, "demand", "import", sheet, "--map", mapping))
    assert "Would import 3 demands" in dry and "Dry run: nothing written" in dry
    assert not (repo / "demand").exists()
    applied = json.loads(
        ok(
            cli(
                "-C",
                repo,
                "demand",
                "import",
                sheet,
                "--map",
                mapping,
                "--apply",
                "--format",
                "json",
            )
        )
    )
    assert applied["counts"] == {"new": 3, "duplicate": 0, "blank": 0} and applied["written"]
    assert git(repo, "log", "-1", "--format=%s").strip() == "demand(DEM-0001..DEM-0003): import"
    one = (repo / "demand/DEM-0001.yaml").read_text()
    assert one.startswith("# Imported from wishlist.csv row 2")
    assert "external_id: WL-01" in one and "estimate: 38000" in one and "band: medium" in one
    assert "band: small" in (repo / "demand/DEM-0002.yaml").read_text()  # $8k
    again = json.loads(
        ok(cli("-C", repo, "demand", "import", sheet, "--map", mapping, "--format", "json"))
    )
    assert again["counts"]["duplicate"] == 3 and again["counts"]["new"] == 0
    assert ok(cli("-C", repo, "validate")).startswith("ok")
    assert ok(cli("-C", repo, "audit")).startswith("audit clean")


def test_demand_import_refuses_with_located_problems(repo: Path, cli, tmp_path: Path) -> None:
    sheet, mapping = tmp_path / "wishlist.csv", tmp_path / "wishlist.yaml"
    sheet.write_text(WISHLIST.replace('"38,000"', "lots").replace("Erin,Medium", "Zed,Urgent"))
    mapping.write_text(MAPPING)
    act(repo, "alice")
    result = cli("-C", repo, "demand", "import", sheet, "--map", mapping, "--format", "json")
    assert result.exit_code == 1
    problems = [
        (p["line"], p["column"], p["column_name"]) for p in json.loads(result.stdout)["problems"]
    ]
    assert problems == [(2, 7, "Estimate"), (3, 5, "Asked by"), (3, 6, "Value")]
    text = cli("-C", repo, "demand", "import", sheet, "--map", mapping)
    assert "wishlist.csv row 2, column G (Estimate): 'lots' is not an amount" in text.stderr
    assert not (repo / "demand").exists()
    mapping.write_text(MAPPING.replace("  title: Wish\n", "  title: Wishes\n"))
    missing = cli("-C", repo, "demand", "import", sheet, "--map", mapping)
    assert missing.exit_code == 1 and "'Wishes' (columns.title, did you mean 'Wish'?)" in (
        missing.stderr
    )


# --- plans -------------------------------------------------------------------------------


def test_plan_review_and_when_the_next_is_due(repo: Path, cli, monkeypatch) -> None:
    due = cli("-C", repo, "plan", "due", "--at", "2026-06-30T12:00:00Z")
    assert due.exit_code == 0 and "review due by 2026-07-01" in due.stdout
    overdue = cli("-C", repo, "plan", "due", "--at", "2026-07-02T12:00:00Z", "--format", "json")
    assert overdue.exit_code == 1 and json.loads(overdue.stdout)[0]["overdue"] is True

    act(repo, "carol")
    stranger = cli("-C", repo, "plan", "review", "PLAN-0001", "--summary", "ok")
    assert stranger.exit_code == 1 and "owns none of PLAN-0001's objectives" in stranger.stderr
    act(repo, "bob")
    at(monkeypatch, "2026-07-02T15:00:00+00:00")
    out = ok(
        cli(
            "-C",
            repo,
            "plan",
            "review",
            "PLAN-0001",
            "--summary",
            "On track",
            "--attendee",
            "alice",
            "--attendee",
            "bob",
        )
    )
    assert "next review of PLAN-0001 due by 2027-01-02" in out
    assert cli("-C", repo, "plan", "due", "--at", "2026-12-31T12:00:00Z").exit_code == 0
    assert "review by bob" in ok(cli("-C", repo, "plan", "show", "PLAN-0001"))
    assert ok(cli("-C", repo, "audit")).startswith("audit clean")


def test_routine_due_lists_the_plan_review_the_way_plan_due_does(
    repo: Path, cli, monkeypatch
) -> None:
    """Overdue plan reviews appear among the routines (same reckoning as plan due)."""
    before = cli("-C", repo, "routine", "due", "--at", "2026-06-25T12:00:00Z", "--format", "json")
    assert before.exit_code == 0, before.stderr
    [entry] = json.loads(before.stdout)["due"]
    assert entry["routine"] == "PLAN-0001" and entry["kind"] == "plan_review"
    assert entry["state"] == "due" and entry["at"].startswith("2026-07-01T00:00:00-05:00")
    assert entry["owner"] == "alice" and "ccgov plan review PLAN-0001" in entry["note"]
    late = cli("-C", repo, "routine", "due", "--at", "2026-07-02T12:00:00Z")
    assert late.exit_code == 1
    assert "overdue" in late.stdout and "PLAN-0001" in late.stdout and "1 overdue" in late.stdout
    plan_due = json.loads(
        cli("-C", repo, "plan", "due", "--at", "2026-07-02T12:00:00Z", "--format", "json").stdout
    )
    assert (
        plan_due[0]["due"]
        == json.loads(
            cli(
                "-C", repo, "routine", "due", "--at", "2026-07-02T12:00:00Z", "--format", "json"
            ).stdout
        )["due"][0]["at"]
    )

    act(repo, "alice")
    at(monkeypatch, "2026-07-02T15:00:00+00:00")
    ok(cli("-C", repo, "plan", "review", "PLAN-0001", "--summary", "Reviewed late"))
    quiet = cli("-C", repo, "routine", "due", "--at", "2026-07-03T12:00:00Z")
    assert quiet.exit_code == 0 and "nothing due within 14d" in quiet.stdout
    # A closed plan owes nothing.
    commit_edit(
        repo, "alice", "plans/PLAN-0001.yaml", "review_every:", "status: closed\nreview_every:"
    )
    assert cli("-C", repo, "routine", "due", "--at", "2027-06-01T12:00:00Z").exit_code == 0


# --- risks --------------------------------------------------------------------------------


def test_risk_register_against_the_tolerance(repo: Path, cli) -> None:
    act(repo, "carol")
    out = ok(
        cli(
            "-C",
            repo,
            "risk",
            "new",
            "--title",
            "SBC exposed",
            "--cause",
            "Advisory",
            "--probability",
            "possible",
            "--impact",
            "severe",
            "--review-by",
            "2026-04-30",
            "--item",
            "CI-0001",
        )
    )
    assert "RISK-0001 scores 15" in out and "may not be accepted" in out
    accepted = cli(
        "-C", repo, "risk", "decide", "RISK-0001", "--response", "accept", "--rationale", "Cheap"
    )
    assert accepted.exit_code == 1 and "scores 15" in accepted.stderr
    empty = cli(
        "-C", repo, "risk", "decide", "RISK-0001", "--response", "mitigate", "--rationale", "Patch"
    )
    assert empty.exit_code == 1 and "--change RFC-ID or --demand DEM-ID" in empty.stderr
    act(repo, "alice")
    new_demand(repo, cli)
    act(repo, "carol")
    ok(
        cli(
            "-C",
            repo,
            "risk",
            "decide",
            "RISK-0001",
            "--response",
            "mitigate",
            "--rationale",
            "Buy the patch",
            "--demand",
            "DEM-0001",
        )
    )
    ok(
        cli(
            "-C",
            repo,
            "risk",
            "review",
            "RISK-0001",
            "--note",
            "Still exposed",
            "--impact",
            "major",
            "--next",
            "2026-05-31",
        )
    )
    shown = json.loads(ok(cli("-C", repo, "risk", "list", "--format", "json")))
    assert [(r["impact"], r["review_by"], r["response"]) for r in shown] == [
        ("major", "2026-05-31", "mitigate")
    ]
    listed = cli(
        "-C", repo, "risk", "list", "--due", "--at", "2026-06-01T12:00:00Z", "--format", "json"
    )
    assert listed.exit_code == 1 and [r["score"] for r in json.loads(listed.stdout)] == [12]
    assert cli("-C", repo, "risk", "list", "--due", "--at", "2026-05-01T12:00:00Z").exit_code == 0
    risks = json.loads(ok(cli("-C", repo, "report", "risks", "--format", "json", "--at", NOW)))
    heat = {
        (c["probability"], c["impact"]): c["risks"] for row in risks["risks"]["heat"] for c in row
    }
    assert heat[("possible", "major")] == ["RISK-0001"] and risks["risks"]["counts"]["open"] == 1
    # Declining the demand that mitigates it is noted, and shows as RISK004.
    act(repo, "erin")
    declined = ok(cli("-C", repo, "demand", "decline", "DEM-0001", "--reason", "No budget"))
    assert "carries out the mitigation of RISK-0001" in declined
    assert "RISK004" in ok(cli("-C", repo, "validate"))
    assert ok(cli("-C", repo, "audit")).startswith("audit clean")


# --- impact and conflicts ------------------------------------------------------------------


def test_impact_of_the_sbc_reaches_the_queue_and_its_requirement(repo: Path, cli) -> None:
    found = json.loads(ok(cli("-C", repo, "impact", "CI-0001", "--format", "json")))
    assert [(i["id"], i["why"]) for i in found["items"]] == [
        ("CI-0002", "depends on CI-0001"),
        ("CI-0003", "depends on CI-0001 through CI-0002"),
    ]
    assert [(r["id"], r["why"]) for r in found["requirements"]] == [
        ("REQ-0001", "satisfied by CI-0003")
    ]
    assert [o["id"] for o in found["objectives"]] == ["PLAN-0001/waits"]
    text = ok(cli("-C", repo, "impact", "REQ-0001"))
    assert "CI-0003 Billing queue (active): satisfies REQ-0001" in text
    unknown = cli("-C", repo, "impact", "PLAN-0001")
    assert unknown.exit_code == 1 and "not a configuration item or a requirement" in unknown.stderr


PROBLEM = """id: {id}
title: {title}
status: {status}
opened: 2026-03-02T10:00:00-06:00
raised_by: carol
owner: carol
items: [{items}]
"""


def test_impact_lists_the_open_problems_at_fault_in_what_it_reaches(repo: Path, cli) -> None:
    problems = {
        "PRB-0001": PROBLEM.format(
            id="PRB-0001", title="Queue stalls", status="open", items="CI-0003"
        ),
        "PRB-0002": PROBLEM.format(
            id="PRB-0002", title="Old one", status="open", items="CI-0001"
        ).replace("status: open", "status: closed")
        + "closed: 2026-03-03T10:00:00-06:00\n",
        "PRB-0003": PROBLEM.format(id="PRB-0003", title="SBC leak", status="open", items="CI-0001"),
    }
    for problem_id, text in problems.items():
        (repo / "problems").mkdir(exist_ok=True)
        (repo / f"problems/{problem_id}.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "problems")
    # From the ACD: the queue depends on it (PRB-0001 is reached); the SBC is
    # what the ACD depends on, not what depends on it (PRB-0003 is not); a
    # closed problem is history (PRB-0002).
    found = json.loads(ok(cli("-C", repo, "impact", "CI-0002", "--format", "json")))
    assert [(p["id"], p["status"], p["why"]) for p in found["problems"]] == [
        ("PRB-0001", "open", "open at CI-0003")
    ]
    found = json.loads(ok(cli("-C", repo, "impact", "CI-0001", "--format", "json")))
    assert [p["id"] for p in found["problems"]] == ["PRB-0001", "PRB-0003"]
    assert "open problems (2):" in ok(cli("-C", repo, "impact", "CI-0001"))


WINDOW = [
    "--window-start",
    "2026-03-10T22:00:00-05:00",
    "--window-end",
    "2026-03-11T02:00:00-05:00",
]
PLANS = ["--implementation-plan", "Do it", "--test-plan", "Test it", "--backout-plan", "Undo it"]


def raise_rfc(repo: Path, cli, affects: str) -> str:  # type: ignore[no-untyped-def]
    out = ok(
        cli(
            "-C",
            repo,
            "rfc",
            "new",
            "--title",
            f"Change {affects}",
            "--type",
            "normal",
            "--category",
            "config_change",
            "--affects",
            affects,
            "--risk",
            "low",
            "--impact",
            "low",
            "--description",
            "d",
            "--justification",
            "j",
            *PLANS,
            *WINDOW,
        )
    )
    change_id = out.split("(")[1].split(")")[0]
    ok(cli("-C", repo, "rfc", "submit", change_id))
    return change_id


def test_rfcs_on_dependent_cis_in_overlapping_windows_conflict(repo: Path, cli) -> None:
    act(repo, "alice")
    sbc = raise_rfc(repo, cli, "CI-0001")
    queue = raise_rfc(repo, cli, "CI-0003")
    act(repo, "bob")
    first = ok(cli("-C", repo, "rfc", "approve", sbc))
    assert "coupled" not in first
    second = ok(cli("-C", repo, "rfc", "approve", queue))
    assert f"{sbc} (approved) changes CIs coupled to these (CI-0003 depends on CI-0001)" in second
    shown = ok(cli("-C", repo, "rfc", "show", sbc))
    assert "impact (ccgov impact CI-ID for the paths):" in shown
    assert "configuration items: CI-0001, CI-0002, CI-0003" in shown
    assert f"open RFCs: {queue}" in shown
