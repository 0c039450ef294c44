"""The agenda, the forward schedule (and its iCalendar feed, read back with a
real iCalendar parser), end of support and the routines report, on the
bundled example in a real git repository."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import icalendar

from helpers import git


def _json(cli, *args: str | Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cab_agenda_as_the_records_stood_at_the_meeting(example_repo: Path, cli) -> None:
    agenda = _json(cli, "-C", example_repo, "agenda", "MTG-0019")["agenda"]
    assert agenda["kind"] == "cab" and agenda["since"].startswith("2026-03-24T10:00")
    # At 10:00 on 31 March RFC-0009 had one approval (the liaison's); the two
    # CAB approvals came at 10:31 and later.
    [awaiting] = agenda["awaiting_decision"]
    assert awaiting["id"] == "RFC-0009" and awaiting["risk"] == "high"
    assert awaiting["items"] == ["CI-0003", "CI-0004"]
    assert awaiting["missing_approvals"] == "2 more from cab"
    # Its window (18 April) is after the quarter-end blackout, which is the nearest.
    assert awaiting["blackout"] is None or not awaiting["blackout"]["overlaps"]
    # The emergency failover of 30 March owes two CAB reviews.
    assert [(r["id"], r["missing"]) for r in agenda["retrospective_owed"]] == [
        ("RFC-0005", "2 more from cab")
    ]
    assert [c["id"] for c in agenda["implemented"]] == ["RFC-0005"]
    assert agenda["topics"][0]["submitted_by"] == "Jonas Lindqvist"
    assert "Change advisory board" in agenda["participants"]


def test_cab_agenda_lists_backouts_and_incidents_caused_since_the_last_cab(
    example_repo: Path, cli
) -> None:
    agenda = _json(cli, "-C", example_repo, "agenda", "cab", "--date", "2026-02-24")["agenda"]
    assert agenda["meeting"] == "MTG-0013"
    assert [c["id"] for c in agenda["backed_out"]] == ["RFC-0013"]
    assert [i["id"] for i in agenda["caused_incidents"]] == ["INC-0023"]
    assert [c["id"] for c in agenda["awaiting_decision"]] == ["RFC-0007"]


def test_vendor_review_agenda(example_repo: Path, cli) -> None:
    agenda = _json(cli, "-C", example_repo, "agenda", "MTG-0022")["agenda"]
    vendor = agenda["vendor"]
    assert vendor["id"] == "genesys" and "CI-0001" in vendor["items"]
    assert "INC-0025" in vendor["incidents"] and "INC-0005" not in vendor["incidents"]
    assert [i["id"] for i in vendor["support_ending"]] == ["CI-0001", "CI-0036"]
    assert [a["id"] for a in agenda["open_actions"]] == ["MTG-0006/A2"]
    lumen = _json(cli, "-C", example_repo, "agenda", "lumen-review", "--date", "2026-05-11")
    [compliance] = lumen["agenda"]["vendor"]["sla_compliance"]
    assert compliance["sla"] == "SLA-0002" and compliance["goal_pct"] == 98.0


def test_agenda_renders_markdown_and_html(example_repo: Path, cli, tmp_path: Path) -> None:
    markdown = cli("-C", example_repo, "agenda", "MTG-0021")
    assert markdown.exit_code == 0, markdown.stderr
    assert "## RFCs awaiting a decision" in markdown.stdout and "RFC-0011" in markdown.stdout
    page = tmp_path / "agenda.html"
    html = cli("-C", example_repo, "agenda", "MTG-0022", "--format", "html", "--output", page)
    assert html.exit_code == 0, html.stderr
    assert "Support ending within a year" in page.read_text()
    unknown = cli("-C", example_repo, "agenda", "nothing")
    assert unknown.exit_code == 1 and "neither a meeting nor a routine" in unknown.stderr


def test_schedule_as_icalendar_parses_and_keeps_its_uids(example_repo: Path, cli) -> None:
    result = cli(
        "-C",
        example_repo,
        "report",
        "schedule",
        "--from",
        "2026-03-25",
        "--to",
        "2026-04-20",
        "--format",
        "ics",
    )
    assert result.exit_code == 0, result.stderr
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert "RFC-0009-slot@ccgov" in events
    slot = events["RFC-0009-slot@ccgov"]
    assert slot.decoded("DTSTART") == datetime(2026, 4, 19, 3, 0, tzinfo=UTC)
    assert str(slot["STATUS"]) == "CONFIRMED"
    assert "RFC-0010-window@ccgov" in events
    assert "MTG-0021@ccgov" in events
    assert any(uid.startswith("blackout-") for uid in events)
    # An expected occurrence no meeting stands for yet: the April knowledge exchange.
    assert "knowledge-exchange-20260409T200000Z@ccgov" in events
    again = cli(
        "-C",
        example_repo,
        "report",
        "schedule",
        "--from",
        "2026-03-25",
        "--to",
        "2026-04-20",
        "--format",
        "ics",
    )
    assert set(events) == {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(again.stdout).walk("VEVENT")
    }


def test_schedule_json_and_html(example_repo: Path, cli) -> None:
    document = _json(
        cli, "-C", example_repo, "report", "schedule", "--from", "2026-04-01", "--to", "2026-05-31"
    )
    kinds = {e["record"]: e["kind"] for e in document["schedule"]["events"] if e["record"]}
    assert kinds["RFC-0011"] == "proposed" and kinds["RFC-0009"] == "slot"
    html = cli("-C", example_repo, "report", "schedule", "--from", "2026-04-01", "--format", "html")
    assert html.exit_code == 0 and "Schedule of change" in html.stdout
    bad = cli(
        "-C", example_repo, "report", "schedule", "--from", "2026-05-01", "--to", "2026-04-01"
    )
    assert bad.exit_code == 2 and "--to must be after --from" in bad.stderr


def test_lifecycle_within(example_repo: Path, cli) -> None:
    document = _json(
        cli, "-C", example_repo, "report", "lifecycle", "--within", "12mo", "--at", "2026-04-01"
    )
    items = {i["id"]: i for i in document["lifecycle"]["items"]}
    assert list(items) == ["CI-0003", "CI-0004", "CI-0027", "CI-0001", "CI-0036"]
    assert items["CI-0027"]["changes"] == ["RFC-0011"]
    assert "CI-0035" not in items  # retired
    shorter = _json(
        cli, "-C", example_repo, "report", "lifecycle", "--within", "6mo", "--at", "2026-04-01"
    )
    assert [i["id"] for i in shorter["lifecycle"]["items"]] == ["CI-0003", "CI-0004"]
    bad = cli("-C", example_repo, "report", "lifecycle", "--within", "soon")
    assert bad.exit_code == 2 and "12mo" in bad.stderr


def test_routines_report_and_dashboard_in_the_site(example_repo: Path, cli, tmp_path: Path) -> None:
    document = _json(
        cli, "-C", example_repo, "report", "routines", "--at", "2026-04-10T12:00:00-05:00"
    )
    states = {(d["routine"], d["state"]) for d in document["routines"]["routines"]}
    assert ("knowledge-exchange", "overdue") in states
    assert "MTG-0010/A1" in {a["id"] for a in document["routines"]["open_actions"]}
    site = tmp_path / "site"
    result = cli("-C", example_repo, "report", "site", "--output", site, "--period", "2026-Q1")
    assert result.exit_code == 0, result.stderr
    index = (site / "index.html").read_text()
    assert "Governance dashboard" in index and "INC-0043" in index
    assert git(example_repo, "rev-parse", "HEAD").strip()[:12] in index
