"""The report, `sla status` and `sla explain` read an incident the same way:
as it stood at the moment measured (--at). Small repositories, figures
computed by hand. The calendar: Mon-Fri 08:00-17:00 in America/Chicago."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

CONFIG = """\
organisation: Snapshot Inc.
timezone: America/Chicago
people:
  - {handle: ann, name: Ann Lee, email: ann@example.com, organisation: it}
roles:
  noc: {name: Network operations center}
calendars:
  office:
    timezone: America/Chicago
    hours: {mon: ["08:00-17:00"], tue: ["08:00-17:00"], wed: ["08:00-17:00"],
            thu: ["08:00-17:00"], fri: ["08:00-17:00"]}
"""

SLA = """\
id: SLA-0001
title: Platform support
version: "1"
provider: IT
customer: Contact center
owner: ann
effective: {from: 2025-01-01}
calendar: office
severities:
  2:
    response: {within: 1h}
    resolution: {within: 8h}
    escalation:
      - {after: 4h, notify: [noc]}
"""

# Opened Mon 12 January 09:00; the customer was waited on Mon 13:00-15:00.
WAITED = """\
id: INC-0001
title: Queue stuck
severity: 2
sla: SLA-0001
opened: 2026-01-12T09:00:00-06:00
responded: 2026-01-12T09:05:00-06:00
resolved: 2026-01-13T11:00:00-06:00
pauses:
  - start: 2026-01-12T13:00:00-06:00
    end: 2026-01-12T15:00:00-06:00
    reason: customer
"""

# Opened Mon 09:00, resolved 11:00, reopened 15:00, resolved again Tue 10:00.
REOPENED = """\
id: INC-0002
title: Calls dropped on transfer
severity: 2
sla: SLA-0001
opened: 2026-01-12T09:00:00-06:00
responded: 2026-01-12T09:10:00-06:00
resolved: 2026-01-12T11:00:00-06:00
reopened:
  - at: 2026-01-12T15:00:00-06:00
    reason: Transfers drop again on the Spanish queue
    resolved: 2026-01-13T10:00:00-06:00
"""

# Opened Wed 09:00 and still waiting on the customer since 10:00.
WAITING = """\
id: INC-0003
title: Wallboard blank
severity: 2
sla: SLA-0001
opened: 2026-01-14T09:00:00-06:00
responded: 2026-01-14T09:20:00-06:00
pauses:
  - start: 2026-01-14T10:00:00-06:00
    reason: customer
    note: Waiting for a screenshot.
