"""The rules of routines, meetings, action items and vendors: each test breaks
one thing in a small repository that otherwise validates clean, and expects
exactly that finding, at that place. Plus the cadence maths."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ccgov.validation.validate import validate
from helpers import write_files

CONFIG = """\
organisation: Rhythm Test
timezone: America/Chicago
people:
  - {handle: ann, name: Ann, email: ann@example.com, organisation: contact_center, roles: [liaison]}
  - {handle: bob, name: Bob, email: bob@example.com, organisation: it, roles: [cab]}
roles:
  cab: {name: Change advisory board}
  liaison: {name: Liaison}
"""
SLA = """\
id: SLA-0001
title: Support
version: "1"
provider: IT
customer: CC
owner: bob
effective: {from: 2026-01-01}
severities:
  1: {response: {within: 15m, clock: 24x7}, resolution: {within: 4h, clock: 24x7}}
"""
VENDOR = """\
id: acme
name: Acme
relationship_owner: bob
escalation:
  - {level: 1, contact: {name: Desk}}
  - {level: 2, after: 4h, contact: {name: Manager}}
contract: {starts: 2025-01-01, ends: 2027-12-31, renewal: 2027-09-30}
slas: [SLA-0001]
"""
ITEM = """\
id: CI-0001
name: ACD
kind: software
version: "8.5"
vendor: acme
support_ends: 2027-03-31
owner: bob
"""
ROUTINE = """\
id: cab
title: CAB
kind: cab
cadence: weekly
starts: 2026-01-06T10:00:00-06:00
owner: bob
participants: [cab, ann]
"""
MEETING = """\
id: MTG-0001
routine: cab
at: 2026-01-06T10:00:00-06:00
status: held
attendees: [bob, ann]
topics:
  - {title: Freeze, submitted_by: ann, links: [CI-0001]}
decisions:
  - {text: Go, links: [SLA-0001]}
actions:
  - {id: A1, title: Tell the floor, owner: ann, due: 2026-01-09, links: [CI-0001]}
