"""`ccgov problem new|update|action add|action done|close|list|show` on a real
git repository; `problem close` is refused while an action is open, and a
problem raised in time is the incident's root-cause analysis."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.problem import Problem
from ccgov.store.loader import load_record
from helpers import Result, git

PRB = "problems/PRB-0001.yaml"


def problem(root: Path) -> Problem:
    loaded, findings = load_record(PRB, (root / PRB).read_bytes(), Problem)
    assert loaded is not None, findings
    return loaded.record  # type: ignore[no-any-return]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def resolved(ops: Path, cli: Callable[..., Result]) -> Path:
    """A severity 2 incident on CI-0001 and CI-0002, resolved without a root cause."""
    for args in (
        ["new", "--title", "Adherence frozen", "--severity", "2", "--sla", "SLA-0001",
         "--affects", "CI-0001", "--affects", "CI-0002", "--opened", "2026-03-02T09:00:00-06:00"],
        ["update", "INC-0001", "--text", "frozen", "--at", "2026-03-02T09:20:00-06:00"],
        ["resolve", "INC-0001", "--text", "back", "--at", "2026-03-02T09:45:00-06:00"],
    ):  # fmt: skip
        ok(cli("-C", ops, "incident", *args))
    return ops


def test_a_problem_from_an_incident_to_closing(
    resolved: Path, cli: Callable[..., Any], as_user: Callable[[str], None]
) -> None:
    root = resolved
    assert "RCA003" in ok(cli("-C", root, "validate")).stdout
    result = ok(cli("-C", root, "problem", "new", "--from", "INC-0001", "--owner", "carol",
                    "--at", "2026-03-03T10:00:00-06:00"))  # fmt: skip
    assert "problem(PRB-0001): new" in result.stdout
    found = problem(root)
    # Title and CIs come from the incident; whoever runs it raised it.
    assert (found.title, found.items, found.incidents) == (
        "Adherence frozen",
        ["CI-0001", "CI-0002"],
        ["INC-0001"],
    )
    assert (found.raised_by, found.status) == ("carol", "open")
    # The problem, raised in time, is the incident's analysis: no RCA003, and closing works.
    assert ok(cli("-C", root, "validate")).stdout.startswith("ok:")
    ok(cli("-C", root, "incident", "close", "INC-0001", "--at", "2026-03-03T11:00:00-06:00"))
    # A known error needs its workaround.
    result = cli("-C", root, "problem", "update", "PRB-0001", "--root-cause", "Certificate pinned",
                 "--known-error")  # fmt: skip
    assert result.exit_code == 1 and "workaround" in result.stderr
    ok(cli("-C", root, "problem", "update", "PRB-0001", "--root-cause", "Certificate pinned",
           "--workaround", "Refresh by hand", "--known-error", "--at", "2026-03-04T09:00:00-06:00"))  # fmt: skip
    found = problem(root)
    assert found.status == "known_error" and found.root_cause_at is not None
    # A known error without a published article is reported (PRB002).
    assert "PRB002" in ok(cli("-C", root, "validate")).stdout
    ok(cli("-C", root, "problem", "action", "add", "PRB-0001", "--title", "Trust the CA",
           "--owner", "alice", "--due", "2026-03-20", "--fix", "RFC-0001"))  # fmt: skip
    ok(cli("-C", root, "problem", "action", "add", "PRB-0001", "--title", "Tell the vendor",
           "--owner", "carol", "--due", "2026-03-10"))  # fmt: skip
    assert [(a.id, a.fix) for a in problem(root).actions] == [("A1", "RFC-0001"), ("A2", None)]
    # Refused while actions are open, naming them; nothing is committed.
    before = git(root, "rev-parse", "HEAD")
    result = cli("-C", root, "problem", "close", "PRB-0001", "--resolution", "CA trusted")
    assert result.exit_code == 1
    assert "PRB-0001 has open actions: PRB-0001/A1 (Trust the CA), PRB-0001/A2" in result.stderr
    assert git(root, "rev-parse", "HEAD") == before
    as_user("alice")
    ok(cli("-C", root, "problem", "action", "done", "PRB-0001/A1", "--note", "CA bundle loaded"))
    result = ok(cli("-C", root, "problem", "action", "done", "PRB-0001/A2", "--drop"))
    assert "no open actions left: ccgov problem close PRB-0001" in result.stdout
    actions = problem(root).actions
    assert [(a.status, a.closed_by, a.note) for a in actions] == [
        ("done", "alice", "CA bundle loaded"),
        ("dropped", "alice", None),
    ]
    ok(cli("-C", root, "problem", "close", "PRB-0001", "--resolution", "CA trusted"))
    found = problem(root)
    assert (found.status, found.closed_by, found.resolution) == ("closed", "alice", "CA trusted")
    messages = git(root, "log", "--format=%s", "-7").splitlines()
    assert messages == [
        "problem(PRB-0001): close",
        "problem(PRB-0001): action A2 dropped",
        "problem(PRB-0001): action A1 done",
        "problem(PRB-0001): action A2 added",
        "problem(PRB-0001): action A1 added",
        "problem(PRB-0001): update",
        "incident(INC-0001): close",
    ]
    assert "audit clean" in ok(cli("-C", root, "audit")).stdout
    shown = ok(cli("-C", root, "problem", "show", "PRB-0001")).stdout
    assert "incident INC-0001 sev 2" in shown
    assert "action PRB-0001/A1 done, due 2026-03-20" in shown
    assert "via RFC-0001" in shown
    listed = ok(cli("-C", root, "problem", "list", "--format", "json")).stdout
    assert '"status": "closed"' in listed


def test_the_action_guards(resolved: Path, cli: Callable[..., Any]) -> None:
    root = resolved
    ok(cli("-C", root, "problem", "new", "--from", "INC-0001", "--at", "2026-03-03T10:00:00-06:00"))

    def refused(*args: str, message: str) -> None:
        result = cli("-C", root, "problem", *args)
        assert result.exit_code != 0, result.stdout
        assert message in result.stderr, result.stderr

    refused("action", "done", "PRB-0001/A1", message="there is no action PRB-0001/A1")
    refused("action", "done", "PRB-0001", message="does not name an action")
    refused("action", "add", "PRB-0001", "--title", "x", "--owner", "zed", "--due", "2026-03-20",
            message="'zed' is not a person")  # fmt: skip
    refused("action", "add", "PRB-0001", "--title", "x", "--owner", "carol", "--due", "soon",
            message="is not a date")  # fmt: skip
    refused("action", "add", "PRB-0001", "--title", "x", "--owner", "carol",
            "--due", "2026-03-20", "--fix", "RFC-0009", message="there is no request for change")  # fmt: skip
    refused("new", "--from", "INC-0001", "--at", "2026-03-01T10:00:00-06:00",
            message="after the problem's time")  # fmt: skip
    refused("update", "PRB-0001", message="nothing to change")


def test_a_problem_linked_late_is_reported(resolved: Path, cli: Callable[..., Any]) -> None:
    # Resolved Monday 2 March 09:45: due Monday 9 March 17:00 CDT (five business
    # days, across the spring-forward). Raised on Tuesday 10 March: late.
    root = resolved
    ok(cli("-C", root, "problem", "new", "--from", "INC-0001", "--at", "2026-03-10T09:00:00-05:00"))
    result = ok(cli("-C", root, "validate"))
    assert "RCA002" in result.stdout
    assert "PRB-0001 was recorded 2026-03-10T09:00:00-05:00, after the analysis was due" in (
        result.stdout
    )
    assert "(2026-03-09T17:00:00-05:00, 5d after resolution)" in result.stdout
