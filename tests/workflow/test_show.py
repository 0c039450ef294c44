"""`rfc show` shows the whole RFC and whether each decision still counts,
with every time in the repository's zone (America/Chicago here), to the
second."""

from __future__ import annotations

import json
import re
from pathlib import Path

from test_end_to_end import new_rfc

from ccgov.records.change import ChangeRequest, content_hash
from ccgov.store.loader import load_record
from helpers import git


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_show_has_every_part_of_the_rfc(governed: Path, as_user, cli) -> None:
    rfc = new_rfc(cli, governed, "--implementer", "carol")
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    as_user("dave")
    assert cli("-C", governed, "rfc", "approve", rfc, "--comment", "CAB 12 May").exit_code == 0
    as_user("carol")
    assert cli("-C", governed, "rfc", "schedule", rfc).exit_code == 0
    evidence = "Lab: 20 calls routed\nno overflow lost"
    verified = cli("-C", governed, "rfc", "verify", rfc, "--result", "pass", "--evidence", evidence)
    assert verified.exit_code == 0, verified.stderr

    shown = cli("-C", governed, "rfc", "show", rfc)
    assert shown.exit_code == 0, shown.stderr
    text = shown.stdout
    lines = _lines(text)
    assert lines[0] == f"{rfc} Route claims overflow to Dallas"
    for expected in (
        "  status           scheduled: approvals complete",
        "  type             normal, category routing_change",
        "  risk / impact    low / medium",
        "  requested by     alice",
        "  implementer      carol",
        "  affects          CI-0001",
        "  creates          -",
        "  description      Overflow claims calls",
        "  justification    Abandon rate over target",
        "  plans",
        "    implementation Load script v4.2 on the ACD",
        "    test           Test calls to 5 queues",
        "    backout        Reload v4.1",
        "  decisions",
        "  tests",
        "      Lab: 20 calls routed",
        "      no overflow lost",
        "  history",
        "  next: submit (after an edit), verify (record a test), implement, cancel",
    ):
        assert expected in lines, (expected, text)
    assert re.search(r"^  window           \S+ \S+ to \S+ \S+ \(1d 1h\)$", text, re.M), text
    assert re.search(r"^  booked slot      .* \(1d 1h\)$", text, re.M), text
    assert re.search(r"^    \S+ \S+  approve by dave \(cab\)  counts$", text, re.M), text
    assert "      CAB 12 May" in lines
    assert re.search(r"^    \S+ \S+  pass by carol$", text, re.M), text
    for status in (
        "draft by alice",
        "submitted by alice",
        "approved by dave",
        "scheduled by carol",
    ):
        assert re.search(rf"^    \S+ \S+  {status}$", text, re.M), (status, text)
    # Every time in Chicago's offset, to the second.
    times = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?[-+]\d\d:\d\d", text)
    assert len(times) >= 9
    assert all(t.endswith(("-05:00", "-06:00")) and "." not in t for t in times), times


def _add_approval(root: Path, rfc: str, by: str, role: str) -> None:
    """Write an approval into the RFC by hand, bound to its current content."""
    path = root / f"changes/{rfc}.yaml"
    data = path.read_bytes()
    loaded, _ = load_record(f"changes/{rfc}.yaml", data, ChangeRequest)
    assert loaded is not None
    entry = (
        f"  - by: {by}\n    role: {role}\n    decision: approve\n"
        f"    at: 2030-01-01T09:00:00-06:00\n    content_hash: {content_hash(loaded.record)}\n"
    )
    text = data.decode()
    text = text.replace("approvals:\n", "approvals:\n" + entry, 1)
    path.write_text(text)


def test_show_says_which_decisions_still_count(governed: Path, as_user, cli) -> None:
    rfc = new_rfc(cli, governed)
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    as_user("bob")
    assert cli("-C", governed, "rfc", "approve", rfc).exit_code == 0
    # The requester edits the approved RFC and resubmits: bob's approval is stale.
    as_user("alice")
    path = governed / f"changes/{rfc}.yaml"
    path.write_text(path.read_text().replace("Overflow claims calls", "Overflow all claims calls"))
    assert cli("-C", governed, "rfc", "submit", rfc).exit_code == 0
    # And an approval written by hand in a role alice does not hold: it never counts.
    _add_approval(governed, rfc, "alice", "cab")
    git(governed, "commit", "-qam", "self-approval")

    shown = cli("-C", governed, "rfc", "show", rfc).stdout
    assert "  status           submitted: waiting for 1 more from cab" in shown
    assert re.search(
        r"approve by bob \(cab\)  stale: the RFC's content changed after this decision$",
        shown,
        re.M,
    ), shown
    assert re.search(
        r"approve by alice \(cab\)  invalid: alice does not hold the role 'cab'$",
        shown,
        re.M,
    ), shown

    state = json.loads(cli("-C", governed, "rfc", "show", rfc, "--format", "json").stdout)["state"]
    assert [(d["by"], d["state"], d["counts"]) for d in state["decisions"]] == [
        ("alice", "invalid", False),
        ("bob", "stale", False),
    ]
    assert state["approval"] == "waiting for 1 more from cab"
    assert state["next"] == ["approve", "reject", "cancel"]
