"""The operations reports, with figures worked out by hand: problems and
trends, the KPI scorecard (values, trends, sparklines), the outage notice,
the knowledge page; and change turnaround counted only for RFCs in an
SLA's scope."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.kpi import Kpi
from ccgov.report.scorecard import Point, spark, trend
from helpers import Result, git, write_files

AT = "2026-04-02T12:00:00-05:00"


def report(cli: Callable[..., Result], root: Path, *args: str) -> Any:
    result = cli("-C", root, "report", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


INCIDENT = """\
id: {id}
title: {title}
severity: {severity}
{category}sla: SLA-0001
opened: {opened}
resolved: {resolved}
root_cause: Known.
affects: [{affects}]
{extra}"""


@pytest.fixture
def history(ops: Path, cli: Callable[..., Result]) -> Path:
    """Three incidents of 2026-Q1 and one of April, a problem with actions."""

    def incident(number: int, **fields: Any) -> str:
        fields.setdefault("category", "")
        fields.setdefault("extra", "")
        return INCIDENT.format(id=f"INC-{number:04d}", **fields)

    write_files(
        ops,
        {
            # 45 minutes, two CIs, category acd.
            "incidents/INC-0001.yaml": incident(
                1, title="Calls failing", severity=3, category="category: acd\n",
                opened="2026-03-02T09:00:00-06:00", resolved="2026-03-02T09:45:00-06:00",
                affects="CI-0001, CI-0002",
            ),
            # 90 minutes, then reopened 12:00 and resolved 12:30: 120 minutes.
            "incidents/INC-0002.yaml": incident(
                2, title="Calls failing again", severity=4,
                opened="2026-03-10T10:00:00-05:00", resolved="2026-03-10T11:30:00-05:00",
                affects="CI-0001",
                extra="reopened:\n  - at: 2026-03-10T12:00:00-05:00\n    reason: Again\n"
                "    resolved: 2026-03-10T12:30:00-05:00\n",
            ),
            # January, 30 minutes.
            "incidents/INC-0003.yaml": incident(
                3, title="Menu silent", severity=3, category="category: ivr\n",
                opened="2026-01-05T08:00:00-06:00", resolved="2026-01-05T08:30:00-06:00",
                affects="CI-0002",
            ),
            # April: outside the quarter.
            "incidents/INC-0004.yaml": incident(
                4, title="April", severity=3, opened="2026-04-01T08:00:00-05:00",
                resolved="2026-04-01T09:00:00-05:00", affects="CI-0001",
            ),
            "problems/PRB-0001.yaml": """\
id: PRB-0001
title: ACD licences expire unnoticed
status: known_error
opened: 2026-03-11T09:00:00-05:00
raised_by: carol
owner: carol
incidents: [INC-0002]
items: [CI-0001]
root_cause: No licence inventory.
workaround: Reload the licence by hand.
actions:
  - {id: A1, title: Licence inventory, owner: carol, due: 2026-03-31, fix: RFC-0001}
  - {id: A2, title: Expiry alarm, owner: carol, due: 2026-04-30}
  - id: A3
    title: Tell the vendor
    owner: carol
    due: 2026-03-15
    status: done
    closed: 2026-03-14T10:00:00-05:00
    closed_by: carol
""",
            "knowledge/KB-0001.yaml": """\
