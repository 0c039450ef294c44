"""Attacks on the planning records' decisions, judged by `ccgov audit`:
sign-offs, reviews and decisions typed in someone else's name, removed or
rewritten, a requirement approved by hand, and merges of reviews."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from helpers import Result, git

Cli = Callable[..., Result]

CONFIG = """\
organisation: Planning Security
timezone: America/Chicago
people:
  - {handle: alice, name: Alice, email: alice@example.com, organisation: contact_center, roles: [liaison, budget]}
  - {handle: bob, name: Bob, email: bob@example.com, organisation: it, roles: [cab, budget]}
  - {handle: mallory, name: Mallory, email: mallory@example.com, organisation: it, roles: [telecom]}
  - {handle: ted, name: Ted, email: ted@example.com, organisation: contact_center, roles: [liaison]}
roles:
  cab: {name: CAB}
  liaison: {name: Liaison}
  telecom: {name: Telecom}
  budget: {name: Budget}
policy:
  requirements:
    - require: [{organisation: contact_center}, {organisation: it}]
  investments:
    approvals:
      - require: [{organisation: it, role: budget}]
"""
ITEM = """\
id: CI-0001
name: ACD
kind: software
version: "12.1"
owner: mallory
"""
REQUIREMENT = """\
id: REQ-0001
title: Overflow
statement: The ACD shall overflow callers waiting over 5 minutes.
kind: functional
priority: must
status: proposed
source: alice
owner: alice
area: routing
satisfied_by: [CI-0001]
"""


@pytest.fixture
def repo(make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    instant = datetime.fromisoformat("2026-03-02T15:00:00+00:00")
    # Load the CLI first: modules that bind `now` at import would otherwise
    # keep this pinned clock for the rest of the session.
    import ccgov.cli.app  # noqa: F401

    monkeypatch.setattr("ccgov.cli.options.now", lambda: instant)
    return make_repo(
        {
            "ccgov.yaml": CONFIG,
            "items/CI-0001.yaml": ITEM,
            "requirements/REQ-0001.yaml": REQUIREMENT,
        }
    )


def act(root: Path, handle: str) -> None:
    git(root, "config", "user.name", handle.capitalize())
    git(root, "config", "user.email", f"{handle}@example.com")


def run(cli: Cli, root: Path, *args: str) -> str:
    result = cli("-C", root, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def audit(cli: Cli, root: Path) -> list[tuple[str, str]]:
    found = json.loads(cli("-C", root, "audit", "--format", "json").stdout)
    return [(f["code"], f["file"]) for f in found]


def hand_commit(root: Path, handle: str, path: str, edit: Callable[[str], str]) -> None:
    file = root / path
    file.write_text(edit(file.read_text()))
    act(root, handle)
    git(root, "add", "-A")
    git(root, "commit", "-qm", f"edit {path}")


def signed_by_ted_and_bob(cli: Cli, root: Path) -> None:
    act(root, "ted")
    run(cli, root, "req", "approve", "REQ-0001")
    act(root, "bob")
    run(cli, root, "req", "approve", "REQ-0001")


def test_the_legitimate_life_audits_clean(repo: Path, cli: Cli) -> None:
    signed_by_ted_and_bob(cli, repo)
    act(repo, "bob")
    run(cli, repo, "req", "review", "REQ-0001")
    act(repo, "alice")
    run(cli, repo, "demand", "new", "--title", "T", "--problem", "P", "--value", "V")
    act(repo, "mallory")
    run(
        cli,
        repo,
        "demand",
        "assess",
        "DEM-0001",
        "--summary",
        "S",
        "--estimate",
        "5",
        "--band",
        "small",
        "--budget-owner",
        "bob",
    )
    act(repo, "bob")
    run(cli, repo, "demand", "approve", "DEM-0001")
    assert audit(cli, repo) == []


def test_a_sign_off_typed_in_someone_elses_name(repo: Path, cli: Cli) -> None:
    act(repo, "ted")
    run(cli, repo, "req", "approve", "REQ-0001")

    # mallory copies ted's entry as bob's: the requirement looks signed off.
    def forge(text: str) -> str:
        entry = text[text.index("  - by: ted") :]
        return text.replace("status: proposed", "status: approved") + entry.replace(
            "by: ted", "by: bob"
        )

    hand_commit(repo, "mallory", "requirements/REQ-0001.yaml", forge)
    assert cli("-C", repo, "validate").exit_code == 0  # the file itself is consistent
    assert audit(cli, repo) == [("AUD001", "requirements/REQ-0001.yaml")]


def test_a_requirement_approved_by_hand(repo: Path, cli: Cli) -> None:
    act(repo, "ted")
    run(cli, repo, "req", "approve", "REQ-0001")
    hand_commit(
        repo,
        "ted",
        "requirements/REQ-0001.yaml",
        lambda text: text.replace("status: proposed", "status: approved"),
    )
    found = json.loads(cli("-C", repo, "validate", "--format", "json").stdout)
    assert [f["code"] for f in found] == ["REQ001"]
    assert audit(cli, repo) == [("AUD007", "requirements/REQ-0001.yaml")]


def test_a_sign_off_removed_afterwards(repo: Path, cli: Cli) -> None:
    signed_by_ted_and_bob(cli, repo)

    def drop_bob(text: str) -> str:
        return text[: text.index("  - by: bob")]

    hand_commit(repo, "ted", "requirements/REQ-0001.yaml", drop_bob)
    assert audit(cli, repo) == [("AUD006", "requirements/REQ-0001.yaml")]


def test_link_reviews_deleted(repo: Path, cli: Cli) -> None:
    act(repo, "bob")
    run(cli, repo, "link", "clear", "REQ-0001")
    act(repo, "mallory")
    git(repo, "rm", "-q", "links/REQ-0001.yaml")
    git(repo, "commit", "-qm", "tidy up")
    assert audit(cli, repo) == [("AUD006", "links/REQ-0001.yaml")]


def test_a_demand_decision_rewritten(repo: Path, cli: Cli) -> None:
    act(repo, "alice")
    run(cli, repo, "demand", "new", "--title", "T", "--problem", "P", "--value", "V")
    act(repo, "mallory")
    run(
        cli,
        repo,
        "demand",
        "assess",
        "DEM-0001",
        "--summary",
        "S",
        "--estimate",
        "5",
        "--band",
        "small",
        "--budget-owner",
        "bob",
    )
    act(repo, "bob")
    run(cli, repo, "demand", "approve", "DEM-0001", "--comment", "yes")
    hand_commit(
        repo,
        "mallory",
        "demand/DEM-0001.yaml",
        lambda text: text.replace("comment: yes", "comment: yes, and add two more features"),
    )
    assert audit(cli, repo) == [("AUD006", "demand/DEM-0001.yaml")]


def test_reviews_merged_from_two_branches_keep_both(repo: Path, cli: Cli) -> None:
    act(repo, "bob")
    run(cli, repo, "link", "clear", "REQ-0001")
    main = git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()
    hand_commit(repo, "mallory", "items/CI-0001.yaml", lambda t: t.replace("12.1", "12.2"))
    git(repo, "switch", "-q", "-c", "side")
    act(repo, "ted")
    run(cli, repo, "link", "clear", "REQ-0001", "--comment", "ted checked")
    git(repo, "switch", "-q", main)
    act(repo, "bob")
    run(cli, repo, "link", "clear", "REQ-0001", "--comment", "bob checked")
    # Both appended to the end of the same list: git stops; keep both.
    assert _merge(repo, "side") != 0
    path = "links/REQ-0001.yaml"
    base = git(repo, "show", f"{git(repo, 'merge-base', 'HEAD', 'side').strip()}:{path}")
    ours, theirs = git(repo, "show", f"HEAD:{path}"), git(repo, "show", f"side:{path}")
    assert ours.startswith(base) and theirs.startswith(base)
    (repo / path).write_text(ours + theirs[len(base) :])
    git(repo, "add", path)
    git(repo, "commit", "-q", "--no-edit")
    codes = audit(cli, repo)
    assert ("AUD002", "items/CI-0001.yaml") in codes  # the hand edit of the CI
    assert [c for c in codes if c[1].startswith("links/")] == []
    # The same merge resolved by dropping what both sides added.
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert _merge(repo, "side") != 0
    (repo / path).write_text(base)
    git(repo, "add", path)
    git(repo, "commit", "-q", "--no-edit")
    assert ("AUD006", path) in audit(cli, repo)


def _merge(root: Path, branch: str) -> int:
    import subprocess

    return subprocess.run(
        ["git", "merge", branch, "--no-edit"], cwd=root, capture_output=True, check=False
    ).returncode
