"""Which SLA version judges an incident: the last commit on the first-parent
line at or before the moment it opened, in git's history order. Real
repositories with forced commit dates; figures computed by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from helpers import git

CONFIG = """\
organisation: Versions Inc.
timezone: America/Chicago
people:
  - {handle: ann, name: Ann Lee, email: ann@example.com, organisation: it}
roles:
  noc: {name: Network operations center}
"""


def sla(version: str, resolution: str, effective: str = "{from: 2025-01-01}") -> str:
    return f"""\
id: SLA-0001
title: Platform support
version: "{version}"
provider: IT
customer: Contact center
owner: ann
effective: {effective}
severities:
  2:
    response: {{within: 30m, clock: 24x7}}
    resolution: {{within: {resolution}, clock: 24x7}}
"""


def incident(number: int, opened: str, resolved: str) -> str:
    return f"""\
id: INC-{number:04d}
title: Queue stuck {number}
severity: 2
sla: SLA-0001
opened: {opened}
responded: {opened}
resolved: {resolved}
"""


# Both incidents take 6 h to resolve: met against 8 h (version 1.0),
# breached by 2 h against 4 h (version 2.0).
INCIDENTS = {
    # Opened 5 March: after version 2.0's (forced, early) date, before 1.0's.
    "incidents/INC-0001.yaml": incident(1, "2026-03-05T09:00:00Z", "2026-03-05T15:00:00Z"),
    # Opened 15 March: after both commit dates.
    "incidents/INC-0002.yaml": incident(2, "2026-03-15T09:00:00Z", "2026-03-15T15:00:00Z"),
    # Opened before either commit: judged against the first committed version.
    "incidents/INC-0003.yaml": incident(3, "2026-02-01T09:00:00Z", "2026-02-01T15:00:00Z"),
}


def commit(root: Path, message: str, when: str, *args: str) -> str:
    dates = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, *args, env=dates)
    return git(root, "rev-parse", "HEAD").strip()


def versioned_repo(tmp_path: Path, first: str, second: str) -> tuple[Path, str, str]:
    """Version 1.0 (8 h) committed at ``first``, then version 2.0 (4 h) at ``second``.

    With equal dates the commit ids decide any order built on (time, id):
    version 2.0 is re-committed with another message until its id sorts
    before 1.0's, so such an order would wrongly put 1.0 last.
    """
    root = tmp_path / "versions"
    root.mkdir()
    git(root, "init", "-q")
    (root / "slas").mkdir()
    (root / "incidents").mkdir()
    (root / "ccgov.yaml").write_text(CONFIG)
    (root / "slas/SLA-0001.yaml").write_text(sla("1.0", "8h"))
    old = commit(root, "SLA 1.0", first)
    (root / "slas/SLA-0001.yaml").write_text(sla("2.0", "4h"))
    new = commit(root, "SLA 2.0", second)
    attempt = 0
    while new > old:
        attempt += 1
        new = commit(root, f"SLA 2.0 (take {attempt})", second, "--amend")
    for path, text in INCIDENTS.items():
        (root / path).write_text(text)
    return root, old, new


def rows(cli: Callable, root: Path) -> dict[str, dict]:
    result = cli(
        "-C", root, "report", "sla", "--period", "2026-Q1", "--format", "json",
        "--at", "2026-04-01T00:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return {row["id"]: row for s in data["sla"]["slas"] for row in s["incidents"]}


def test_equal_commit_dates_follow_history_order(tmp_path: Path, cli) -> None:
    root, old, new = versioned_repo(tmp_path, "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")
    assert new < old  # a (time, id) order would put version 1.0 last
    found = rows(cli, root)
    # INC-0002: 6 h against 2.0's 4 h: breached by 120 min.
    assert found["INC-0002"]["sla_version"] == "2.0" and found["INC-0002"]["sla_commit"] == new
    assert found["INC-0002"]["resolution_met"] is False
    explained = cli("-C", root, "sla", "explain", "INC-0002", "--format", "json")
    data = json.loads(explained.stdout)
    assert data["sla_version"] == "2.0" and data["resolution"]["within"] == "4h"
    assert data["resolution"]["elapsed_minutes"] == 360.0


def test_a_later_commit_with_an_earlier_date_is_still_the_later_version(
    tmp_path: Path, cli
) -> None:
    # History: 1.0 then 2.0; but 2.0 carries the earlier date (a rebase, a skewed clock).
    root, old, new = versioned_repo(tmp_path, "2026-03-10T12:00:00Z", "2026-03-01T12:00:00Z")
    found = rows(cli, root)
    # 15 March: both dates are before it; the last in history order is 2.0.
    assert found["INC-0002"]["sla_version"] == "2.0" and found["INC-0002"]["sla_commit"] == new
    assert found["INC-0002"]["verdict"] == "breached"
    # 5 March: only 2.0's date is at or before it, and 2.0 is the later commit anyway.
    assert found["INC-0001"]["sla_version"] == "2.0"
    # 1 February: before both dates: the first committed version, with the note.
    assert found["INC-0003"]["sla_version"] == "1.0" and found["INC-0003"]["sla_commit"] == old
    assert found["INC-0003"]["resolution_met"] is True
    status = cli(
        "-C", root, "sla", "status", "--at", "2026-03-15T10:00:00Z", "--format", "json"
    )  # INC-0002 has run 60 of 240 minutes under 2.0 (of 480 under 1.0)
    [row] = json.loads(status.stdout)["incidents"]
    [resolution] = [t for t in row["targets"] if t["name"] == "resolution"]
    assert resolution["minutes_left"] == 180.0


def test_history_order_with_forward_dates_is_unchanged(tmp_path: Path, cli) -> None:
    root, old, new = versioned_repo(tmp_path, "2026-03-01T12:00:00Z", "2026-03-10T12:00:00Z")
    found = rows(cli, root)
    # 5 March: only 1.0 was committed; 6 h of its 8 h: met.
    assert found["INC-0001"]["sla_commit"] == old and found["INC-0001"]["resolution_met"] is True
    assert found["INC-0002"]["sla_commit"] == new and found["INC-0002"]["sla_version"] == "2.0"


# --- effective dates ---------------------------------------------------------------------


def effective_repo(tmp_path: Path, second: str | None) -> Path:
    """Version 1.0 (8 h, in effect during 2025 and 2026 unless ``second`` ends it),
    committed 1 January; version 2.0 (4 h, in effect from 1 April 2026), committed
    1 March, signed ahead of its start."""
    root = tmp_path / "effective"
    root.mkdir()
    git(root, "init", "-q")
    (root / "slas").mkdir()
    (root / "incidents").mkdir()
    (root / "ccgov.yaml").write_text(CONFIG)
    first_dates = "{from: 2025-01-01, to: 2026-12-31}"
    (root / "slas/SLA-0001.yaml").write_text(sla("1.0", "8h", first_dates))
    commit(root, "SLA 1.0", "2026-01-01T12:00:00Z")
    if second is not None:
        (root / "slas/SLA-0001.yaml").write_text(sla("2.0", "4h", second))
        commit(root, "SLA 2.0, from April", "2026-03-01T12:00:00Z")
    incidents = {
        # 15 March: 2.0 is committed but not yet in effect: 1.0 applies, 6 h of 8 h.
        "incidents/INC-0001.yaml": incident(1, "2026-03-15T09:00:00Z", "2026-03-15T15:00:00Z"),
        # 1 April 03:00 UTC is still 31 March in Chicago, the repository's time zone.
        "incidents/INC-0002.yaml": incident(2, "2026-04-01T03:00:00Z", "2026-04-01T09:00:00Z"),
        # 10 April: 2.0 is in effect: 6 h of 4 h, breached.
        "incidents/INC-0003.yaml": incident(3, "2026-04-10T09:00:00Z", "2026-04-10T15:00:00Z"),
        # 2027: no version is in effect.
        "incidents/INC-0004.yaml": incident(4, "2027-01-05T09:00:00Z", "2027-01-05T15:00:00Z"),
    }
    for path, text in incidents.items():
        (root / path).write_text(text)
    return root


def year_rows(cli: Callable, root: Path, period: str) -> tuple[dict[str, dict], list[str]]:
    result = cli(
        "-C", root, "report", "sla", "--period", period, "--format", "json",
        "--at", "2027-02-01T00:00:00Z",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [section] = json.loads(result.stdout)["sla"]["slas"]
    return {row["id"]: row for row in section["incidents"]}, section["notes"]


def test_a_version_signed_ahead_applies_from_its_effective_date(tmp_path: Path, cli) -> None:
    root = effective_repo(tmp_path, "{from: 2026-04-01}")
    found, notes = year_rows(cli, root, "2026")
    assert (found["INC-0001"]["sla_version"], found["INC-0001"]["verdict"]) == ("1.0", "met")
    assert (found["INC-0002"]["sla_version"], found["INC-0002"]["verdict"]) == ("1.0", "met")
    assert (found["INC-0003"]["sla_version"], found["INC-0003"]["verdict"]) == ("2.0", "breached")
    [note] = notes
    assert "version 2.0" in note and "applies from 2026-04-01" in note
    assert "is judged against SLA-0001 version 1.0 (commit" in note
    explained = json.loads(cli("-C", root, "sla", "explain", "INC-0002", "--format", "json").stdout)
    assert explained["sla_version"] == "1.0" and explained["resolution"]["within"] == "8h"
    assert explained["note"] == note


def test_an_incident_outside_every_version_is_not_measured(tmp_path: Path, cli) -> None:
    root = effective_repo(tmp_path, "{from: 2026-04-01, to: 2026-12-31}")
    found, notes = year_rows(cli, root, "2027")
    row = found["INC-0004"]
    assert row["verdict"] == "not_in_force"
    assert row["resolution_minutes"] is None and row["resolution_met"] is None
    assert notes == [
        "opened outside the effective dates of every version of the SLA committed by then, "
        "so not measured: INC-0004"
    ]
    result = cli(
        "-C", root, "report", "sla", "--period", "2027", "--format", "json",
        "--at", "2027-02-01T00:00:00Z",
    )  # fmt: skip
    [section] = json.loads(result.stdout)["sla"]["slas"]
    assert section["severities"][1]["count"] == 1 and section["severities"][1]["met"] == 0
    assert section["compliance"]["verdict"] == "no data"
    text = cli("-C", root, "sla", "explain", "INC-0004").stdout
    assert "outside the effective dates of SLA-0001 version 2.0" in text
    assert "resolution:" not in text and "no target" not in text
    # Open on 5 January 2027 at 10:00: listed by status, not measured, and it says why.
    (root / "incidents/INC-0004.yaml").write_text(incident(4, "2027-01-05T09:00:00Z", "").strip())
    status = json.loads(
        cli("-C", root, "sla", "status", "--at", "2027-01-05T10:00:00Z", "--format", "json").stdout
    )
    [open_row] = status["incidents"]
    assert open_row["targets"] == [] and open_row["next_escalation"] is None
    assert "outside the effective dates" in open_row["warnings"][0]


def test_effective_dates_apply_to_the_work_tree_too(make_repo, cli) -> None:
    root = make_repo(
        {
            "ccgov.yaml": CONFIG,
            "slas/SLA-0001.yaml": sla("1.0", "8h", "{from: 2026-04-01}"),
            "incidents/INC-0001.yaml": incident(1, "2026-03-15T09:00:00Z", "2026-03-15T15:00:00Z"),
        },
        commit=False,
    )
    found, _ = year_rows(cli, root, "2026")
    assert found["INC-0001"]["verdict"] == "not_in_force"
    assert found["INC-0001"]["sla_commit"] is None