id: KB-0001
title: Reload the ACD licence
kind: known_error
owner: carol
audience: [it]
items: [CI-0001]
problems: [PRB-0001]
body: Upload the licence file from the vendor portal.
""",
        },
    )  # fmt: skip
    git(ops, "add", "-A")
    git(ops, "commit", "-q", "-m", "history")
    assert cli("-C", ops, "validate").exit_code == 0
    return ops


def test_problems_report_figures(history: Path, cli: Callable[..., Any]) -> None:
    data = report(cli, history, "problems", "--period", "2026-Q1", "--at", AT)["problems"]
    assert (data["incidents"], data["minutes"]) == (3, 195.0)  # 45 + 120 + 30
    tallies = [(t["key"], t["count"], t["minutes"]) for t in data["by_item"]]
    # CI-0001: INC-0001 (45) + INC-0002 (120); CI-0002: INC-0001 (45) + INC-0003 (30).
    assert tallies == [("CI-0001", 2, 165.0), ("CI-0002", 2, 75.0)]
    assert [(t["key"], t["count"], t["minutes"]) for t in data["by_category"]] == [
        ("uncategorised", 1, 120.0),
        ("acd", 1, 45.0),
        ("ivr", 1, 30.0),
    ]
    assert [(t["key"], t["count"], t["minutes"]) for t in data["by_month"]] == [
        ("2026-01", 1, 30.0),
        ("2026-02", 0, 0.0),
        ("2026-03", 2, 165.0),
    ]
    repeats = {r["key"]: (r["incidents"], r["problems"]) for r in data["repeat_incidents"]}
    # In the order they opened; PRB-0001 covers CI-0001 (its item, and INC-0002).
    assert repeats == {
        "CI-0001": (["INC-0001", "INC-0002"], ["PRB-0001"]),
        "CI-0002": (["INC-0003", "INC-0001"], []),
    }
    # On 2 April, A1 (due 31 March) is overdue, A2 is not, A3 is done.
    assert [(a["id"], a["overdue"], a["fix_status"]) for a in data["open_actions"]] == [
        ("PRB-0001/A1", True, "draft"),
        ("PRB-0001/A2", False, None),
    ]
    assert data["overdue_actions"] == 1
    assert [(k["id"], k["knowledge"]) for k in data["known_errors"]] == [("PRB-0001", ["KB-0001"])]
    markdown = cli("-C", history, "report", "problems", "--period", "2026-Q1", "--at", AT).stdout
    assert (
        "| PRB-0001/A1 | Licence inventory | carol | 2026-03-31 **overdue** | RFC-0001 (draft) |"
        in (markdown)
    )
    assert "| CI-0002 | IVR platform |" in markdown and "none: raise one" in markdown


def test_an_incident_still_open_counts_up_to_now(history: Path, cli: Callable[..., Any]) -> None:
    text = (history / "incidents/INC-0003.yaml").read_text(encoding="utf-8")
    (history / "incidents/INC-0003.yaml").write_text(
        text.replace("resolved: 2026-01-05T08:30:00-06:00\n", ""), encoding="utf-8"
    )
    at = "2026-01-05T10:00:00-06:00"
    data = report(cli, history, "problems", "--period", "2026-01", "--at", at)["problems"]
    assert data["by_month"] == [
        {
            "key": "2026-01",
            "label": "2026-01",
            "count": 1,
            "minutes": 120.0,
            "incidents": ["INC-0003"],
        }
    ]


SCORE_KPI = """\
id: containment
title: IVR containment
definition: Calls ended in the IVR.
source: imported
unit: percent
target: 35
direction: higher
owner: alice
frequency: monthly
measurements:
  - {period: 2025-10, value: 30}
  - {period: 2025-11, value: 32}
  - {period: 2025-12, value: 31}
  - {period: 2026-01, value: 35}
  - {period: 2026-02, value: 35}
  - {period: 2026-03, value: 38}
