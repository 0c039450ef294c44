"""`ccgov incident new|respond|update|pause|resume|resolve|reopen|close|notify`
on a real git repository: each step one commit by the git identity, its
time checked against the incident's timeline, its note saying where the
SLA clock stands (figures worked out by hand)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.incident import Incident
from ccgov.store.loader import load_record
from helpers import Result, git

INC = "incidents/INC-0001.yaml"


def record(root: Path) -> Incident:
    loaded, findings = load_record(INC, (root / INC).read_bytes(), Incident)
    assert loaded is not None, findings
    return loaded.record  # type: ignore[no-any-return]


def head(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s%n%(trailers:only,unfold)%an").strip()


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def opened(ops: Path, cli: Callable[..., Result]) -> Path:
    """A severity 1 incident opened Monday 2 March 2026, 09:00 Chicago time."""
    ok(
        cli(
            "-C", ops, "incident", "new", "--title", "Calls failing in Omaha", "--severity", "1",
            "--sla", "SLA-0001", "--affects", "CI-0001", "--category", "acd",
            "--opened", "2026-03-02T09:00:00-06:00",
        )
    )  # fmt: skip
    return ops


def test_a_severity_1_from_opening_to_closing(opened: Path, cli: Callable[..., Any]) -> None:
    root = opened
    assert head(root).splitlines() == [
        "incident(INC-0001): new",
        "Ccgov-Record: INC-0001",
        "Ccgov-Action: new",
        "Carol",
    ]
    # Responded after 7 minutes of a 15-minute 24x7 target.
    result = ok(
        cli("-C", root, "incident", "respond", "INC-0001", "--at", "2026-03-02T09:07:00-06:00")
    )
    assert "response 7m on the 24x7 clock, target 15m: met" in result.stdout
    assert record(root).assignee == "carol"
    # The first update: the next is due 30 minutes later.
    result = ok(
        cli("-C", root, "incident", "update", "INC-0001", "--text", "Omaha calls fail; moving to Tulsa",
            "--at", "2026-03-02T09:25:00-06:00")
    )  # fmt: skip
    assert "next update to the center due by 2026-03-02T09:55:00-06:00" in result.stdout
    # Step 1 names noc and bob: carol holds noc, dave too but he is inactive.
    result = ok(cli("-C", root, "incident", "notify", "INC-0001", "--step", "1", "--note", "bridge",
                    "--at", "2026-03-02T09:31:00-06:00"))  # fmt: skip
    assert "step 1: notified carol, bob" in result.stdout
    ok(cli("-C", root, "incident", "pause", "INC-0001", "--reason", "vendor", "--note", "Genesys",
           "--at", "2026-03-02T09:40:00-06:00"))  # fmt: skip
    ok(cli("-C", root, "incident", "resume", "INC-0001", "--at", "2026-03-02T10:10:00-06:00"))
    ok(cli("-C", root, "incident", "update", "INC-0001", "--text", "Licence reloaded",
           "--at", "2026-03-02T10:20:00-06:00"))  # fmt: skip
    # 09:00 to 10:45 is 105 minutes, less the 30-minute pause: 1h15 of 4h.
    # The analysis is due five business days after Monday: Tue 3 .. Fri 6 and
    # Monday 9 March, after the clocks went forward: 17:00 CDT.
    result = ok(
        cli("-C", root, "incident", "resolve", "INC-0001", "--text", "All clear",
            "--at", "2026-03-02T10:45:00-06:00")
    )  # fmt: skip
    assert "resolution 1h15 on the 24x7 clock, target 4h: met" in result.stdout
    assert "root-cause analysis due by 2026-03-09T17:00:00-05:00" in result.stdout
    # Closing without the analysis is refused by policy.rca (RCA001).
    result = cli("-C", root, "incident", "close", "INC-0001", "--at", "2026-03-02T12:00:00-06:00")
    assert result.exit_code == 1
    assert "RCA001" in result.stderr
    ok(cli("-C", root, "incident", "update", "INC-0001", "--root-cause", "Standby licence expired",
           "--at", "2026-03-03T10:00:00-06:00"))  # fmt: skip
    ok(cli("-C", root, "incident", "close", "INC-0001", "--at", "2026-03-03T11:00:00-06:00"))
    incident = record(root)
    assert [(u.by, u.text) for u in incident.updates] == [
        ("carol", "Omaha calls fail; moving to Tulsa"),
        ("carol", "Licence reloaded"),
        ("carol", "All clear"),
    ]
    assert incident.updates[2].at == incident.resolved
    assert [(n.step, n.notified, n.note) for n in incident.notifications] == [
        (1, ["carol", "bob"], "bridge")
    ]
    assert incident.pauses[0].end is not None and incident.root_cause_at is not None
    actions = git(root, "log", "--format=%(trailers:key=Ccgov-Action,valueonly)").split()
    assert actions == [
        "close", "update", "resolve", "update", "resume", "pause", "notify", "update", "respond",
        "new",
    ]  # fmt: skip
    assert ok(cli("-C", root, "validate")).stdout.startswith("ok:")
    assert "audit clean" in ok(cli("-C", root, "audit")).stdout


def test_the_lifecycle_guards(opened: Path, cli: Callable[..., Any]) -> None:
    root = opened
    before = git(root, "rev-parse", "HEAD")

    def refused(*args: str, message: str) -> None:
        result = cli("-C", root, "incident", *args)
        assert result.exit_code == 1, result.stdout
        assert message in result.stderr, result.stderr
        assert git(root, "rev-parse", "HEAD") == before

    refused("resume", "INC-0001", message="INC-0001 is open; resume is not possible now")
    refused("close", "INC-0001", message="next: respond, update --text")
    refused("respond", "INC-0001", "--at", "2999-01-01T00:00:00Z", message="is in the future")
    refused(
        "respond", "INC-0001", "--at", "2026-03-02T08:59:00-06:00",
        message="is before the incident opened (2026-03-02T09:00:00-06:00)",
    )  # fmt: skip
    refused("notify", "INC-0001", "--step", "3", message="there is no escalation step 3")
    refused("update", "INC-0001", message="nothing to record")
    ok(
        cli(
            "-C",
            root,
            "incident",
            "pause",
            "INC-0001",
            "--reason",
            "vendor",
            "--at",
            "2026-03-02T09:30:00-06:00",
        )
    )
    ok(cli("-C", root, "incident", "resume", "INC-0001", "--at", "2026-03-02T09:40:00-06:00"))
    before = git(root, "rev-parse", "HEAD")
    refused(
        "pause", "INC-0001", "--reason", "vendor", "--at", "2026-03-02T09:35:00-06:00",
        message="is before the last pause or reopening (2026-03-02T09:40:00-06:00)",
    )  # fmt: skip
    refused(
        "resolve", "INC-0001", "--at", "2026-03-02T09:39:00-06:00",
        message="is before the last event recorded (2026-03-02T09:40:00-06:00)",
    )  # fmt: skip
    refused("respond", "INC-0009", message="there is no incident INC-0009")
    ok(
        cli(
            "-C",
            root,
            "incident",
            "update",
            "INC-0001",
            "--text",
            "a",
            "--at",
            "2026-03-02T09:20:00-06:00",
        )
    )
    before = git(root, "rev-parse", "HEAD")
    refused(
        "update", "INC-0001", "--text", "b", "--at", "2026-03-02T09:10:00-06:00",
        message="before the last update",
    )  # fmt: skip


def test_uncommitted_edits_are_not_committed_under_another_name(
    opened: Path, cli: Callable[..., Any]
) -> None:
    path = opened / INC
    path.write_text(path.read_text(encoding="utf-8") + "description: edited\n", encoding="utf-8")
    result = cli(
        "-C", opened, "incident", "respond", "INC-0001", "--at", "2026-03-02T09:05:00-06:00"
    )
    assert result.exit_code == 1
    assert "has uncommitted edits" in result.stderr
    # The way out keeps the edit: set aside, never thrown away.
    assert "git stash push -- incidents/INC-0001.yaml" in result.stderr
    assert "checkout" not in result.stderr and "description: edited" in path.read_text()


def test_pause_resolve_reopen_and_resolve_again(opened: Path, cli: Callable[..., Any]) -> None:
    root = opened

    def step(*args: str) -> Result:
        return ok(cli("-C", root, "incident", *args))

    step("update", "INC-0001", "--text", "down", "--at", "2026-03-02T09:20:00-06:00")
    step("pause", "INC-0001", "--reason", "vendor", "--at", "2026-03-02T09:30:00-06:00")
    # Resolving a paused incident ends its wait at the same moment.
    result = step(
        "resolve", "INC-0001", "--root-cause", "Licence", "--at", "2026-03-02T10:00:00-06:00"
    )
    assert "the open pause ends at the resolution" in result.stdout
    assert record(root).pauses[0].end == record(root).resolved
    step("reopen", "INC-0001", "--reason", "Back again", "--at", "2026-03-02T11:00:00-06:00")
    assert ok(cli("-C", root, "incident", "show", "INC-0001")).stdout.count("reopened") == 1
    step("update", "INC-0001", "--text", "again", "--at", "2026-03-02T11:20:00-06:00")
    # Spells: 09:00-09:30 counted (then paused to 10:00), 11:00-11:40: 70 minutes.
    result = step("resolve", "INC-0001", "--at", "2026-03-02T11:40:00-06:00")
    assert "resolution 1h10 on the 24x7 clock, target 4h: met" in result.stdout
    incident = record(root)
    assert incident.reopened[0].resolved is not None
    assert ok(cli("-C", root, "validate")).stdout.startswith("ok:")
    listed = ok(cli("-C", root, "incident", "list", "--format", "json")).stdout
    assert '"state": "resolved"' in listed


def test_a_gap_in_the_updates_is_reported_not_refused(
    opened: Path, cli: Callable[..., Any]
) -> None:
    root = opened
    ok(
        cli(
            "-C",
            root,
            "incident",
            "update",
            "INC-0001",
            "--text",
            "a",
            "--at",
            "2026-03-02T09:40:00-06:00",
        )
    )
    result = ok(cli("-C", root, "validate"))
    assert "COM001" in result.stdout
    assert "from 2026-03-02T09:00:00-06:00 to 2026-03-02T09:40:00-06:00: 40m" in result.stdout


def test_sla_status_shows_the_escalation_not_recorded(
    opened: Path, cli: Callable[..., Any]
) -> None:
    root = opened
    ok(
        cli(
            "-C",
            root,
            "incident",
            "update",
            "INC-0001",
            "--text",
            "a",
            "--at",
            "2026-03-02T09:20:00-06:00",
        )
    )
    # At 09:45 step 1 (30 minutes after opening: 09:30) has no notification;
    # the next update is due 09:20 + 30 minutes = 09:50, still ahead.
    result = ok(cli("-C", root, "sla", "status", "--at", "2026-03-02T09:45:00-06:00"))
    assert "escalation step 1 not recorded: notify noc, bob, due 2026-03-02 09:30:00-06:00" in (
        result.stdout
    )
    assert "next update to the center: due by 2026-03-02 09:50:00-06:00" in result.stdout
    result = ok(
        cli("-C", root, "sla", "status", "--at", "2026-03-02T09:55:00-06:00", "--format", "json")
    )
    assert '"step": 1' in result.stdout
    # At 09:55 it is overdue since 09:50 (15:50 UTC in the JSON warnings).
    assert "update to the center overdue since 2026-03-02T15:50:00+00:00" in result.stdout
    ok(
        cli(
            "-C",
            root,
            "incident",
            "notify",
            "INC-0001",
            "--step",
            "1",
            "--at",
            "2026-03-02T09:50:00-06:00",
        )
    )
    result = ok(cli("-C", root, "sla", "status", "--at", "2026-03-02T09:55:00-06:00"))
    assert "not recorded" not in result.stdout
    assert "overdue since 2026-03-02 09:50:00-06:00" in result.stdout
