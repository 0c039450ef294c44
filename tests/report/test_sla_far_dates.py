"""Timestamps run from 1970 to 2999 (records/base.py). No SLA command may fail
on a valid record or option near either end: deadlines past the year 3000,
calendars east of UTC on the last day, a pause open since 1970 measured in
2999. Figures near the ends are worked out by hand; the rest must simply
come back without an error."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

CONFIG = """\
organisation: Far Dates Inc.
timezone: America/Chicago
people:
  - {handle: ann, name: Ann Lee, email: ann@example.com, organisation: it}
roles:
  noc: {name: Network operations center}
calendars:
  office:                       # Mon-Fri 08-17 Chicago, US holidays
    timezone: America/Chicago
    hours: {mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"],
            thu: ["08:00-17:00"], fri: ["08:00-17:00"]}
    holidays: {country: US}
  line-islands:                 # Mon-Fri 08-17 at UTC+14 (UTC-10:40 in 1970)
    timezone: Pacific/Kiritimati
    hours: {mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"],
            thu: ["08:00-17:00"], fri: ["08:00-17:00"]}
"""


def sla(number: int, calendar: str) -> str:
    return f"""\
id: SLA-000{number}
title: Support {number}
version: "1"
provider: IT
customer: Contact center
owner: ann
effective: {{from: 1969-12-31}}  # 1970-01-01T00:00Z is 31 December in Chicago
calendar: {calendar}
severities:
  1:
    response: {{within: 15m, clock: 24x7}}
    resolution: {{within: 4h, clock: 24x7}}
    escalation: [{{after: 2h, notify: [noc]}}]
  2:
    response: {{within: 1h}}
    resolution: {{within: 8h}}
    escalation: [{{after: 2h, notify: [noc]}}]
  3:
    response: {{within: 4h}}
    resolution: {{within: {"3d" if number == 1 else "10d"}}}
    escalation: [{{after: 2d, notify: [noc]}}]
credits:
  per_breach: [{{severity: 1, per_breach: 100}}]
  cap_per_month: 150
availability:
  - {{item: CI-0001, target: 99.9}}
"""


ITEM = """\
id: CI-0001
name: ACD
kind: other
version: "1"
owner: ann
environment: production
status: active
"""

INCIDENTS = {
    # Wed 31 Dec 1969 18:00 in Chicago, after hours; Thu 1 January 1970 is New Year's Day.
    "INC-0001": """\
severity: 2
sla: SLA-0001
opened: 1970-01-01T00:00:00Z
responded: 1970-01-02T14:30:00Z
resolved: 1970-01-02T20:00:00Z
pauses:
  - {start: '1970-01-01T00:10:00Z', end: '1970-01-01T00:20:00Z', reason: vendor}
""",
    # Tue 31 December 2999 16:00 in Chicago.
    "INC-0002": "severity: 3\nsla: SLA-0001\nopened: 2999-12-31T22:00:00Z\n",
    # The last minute of 2999, on 24x7 targets; down: it affects CI-0001.
    "INC-0003": "severity: 1\nsla: SLA-0001\nopened: 2999-12-31T23:59:00Z\naffects: [CI-0001]\n",
    # Wed 1 January 3000 13:00 at UTC+14.
    "INC-0004": "severity: 3\nsla: SLA-0002\nopened: 2999-12-31T23:00:00Z\n",
    # Waiting on the customer since 1970, and still open.
    "INC-0005": """\
severity: 3
sla: SLA-0002
opened: 1970-01-01T00:00:00Z
pauses:
  - {start: '1970-01-01T01:00:00Z', reason: customer}