"""
COUNT_KPI = """\
id: incidents
title: Incidents under SLA-0001
definition: Incidents opened in the month.
source: incidents
metric: count
sla: SLA-0001
unit: count
target: 1
direction: lower
owner: bob
frequency: monthly
"""


def test_scorecard_values_trends_and_sparklines(history: Path, cli: Callable[..., Any]) -> None:
    write_files(history, {"kpis/containment.yaml": SCORE_KPI, "kpis/incidents.yaml": COUNT_KPI})
    data = report(cli, history, "scorecard", "--period", "2026-Q1", "--at", AT)["scorecard"]
    scores = {k["id"]: k for k in data["kpis"]}
    containment = scores["containment"]
    # The last month starting in 2026-Q1 is March: 38 >= 35, up from 35.
    assert (containment["period"], containment["value"], containment["met"]) == (
        "2026-03",
        38,
        True,
    )
    assert containment["trend"] == "better"
    assert [p["value"] for p in containment["points"]] == [30, 32, 31, 35, 35, 38]
    # Incidents under SLA-0001 by month: Oct-Dec none, January 1 (INC-0003),
    # February none, March 2 (INC-0001, INC-0002): 2 > 1 missed, worse than 0.
    incidents = scores["incidents"]
    assert [p["value"] for p in incidents["points"]] == [0, 0, 0, 1, 0, 2]
    assert (incidents["met"], incidents["trend"]) == (False, "worse")
    markdown = cli("-C", history, "report", "scorecard", "--period", "2026-Q1", "--at", AT).stdout
    # Blocks scaled between 30 and 38: round((v - 30) / 8 * 7).
    assert (
        "| IVR containment | 2026-03 | 38 % | ≥ 35 % | met | better | `▁▃▂▅▅█` | alice |"
        in markdown
    )
    html = cli(
        "-C", history, "report", "scorecard", "--period", "2026-Q1", "--at", AT, "--format", "html"
    )
    # x from 2 in steps of (120 - 4) / 5 = 23.2; y = 26 - (v - 30) / 8 * 24.
    assert 'points="2.0,26.0 25.2,20.0 48.4,23.0 71.6,11.0 94.8,11.0 118.0,2.0"' in html.stdout
    # As of mid-February, February is the month reported: 35, steady.
    early = report(
        cli, history, "scorecard", "--period", "2026-Q1", "--at", "2026-02-15T12:00:00-06:00"
    )
    containment = {k["id"]: k for k in early["scorecard"]["kpis"]}["containment"]
    assert (containment["period"], containment["value"], containment["trend"]) == (
        "2026-02",
        35,
        "steady",
    )


def test_trend_and_sparkline_rules() -> None:
    lower = Kpi.model_validate(
        {**{k: v for k, v in _kpi().items()}, "direction": "lower", "target": 5}
    )
    points = [Point("2026-01", 6.0), Point("2026-02", None), Point("2026-03", 4.0)]
    assert trend(lower, points) == "better"  # 4 against 6, the latest earlier value
    assert trend(lower, [Point("2026-03", 4.0)]) is None
    assert trend(lower, [*points, Point("2026-04", None)]) is None
    # A flat line sits in the middle; gaps are left out.
    assert spark([5.0, None, 5.0]) == [(2.0, 14.0), (118.0, 14.0)]
    assert spark([None, None]) == []


def _kpi() -> dict[str, Any]:
    return {
        "id": "handle-time",
        "title": "Average handle time",
        "definition": "Seconds.",
        "source": "imported",
        "unit": "seconds",
        "target": 300,
        "direction": "higher",
        "owner": "alice",
        "frequency": "monthly",
    }


def test_outage_notice_on_the_example(example_repo: Path, cli: Callable[..., Any]) -> None:
    data = report(cli, example_repo, "outage", "INC-0042")["outage"]
    assert data["state"] == "closed" and data["headline"] == "Resolved and closed"
    # 14:18 to 18:02 UTC: 224 minutes.
    assert data["down_minutes"] == 224.0
    assert len(data["updates"]) == 9 and data["updates"][0]["at"] == "Mon 30 Mar 2026 13:02 CDT"
    assert [(n["step"], n["action"]) for n in data["notifications"]] == [
        (1, "Carrier duty manager on the bridge"),
        (2, "Account team and credits claim opened"),
    ]
    assert [r["id"] for r in data["runbooks"]] == ["KB-0001"]
    markdown = cli("-C", example_repo, "report", "outage", "INC-0042").stdout
    assert markdown.startswith("# Outage notice: INC-0042")
    assert "| Affected | SIP trunk group, primary carrier (Omaha) (CI-0005)" in markdown
    # INC-0043 as the center saw it on 31 March at 09:40: the last update was
    # 09:30, so the next is due by 10:00 (cc-extended hours, Tuesday).
    open_notice = report(
        cli, example_repo, "outage", "INC-0043", "--at", "2026-03-31T09:40:00-05:00"
    )
    assert open_notice["outage"]["next_update"] == "Tue 31 Mar 2026 10:00 CDT"
    assert open_notice["outage"]["state"] == "responded"
    assert len(open_notice["outage"]["updates"]) == 3  # the notice lists the log as recorded
    missing = cli("-C", example_repo, "report", "outage", "INC-0999")
    assert missing.exit_code == 1 and "there is no incident INC-0999" in missing.stderr


def test_the_site_has_the_operations_pages_but_no_outage_page(
    example_repo: Path, cli: Callable[..., Any], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert (
        cli("-C", example_repo, "report", "site", "-o", site, "--period", "2026-Q1").exit_code == 0
    )
    pages = sorted(p.name for p in site.glob("*.html"))
    assert {"problems.html", "scorecard.html", "knowledge.html"} <= set(pages)
    assert not any(name.startswith("outage") for name in pages)
    assert "KB-0003" in (site / "knowledge.html").read_text(encoding="utf-8")
    assert "<svg" in (site / "scorecard.html").read_text(encoding="utf-8")


def test_knowledge_report(example_repo: Path, cli: Callable[..., Any]) -> None:
    data = report(cli, example_repo, "knowledge")["knowledge"]
    ids = [a["id"] for a in data["articles"]]
    assert ids == ["KB-0001", "KB-0003", "KB-0004", "KB-0005", "KB-0002"]  # retired last


# --- change turnaround in the SLA's scope ------------------------------------------------

VENDOR = """\
id: lumen
name: Lumen
relationship_owner: carol
slas: [SLA-0002]
"""
CARRIER_SLA = """\
id: SLA-0002
title: Carrier support
version: "1"
provider: Lumen
customer: IT telecom
owner: carol
effective:
  from: 2026-01-01
