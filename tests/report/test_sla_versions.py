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