""",
}


@pytest.fixture(scope="module")
def far(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import git, write_files

    root = tmp_path_factory.mktemp("far") / "repo"
    files = {
        "ccgov.yaml": CONFIG,
        "slas/SLA-0001.yaml": sla(1, "office"),
        "slas/SLA-0002.yaml": sla(2, "line-islands"),
        "items/CI-0001.yaml": ITEM,
    }
    for number, body in INCIDENTS.items():
        files[f"incidents/{number}.yaml"] = f"id: {number}\ntitle: Far {number}\n{body}"
    root.mkdir()
    git(root, "init", "-q")
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "far", env={"GIT_COMMITTER_DATE": "1970-01-01T00:00:00Z"})
    return root


def ok(cli: Callable, *args: str | Path) -> str:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.stderr)
    assert "internal error" not in result.stderr
    return result.stdout


def test_the_far_repository_is_valid(far: Path, cli) -> None:
    ok(cli, "-C", far, "validate")


def test_explain_near_the_end(far: Path, cli) -> None:
    data = json.loads(ok(cli, "-C", far, "sla", "explain", "INC-0002", "--format", "json",
                         "--at", "2999-12-31T23:59:59Z"))  # fmt: skip
    # Tue 16-17 counted (60 min); 3 h more on Wed 1 January 3000: due 11:00 Chicago.
    assert data["response"]["elapsed_minutes"] == 60.0
    assert data["response"]["deadline"] == "3000-01-01T17:00:00+00:00"
    # 3 business days after Tuesday: Wed, Thu, Fri 3 January 3000, close 17:00 Chicago.
    # (The holidays library knows no public holidays that far ahead.)
    assert data["resolution"]["deadline"] == "3000-01-03T23:00:00+00:00"
    assert data["resolution"]["target_minutes"] == 60 + 3 * 540
    east = json.loads(ok(cli, "-C", far, "sla", "explain", "INC-0004", "--format", "json"))
    # 13:00-17:00 on Wed 1 January 3000 at +14; ten working days later is Wed 15 January.
    assert east["response"]["deadline"] == "3000-01-01T03:00:00+00:00"
    assert east["resolution"]["deadline"] == "3000-01-15T03:00:00+00:00"
    assert east["resolution"]["target_minutes"] == 240 + 10 * 540
    ok(cli, "-C", far, "sla", "explain", "INC-0003")
    ok(cli, "-C", far, "sla", "explain", "INC-0004", "--at", "2999-12-31T23:59:59Z")


def test_explain_near_the_start(far: Path, cli) -> None:
    data = json.loads(ok(cli, "-C", far, "sla", "explain", "INC-0001", "--format", "json"))
    # New Year's Day 1970 is a holiday: the response ran Fri 2 January 08:00-08:30.
    assert data["response"]["elapsed_minutes"] == 30.0
    # Resolved Fri 14:00 Chicago: 08:00-14:00 counted.
    assert (data["resolution"]["elapsed_minutes"], data["resolution"]["state"]) == (360.0, "met")
    assert data["resolution"]["deadline"] == "1970-01-02T22:00:00+00:00"  # Fri 16:00
    ok(cli, "-C", far, "sla", "explain", "INC-0001", "--at", "1970-01-01T00:05:00Z")
    ok(cli, "-C", far, "sla", "explain", "INC-0005", "--at", "1970-01-01T00:30:00Z")


def test_status_near_both_ends(far: Path, cli) -> None:
    early = json.loads(ok(cli, "-C", far, "sla", "status", "--format", "json",
                          "--at", "1970-01-01T00:15:00Z"))  # fmt: skip
    assert sorted(r["id"] for r in early["incidents"]) == ["INC-0001", "INC-0005"]
    late = json.loads(ok(cli, "-C", far, "sla", "status", "--format", "json",
                         "--at", "2999-12-31T23:59:59Z"))  # fmt: skip
    rows = {r["id"]: r for r in late["incidents"]}
    assert sorted(rows) == ["INC-0002", "INC-0003", "INC-0004", "INC-0005"]
    # INC-0005 has waited since 1970: 60 minutes counted (13:20-14:20 on Wednesday
    # 31 December 1969 at UTC-10:40). Its 10d budget: 13:20-17:00 that day (220) and
    # ten working days of 540. With the pause ending now, the deadline lies beyond
    # ten years of searching: none is shown.
    targets = {t["name"]: t for t in rows["INC-0005"]["targets"]}
    assert targets["resolution"]["minutes_left"] == 220 + 10 * 540 - 60
    assert targets["resolution"]["deadline"] is None
    assert targets["response"]["state"] == "breached"  # pauses do not stop the response
    # The same in text, twenty years on (a shorter walk than to 2999).
    text = ok(cli, "-C", far, "sla", "status", "--at", "1990-01-01T00:00:00Z")
    assert "INC-0005" in text and "none within 10 years" in text


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "2999"),
        ("--period", "2999-12", "--at", "2999-12-31T23:00:00Z"),
        ("--at", "2999-12-31T23:00:00Z"),
        ("--period", "1970"),
        ("--period", "1970-01-01..1970-01-31", "--at", "1970-01-01T00:30:00Z"),
    ],
)
def test_report_near_both_ends(far: Path, cli, args: tuple[str, ...]) -> None:
    for output in ("json", "md", "html"):
        ok(cli, "-C", far, "report", "sla", "--format", output, *args)


def test_the_whole_range_at_once(far: Path, cli) -> None:
    # INC-0005, waiting since 1970, measured on the last day: a thousand years of the
    # Line Islands calendar, through its jump from UTC-10 to UTC+14 (31 December 1994
    # never happened there).
    # The period starts on 31 December 1969: 1970-01-01T00:00Z is that day in Chicago.
    data = json.loads(ok(cli, "-C", far, "report", "sla", "--format", "json", "--period",
                         "1969-12-31..2999-12-31", "--at", "2999-12-31T23:59:59Z"))  # fmt: skip
    second = next(s for s in data["sla"]["slas"] if s["sla"] == "SLA-0002")
    rows = {r["id"]: r for r in second["incidents"]}
    assert rows["INC-0005"]["resolution_minutes"] == 60.0
    assert rows["INC-0005"]["verdict"] == "breached"  # its response never came


def test_the_report_at_the_end_of_2999(far: Path, cli) -> None:
    data = json.loads(ok(cli, "-C", far, "report", "sla", "--format", "json",
                         "--period", "2999-12", "--at", "2999-12-31T23:59:59Z"))  # fmt: skip
    first = next(s for s in data["sla"]["slas"] if s["sla"] == "SLA-0001")
    assert [r["id"] for r in first["incidents"]] == ["INC-0002", "INC-0003"]
    # INC-0003 has been down 59 s of December's 44,640 minutes.
    [month] = first["availability"][0]["months"]
    assert month["downtime_minutes"] == 1.0 and month["availability_pct"] == 99.998


@pytest.mark.parametrize(
    "period", ["9999", "0000", "1969", "1969-12", "3000-01", "2026-01-01..3000-01-01"]
)
def test_periods_outside_the_range_are_usage_errors(far: Path, cli, period: str) -> None:
    result = cli("-C", far, "report", "sla", "--period", period)
    assert result.exit_code == 2
    assert "outside the supported range (1970 to 2999)" in result.stderr
    assert "internal error" not in result.stderr


def test_moments_outside_the_range_are_usage_errors(far: Path, cli) -> None:
    for command in (("report", "sla"), ("sla", "status"), ("sla", "explain", "INC-0001")):
        result = cli("-C", far, *command, "--at", "3000-01-01T00:00:00Z")
        assert result.exit_code == 2 and "outside the supported range" in result.stderr


def test_no_command_fails_on_a_calendar_without_hours(make_repo, cli) -> None:
    # validate refuses it (SLA003), yet status and explain still answer: no deadline.
    root = make_repo(
        {
            "ccgov.yaml": CONFIG.replace(
                'hours: {mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"],\n'
                '            thu: ["08:00-17:00"], fri: ["08:00-17:00"]}\n    holidays',
                "hours: {}\n    holidays",
            ),
            "slas/SLA-0001.yaml": sla(1, "office"),
            "incidents/INC-0001.yaml": "id: INC-0001\ntitle: Stuck\n" + INCIDENTS["INC-0002"],
        }
    )
    result = cli("-C", root, "validate")
    assert result.exit_code == 1 and "SLA003" in result.stdout
    text = ok(cli, "-C", root, "sla", "status", "--at", "2999-12-31T23:00:00Z")
    assert "due none within 10 years (business)" in text
    explained = json.loads(ok(cli, "-C", root, "sla", "explain", "INC-0001", "--format", "json"))
    assert explained["resolution"]["deadline"] is None
    ok(cli, "-C", root, "report", "sla", "--period", "2999", "--format", "json")
