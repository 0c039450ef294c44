"""`ccgov ci list|show`, `problem show`, `incident list|show`, `kpi list` on the
example; and every one of them shows record text with its control and bidi
characters escaped, never obeyed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccgov.records.text import UNSAFE
from helpers import Result, git

EVIL_YAML = '"Evil \\e[2J \\u202eabc [bold]x[/bold]"'


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def test_ci_show_gathers_what_points_at_it(example_repo: Path, cli: Callable[..., Any]) -> None:
    shown = ok(cli("-C", example_repo, "ci", "show", "CI-0030")).stdout
    assert shown.startswith("CI-0030 CRM CTI adapter (screen pop + claim lookup)")
    for line in (
        "knowledge KB-0003 (known_error, published) Slow screen pops with CTI adapter 5.2.0",
        "problem PRB-0002 (known_error) CTI adapter 5.2.0 serialises screen-pop lookups",
        "change RFC-0013 (backed_out) Upgrade the CRM CTI adapter to 5.2.0",
        "incident INC-0023 sev 2",
        "covered by: SLA-0001",
    ):
        assert line in shown, shown
    data = json.loads(
        ok(cli("-C", example_repo, "ci", "show", "CI-0005", "--format", "json")).stdout
    )
    # A Lumen trunk: the carrier's SLA covers it as well as IT's own.
    assert data["slas"] == ["SLA-0001", "SLA-0002"]
    assert data["knowledge"] == ["KB-0001"] and data["problems"] == ["PRB-0004"]
    listed = json.loads(
        ok(cli("-C", example_repo, "ci", "list", "--vendor", "lumen", "--format", "json")).stdout
    )
    assert [row["id"] for row in listed] == ["CI-0005"]
    missing = cli("-C", example_repo, "ci", "show", "CI-0999")
    assert missing.exit_code == 1 and "there is no configuration item CI-0999" in missing.stderr


def test_problem_show_on_the_example(example_repo: Path, cli: Callable[..., Any]) -> None:
    shown = ok(cli("-C", example_repo, "problem", "show", "PRB-0005")).stdout
    assert "  known_error; owner kwong" in shown
    assert "fixed by RFC-0011 (submitted) Upgrade WFM to 10.12" in shown
    assert "knowledge KB-0004 (known_error)" in shown
    assert "action PRB-0005/A1 open, due 2026-04-30" in shown and "via RFC-0011" in shown
    data = json.loads(
        ok(cli("-C", example_repo, "problem", "show", "PRB-0002", "--format", "json")).stdout
    )
    assert data["known_error"] is True and data["knowledge"] == ["KB-0003"]


def test_incident_list_and_show(example_repo: Path, cli: Callable[..., Any]) -> None:
    running = ok(cli("-C", example_repo, "incident", "list", "--open", "--format", "json")).stdout
    assert [row["id"] for row in json.loads(running)] == [
        "INC-0045",
        "INC-0044",
        "INC-0043",
        "INC-0041",
    ]
    shown = ok(cli("-C", example_repo, "incident", "show", "INC-0042")).stdout
    assert "severity 1, closed, under SLA-0002" in shown
    assert "step 2 notified dokafor (by jlindqvist)" in shown
    assert shown.count(" to center by sgrant: ") == 9
    kpis = json.loads(ok(cli("-C", example_repo, "kpi", "list", "--format", "json")).stdout)
    assert {row["id"]: row["source"] for row in kpis}["ivr-containment"] == "imported"


@pytest.fixture
def hostile(example_repo: Path) -> Path:
    """Titles and an update's text carrying an escape sequence, a right-to-left
    override and rich markup."""
    for path in ("problems/PRB-0002.yaml", "incidents/INC-0042.yaml", "knowledge/KB-0003.yaml"):
        file = example_repo / path
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [f"title: {EVIL_YAML}\n" if line.startswith("title:") else line for line in lines]
        file.write_text("".join(lines), encoding="utf-8")
    git(example_repo, "commit", "-qam", "hostile titles")
    return example_repo


CASES = [
    ["ci", "show", "CI-0030"],
    ["problem", "show", "PRB-0002"],
    ["problem", "list"],
    ["incident", "show", "INC-0042"],
    ["incident", "list"],
    ["report", "outage", "INC-0042"],
    ["report", "knowledge"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(args) for args in CASES])
def test_record_text_is_shown_not_obeyed(
    hostile: Path, cli: Callable[..., Any], args: list[str]
) -> None:
    result = cli("-C", hostile, *args)
    assert "internal error" not in result.stderr, result.stderr
    printed = result.stdout + result.stderr
    raw = UNSAFE.search(printed)
    assert raw is None, f"raw {raw.group()!r} reached the terminal: {printed!r}"
    assert "Evil \\\\x1b" in printed or "Evil \\x1b" in printed  # Markdown escapes the backslash


def test_the_commands_on_the_example(example_repo: Path, cli: Callable[..., Any]) -> None:
    root = example_repo
    git(root, "config", "user.email", "jonas.lindqvist@example.com")
    # The ACD export the imported KPIs came from holds nothing new.
    result = ok(
        cli(
            "-C", root, "kpi", "import", "exports/acd-monthly.csv", "--map", "exports/acd-kpis.yaml"
        )
    )
    assert "0 new, 9 already recorded, 3 empty: nothing to record." in result.stdout
    # A carrier incident from opening to closing, through its problem.
    steps = [
        ["incident", "new", "--title", "Tulsa trunk down", "--severity", "1", "--sla", "SLA-0002",
         "--affects", "CI-0006", "--category", "carrier", "--opened", "2026-04-06T09:00:00-05:00"],
        ["incident", "respond", "INC-0046", "--at", "2026-04-06T09:04:00-05:00"],
        ["incident", "update", "INC-0046", "--text", "Tulsa lines down", "--at", "2026-04-06T09:20:00-05:00"],
        ["incident", "resolve", "INC-0046", "--text", "All clear", "--at", "2026-04-06T09:45:00-05:00"],
        ["problem", "update", "PRB-0004", "--incident", "INC-0046", "--at", "2026-04-06T10:00:00-05:00"],
        ["incident", "close", "INC-0046", "--at", "2026-04-06T11:00:00-05:00"],
    ]  # fmt: skip
    for args in steps:
        ok(cli("-C", root, *args))
    notes = ok(cli("-C", root, "report", "outage", "INC-0046", "--format", "json")).stdout
    assert json.loads(notes)["outage"]["runbooks"] == [
        {
            "id": "KB-0001",
            "title": "Move inbound numbers to the secondary carrier",
            "kind": "runbook",
        }
    ]
    git(root, "config", "user.email", "ben.vega@example.com")
    ok(cli("-C", root, "problem", "action", "done", "PRB-0002/A1", "--note", "5.2.2 verified"))
    ok(cli("-C", root, "problem", "close", "PRB-0002", "--resolution", "Adapter 5.2.2 in staging"))
    assert ok(cli("-C", root, "validate")).stdout.startswith("ok:")
    assert "audit clean" in ok(cli("-C", root, "audit")).stdout