"""


def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            "incidents/INC-0001.yaml": WAITED,
            "incidents/INC-0002.yaml": REOPENED,
            "incidents/INC-0003.yaml": WAITING,
        }
    )


def run_json(cli: Callable, *args: str | Path) -> dict:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_explain_and_status_agree_on_a_pause_not_yet_begun(make_repo, cli) -> None:
    root = repo(make_repo)
    for at, minutes, due in (
        # Noon: the wait has not begun; 3 h counted; due 17:00 as if no pause.
        ("2026-01-12T12:00:00-06:00", 180.0, "2026-01-12T17:00:00-06:00"),
        # 14:00: waiting since 13:00; 4 h counted; 4 h left from now: Mon 14-17, Tue 08-09.
        ("2026-01-12T14:00:00-06:00", 240.0, "2026-01-13T09:00:00-06:00"),
    ):
        explained = run_json(cli, "-C", root, "sla", "explain", "INC-0001", "--at", at)
        resolution = explained["resolution"]
        assert resolution["elapsed_minutes"] == minutes
        assert datetime.fromisoformat(resolution["deadline"]) == datetime.fromisoformat(due)
        status = run_json(cli, "-C", root, "sla", "status", "--at", at)
        row = next(r for r in status["incidents"] if r["id"] == "INC-0001")
        [target] = [t for t in row["targets"] if t["name"] == "resolution"]
        assert target["deadline"] == resolution["deadline"]
        assert target["minutes_left"] == 480 - minutes
    # Before it began, the pause is not among the intervals either.
    noon = run_json(cli, "-C", root, "sla", "explain", "INC-0001", "--at", "2026-01-12T12:00:00Z")
    assert "paused" not in {s["kind"] for s in noon["resolution_intervals"]}


def test_an_open_pause_runs_until_the_moment(make_repo, cli) -> None:
    root = repo(make_repo)
    at = "2026-01-14T14:00:00-06:00"
    status = run_json(cli, "-C", root, "sla", "status", "--at", at)
    row = next(r for r in status["incidents"] if r["id"] == "INC-0003")
    [target] = [t for t in row["targets"] if t["name"] == "resolution"]
    # Counted 09:00-10:00; 7 h left from 14:00: Wed 14-17, Thu 08-12.
    assert target["minutes_left"] == 420.0
    assert target["deadline"] == "2026-01-15T18:00:00+00:00"
    explained = run_json(cli, "-C", root, "sla", "explain", "INC-0003", "--at", at)
    kinds = [(s["kind"], s["minutes"]) for s in explained["resolution_intervals"]]
    assert kinds == [("counted", 60.0), ("paused", 240.0)]
    assert explained["resolution"]["deadline"] == target["deadline"]


def test_explain_names_the_time_a_reopened_incident_was_resolved(make_repo, cli) -> None:
    root = repo(make_repo)
    explained = run_json(
        cli, "-C", root, "sla", "explain", "INC-0002", "--at", "2026-01-14T00:00:00Z"
    )
    kinds = [(s["kind"], s["minutes"]) for s in explained["resolution_intervals"]]
    # 09-11 counted, 11-15 resolved, 15-17 counted, night, Tue 08-10 counted: 360 of 480.
    assert kinds == [
        ("counted", 120.0),
        ("resolved", 240.0),
        ("counted", 120.0),
        ("off_hours", 900.0),
        ("counted", 120.0),
    ]
    assert explained["resolution"]["elapsed_minutes"] == 360.0
    assert explained["resolution"]["state"] == "met"
    text = cli("-C", root, "sla", "explain", "INC-0002", "--at", "2026-01-14T00:00:00Z").stdout
    assert re.search(r"resolved\s+4h\n", text), text
    # While it was reopened it is open again in sla status (16:00: 180 of 480 counted).
    status = run_json(cli, "-C", root, "sla", "status", "--at", "2026-01-12T16:00:00-06:00")
    row = next(r for r in status["incidents"] if r["id"] == "INC-0002")
    assert [t["minutes_left"] for t in row["targets"] if t["name"] == "resolution"] == [300.0]
    # Between the resolution and the reopening it was not open.
    status = run_json(cli, "-C", root, "sla", "status", "--at", "2026-01-12T12:00:00-06:00")
    assert "INC-0002" not in [r["id"] for r in status["incidents"]]


def test_the_report_measures_reopened_and_waiting_incidents(make_repo, cli) -> None:
    root = repo(make_repo)
    data = run_json(
        cli, "-C", root, "report", "sla", "--period", "2026-01", "--at", "2026-01-14T14:00:00-06:00"
    )
    rows = {r["id"]: r for r in data["sla"]["slas"][0]["incidents"]}
    assert rows["INC-0002"]["resolution_minutes"] == 360.0
    assert rows["INC-0002"]["verdict"] == "met"
    # INC-0001: 09-13 (240) + 15-17 (120) + Tue 08-11 (180) = 540 > 480: breached.
    assert rows["INC-0001"]["resolution_minutes"] == 540.0
    assert rows["INC-0001"]["verdict"] == "breached"
    assert rows["INC-0003"]["resolution_minutes"] == 60.0
    assert rows["INC-0003"]["verdict"] == "open"


def test_validate_flags_an_open_pause_on_a_resolved_incident(make_repo, cli) -> None:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            "incidents/INC-0003.yaml": WAITING + "resolved: 2026-01-15T10:00:00-06:00\n",
        }
    )
    result = cli("-C", root, "validate")
    assert result.exit_code == 1
    assert "INC005" in result.stdout and "pause has no end" in result.stdout
