"""Routines, meetings and action items end to end on real git repositories,
through ccgov's own entry point: the bundled example, and small repositories
built for one guard each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import git

HIRO = "hiro.nakamura@example.com"  # hnakamura, the change manager in the example
MARIA = "maria.reyes@example.com"  # mreyes, the liaison
Q1_END = "2026-04-10T12:00:00-05:00"


def as_person(root: Path, email: str) -> None:
    git(root, "config", "user.email", email)


def head_subject(root: Path) -> str:
    return git(root, "log", "-1", "--format=%s%n%(trailers:key=Ccgov-Action,valueonly)").strip()


def test_routine_list_names_every_routine(example_repo: Path, cli) -> None:
    result = cli("-C", example_repo, "routine", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {
        "cab",
        "genesys-review",
        "lumen-review",
        "plan-review",
        "knowledge-exchange",
    }
    assert rows["cab"]["cadence"] == "weekly"
    assert rows["lumen-review"]["about"] == "lumen"
    # The last CAB held was 7 April; MTG-0021 (14 April) is planned, so 21 April is owed.
    assert rows["cab"]["last"].startswith("2026-04-07T10:00")
    assert rows["cab"]["next"].startswith("2026-04-21T10:00")


def test_routine_due_lists_overdue_upcoming_and_reports_and_exits_1(
    example_repo: Path, cli
) -> None:
    result = cli("-C", example_repo, "routine", "due", "--at", Q1_END, "--format", "json")
    assert result.exit_code == 1, result.stderr
    document = json.loads(result.stdout)
    states = {(d["routine"], d["state"]) for d in document["due"]}
    # The knowledge exchange met on 12 March; 9 April passed with no meeting.
    assert ("knowledge-exchange", "overdue") in states
    assert ("cab", "scheduled") in states and ("cab", "due") in states
    assert ("genesys-review", "scheduled") in states
    # SLA reporting duties no routine tracks: the March reports are due.
    reports = [d for d in document["due"] if d["kind"] == "report"]
    assert {d["routine"] for d in reports} == {"SLA-0001", "SLA-0002"}
    assert all(d["at"].startswith("2026-04-01T00:00") for d in reports)
    assert document["overdue"] == 1


def test_routine_due_exits_0_when_nothing_is_overdue(example_repo: Path, cli) -> None:
    result = cli("-C", example_repo, "routine", "due", "--at", "2026-03-31T12:00:00-05:00")
    assert result.exit_code == 0, result.stdout
    assert "cab" in result.stdout


def test_a_meeting_through_its_life(example_repo: Path, cli) -> None:
    as_person(example_repo, HIRO)
    planned = cli("-C", example_repo, "meeting", "new", "knowledge-exchange")
    assert planned.exit_code == 0, planned.stderr
    meeting = json.loads(
        cli(
            "-C",
            example_repo,
            "meeting",
            "list",
            "--routine",
            "knowledge-exchange",
            "--format",
            "json",
        ).stdout
    )[-1]
    # The occurrence owed after 12 March: the second Thursday of April, 15:00 Central.
    assert meeting["at"] == "2026-04-09T15:00:00-05:00"
    assert meeting["status"] == "planned" and meeting["chair"] == "mreyes"
    meeting_id = meeting["id"]
    assert head_subject(example_repo) == f"meeting({meeting_id}): new\nnew"

    as_person(example_repo, MARIA)
    topic = cli(
        "-C",
        example_repo,
        "meeting",
        "topic",
        "add",
        meeting_id,
        "--title",
        "How the callback offer will work",
        "--link",
        "RFC-0012",
    )
    assert topic.exit_code == 0, topic.stderr
    minutes = cli(
        "-C",
        example_repo,
        "meeting",
        "minutes",
        meeting_id,
        "--attendee",
        "mreyes",
        "--attendee",
        "pshah",
        "--guest",
        "Ben (Genesys)",
        "--decision",
        "Pilot the callback offer on Billing first",
        "--action",
        "pshah:2026-04-30:Estimate the routing work",
        "--link",
        "RFC-0012",
    )
    assert minutes.exit_code == 0, minutes.stderr
    shown = json.loads(
        cli("-C", example_repo, "meeting", "minutes", meeting_id, "--format", "json").stdout
    )
    assert shown["status"] == "held"
    assert shown["topics"][0]["submitted_by"] == "mreyes"
    assert shown["topics"][0]["links"] == ["RFC-0012"]
    assert shown["attendees"] == ["mreyes", "pshah"] and shown["guests"] == ["Ben (Genesys)"]
    assert shown["actions"][0]["id"] == "A1" and shown["actions"][0]["owner"] == "pshah"

    listed = json.loads(cli("-C", example_repo, "action", "list", "--format", "json").stdout)
    assert f"{meeting_id}/A1" in {a["id"] for a in listed}
    done = cli("-C", example_repo, "action", "done", f"{meeting_id}/A1", "--note", "two days")
    assert done.exit_code == 0, done.stderr
    assert head_subject(example_repo) == f"meeting({meeting_id}): action A1 done\naction A1 done"
    closed = json.loads(
        cli("-C", example_repo, "meeting", "minutes", meeting_id, "--format", "json").stdout
    )["actions"][0]
    assert closed["status"] == "done" and closed["closed_by"] == "mreyes"
    again = cli("-C", example_repo, "action", "done", f"{meeting_id}/A1")
    assert again.exit_code == 1 and "already done" in again.stderr
    # Every step was a commit through the write path: the repository validates
    # and the audit finds nothing.
    assert cli("-C", example_repo, "validate").exit_code == 0
    assert cli("-C", example_repo, "audit").exit_code == 0
    assert git(example_repo, "status", "--porcelain") == ""


def test_topics_only_on_planned_meetings_and_only_by_people(example_repo: Path, cli) -> None:
    as_person(example_repo, MARIA)
    held = cli("-C", example_repo, "meeting", "topic", "add", "MTG-0001", "--title", "Late")
    assert held.exit_code == 1 and "MTG-0001 is held" in held.stderr
    as_person(example_repo, "stranger@example.com")
    stranger = cli("-C", example_repo, "meeting", "topic", "add", "MTG-0021", "--title", "Hi")
    assert stranger.exit_code == 1 and "not a person in ccgov.yaml" in stranger.stderr
    as_person(example_repo, MARIA)
    dangling = cli(
        "-C",
        example_repo,
        "meeting",
        "topic",
        "add",
        "MTG-0021",
        "--title",
        "X",
        "--link",
        "RFC-9999",
    )
    assert dangling.exit_code == 1 and "REF003" in dangling.stderr
    assert git(example_repo, "status", "--porcelain") == ""


def test_action_list_mine_and_overdue(example_repo: Path, cli) -> None:
    as_person(example_repo, "jonas.lindqvist@example.com")
    mine = json.loads(
        cli("-C", example_repo, "action", "list", "--mine", "--format", "json").stdout
    )
    # Problems carry actions too: Jonas owns PRB-0004's failover automation.
    assert {a["id"] for a in mine} == {"MTG-0010/A1", "MTG-0019/A1", "PRB-0004/A1"}
    overdue = json.loads(
        cli("-C", example_repo, "action", "list", "--overdue", "--format", "json").stdout
    )
    # Today is long after the story's spring: every open action is overdue.
    assert {a["id"] for a in overdue} == {
        "MTG-0006/A2",
        "MTG-0010/A1",
        "MTG-0019/A1",
        "PRB-0002/A1",
        "PRB-0004/A1",
        "PRB-0004/A2",
        "PRB-0005/A1",
    }
    everything = json.loads(
        cli("-C", example_repo, "action", "list", "--all", "--format", "json").stdout
    )
    assert len(everything) > len(overdue)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("meeting", "new", "no-such"), "there is no routine 'no-such'"),
        (("meeting", "minutes", "MTG-0999"), "there is no meeting MTG-0999"),
        (("meeting", "minutes", "MTG-0021", "--action", "pshah:soon:x"), "OWNER:YYYY-MM-DD:TITLE"),
        (("action", "done", "MTG-0021"), "does not name an action"),
        (("meeting", "minutes", "MTG-0021", "--action", "Pshah:2026-04-30:x"), "is not a handle"),
        (("meeting", "minutes", "MTG-0021", "--decision", ""), "at least 1 character"),
        (("action", "done", "MTG-0021/A9"), "there is no action MTG-0021/A9"),
        (("routine", "due", "--within", "soon"), "is not a duration"),
        (
            ("meeting", "new", "cab", "--at", "2026-04-14T10:00:00-05:00"),
            "MTG-0021 is already planned",
        ),
    ],
)
def test_clear_errors(example_repo: Path, cli, args: tuple[str, ...], message: str) -> None:
    as_person(example_repo, HIRO)
    result = cli("-C", example_repo, *args)
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_one_step_closes_actions_wherever_they_are_carried(example_repo: Path, cli) -> None:
    """`action done` and `problem action done` are one step: a problem's last
    open action names the next step, and `problem action done` closes only
    problems' actions."""
    as_person(example_repo, "jonas.lindqvist@example.com")
    meeting = cli("-C", example_repo, "problem", "action", "done", "MTG-0010/A1")
    assert meeting.exit_code == 1 and "there is no action MTG-0010/A1" in meeting.stderr
    first = cli("-C", example_repo, "action", "done", "PRB-0004/A1", "--note", "scripted")
    assert first.exit_code == 0, first.stderr
    assert "no open actions left" not in first.stdout
    assert head_subject(example_repo).startswith("problem(PRB-0004): action A1 done")
    last = cli("-C", example_repo, "problem", "action", "done", "PRB-0004/A2", "--drop")
    assert last.exit_code == 0, last.stderr
    assert "no open actions left: ccgov problem close PRB-0004" in last.stdout
    assert cli("-C", example_repo, "audit").exit_code == 0
