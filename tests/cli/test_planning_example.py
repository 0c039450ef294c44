"""Every planning command on the bundled example (a real git repository):
the read-only ones against what the example holds, then the story the
planning guide tells, each step as its person, and the audit still clean.
Also: what these commands print is shown, never obeyed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from ccgov.cli.demand import LIST_COLUMNS
from ccgov.records.text import UNSAFE
from helpers import Result, git

Cli = Callable[..., Result]
AT = "2026-04-10T12:00:00-05:00"


def as_person(root: Path, email: str) -> None:
    git(root, "config", "user.name", email.split("@")[0])
    git(root, "config", "user.email", email)


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    instant = datetime.fromisoformat(AT)
    # Load the CLI first: modules that bind `now` at import would otherwise
    # keep this pinned clock for the rest of the session.
    import ccgov.cli.app  # noqa: F401

    monkeypatch.setattr("ccgov.cli.options.now", lambda: instant)


def test_init_example_validates_and_audits_clean(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "x"
    ok(cli("init", target, "--example"))
    assert ok(cli("-C", target, "validate", "--strict")).startswith("ok")
    assert ok(cli("-C", target, "audit")).startswith("audit clean")
    assert ok(cli("-C", target, "link", "list", "--suspect")).strip() == "no suspect links"


def test_reading_the_example(example_repo: Path, cli: Cli) -> None:
    root = example_repo
    demands = json.loads(ok(cli("-C", root, "demand", "list", "--format", "json")))
    assert [(d["id"], d["status"], d["band"]) for d in demands] == [
        ("DEM-0001", "planned", "medium"),
        ("DEM-0002", "assessed", "medium"),
        ("DEM-0003", "declined", "small"),
        ("DEM-0004", "proposed", None),
        ("DEM-0005", "approved", "small"),
    ]
    assert demands[0]["estimate"] == 38000 and isinstance(demands[0]["estimate"], int)
    piped = ok(cli("-C", root, "demand", "list")).splitlines()
    assert piped[0].split("\t") == list(LIST_COLUMNS)
    assert piped[1].startswith("DEM-0001\tplanned\thigh\tmedium\t38000\tsgrant\tmreyes\t")
    shown = ok(cli("-C", root, "demand", "show", "DEM-0002"))
    assert (
        "waiting for 1 budget from it more" in shown and "next: assess, approve, decline" in shown
    )
    assert "120,000 USD, medium" in shown

    due = cli("-C", root, "plan", "due", "--at", AT)
    assert due.exit_code == 0 and "review due by 2026-07-15" in due.stdout
    late = cli("-C", root, "plan", "due", "--at", "2026-07-21T09:00:00-05:00")
    assert late.exit_code == 1 and "overdue" in late.stdout
    # The review recorded at the plan-review meeting (MTG-0004): the next
    # meeting and the next review are owed on the same day, both in routine due.
    owed = cli(
        "-C", root, "routine", "due", "--at", "2026-07-16T09:00:00-05:00", "--format", "json"
    )
    states = {(d["routine"], d["state"], d["at"][:10]) for d in json.loads(owed.stdout)["due"]}
    assert {
        ("plan-review", "overdue", "2026-07-15"),
        ("PLAN-0001", "overdue", "2026-07-15"),
    } <= states
    assert "objective shorter-waits" in ok(cli("-C", root, "plan", "show", "PLAN-0001"))

    risks = json.loads(ok(cli("-C", root, "risk", "list", "--status", "open", "--format", "json")))
    assert [(r["id"], r["score"], r["response"]) for r in risks] == [
        ("RISK-0001", 15, "mitigate"),
        ("RISK-0003", 12, "mitigate"),
        ("RISK-0002", 8, "transfer"),
        ("RISK-0004", 6, "accept"),
    ]
    due_risks = cli("-C", root, "risk", "list", "--due", "--at", "2026-05-01T09:00:00-05:00")
    assert due_risks.exit_code == 1 and "RISK-0001" in due_risks.stdout

    impact = json.loads(ok(cli("-C", root, "impact", "CI-0003", "--format", "json")))
    queues = {i["id"]: i["why"] for i in impact["items"]}
    assert queues["CI-0001"] == "depends on CI-0003"
    assert queues["CI-0019"] == "depends on CI-0003 through CI-0001"
    assert {s["id"] for s in impact["slas"]} == {"SLA-0001", "SLA-0002"}
    assert "RISK-0001" in {r["id"] for r in impact["risks"]}
    assert "RFC-0009" in {c["id"] for c in impact["changes"]}

    links = json.loads(ok(cli("-C", root, "link", "list", "CI-0001", "--format", "json")))
    assert [(s["target"], s["status"]) for s in links] == [
        ("CI-0003", "reviewed"),
        ("CI-0004", "reviewed"),
    ]
    rfc = ok(cli("-C", root, "rfc", "show", "RFC-0009"))
    assert "impact (ccgov impact CI-ID for the paths):" in rfc and "open risks: RISK-0001" in rfc


def test_the_example_reports(example_repo: Path, cli: Cli) -> None:
    roadmap = json.loads(
        ok(cli("-C", example_repo, "report", "roadmap", "--format", "json", "--at", AT))
    )
    [plan] = roadmap["roadmap"]
    assert plan["quarters"][0] == "2026-Q1" and plan["quarters"][-1] == "2027-Q4"
    assert plan["overdue"] is False and plan["next_review"].startswith("2026-07-15")
    first = plan["rows"][0]
    q2 = first["cells"][plan["quarters"].index("2026-Q2")]
    callback = next(e for e in q2 if e["id"] == "DEM-0001")
    assert [r["id"] for r in callback["requirements"]] == ["REQ-0013"]
    assert [(c["id"], c["status"]) for c in callback["changes"]] == [("RFC-0012", "draft")]
    markdown = ok(cli("-C", example_repo, "report", "roadmap", "--at", AT))
    assert "| 2026-Q2 | Callers wait less in the peaks | DEM-0001 Offer callers a callback" in (
        markdown
    )

    risks = json.loads(
        ok(cli("-C", example_repo, "report", "risks", "--format", "json", "--at", AT))
    )["risks"]
    assert risks["counts"] == {
        "open": 4,
        "undecided": 0,
        "review_due": 0,
        "above_tolerance": 3,
    }
    cells = {
        (c["probability"], c["impact"]): (c["risks"], c["tone"]) for r in risks["heat"] for c in r
    }
    assert cells[("possible", "severe")] == (["RISK-0001"], "high")
    assert cells[("possible", "minor")] == (["RISK-0004"], "medium")  # 6: at the tolerance
    assert cells[("rare", "negligible")] == ([], "low")
    html = ok(cli("-C", example_repo, "report", "risks", "--format", "html", "--at", AT))
    assert html.count('class="cell ') == 25 and "RISK-0005" in html


def test_the_story_of_the_planning_guide(example_repo: Path, cli: Cli, clock: None) -> None:
    root = example_repo
    as_person(root, "daniel.okafor@example.com")
    assert "DEM-0002 is approved" in ok(cli("-C", root, "demand", "approve", "DEM-0002"))
    assert "REQ-0013 is approved" in ok(cli("-C", root, "req", "approve", "REQ-0013"))
    as_person(root, "samuel.grant@example.com")
    ok(cli("-C", root, "plan", "review", "PLAN-0001", "--summary", "Speech self-service agreed"))
    as_person(root, "jonas.lindqvist@example.com")
    ok(
        cli(
            "-C",
            root,
            "risk",
            "review",
            "RISK-0001",
            "--note",
            "Patch booked",
            "--next",
            "2026-05-15",
        )
    )
    # The SBC patch is implemented: the ACD's link to the SBC becomes suspect.
    sbc = root / "items/CI-0003.yaml"
    sbc.write_text(sbc.read_text().replace('version: "7.40A.250.003"', 'version: "7.40A.500.262"'))
    git(root, "commit", "-qam", "SBC firmware (documentation)")
    suspect = cli("-C", root, "link", "list", "--suspect", "--format", "json")
    assert suspect.exit_code == 1
    assert {(s["source"], s["target"]) for s in json.loads(suspect.stdout)} == {
        ("CI-0001", "CI-0003"),
        ("REQ-0004", "CI-0003"),
    }
    ok(cli("-C", root, "link", "clear", "CI-0001", "--comment", "Certified combination"))
    ok(cli("-C", root, "req", "review", "REQ-0004"))
    assert ok(cli("-C", root, "validate", "--strict")).startswith("ok")
    audit = json.loads(cli("-C", root, "audit", "--format", "json").stdout)
    # Only the hand edit of the SBC record (outside an RFC) is a finding.
    assert [(f["code"], f["file"]) for f in audit] == [("AUD002", "items/CI-0003.yaml")]


EVIL = '"Evil \\e[2J \\u202eabc [bold]x[/bold]"'
SHOWN = "Evil \\x1b[2J \\u202eabc [bold]x[/bold]"


def _retitle(path: Path, key: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    done = False
    out = []
    for line in lines:
        if not done and line.lstrip().startswith(f"{key}:"):
            indent = line[: len(line) - len(line.lstrip())]
            line = f"{indent}{key}: {EVIL}\n"
            done = True
        out.append(line)
    path.write_text("".join(out))


@pytest.mark.parametrize(
    "args",
    [
        ["demand", "list"],
        ["demand", "show", "DEM-0001"],
        ["plan", "show", "PLAN-0001"],
        ["plan", "due", "--at", AT],
        ["risk", "list"],
        ["impact", "REQ-0013"],
        ["report", "roadmap"],
        ["report", "risks", "--at", AT],
    ],
    ids=lambda args: " ".join(args),
)
def test_planning_commands_show_control_characters_escaped(
    example_repo: Path, cli: Cli, args: list[str]
) -> None:
    _retitle(example_repo / "demand/DEM-0001.yaml", "title")
    _retitle(example_repo / "plans/PLAN-0001.yaml", "title")
    _retitle(example_repo / "risks/RISK-0003.yaml", "title")
    result = cli("-C", example_repo, *args)
    printed = result.stdout + result.stderr
    assert not UNSAFE.search(printed), printed
    assert "Evil \\" in printed, printed
