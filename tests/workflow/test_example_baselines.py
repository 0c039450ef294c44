"""Issue 4's acceptance on the bundled example: baseline, an RFC bumps a routing
script, baseline again; the diff shows exactly that change attributed to that
RFC, a hand edit shows up as unauthorised, and `show --at` between the two
baselines returns the first state."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import git

PEOPLE = {
    "mreyes": "maria.reyes@example.com",
    "hnakamura": "hiro.nakamura@example.com",
    "pshah": "priya.shah@example.com",
}


def test_example_baseline_diff_attribution_and_show_at(
    example_repo: Path, cli, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    def as_person(handle: str, moment: str) -> None:
        git(example_repo, "config", "user.email", PEOPLE[handle])
        monkeypatch.setenv("GIT_AUTHOR_DATE", moment)
        monkeypatch.setenv("GIT_COMMITTER_DATE", moment)
        clock(moment.replace("Z", "+00:00"))

    item = example_repo / "items/CI-0017.yaml"
    before = re.search(r'^version: "([^"]+)"', item.read_text(), re.M)
    assert before is not None

    as_person("hnakamura", "2030-02-01T09:00:00Z")
    assert cli("-C", example_repo, "baseline", "snapshot", "before-rfc").exit_code == 0

    as_person("mreyes", "2030-02-02T09:00:00Z")
    created = cli(
        "-C",
        example_repo,
        "rfc",
        "new",
        "--title",
        "Overflow claims to Tulsa after 90 s",
        "--type",
        "normal",
        "--category",
        "routing_change",
        "--affects",
        "CI-0017",
        "--risk",
        "low",
        "--impact",
        "medium",
        "--description",
        "Raise overflow threshold",
        "--justification",
        "Abandon rate",
        "--implementation-plan",
        "Publish script",
        "--test-plan",
        "Test calls",
        "--backout-plan",
        "Republish previous version",
        "--window-start",
        "2030-02-10T22:00:00-06:00",
        "--window-end",
        "2030-02-10T23:30:00-06:00",
    )
    assert created.exit_code == 0, created.stderr
    rfc = re.search(r"RFC-\d{4}", created.stdout).group(0)  # type: ignore[union-attr]
    assert cli("-C", example_repo, "rfc", "submit", rfc).exit_code == 0
    as_person("hnakamura", "2030-02-03T09:00:00Z")
    approved = cli("-C", example_repo, "rfc", "approve", rfc)
    assert approved.exit_code == 0, approved.stderr
    as_person("pshah", "2030-02-10T21:00:00Z")
    assert cli("-C", example_repo, "rfc", "schedule", rfc).exit_code == 0
    assert (
        cli(
            "-C",
            example_repo,
            "rfc",
            "verify",
            rfc,
            "--result",
            "pass",
            "--evidence",
            "lab: 30 test calls",
        ).exit_code
        == 0
    )
    item.write_text(item.read_text().replace(f'version: "{before.group(1)}"', 'version: "9.9.9"'))
    as_person("pshah", "2030-02-11T05:00:00Z")
    implemented = cli("-C", example_repo, "rfc", "implement", rfc)
    assert implemented.exit_code == 0, implemented.stderr

    as_person("hnakamura", "2030-02-12T09:00:00Z")
    assert cli("-C", example_repo, "baseline", "snapshot", "after-rfc").exit_code == 0
    diff = json.loads(
        cli(
            "-C", example_repo, "baseline", "diff", "before-rfc", "after-rfc", "--format", "json"
        ).stdout
    )
    assert [(c["id"], c["change"], c["rfcs"]) for c in diff["changes"]] == [
        ("CI-0017", "changed", [rfc])
    ]
    assert diff["changes"][0]["fields"] == [
        {"field": "version", "old": before.group(1), "new": "9.9.9"}
    ]
    assert diff["unauthorised"] == []

    other = example_repo / "items/CI-0018.yaml"
    other.write_text(other.read_text() + "description: tweaked on the ACD by hand\n")
    as_person("pshah", "2030-02-13T09:00:00Z")
    git(example_repo, "commit", "-qam", "quick tweak")
    unauthorised = cli(
        "-C", example_repo, "baseline", "diff", "after-rfc", "HEAD", "--format", "json"
    )
    assert unauthorised.exit_code == 1
    assert json.loads(unauthorised.stdout)["unauthorised"] == ["CI-0018"]
    assert cli("-C", example_repo, "audit").exit_code == 1

    between = json.loads(
        cli(
            "-C",
            example_repo,
            "baseline",
            "show",
            "--at",
            "2030-02-05T00:00:00Z",
            "--format",
            "json",
        ).stdout
    )
    versions = {row["id"]: row["version"] for row in between["items"]}
    assert versions["CI-0017"] == before.group(1)
    report = cli("-C", example_repo, "report", "baseline", "after-rfc").stdout
    assert rfc in report and "9.9.9" in report