severities:
  1: {response: {within: 15m, clock: 24x7}, resolution: {within: 4h, clock: 24x7}}
change_turnaround:
  config_change: {within: 2d, clock: 24x7}
"""
CHANGE = """\
id: {id}
title: {title}
description: A change.
type: normal
category: config_change
requested_by: carol
justification: Needed.
affects: [{item}]
risk: low
impact: low
status: submitted
plans: {{implementation: Do it., test: Test it., backout: Undo it.}}
history:
  - status: submitted
    at: 2026-03-02T09:00:00-06:00
    by: carol
"""


def test_turnaround_counts_only_rfcs_in_the_slas_scope(ops: Path, cli: Callable[..., Any]) -> None:
    trunk = (
        "id: CI-0003\nname: Carrier trunk\nkind: trunk\nversion: '1'\nvendor: lumen\nowner: carol\n"
    )
    write_files(
        ops,
        {
            "vendors/lumen.yaml": VENDOR,
            "slas/SLA-0002.yaml": CARRIER_SLA,
            "items/CI-0003.yaml": trunk,
            "changes/RFC-0002.yaml": CHANGE.format(id="RFC-0002", title="Trunk codec", item="CI-0003"),
            "changes/RFC-0003.yaml": CHANGE.format(id="RFC-0003", title="QM form", item="CI-0002"),
        },
    )  # fmt: skip
    # SLA-0001 gets a config_change target too; it is bound by no vendor: it covers every CI.
    sla = (ops / "slas/SLA-0001.yaml").read_text(encoding="utf-8")
    (ops / "slas/SLA-0001.yaml").write_text(
        sla + "change_turnaround:\n  config_change: {within: 2d, clock: 24x7}\n", encoding="utf-8"
    )
    git(ops, "add", "-A")
    git(ops, "commit", "-q", "-m", "scope")
    assert cli("-C", ops, "validate").exit_code == 0
    sections = report(cli, ops, "sla", "--period", "2026-Q1", "--at", AT)["sla"]["slas"]
    counts = {
        s["sla"]: [(t["category"], t["count"]) for t in s["change_turnaround"]] for s in sections
    }
    # The carrier is charged with the trunk change only; IT with both (and the draft RFC-0001 is
    # not submitted, so it counts nowhere).
    assert counts == {"SLA-0001": [("config_change", 2)], "SLA-0002": [("config_change", 1)]}


def test_the_example_carrier_is_not_charged_with_the_qm_change(
    example_repo: Path, cli: Callable[..., Any]
) -> None:
    # RFC-0007 (QM sampling, CI-0028, Verint) is a config_change submitted in
    # 2026-Q1; SLA-0002 binds Lumen and AudioCodes, whose CIs it does not touch.
    sections = report(cli, example_repo, "sla", "--period", "2026-Q1", "--at", AT)["sla"]["slas"]
    carrier = next(s for s in sections if s["sla"] == "SLA-0002")
    config = next(t for t in carrier["change_turnaround"] if t["category"] == "config_change")
    assert config["count"] == 0
    network = next(t for t in carrier["change_turnaround"] if t["category"] == "network")
    assert network["count"] == 1  # RFC-0005, the emergency failover to the secondary trunk
