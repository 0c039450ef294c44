"""The SLA period report on small repositories built for one rule each:
credit caps per month of the repository's time zone, incidents that did not
exist yet at --at, and the supported range of periods and moments. Every
expected figure is worked out by hand beside it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

CONFIG = """\
organisation: Credits Inc.
timezone: America/Chicago
people:
  - {handle: ann, name: Ann Lee, email: ann@example.com, organisation: it}
roles:
  noc: {name: Network operations center}
"""

SLA = """\
id: SLA-0001
title: Platform support
version: "1"
provider: IT
customer: Contact center
owner: ann
effective: {from: 2025-01-01}
severities:
  1:
    response: {within: 15m, clock: 24x7}
    resolution: {within: 1h, clock: 24x7}
credits:
  currency: USD
  per_breach:
    - {severity: 1, per_breach: 800}
  cap_per_month: 1000
"""


def incident(number: int, opened: str, resolved: str | None = None) -> str:
    text = f"id: INC-{number:04d}\ntitle: Outage {number}\nseverity: 1\nsla: SLA-0001\n"
    text += f"opened: {opened}\nresponded: {opened}\n"
    return text + (f"resolved: {resolved}\n" if resolved else "")


def report(cli: Callable, root: Path, *args: str) -> dict:
    result = cli("-C", root, "report", "sla", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    [section] = json.loads(result.stdout)["sla"]["slas"]
    return section


def test_credit_cap_month_is_the_repository_time_zones(make_repo, cli) -> None:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            # Each is resolved after 2 h against a 1 h target: breached, 800 USD each before the cap.
            "incidents/INC-0001.yaml": incident(
                1, "2026-02-10T10:00:00-06:00", "2026-02-10T12:00:00-06:00"
            ),
            # Written as 1 March 05:00 at +10:30, which is 28 February 18:30 UTC,
            # 12:30 in Chicago: a February incident for the cap.
            "incidents/INC-0002.yaml": incident(
                2, "2026-03-01T05:00:00+10:30", "2026-03-01T07:00:00+10:30"
            ),
            "incidents/INC-0003.yaml": incident(
                3, "2026-03-02T10:00:00-06:00", "2026-03-02T12:00:00-06:00"
            ),
        }
    )
    section = report(cli, root, "--period", "2026-Q1", "--at", "2026-04-01T00:00:00Z")
    credits = {b["id"]: b["credit"] for b in section["breaches"] if b["credit"]}
    # February: INC-0001 800, INC-0002 capped at 1,000 - 800 = 200. March: INC-0003 800.
    assert credits == {"INC-0001": 800.0, "INC-0002": 200.0, "INC-0003": 800.0}
    assert section["credits"] == {"currency": "USD", "total": 1800.0}
    months = {m["month"]: m["count"] for m in section["monthly"]}
    assert months == {"2026-01": 0, "2026-02": 2, "2026-03": 1}


def test_incidents_opened_after_the_moment_are_not_in_the_report(make_repo, cli) -> None:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": SLA,
            "incidents/INC-0001.yaml": incident(
                1, "2026-02-10T10:00:00-06:00", "2026-02-10T10:30:00-06:00"
            ),
            "incidents/INC-0002.yaml": incident(2, "2026-02-20T10:00:00-06:00"),
        }
    )
    # On 15 February INC-0002 did not exist yet: one incident, met in 30 minutes.
    section = report(cli, root, "--period", "2026-02", "--at", "2026-02-15T00:00:00-06:00")
    assert [row["id"] for row in section["incidents"]] == ["INC-0001"]
    assert section["compliance"] == {
        "goal_pct": 95.0,
        "met": 1,
        "breached": 0,
        "open": 0,
        "compliance_pct": 100.0,
        "verdict": "met",
    }
    assert [r["count"] for r in section["severities"]] == [1, 0, 0, 0]
    # At the moment it opened it exists, with nothing elapsed yet.
    section = report(cli, root, "--period", "2026-02", "--at", "2026-02-20T10:00:00-06:00")
    row = section["incidents"][1]
    assert (row["id"], row["verdict"], row["resolution_minutes"]) == ("INC-0002", "open", 0.0)
