"""`ccgov req` and `ccgov raci`."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import git


def test_req_new_list_show(governed: Path, cli) -> None:
    result = cli(
        "-C",
        governed,
        "req",
        "new",
        "--title",
        "Agents see caller history",
        "--statement",
        "The desktop shall show the caller's last five contacts.",
        "--kind",
        "functional",
        "--priority",
        "should",
        "--area",
        "desktop",
        "--criterion",
        "History loads within 2 s",
        "--satisfied-by",
        "CI-0001",
    )
    assert result.exit_code == 0, result.stderr
    assert "req(REQ-0001): new: committed" in result.stdout
    text = (governed / "requirements/REQ-0001.yaml").read_text()
    assert "source: alice" in text and "status: proposed" in text
    assert "Ccgov-Action: new" in git(governed, "log", "-1", "--format=%B")
    listed = json.loads(cli("-C", governed, "req", "list", "--format", "json").stdout)
    assert [r["id"] for r in listed] == ["REQ-0001"]
    shown = cli("-C", governed, "req", "show", "REQ-0001")
    assert "  satisfied by  CI-0001\n" in shown.stdout
    assert cli("-C", governed, "validate").exit_code == 0


def test_req_new_refuses_bad_values_and_dangling_links(governed: Path, cli) -> None:
    base = [
        "--title",
        "t",
        "--statement",
        "s",
        "--kind",
        "functional",
        "--priority",
        "must",
        "--area",
        "ivr",
    ]
    bad = cli("-C", governed, "req", "new", *[a if a != "must" else "urgent" for a in base])
    assert bad.exit_code == 2
    assert "--priority: 'urgent' is not one of must, should, could, wont" in bad.stderr
    dangling = cli("-C", governed, "req", "new", *base, "--satisfied-by", "CI-0099")
    assert dangling.exit_code == 1 and "CI-0099 does not exist" in dangling.stderr
    assert not list(governed.glob("requirements/*.yaml"))
    missing = cli("-C", governed, "req", "new", "--title", "t")
    assert missing.exit_code == 2 and "--statement" in missing.stderr


def test_raci_show_and_check(governed: Path, cli) -> None:
    (governed / "raci").mkdir()
    (governed / "raci/rfc.yaml").write_text(
        "id: rfc\nprocess: Request for change\nactivities:\n"
        "  - name: Approve\n    raci: {cab: AR, liaison: C}\n"
        "  - name: Implement\n    raci: {telecom: R, cab: I}\n"
    )
    shown = cli("-C", governed, "raci", "show", "rfc")
    assert shown.exit_code == 0
    assert "rfc\tApprove\tcab\tAR\n" in shown.stdout  # piped: one row per activity and role
    checked = cli("-C", governed, "raci", "check")
    assert checked.exit_code == 1
    assert "RACI001" in checked.stdout and "Implement" in checked.stdout
    unknown = cli("-C", governed, "raci", "show", "nope")
    assert unknown.exit_code == 1 and "no RACI matrix 'nope'" in unknown.stderr