"""


def files(**changes: str) -> dict[str, str | bytes]:
    base = {
        "ccgov.yaml": CONFIG,
        "slas/SLA-0001.yaml": SLA,
        "vendors/acme.yaml": VENDOR,
        "items/CI-0001.yaml": ITEM,
        "routines/cab.yaml": ROUTINE,
        "meetings/MTG-0001.yaml": MEETING,
    }
    for key, value in changes.items():
        base[key.replace("__", "/").replace("_yaml", ".yaml")] = value
    return dict(base)


def findings(tmp_path: Path, repo: dict[str, str | bytes]) -> list[tuple[str, str, int, str]]:
    write_files(tmp_path, repo)
    return [
        (f.code, f.file, f.line, f.message) for f in validate(tmp_path, use_cache=False).findings
    ]


def test_the_base_repository_is_clean(tmp_path: Path) -> None:
    assert findings(tmp_path, files()) == []


@pytest.mark.parametrize(
    ("path", "old", "new", "code", "line", "text"),
    [
        ("items/CI-0001.yaml", "vendor: acme", "vendor: Acme", "VEN001", 5, "did you mean 'acme'"),
        (
            "items/CI-0001.yaml",
            "vendor: acme",
            "vendor: zeta",
            "VEN001",
            5,
            "add vendors/zeta.yaml",
        ),
        (
            "vendors/acme.yaml",
            "{level: 2, after: 4h",
            "{level: 3, after: 4h",
            "VEN002",
            6,
            "rung 2",
        ),
        (
            "vendors/acme.yaml",
            "{level: 1, contact: {name: Desk}}",
            "{level: 1, after: 8h, contact: {name: Desk}}",
            "VEN002",
            6,
            "sooner",
        ),
        (
            "vendors/acme.yaml",
            "renewal: 2027-09-30",
            "renewal: 2028-09-30",
            "VEN002",
            7,
            "renewal date",
        ),
        (
            "vendors/acme.yaml",
            "relationship_owner: bob",
            "relationship_owner: zed",
            "REF001",
            3,
            "'zed'",
        ),
        ("vendors/acme.yaml", "slas: [SLA-0001]", "slas: [SLA-0009]", "REF003", 8, "SLA-0009"),
        ("vendors/acme.yaml", "slas: [SLA-0001]", "slas: [CI-0001]", "REF007", 8, "service level"),
        ("routines/cab.yaml", "owner: bob", "owner: zed", "REF001", 6, "'zed'"),
        ("routines/cab.yaml", "[cab, ann]", "[cab, nobody]", "REF002", 7, "neither a role"),
        (
            "routines/cab.yaml",
            "kind: cab",
            "kind: vendor_review\nvendor: nope",
            "REF003",
            4,
            "vendor 'nope'",
        ),
        (
            "meetings/MTG-0001.yaml",
            "routine: cab",
            "routine: cabs",
            "REF003",
            2,
            "no routines/cabs.yaml",
        ),
        ("meetings/MTG-0001.yaml", "submitted_by: ann", "submitted_by: zed", "REF001", 7, "'zed'"),
        (
            "meetings/MTG-0001.yaml",
            "links: [SLA-0001]",
            "links: [RFC-0042]",
            "REF003",
            9,
            "RFC-0042",
        ),
        (
            "meetings/MTG-0001.yaml",
            "attendees: [bob, ann]",
            "attendees: []",
            "MTG001",
            4,
            "no attendees",
        ),
        ("meetings/MTG-0001.yaml", "status: held", "status: cancelled", "MTG002", 9, "cancelled"),
        (
            "meetings/MTG-0001.yaml",
            "at: 2026-01-06",
            "at: 2025-12-30",
            "RTN001",
            3,
            "before routine",
        ),
        ("meetings/MTG-0001.yaml", "owner: ann, due", "owner: zed, due", "REF001", 11, "'zed'"),
        (
            "meetings/MTG-0001.yaml",
            "due: 2026-01-09, links: [CI-0001]}\n",
            "due: 2026-01-09, links: [CI-0001]}\n  - {id: A1, title: Again, owner: ann, due: 2026-01-09}\n",
            "ACT001",
            12,
            "A1 is also used",
        ),
    ],
)
def test_one_finding(
    tmp_path: Path, path: str, old: str, new: str, code: str, line: int, text: str
) -> None:
    repo = files()
    content = str(repo[path])
    assert old in content, old
    repo[path] = content.replace(old, new, 1)
    found = findings(tmp_path, repo)
    matching = [f for f in found if f[0] == code]
    assert matching, found
    assert matching[0][1] == path and matching[0][2] == line, matching
    assert text in matching[0][3], matching
    if code == "MTG002":
        assert len(matching) == 2  # decisions and actions
    else:
        assert len(found) == 1, found


def test_an_inactive_routines_planned_meeting_is_a_warning(tmp_path: Path) -> None:
    repo = files()
    repo["routines/cab.yaml"] = ROUTINE + "active: false\n"
    repo["meetings/MTG-0001.yaml"] = MEETING.replace("status: held", "status: planned")
    [(code, path, _line, message)] = findings(tmp_path, repo)
    assert (code, path) == ("RTN001", "meetings/MTG-0001.yaml") and "inactive" in message


# --- the cadence ------------------------------------------------------------


def _cadence(cadence: str, starts: str) -> object:
    from ccgov.records.routine import Routine
    from ccgov.rhythm.cadence import Cadence

    routine = Routine.model_validate(
        {
            "id": "r",
            "title": "R",
            "kind": "cab",
            "cadence": cadence,
            "starts": starts,
            "owner": "bob",
        }
    )
    return Cadence(routine, _config())


def _config():  # type: ignore[no-untyped-def]
    from ccgov.records.config import RepoConfig

    return RepoConfig.model_validate(
        {"organisation": "x", "timezone": "America/Chicago", "people": [], "roles": {}}
    )


def test_a_weekly_cadence_keeps_its_local_time_across_dst() -> None:
    cadence = _cadence("weekly", "2026-03-03T10:00:00-06:00")
    moments = cadence.between(  # type: ignore[attr-defined]
        datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC)
    )
    assert [m.isoformat() for m in moments] == [
        "2026-03-03T10:00:00-06:00",
        "2026-03-10T10:00:00-05:00",  # after the spring change: still 10:00 local
        "2026-03-17T10:00:00-05:00",
    ]


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        ("monthly", ["2026-01-15", "2026-02-15", "2026-03-15"]),
        ("quarterly", ["2026-01-15", "2026-04-15", "2026-07-15"]),
        ("biannual", ["2026-01-15", "2026-07-15", "2027-01-15"]),
        ("FREQ=MONTHLY;BYDAY=2TH", ["2026-02-12", "2026-03-12", "2026-04-09"]),
    ],
)
def test_named_and_rrule_cadences(cadence: str, expected: list[str]) -> None:
    c = _cadence(cadence, "2026-01-15T09:00:00-06:00")
    first = c.first()  # type: ignore[attr-defined]
    found = [first]
    while len(found) < 3:
        found.append(c.after(found[-1]))  # type: ignore[attr-defined]
    assert [m.date().isoformat() for m in found] == (
        expected
        if cadence != "FREQ=MONTHLY;BYDAY=2TH"
        else found and [m.date().isoformat() for m in found]
    )
    if cadence == "FREQ=MONTHLY;BYDAY=2TH":
        # 15 January is no second Thursday: the rule's first occurrence after it is 12 February.
        assert [m.date().isoformat() for m in found] == expected


def test_a_moved_meeting_stands_for_its_nearest_occurrence() -> None:
    c = _cadence("weekly", "2026-01-06T10:00:00-06:00")
    monday = datetime.fromisoformat("2026-01-12T15:00:00-06:00")
    assert c.nearest(monday).isoformat() == "2026-01-13T10:00:00-06:00"  # type: ignore[attr-defined]
    wednesday = monday + timedelta(days=2)
    assert c.nearest(wednesday).isoformat() == "2026-01-13T10:00:00-06:00"  # type: ignore[attr-defined]
